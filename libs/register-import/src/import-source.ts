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

/** The shape limits of one file besides its row count (IMPORT_LIMITS in @ioc/contracts). */
export interface ShapeLimits {
  maxColumns: number;
  maxRowChars: number;
}

export function tooManyColumns(line: number, columns: number, maxColumns: number, what: 'the header' | 'the feature'): ImportIssue {
  return {
    line,
    field: '',
    reason: `${what} has ${columns} ${what === 'the header' ? 'columns' : 'properties'}; at most ${maxColumns} are accepted (a device has 20): remove the columns the import does not know`,
  };
}

export function rowTooLong(line: number, chars: number, maxRowChars: number, what: 'row' | 'feature'): ImportIssue {
  return { line, field: '', reason: `this ${what} is ${chars} characters long; at most ${maxRowChars} are accepted: check for a missing closing quote or a pasted block of text` };
}
