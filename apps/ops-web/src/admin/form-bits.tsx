// What every admin form shows of an API refusal: the message beside its field (in the
// user's language when the one catalogue knows it), and above the buttons the problem's title
// with what the form has no field for.
import { useCallback, useEffect, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http';
import { problemTitle } from '../api/problem-text';
import { asSentence, langOf, translateMessage } from '@ioc/i18n';
import type { FormProblem } from './api-messages';

/** An API message in the user's language, from the one catalogue (@ioc/i18n); unknown text as written. */
export function useApiText(): (message: string) => string {
  const { i18n } = useTranslation('admin');
  return useCallback((message: string) => asSentence(translateMessage(message, langOf(i18n.language))), [i18n.language]);
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  const text = useApiText();
  if (!message) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {message
        .split('\n')
        .map(text)
        .join(' ')}
    </p>
  );
}

/**
 * The form-level error: the problem's title; then the API's detail when no field shows
 * it (a 409 without a field list), or the fields this form does not have.
 */
export function FormProblemText({ id, error, spread }: { id: string; error: unknown; spread: FormProblem }) {
  const { t } = useTranslation('admin');
  const text = useApiText();
  if (!error) return null;
  const fieldCount = Object.keys(spread.fields).length;
  const detail = error instanceof ApiError && fieldCount === 0 && spread.others.length === 0 ? error.problem.detail : '';
  return (
    <div className="form-error admin-form-error" id={id} role="alert">
      <p>{problemTitle(error, t)}</p>
      {detail && <p className="admin-problem-detail">{text(detail)}</p>}
      {spread.others.length > 0 && (
        <p className="admin-problem-detail">{t('fieldsElsewhere', { list: spread.others.map((o) => `${o.field}: ${text(o.message)}`).join('; ') })}</p>
      )}
    </div>
  );
}

/** ARIA wiring of an input to its hint (`{id}-hint`, when it has one) and its API error (`{id}-error`). */
export function describedBy(id: string, message: string | undefined, hint = false): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  const ids = [hint ? `${id}-hint` : '', message ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { ...(message ? { 'aria-invalid': true as const } : {}), ...(ids ? { 'aria-describedby': ids } : {}) };
}

/** After a refusal, the keyboard lands on the first field the API named (else on the form's error). */
export function useFocusOnProblem(form: RefObject<HTMLFormElement | null>, error: unknown): void {
  useEffect(() => {
    if (!error || !form.current) return;
    const target = form.current.querySelector<HTMLElement>('[aria-invalid="true"], .admin-form-error');
    if (target) {
      if (!target.matches('input, select, textarea')) target.tabIndex = -1;
      target.focus();
    }
  }, [form, error]);
}
