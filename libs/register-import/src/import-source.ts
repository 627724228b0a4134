// What a format reader hands to the validation: the rows it found with their raw values by
// property, or the reason the whole file was refused.
import type { ImportIssue } from '@ioc/contracts';
import type { RawRow, RowIssue } from './row-validation';

export interface SourceRow {
  /** CSV: the physical line the record starts on. GeoJSON: the feature's 1-based position. */
  line: number;
  /** null when the row could not be read into values at all (its issues say why). */
  raw: RawRow | null;
  /** Problems the reader found itself (wrong cell count, unknown property, bad geometry). */
  issues: RowIssue[];
}

export type ImportSource = { ok: true; rows: SourceRow[] } | { ok: false; rows: number; issues: ImportIssue[] };

export function tooManyRows(rows: number, maxRows: number): ImportIssue {
  return { line: 0, field: '', reason: `the file has ${rows} rows; at most ${maxRows} are accepted in one import: split it into several files` };
}
