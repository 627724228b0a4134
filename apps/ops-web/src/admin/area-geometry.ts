// A key area's boundary as the admin makes it, pure: vertices drawn on the map become a
// closed GeoJSON ring, a GeoJSON file becomes one polygon (or a reason it cannot), and a
// new checkpoint gets the area's next free id. The registry has the last word (PostGIS
// validity, placement); these checks only catch a wrong file or a crossed outline early.
import { PolygonGeometry } from '@ioc/contracts';
import { PROVINCE_BOUNDS, type LonLat } from '../map/geo';

/** Six decimals: about 0.1 m, finer than any boundary is drawn. */
export const roundCoord = (n: number): number => Math.round(n * 1e6) / 1e6;

export const roundPoint = ([lon, lat]: LonLat): LonLat => [roundCoord(lon), roundCoord(lat)];

/** The polygon of some vertices (at least three), closed; undefined for fewer. */
export function polygonFromVertices(vertices: readonly LonLat[]): PolygonGeometry | undefined {
  if (vertices.length < 3) return undefined;
  const ring = vertices.map(roundPoint);
  return { type: 'Polygon', coordinates: [[...ring, [...ring[0]] as LonLat]] };
}

/** The vertices of a polygon's outer ring, without the closing repeat of the first. */
export function verticesFromPolygon(polygon: { coordinates: readonly (readonly (readonly number[])[])[] } | null | undefined): LonLat[] {
  const ring = polygon?.coordinates[0];
  if (!ring || ring.length === 0) return [];
  const points = ring.map((p) => [p[0], p[1]] as LonLat);
  const [first, last] = [points[0], points[points.length - 1]];
  if (points.length > 1 && first[0] === last[0] && first[1] === last[1]) points.pop();
  return points;
}

function segmentsCross(a: LonLat, b: LonLat, c: LonLat, d: LonLat): boolean {
  const orient = (p: LonLat, q: LonLat, r: LonLat) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  return o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0;
}

/** Whether the outline of these vertices (closed) crosses itself: PostGIS would refuse it. */
export function selfIntersects(vertices: readonly LonLat[]): boolean {
  const n = vertices.length;
  if (n < 4) return false;
  for (let i = 0; i < n; i++) {
    const a = vertices[i];
    const b = vertices[(i + 1) % n];
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // the closing edge shares vertex 0 with the first edge
      if (segmentsCross(a, b, vertices[j], vertices[(j + 1) % n])) return true;
    }
  }
  return false;
}

export function outsideProvince(vertices: readonly LonLat[]): boolean {
  const [[s, w], [n, e]] = PROVINCE_BOUNDS;
  return vertices.some(([lon, lat]) => lon < w || lon > e || lat < s || lat > n);
}

// ── GeoJSON files ──────────────────────────────────────────────────────────────────────

export type BoundaryFileError = 'notJson' | 'noPolygon' | 'manyPolygons' | 'holes' | 'badCoordinates' | 'tooFewVertices';
export type BoundaryFileWarning = 'outsideProvince' | 'selfIntersects' | 'ignoredFeatures';

export type BoundaryFile =
  | {
      ok: true;
      polygon: PolygonGeometry;
      /** The feature's properties (code, name, district … may prefill the form). */
      properties: Record<string, unknown>;
      warnings: BoundaryFileWarning[];
      /** Features other than the polygon (points, lines) left out. */
      ignored: number;
    }
  | { ok: false; error: BoundaryFileError };

interface Found {
  rings: unknown[];
  properties: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The polygons of one GeoJSON geometry (a MultiPolygon brings each of its polygons). */
function polygonsOf(geometry: unknown): unknown[][] {
  if (!isObject(geometry) || !Array.isArray(geometry.coordinates)) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.filter(Array.isArray) as unknown[][];
  return [];
}

function findPolygons(doc: unknown): { found: Found[]; ignored: number } {
  if (!isObject(doc)) return { found: [], ignored: 0 };
  const fromFeature = (f: unknown): Found[] => {
    if (!isObject(f)) return [];
    const properties = isObject(f.properties) ? f.properties : {};
    return polygonsOf(f.geometry).map((rings) => ({ rings, properties }));
  };
  if (doc.type === 'FeatureCollection' && Array.isArray(doc.features)) {
    const found = doc.features.flatMap(fromFeature);
    const ignored = doc.features.filter((f) => fromFeature(f).length === 0).length;
    return { found, ignored };
  }
  if (doc.type === 'Feature') return { found: fromFeature(doc), ignored: 0 };
  return { found: polygonsOf(doc).map((rings) => ({ rings, properties: {} })), ignored: 0 };
}

function toPosition(p: unknown): LonLat | undefined {
  if (!Array.isArray(p) || p.length < 2) return undefined;
  const [lon, lat] = p;
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) return undefined;
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return undefined;
  return [lon, lat];
}

/**
 * Reads a GeoJSON file holding one polygon: a Polygon, a Feature, or a FeatureCollection
 * with exactly one polygon feature (a MultiPolygon of one polygon counts). Altitudes are
 * dropped, an open ring is closed, coordinates are rounded to six decimals.
 */
export function parseBoundaryFile(text: string): BoundaryFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, error: 'notJson' };
  }
  const { found, ignored } = findPolygons(doc);
  if (found.length === 0) return { ok: false, error: 'noPolygon' };
  if (found.length > 1) return { ok: false, error: 'manyPolygons' };
  const [{ rings, properties }] = found;
  if (rings.length === 0) return { ok: false, error: 'badCoordinates' };
  if (rings.length > 1) return { ok: false, error: 'holes' };
  const outer = rings[0];
  if (!Array.isArray(outer)) return { ok: false, error: 'badCoordinates' };
  const points: LonLat[] = [];
  for (const p of outer) {
    const position = toPosition(p);
    if (!position) return { ok: false, error: 'badCoordinates' };
    points.push(roundPoint(position));
  }
  const vertices = verticesFromPolygon({ coordinates: [points] }).filter(
    (p, i, all) => i === 0 || p[0] !== all[i - 1][0] || p[1] !== all[i - 1][1],
  );
  const polygon = polygonFromVertices(vertices);
  if (!polygon || !PolygonGeometry.safeParse(polygon).success) return { ok: false, error: 'tooFewVertices' };
  const warnings: BoundaryFileWarning[] = [];
  if (outsideProvince(vertices)) warnings.push('outsideProvince');
  if (selfIntersects(vertices)) warnings.push('selfIntersects');
  if (ignored > 0) warnings.push('ignoredFeatures');
  return { ok: true, polygon, properties, warnings, ignored };
}

// ── checkpoints ────────────────────────────────────────────────────────────────────────

/** `{areaCode}-CP-NN`, the first number after the highest in use (the demo's convention). */
export function nextCheckpointId(areaCode: string, existing: readonly string[]): string {
  const prefix = `${areaCode}-CP-`;
  let max = 0;
  for (const id of existing) {
    if (!id.startsWith(prefix)) continue;
    const n = Number(id.slice(prefix.length));
    if (Number.isInteger(n) && n > max) max = n;
  }
  const id = `${prefix}${String(max + 1).padStart(2, '0')}`;
  // identifiers are at most 64 characters
  return id.length <= 64 ? id : `CP-${String(max + 1).padStart(2, '0')}`;
}
