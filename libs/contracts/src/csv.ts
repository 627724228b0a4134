// The spreadsheet-formula rule (OWASP "CSV injection"), once for the whole platform: the
// register refuses free text that starts like a formula (register.contract's safeText), and
// every CSV writer (the monthly report, the coverage export) writes its cells through
// `csvCell`, so a planner's spreadsheet never evaluates what someone typed.

/**
 * What a spreadsheet would evaluate: =, +, - or @ first, also after leading spaces (Excel
 * skips them) and in the full-width forms ＝ ＋ － ＠ (a Vietnamese or CJK input method types
 * them, and LibreOffice reads them as the ASCII signs); or a leading tab, carriage return or
 * line feed, which some spreadsheets strip before reading the rest as a formula.
 */
const FORMULA_START = /^[\s\u00a0]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/;

/** True when a spreadsheet would take `text` for a formula. */
export function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** The field separators the platform's CSV files use: `,` (default) or `;` for locales whose decimal mark is a comma. */
export type CsvSeparator = ',' | ';';

/**
 * One CSV cell: text that starts like a formula gets a leading apostrophe (the spreadsheet
 * shows it as text, the value stays readable), then the cell is quoted if it holds the
 * separator, a quote or a line break.
 */
export function csvCell(value: string, separator: CsvSeparator = ','): string {
  const safe = startsLikeFormula(value) ? `'${value}` : value;
  return /["\r\n]/.test(safe) || safe.includes(separator) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
