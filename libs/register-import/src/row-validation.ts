// One row of an import, whatever its format, checked against the contract schema. A reader
// (CSV or GeoJSON) hands over the raw values by property with the name the file used for
// each; this module converts them (numbers, lists, NFC text), runs the schema and maps every
// issue back to the column or property the technician typed.
import { CheckpointImportRow, DeviceInput } from '@ioc/contracts';
import type { z } from 'zod';
import { ColumnSpec, EXTERNAL_REF_PROPERTIES } from './columns';
import { nfc, parsePlainDecimal, plainDecimalReason } from './text';

/** A raw value as found in the file, and the column or property name it was found under. */
export interface RawValue {
  value: unknown;
  field: string;
}
/** Raw values of one row by property (`lon`/`lat` for the coordinates). Absent means "not given". */
export type RawRow = Map<string, RawValue>;

export interface RowIssue {
  field: string;
  reason: string;
  /** The property the issue is about, for ordering a row's issues as the columns are ordered. */
  property?: string;
  /** Properties whose schema issues this one makes redundant (default: `property`). */
  covers?: readonly string[];
}

export type RowResult<T> = { ok: true; value: T } | { ok: false; issues: RowIssue[] };

type Schema = typeof DeviceInput | typeof CheckpointImportRow;
type ZodIssue = z.core.$ZodIssue;

export interface RowContext {
  columns: readonly ColumnSpec[];
  /** Name used in a report for a property the row did not give (its CSV column or GeoJSON property). */
  defaultField: (spec: ColumnSpec) => string;
}

// ---------------------------------------------------------------------------------------
// Converting raw values

function convert(spec: ColumnSpec, raw: RawValue, issues: RowIssue[]): unknown {
  const { value } = raw;
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  switch (spec.type) {
    case 'text':
      // Trimming first hides no formula: the contract's safeText trims before it checks.
      if (typeof value === 'string') return nfc(value).trim();
      return typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
    case 'enum':
      return typeof value === 'string' ? nfc(value).trim().toLowerCase() : value;
    case 'list': {
      const items = typeof value === 'string' ? value.split(/[;|]/) : value;
      if (!Array.isArray(items)) return value;
      return items
        .map((item: unknown) => (typeof item === 'string' ? nfc(item).trim().toLowerCase() : item))
        .filter((item: unknown) => item !== '');
    }
    case 'number': {
      if (typeof value !== 'string') return value;
      const n = parsePlainDecimal(value);
      if (n === undefined) issues.push({ field: raw.field, reason: plainDecimalReason(raw.field, value.trim()), property: spec.property });
      return n;
    }
  }
}

/** The object handed to the schema, in the REST shape. */
function assemble(converted: Map<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const refs: Record<string, unknown> = {};
  let hasRefs = false;
  for (const [property, value] of converted) {
    if (value === undefined || property === 'lon' || property === 'lat') continue;
    if ((EXTERNAL_REF_PROPERTIES as readonly string[]).includes(property)) {
      refs[property] = value;
      hasRefs = true;
    } else {
      input[property] = value;
    }
  }
  input['location'] = { type: 'Point', coordinates: [converted.get('lon'), converted.get('lat')] };
  if (hasRefs) input['externalRefs'] = refs;
  return input;
}

// ---------------------------------------------------------------------------------------
// Mapping schema issues back to the file

