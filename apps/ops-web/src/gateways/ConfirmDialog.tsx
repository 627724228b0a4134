// A modal confirmation (the native <dialog>: focus kept inside, Esc cancels) that says what
// the action will do before it is done, shows the action's error if it fails, and keeps
// its buttons disabled while the call runs.
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: string | null;
  onConfirm(): void;
  onCancel(): void;
  testId?: string;
}

export function ConfirmDialog({ open, title, children, confirmLabel, danger = false, busy = false, error, onConfirm, onCancel, testId }: ConfirmDialogProps) {
  const { t } = useTranslation('gateways');
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="gw-dialog"
      aria-labelledby={testId ? `${testId}-title` : undefined}
      data-testid={testId}
      onCancel={(e) => {
        // Esc: closed by React state, not by the browser, so the two never disagree.
        e.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id={testId ? `${testId}-title` : undefined}>{title}</h2>
      <div className="gw-dialog-body">{children}</div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="gw-dialog-actions">
        <button type="button" onClick={onCancel} disabled={busy} autoFocus>
          {t('common:actions.cancel')}
        </button>
        <button type="button" className={danger ? 'danger' : 'primary'} onClick={onConfirm} disabled={busy} data-testid={testId ? `${testId}-confirm` : undefined}>
          {busy ? t('confirm.working') : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
