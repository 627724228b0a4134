// Downloads on the planner's screens: a file the API makes (with the user's token, so
// never a plain link) or one the page makes itself (the work order), saved through an
// object URL under the name it should have. The button says while it is busy and, when
// the download fails, why (the API's problem title), beside itself.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemTitle } from '../api/problem-text';

/** Hands a Blob to the browser as a download named `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export interface DownloadButtonProps {
  label: string;
  /** Makes or fetches the file. */
  fetchBlob: () => Promise<Blob> | Blob;
  fileName: string;
  action: string;
  disabled?: boolean;
  className?: string;
  /** Accessible name when the visible label alone is ambiguous (e.g. "PDF" in a table row). */
  ariaLabel?: string;
}

export function DownloadButton({ label, fetchBlob, fileName, action, disabled, className, ariaLabel }: DownloadButtonProps) {
  const { t } = useTranslation('planner');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      saveBlob(await fetchBlob(), fileName);
    } catch (err) {
      setError(problemTitle(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="download">
      <button type="button" className={className ?? 'ghost-border'} data-action={action} disabled={disabled || busy} aria-busy={busy} aria-label={ariaLabel} onClick={() => void run()}>
        <span aria-hidden="true">⤓</span> {busy ? t('download.busy') : label}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {t('download.failed', { message: error })}
        </span>
      )}
    </span>
  );
}