/** The property an issue path is about: `location.coordinates.0` → `lon`, `externalRefs.frigateCamera` → `frigateCamera`. */
function propertyOf(path: readonly PropertyKey[]): string {
  const [head, second, third] = path;
  if (head === 'location') return third === 1 ? 'lat' : 'lon';
  if (head === 'externalRefs' && typeof second === 'string') return second;
  return typeof head === 'string' ? head : '';
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = input;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

const TYPE_WORDS: Record<string, string> = { number: 'a number', string: 'text', array: 'a list', object: 'an object' };

function readableReason(issue: ZodIssue, input: unknown): string {
  const given = valueAt(input, issue.path);
  if (issue.code === 'invalid_type') {
    if (given === undefined) return 'is required';
    const word = TYPE_WORDS[issue.expected];
    return word ? `must be ${word}` : issue.message;
  }
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map(String).join(', ')} (got "${String(given)}")`;
  return issue.message;
}

function fieldOf(property: string, raw: RawRow, ctx: RowContext): string {
  const found = raw.get(property);
  if (found) return found.field;
  const spec = ctx.columns.find((c) => c.property === property);
  return spec ? ctx.defaultField(spec) : property;
}

function schemaIssues(schema: Schema, input: unknown, raw: RawRow, ctx: RowContext): { issues: RowIssue[]; value?: unknown } {
  const result = schema.safeParse(input);
  if (result.success) return { issues: [], value: result.data };
  return {
    issues: result.error.issues.map((issue) => {
      const property = propertyOf(issue.path);
      return { field: fieldOf(property, raw, ctx), reason: readableReason(issue, input), property };
    }),
  };
}

// ---------------------------------------------------------------------------------------
// Device cross-field rules

/**
 * A device's cross-field rules (camera type, range, field of view, bearing) are a refinement
 * that zod skips when a field has a type error (a missing serial, an unknown purpose). So
 * that a row's report is complete in one go, a second pass replaces the fields already
 * found bad with valid stand-ins and keeps only the cross-field issues whose inputs were
 * themselves fine.
 */
const CROSS_FIELD_INPUTS: Record<string, readonly string[]> = {
  cameraType: ['kind'],
  rangeM: ['kind'],
  fovDeg: ['kind', 'cameraType'],
  bearingDeg: ['kind', 'cameraType', 'fovDeg'],
};
const STAND_INS: Record<string, unknown> = {
  id: 'x',
  serial: 'x',
  name: 'x',
  vendor: 'x',
  model: 'x',
  purposes: ['traffic'],
  areaCode: 'x',
  gatewayId: 'x',
  location: { type: 'Point', coordinates: [0, 0] },
  installedOn: '2000-01-01',
  contractor: 'x',
};

function topLevelKey(property: string): string {
  if (property === 'lon' || property === 'lat') return 'location';
  return (EXTERNAL_REF_PROPERTIES as readonly string[]).includes(property) ? 'externalRefs' : property;
}

function crossFieldIssues(input: Record<string, unknown>, bad: Set<string>, raw: RawRow, ctx: RowContext): RowIssue[] {
  if (bad.has('kind')) return [];
  const patched: Record<string, unknown> = { ...input };
  for (const property of bad) {
    const key = topLevelKey(property);
    if (key in STAND_INS) patched[key] = STAND_INS[key];
    else delete patched[key];
  }
  return schemaIssues(DeviceInput, patched, raw, ctx).issues.filter((issue) => {
    const inputs = issue.property === undefined ? undefined : CROSS_FIELD_INPUTS[issue.property];
    return inputs !== undefined && !inputs.some((p) => bad.has(p));
  });
}

// ---------------------------------------------------------------------------------------

/** Converts and validates one row; on failure every issue of the row is returned. */
export function validateRow<T>(schema: Schema, raw: RawRow, ctx: RowContext, readerIssues: RowIssue[] = []): RowResult<T> {
  const issues: RowIssue[] = [...readerIssues];
  const converted = new Map<string, unknown>();
  for (const spec of ctx.columns) {
    const found = raw.get(spec.property);
    converted.set(spec.property, found ? convert(spec, found, issues) : undefined);
  }
  const input = assemble(converted);
  const covered = new Set(issues.flatMap((i) => i.covers ?? (i.property === undefined ? [] : [i.property])));
  const first = schemaIssues(schema, input, raw, ctx);
  if (first.issues.length === 0 && issues.length === 0) return { ok: true, value: first.value as T };

  issues.push(...first.issues.filter((i) => i.property === undefined || !covered.has(i.property)));
  if (schema === DeviceInput && first.issues.length > 0) {
    const bad = new Set([...covered, ...first.issues.flatMap((i) => (i.property === undefined ? [] : [i.property]))]);
    const reported = new Set(issues.map((i) => i.property));
    issues.push(...crossFieldIssues(input, bad, raw, ctx).filter((i) => !reported.has(i.property)));
  }
  const order = (i: RowIssue) => {
    const at = ctx.columns.findIndex((c) => c.property === i.property);
    return at === -1 ? ctx.columns.length : at;
  };
  // Array.prototype.sort is stable: issues of one column keep the order they were found in.
  return { ok: false, issues: issues.sort((a, b) => order(a) - order(b)).map(({ field, reason, property }) => ({ field, reason, property })) };
}
