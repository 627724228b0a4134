// CSV import files: the header names the columns (any case, snake_case or camelCase, any
// order); every later record is one row. A header problem refuses the whole file, because
// no cell of any row could be trusted to be in the column it claims.
import type { ImportIssue } from '@ioc/contracts';
import { ColumnSpec, findColumn } from './columns';
import { readCsv } from './csv-reader';
import { ImportSource, rowTooLong, ShapeLimits, SourceRow, tooManyColumns, tooManyRows } from './import-source';
import type { RawRow } from './row-validation';
import { nfc } from './text';

const list = (columns: readonly ColumnSpec[]) => columns.map((c) => c.column).join(', ');

function headerIssues(line: number, names: string[], columns: readonly ColumnSpec[]): { issues: ImportIssue[]; specs: (ColumnSpec | undefined)[] } {
  const issues: ImportIssue[] = [];
  const at = (field: string, reason: string) => issues.push({ line, field, reason });
  if (names.length === 1 && (names[0] ?? '').includes(';')) {
    at('', `the columns are separated by ";" instead of ",": save the file as "CSV UTF-8 (Comma delimited)", or set the list separator to "," in the regional settings (expected columns: ${list(columns)})`);
    return { issues, specs: [] };
  }
  const specs = names.map((name, i) => {
    if (name === '') {
      at('', `column ${i + 1} has no name in the header: name it or delete the column (known columns: ${list(columns)})`);
      return undefined;
    }
    const spec = findColumn(columns, name);
    if (!spec) at(name, `unknown column "${name}"; the known columns are: ${list(columns)}`);
    return spec;
  });
  specs.forEach((spec, i) => {
    const first = specs.indexOf(spec);
    if (spec && first !== i) at(names[i] ?? '', `column "${spec.column}" appears twice in the header (columns ${first + 1} and ${i + 1})`);
  });
  for (const spec of columns) {
    if (spec.required && !specs.includes(spec)) at(spec.column, `required column "${spec.column}" is missing from the header`);
  }
  return { issues, specs };
}

/** Characters a record took in the file (its cells and their separators, quotes not counted). */
const recordChars = (cells: string[]) => cells.reduce((n, c) => n + c.length, 0) + cells.length - 1;

export function csvSource(text: string, columns: readonly ColumnSpec[], maxRows: number, limits: ShapeLimits): ImportSource {
  const [header, ...records] = readCsv(text);
  if (!header) {
    return { ok: false, rows: 0, issues: [{ line: 0, field: '', reason: `the file is empty: its first line must be the header naming the columns (${list(columns)})` }] };
  }
  if (records.length > maxRows) return { ok: false, rows: records.length, issues: [tooManyRows(records.length, maxRows)] };
  // The shape limits come before any per-column check: a header of 10,000 unknown columns is
  // one problem with the file, not 10,000 problems in the report.
  if (header.cells.length > limits.maxColumns) return { ok: false, rows: records.length, issues: [tooManyColumns(header.line, header.cells.length, limits.maxColumns, 'the header')] };
  const long = [header, ...records].find((r) => recordChars(r.cells) > limits.maxRowChars);
  if (long) return { ok: false, rows: records.length, issues: [rowTooLong(long.line, recordChars(long.cells), limits.maxRowChars, 'row')] };
  if (header.problem) return { ok: false, rows: records.length, issues: [{ line: header.line, field: '', reason: `header: ${header.problem}` }] };

  const names = header.cells.map((c) => nfc(c).trim());
  const { issues, specs } = headerIssues(header.line, names, columns);
  if (issues.length > 0) return { ok: false, rows: records.length, issues };

  const rows = records.map((record): SourceRow => {
    if (record.problem) return { line: record.line, raw: null, issues: [{ field: '', reason: record.problem }] };
    if (record.cells.length !== specs.length) {
      const reason = `has ${record.cells.length} cells but the header has ${specs.length} columns: a cell containing a comma or a line break must be in double quotes`;
      return { line: record.line, raw: null, issues: [{ field: '', reason }] };
    }
    const raw: RawRow = new Map();
    record.cells.forEach((value, i) => {
      const spec = specs[i];
      if (spec) raw.set(spec.property, { value, field: names[i] ?? spec.column });
    });
    return { line: record.line, raw, issues: [] };
  });
  return { ok: true, rows };
}
