// The audit log's before/after, side by side: both records flattened to dotted paths
// (scope.districts, location), each path marked added, removed, changed or unchanged. Pure.
//
// Plain objects are opened up to their leaves; arrays and GeoJSON geometries stay whole
// (a boundary is one value: "the boundary changed", not 40 changed coordinates).

export type ChangeKind = 'added' | 'removed' | 'changed' | 'same';

export interface DiffRow {
  /** Dotted path into the record, e.g. `scope.districts`. */
  path: string;
  before: unknown;
  after: unknown;
  /** Whether the path exists on each side (a missing value differs from null). */
  inBefore: boolean;
  inAfter: boolean;
  change: ChangeKind;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A GeoJSON geometry is shown as one value, never opened up. */
export const isGeometry = (v: unknown): v is { type: string; coordinates: unknown } =>
  isPlainObject(v) && typeof v.type === 'string' && 'coordinates' in v;

/** The leaves of a record by dotted path, in the record's own key order. */
export function flatten(value: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (isPlainObject(value) && !isGeometry(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0 && prefix) out.set(prefix, value);
    for (const key of keys) flatten(value[key], prefix ? `${prefix}.${key}` : key, out);
    return out;
  }
  if (prefix) out.set(prefix, value);
  else if (value !== null && value !== undefined) out.set('', value);
  return out;
}

/** Structural equality of JSON values (key order of objects does not matter). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Rows for every path of either record: the before record's paths in order, then the
 * paths only the after record has. A creation (before null) is all `added`, a removal
 * (after null) all `removed`.
 */
export function diffRecords(before: unknown, after: unknown): DiffRow[] {
  const b = flatten(before);
  const a = flatten(after);
  const paths = [...b.keys(), ...[...a.keys()].filter((p) => !b.has(p))];
  return paths.map((path) => {
    const inBefore = b.has(path);
    const inAfter = a.has(path);
    const bv = b.get(path);
    const av = a.get(path);
    const change: ChangeKind = !inBefore ? 'added' : !inAfter ? 'removed' : deepEqual(bv, av) ? 'same' : 'changed';
    return { path, before: bv, after: av, inBefore, inAfter, change };
  });
}

/** How many rows differ: the entry list says "3 fields changed". */
export function changedCount(rows: readonly DiffRow[]): number {
  return rows.filter((r) => r.change !== 'same').length;
}
