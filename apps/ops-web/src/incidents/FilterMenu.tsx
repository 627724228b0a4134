// A compact multi-select for the queue's filters: a disclosure button (native
// <details>/<summary>, so it opens with Enter or Space) over a list of labelled checkboxes.
// Escape closes it and returns focus to its button.
import { useId, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

export interface FilterOption {
  value: string;
  label: string;
}

export function FilterMenu({ name, label, options, selected, onChange }: { name: string; label: string; options: FilterOption[]; selected: string[]; onChange(next: string[]): void }) {
  const { t } = useTranslation('incidents');
  const ref = useRef<HTMLDetailsElement>(null);
  const id = useId();
  const summary = selected.length === 0 ? t('filters.all') : selected.length === 1 ? (options.find((o) => o.value === selected[0])?.label ?? selected[0]) : t('filters.selected', { count: selected.length });
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && ref.current?.open) {
      ref.current.open = false;
      ref.current.querySelector('summary')?.focus();
    }
  };
  const toggle = (value: string, on: boolean) => onChange(on ? [...selected, value] : selected.filter((v) => v !== value));
  return (
    <details ref={ref} className={`filter-menu ${selected.length > 0 ? 'filter-active' : ''}`} data-filter={name} onKeyDown={onKeyDown}>
      <summary>
        <span className="filter-label">{label}:</span> <span className="filter-value">{summary}</span>
      </summary>
      <fieldset className="filter-options">
        <legend className="sr-only">{label}</legend>
        {options.map((o, i) => (
          <label key={o.value} htmlFor={`${id}-${i}`} className="filter-option">
            <input id={`${id}-${i}`} type="checkbox" value={o.value} checked={selected.includes(o.value)} onChange={(e) => toggle(o.value, e.target.checked)} />
            {o.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
