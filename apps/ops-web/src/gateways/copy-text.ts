// Copying a value to the clipboard, for the once-only credentials. The Clipboard API needs a
// secure context (https or localhost) and the user's permission; where it is refused, the
// value is selected in its field (and the old execCommand copy tried), so Ctrl+C still works.
export type CopyOutcome = 'copied' | 'selected';

export async function copyText(text: string, field: HTMLInputElement | null): Promise<CopyOutcome> {
  if (typeof navigator !== 'undefined' && navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return 'copied';
    } catch {
      // Refused (no permission, document not focused): fall through to selecting the text.
    }
  }
  if (!field) return 'selected';
  field.focus();
  field.select();
  try {
    // Deprecated, but the only copy left on plain-http sites; false or a throw means "not copied".
    return document.execCommand('copy') ? 'copied' : 'selected';
  } catch {
    return 'selected';
  }
}
