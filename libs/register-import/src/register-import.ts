// Bulk import of the register (docs/import-format.md): reads a CSV or GeoJSON file of
// devices or checkpoints and checks every row against the same contract as the REST API,
// reporting each problem by line and by the column name the technician typed. Pure: no
// I/O, no framework; the registry's import job calls it and decides what to write.
import { CheckpointImportRow, DeviceInput, IMPORT_LIMITS, ImportFormat, ImportIssue } from '@ioc/contracts';
import { CHECKPOINT_COLUMNS, ColumnSpec, DEVICE_COLUMNS } from './columns';
import { csvSource } from './csv-source';
import { geoJsonSource } from './geojson-source';
import type { ImportSource } from './import-source';
import { RawRow, RowContext, RowIssue, validateRow } from './row-validation';
import { decodeImportText, nfc } from './text';

export interface ParsedRow<T> {
  /** CSV: the line the row starts on (the header is line 1). GeoJSON: the feature's 1-based position. */
  line: number;
  value: T;
}

export interface ParsedImport<T> {
  /** Data rows (CSV records after the header, or GeoJSON features) seen in the file. */
  rows: number;
  /** Rows without any issue, in file order. Empty when `fileRejected`. */
  valid: ParsedRow<T>[];
  /** Every issue, ordered by line; file-level issues have line 0 (or the CSV header's line, 1). */
  issues: ImportIssue[];
  /** Sorted lines of the data rows with at least one issue. File-level issues add no line here. */
  badLines: number[];
  /** The file as a whole was refused (encoding, JSON, header, too many rows): no row is valid. */
  fileRejected: boolean;
}

export interface ImportOptions {
  /** Most data rows accepted in one file (default 20 000). */
  maxRows?: number;
  /** Most CSV header columns, or properties of a GeoJSON feature (default 64). */
  maxColumns?: number;
  /** Most characters of a CSV record or a GeoJSON feature (default 8192). */
  maxRowChars?: number;
}

export const DEFAULT_MAX_ROWS = IMPORT_LIMITS.maxRows;

interface KindRules {
  columns: readonly ColumnSpec[];
  schema: typeof DeviceInput | typeof CheckpointImportRow;
  /** Values that must be unique within one file, with the words to report a repeat. */
  uniqueKeys: (raw: RawRow) => { property: string; key: string; what: string }[];
}

/** A raw value as the text it will be stored as, for comparing rows; undefined if not given. */
function keyText(raw: RawRow, property: string): string | undefined {
  const value = raw.get(property)?.value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const text = nfc(value).trim();
  return text === '' ? undefined : text;
}

const DEVICE_RULES: KindRules = {
  columns: DEVICE_COLUMNS,
  schema: DeviceInput,
  uniqueKeys: (raw) =>
    (['id', 'serial'] as const).flatMap((property) => {
      const text = keyText(raw, property);
      return text === undefined ? [] : [{ property, key: `${property}\u0000${text}`, what: `the same ${property} "${text}"` }];
    }),
};

const CHECKPOINT_RULES: KindRules = {
  columns: CHECKPOINT_COLUMNS,
  schema: CheckpointImportRow,
  uniqueKeys: (raw) => {
    const [area, id] = [keyText(raw, 'areaCode'), keyText(raw, 'id')];
    return area === undefined || id === undefined ? [] : [{ property: 'id', key: `${area}\u0000${id}`, what: `checkpoint "${id}" of area "${area}"` }];
  },
};

function readSource(format: ImportFormat, text: string, columns: readonly ColumnSpec[], options: ImportOptions): ImportSource {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const limits = { maxColumns: options.maxColumns ?? IMPORT_LIMITS.maxColumns, maxRowChars: options.maxRowChars ?? IMPORT_LIMITS.maxRowChars };
  return format === 'csv' ? csvSource(text, columns, maxRows, limits) : geoJsonSource(text, columns, maxRows, limits);
}

/**
 * The file-level problems of an import, without checking any row: not UTF-8, not CSV or
 * GeoJSON, over a limit (rows, columns, row length), a bad header. The registry asks this
 * before it queues a job, so such a file is refused at once with one clear reason.
 */
export function importFileIssues(kind: 'devices' | 'checkpoints', format: ImportFormat, content: Uint8Array | string, options: ImportOptions = {}): ImportIssue[] {
  const decoded = decodeImportText(content);
  if (!decoded.ok) return [decoded.issue];
  const source = readSource(format, decoded.text, (kind === 'devices' ? DEVICE_RULES : CHECKPOINT_RULES).columns, options);
  return source.ok ? [] : source.issues;
}

function parseImport<T>(rules: KindRules, format: ImportFormat, content: Uint8Array | string, options: ImportOptions): ParsedImport<T> {
  const rejected = (rows: number, issues: ImportIssue[]): ParsedImport<T> => ({ rows, valid: [], issues, badLines: [], fileRejected: true });
  const decoded = decodeImportText(content);
  if (!decoded.ok) return rejected(0, [decoded.issue]);
  const source = readSource(format, decoded.text, rules.columns, options);
  if (!source.ok) return rejected(source.rows, source.issues);

  const ctx: RowContext = { columns: rules.columns, defaultField: (spec) => (format === 'csv' ? spec.column : spec.property) };
  const where = format === 'csv' ? 'line' : 'feature';
  const firstSeen = new Map<string, number>();
  const valid: ParsedRow<T>[] = [];
  const issues: ImportIssue[] = [];
  const badLines: number[] = [];

  for (const row of source.rows) {
    let rowIssues: RowIssue[] = row.issues;
    if (row.raw) {
      const repeats: RowIssue[] = [];
      for (const { property, key, what } of rules.uniqueKeys(row.raw)) {
        const earlier = firstSeen.get(key);
        const field = row.raw.get(property)?.field ?? property;
        if (earlier === undefined) firstSeen.set(key, row.line);
        else repeats.push({ field, reason: `${what} is already on ${where} ${earlier}`, property, covers: [] });
      }
      const result = validateRow<T>(rules.schema, row.raw, ctx, [...row.issues, ...repeats]);
      if (result.ok) {
        valid.push({ line: row.line, value: result.value });
        continue;
      }
      rowIssues = result.issues;
    }
    issues.push(...rowIssues.map(({ field, reason }) => ({ line: row.line, field, reason })));
    badLines.push(row.line);
  }
  return { rows: source.rows.length, valid, issues, badLines, fileRejected: false };
}

/** Reads and checks a bulk import of devices (cameras and traffic sensors). */
export function parseDeviceImport(format: ImportFormat, content: Uint8Array | string, options: ImportOptions = {}): ParsedImport<DeviceInput> {
  return parseImport<DeviceInput>(DEVICE_RULES, format, content, options);
}

/** Reads and checks a bulk import of key-area checkpoints. */
export function parseCheckpointImport(
  format: ImportFormat,
  content: Uint8Array | string,
  options: ImportOptions = {},
): ParsedImport<CheckpointImportRow> {
  return parseImport<CheckpointImportRow>(CHECKPOINT_RULES, format, content, options);
}
