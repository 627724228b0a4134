// Text-level rules shared by both formats: the file must be UTF-8 (a BOM is dropped), text
// values are NFC-normalised so Vietnamese typed in decomposed form compares equal, and
// numbers are plain decimals with a dot, never a locale's "1,5".
import type { ImportIssue } from '@ioc/contracts';

export const NOT_UTF8_REASON =
  'the file is not UTF-8 text. Save it as UTF-8: in Excel use File → Save As → "CSV UTF-8 (Comma delimited) (*.csv)"; ' +
  'in LibreOffice Calc tick "Edit filter settings" when saving and choose the character set "Unicode (UTF-8)"; ' +
  'in a text editor choose the encoding "UTF-8"';

export const WORKBOOK_REASON =
  'the file is a spreadsheet workbook (.xlsx or .ods), not CSV. Save it as "CSV UTF-8 (Comma delimited) (*.csv)" and import that file';

export type DecodedText = { ok: true; text: string } | { ok: false; issue: ImportIssue };

/** ZIP local-file signature: .xlsx and .ods workbooks are ZIP archives. */
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/** Turns the uploaded bytes (or an already decoded string) into text without a BOM. */
export function decodeImportText(content: Uint8Array | string): DecodedText {
  if (typeof content === 'string') return { ok: true, text: content.startsWith('\uFEFF') ? content.slice(1) : content };
  if (ZIP_SIGNATURE.every((b, i) => content[i] === b)) return { ok: false, issue: { line: 0, field: '', reason: WORKBOOK_REASON } };
  try {
    // With ignoreBOM false (the default) the decoder drops a leading UTF-8 BOM itself.
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(content) };
  } catch {
    return { ok: false, issue: { line: 0, field: '', reason: NOT_UTF8_REASON } };
  }
}

const PLAIN_DECIMAL = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;

/** `105.6`, `-3`, `.5`; undefined for `1,5`, `1e3`, `+5`, `abc`, `Infinity` or an empty string. */
export function parsePlainDecimal(text: string): number | undefined {
  const t = text.trim();
  return PLAIN_DECIMAL.test(t) ? Number(t) : undefined;
}

export function plainDecimalReason(field: string, given: string): string {
  return `${field} must be a plain decimal number with a dot, such as 105.6 (no comma, no thousands separator, no unit); got "${given}"`;
}

export function nfc(text: string): string {
  return text.normalize('NFC');
}
