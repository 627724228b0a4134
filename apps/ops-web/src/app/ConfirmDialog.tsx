// The one modal confirmation of the app (the native <dialog>: focus kept inside, Escape
// cancels): it says what an action does before it is done (decommission, revoke, rotate,
// end a maintenance window), asks for a reason when one is required, shows the action's
// refusal inside, and keeps its buttons disabled while the call runs.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Shown on the confirm button while the call runs (default: common actions.working). */
  workingLabel?: string;
  /** Asks for a reason (required) and hands it to onConfirm. */
  reason?: { label: string; placeholder?: string; error?: string };
  busy?: boolean;
  /** A refusal to show inside the dialog. */
  error?: string | null;
  danger?: boolean;
  onConfirm(reason: string): void;
  onClose(): void;
  testId?: string;
}

export function ConfirmDialog({ open, title, children, confirmLabel, workingLabel, reason, busy = false, error, danger, onConfirm, onClose, testId }: ConfirmDialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const reasonId = useId();
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setText('');
      setMissing(false);
      dialog.showModal();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);

  const confirm = () => {
    if (reason && text.trim() === '') {
      setMissing(true);
      document.getElementById(reasonId)?.focus();
      return;
    }
    onConfirm(text.trim());
  };

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div className="confirm-dialog-body">{children}</div>
      {reason && (
        <div className="field">
          <label htmlFor={reasonId}>{reason.label}</label>
          <textarea id={reasonId} value={text} onChange={(e) => setText(e.target.value)} placeholder={reason.placeholder} aria-invalid={missing || !!reason.error} maxLength={500} required />
          {(missing || reason.error) && <p className="field-error">{reason.error ?? t('dialog.reasonRequired')}</p>}
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="confirm-dialog-actions">
        <button type="button" onClick={onClose} disabled={busy}>
          {t('actions.cancel')}
        </button>
        <button type="button" className={danger ? 'danger' : 'primary'} onClick={confirm} disabled={busy} data-testid={testId ? `${testId}-confirm` : undefined}>
          {busy ? (workingLabel ?? t('actions.working')) : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
