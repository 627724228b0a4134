// GeoJSON import files: a FeatureCollection of Point features whose properties carry the
// REST names (camelCase; snake_case accepted). The geometry gives the location; a row's
// "line" is the feature's 1-based position in `features`.
import type { ImportIssue } from '@ioc/contracts';
import { ColumnSpec, COORDINATE_PROPERTIES, EXTERNAL_REF_PROPERTIES, nameKey } from './columns';
import { ImportSource, rowTooLong, ShapeLimits, SourceRow, tooManyColumns, tooManyRows } from './import-source';
import type { RawRow, RowIssue } from './row-validation';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kindOf = (v: unknown) => (isObject(v) && typeof v['type'] === 'string' ? `a ${v['type']}` : Array.isArray(v) ? 'a list' : `${v === null ? 'null' : typeof v}`);
const fileIssue = (reason: string): ImportIssue => ({ line: 0, field: '', reason });

/** Properties a feature may carry (everything but the coordinates, which come from the geometry). */
function propertySpecs(columns: readonly ColumnSpec[]): ColumnSpec[] {
  return columns.filter((c) => !(COORDINATE_PROPERTIES as readonly string[]).includes(c.property));
}

function readProperties(props: Record<string, unknown>, columns: readonly ColumnSpec[], raw: RawRow, issues: RowIssue[]): void {
  const specs = propertySpecs(columns);
  const refSpecs = specs.filter((c) => (EXTERNAL_REF_PROPERTIES as readonly string[]).includes(c.property));
  const known = [...specs.filter((c) => !refSpecs.includes(c)).map((c) => c.property), ...(refSpecs.length > 0 ? ['externalRefs', ...refSpecs.map((c) => c.property)] : [])];

  const put = (spec: ColumnSpec, value: unknown, field: string) => {
    const earlier = raw.get(spec.property);
    if (earlier) issues.push({ field, reason: `is given twice (also as "${earlier.field}")`, property: spec.property, covers: [] });
    else raw.set(spec.property, { value, field });
  };
  for (const [key, value] of Object.entries(props)) {
    if (refSpecs.length > 0 && nameKey(key) === nameKey('externalRefs')) {
      if (value === null || value === undefined) continue;
      if (!isObject(value)) {
        issues.push({ field: key, reason: 'must be an object such as {"frigateCamera": "cong_chinh", "onvifProfile": "Profile_1"}' });
        continue;
      }
      for (const [sub, subValue] of Object.entries(value)) {
        const spec = refSpecs.find((c) => nameKey(c.property) === nameKey(sub));
        if (spec) put(spec, subValue, `${key}.${sub}`);
        else issues.push({ field: `${key}.${sub}`, reason: `unknown property; ${key} may hold: ${refSpecs.map((c) => c.property).join(', ')}` });
      }
      continue;
    }
    const spec = specs.find((c) => nameKey(c.property) === nameKey(key));
    if (spec) put(spec, value, key);
    else issues.push({ field: key, reason: `unknown property; the known properties are: ${known.join(', ')}` });
  }
}

type PointRead = { ok: true; lon: unknown; lat: unknown } | { ok: false; problem: string };

function readPoint(geometry: unknown): PointRead {
  if (geometry === null || geometry === undefined) return { ok: false, problem: 'is required: a Point with coordinates [lon, lat]' };
  if (!isObject(geometry) || geometry['type'] !== 'Point') return { ok: false, problem: `must be a Point with coordinates [lon, lat], not ${kindOf(geometry)}` };
  const coordinates: unknown = geometry['coordinates'];
  if (!Array.isArray(coordinates) || coordinates.length < 2) return { ok: false, problem: 'must have coordinates [lon, lat]' };
  // A third coordinate (altitude), which GIS tools often write, is ignored.
  return { ok: true, lon: coordinates[0], lat: coordinates[1] };
}

function readGeometry(geometry: unknown, raw: RawRow, issues: RowIssue[]): void {
  const point = readPoint(geometry);
  if (!point.ok) {
    issues.push({ field: 'geometry', reason: point.problem, property: 'lon', covers: ['lon', 'lat'] });
    return;
  }
  raw.set('lon', { value: point.lon, field: 'lon' });
  raw.set('lat', { value: point.lat, field: 'lat' });
}

function readFeature(feature: unknown, line: number, columns: readonly ColumnSpec[]): SourceRow {
  if (!isObject(feature) || feature['type'] !== 'Feature') {
    return { line, raw: null, issues: [{ field: '', reason: `must be a GeoJSON Feature ({"type": "Feature", "geometry": …, "properties": …}), not ${kindOf(feature)}` }] };
  }
  const props = feature['properties'] ?? {};
  if (!isObject(props)) return { line, raw: null, issues: [{ field: 'properties', reason: `must be an object, not ${kindOf(props)}` }] };
  const raw: RawRow = new Map();
  const issues: RowIssue[] = [];
  readProperties(props, columns, raw, issues);
  readGeometry(feature['geometry'], raw, issues);
  return { line, raw, issues };
}

/** The first feature over the shape limits, as the file's one problem. */
function shapeIssue(features: unknown[], limits: ShapeLimits): ImportIssue | undefined {
  for (let i = 0; i < features.length; i++) {
    const feature = features[i];
    const props = isObject(feature) ? feature['properties'] : undefined;
    const count = isObject(props) ? Object.keys(props).length : 0;
    if (count > limits.maxColumns) return tooManyColumns(i + 1, count, limits.maxColumns, 'the feature');
    const chars = JSON.stringify(feature ?? null).length;
    if (chars > limits.maxRowChars) return rowTooLong(i + 1, chars, limits.maxRowChars, 'feature');
  }
  return undefined;
}

export function geoJsonSource(text: string, columns: readonly ColumnSpec[], maxRows: number, limits: ShapeLimits): ImportSource {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { ok: false, rows: 0, issues: [fileIssue(`the file is not valid JSON (${error instanceof Error ? error.message : String(error)})`)] };
  }
  if (!isObject(doc) || doc['type'] !== 'FeatureCollection') {
    const hint = isObject(doc) && doc['type'] === 'Feature' ? ': wrap the feature in {"type": "FeatureCollection", "features": [ … ]}' : '';
    return { ok: false, rows: 0, issues: [fileIssue(`the file must be a GeoJSON FeatureCollection, not ${kindOf(doc)}${hint}`)] };
  }
  const features = doc['features'];
  if (!Array.isArray(features)) return { ok: false, rows: 0, issues: [fileIssue('"features" must be a list of features')] };
  if (features.length > maxRows) return { ok: false, rows: features.length, issues: [tooManyRows(features.length, maxRows)] };
  const shape = shapeIssue(features, limits);
  if (shape) return { ok: false, rows: features.length, issues: [shape] };
  return { ok: true, rows: features.map((f: unknown, i) => readFeature(f, i + 1, columns)) };
}
