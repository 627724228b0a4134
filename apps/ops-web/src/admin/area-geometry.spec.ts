import { nextCheckpointId, parseBoundaryFile, polygonFromVertices, selfIntersects, verticesFromPolygon } from './area-geometry';
import type { LonLat } from '../map/geo';

const square: LonLat[] = [
  [106.41, 17.75],
  [106.42, 17.75],
  [106.42, 17.76],
  [106.41, 17.76],
];
const closed = [...square, square[0]];

describe('a drawn boundary', () => {
  it('closes the ring of the drawn vertices, rounded to six decimals', () => {
    const p = polygonFromVertices([[106.4100001234, 17.75], ...square.slice(1)]);
    expect(p).toEqual({ type: 'Polygon', coordinates: [closed] });
  });

  it('needs at least three vertices', () => {
    expect(polygonFromVertices(square.slice(0, 2))).toBeUndefined();
  });

  it('gives back the vertices of a stored polygon without the closing point', () => {
    expect(verticesFromPolygon({ coordinates: [closed] })).toEqual(square);
    expect(verticesFromPolygon(null)).toEqual([]);
  });

  it('sees an outline that crosses itself (a bow tie) and not a plain square', () => {
    expect(selfIntersects(square)).toBe(false);
    expect(selfIntersects([square[0], square[2], square[1], square[3]])).toBe(true);
  });
});

describe('a boundary from a GeoJSON file', () => {
  const feature = (geometry: unknown, properties: unknown = { name: 'Chợ Ba Đồn' }) => ({ type: 'Feature', properties, geometry });

  it('reads a Feature with one Polygon and keeps its properties', () => {
    const r = parseBoundaryFile(JSON.stringify(feature({ type: 'Polygon', coordinates: [closed] })));
    expect(r).toEqual({ ok: true, polygon: { type: 'Polygon', coordinates: [closed] }, properties: { name: 'Chợ Ba Đồn' }, warnings: [], ignored: 0 });
  });

  it('reads a FeatureCollection with one polygon, leaving its points out', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [feature({ type: 'Point', coordinates: [106.415, 17.755] }), feature({ type: 'MultiPolygon', coordinates: [[closed]] })],
    };
    const r = parseBoundaryFile(JSON.stringify(fc));
    expect(r.ok && r.ignored).toBe(1);
    expect(r.ok && r.warnings).toEqual(['ignoredFeatures']);
  });

  it('reads a bare Polygon, closes an open ring and drops altitudes', () => {
    const r = parseBoundaryFile(JSON.stringify({ type: 'Polygon', coordinates: [square.map(([x, y]) => [x, y, 12])] }));
    expect(r.ok && r.polygon.coordinates[0]).toEqual(closed);
  });

  it('refuses what is not JSON, even with a byte-order mark it accepts', () => {
    expect(parseBoundaryFile('<kml></kml>')).toEqual({ ok: false, error: 'notJson' });
    expect(parseBoundaryFile(`\uFEFF${JSON.stringify({ type: 'Polygon', coordinates: [closed] })}`).ok).toBe(true);
  });

  it('refuses a file without a polygon, or with two', () => {
    expect(parseBoundaryFile(JSON.stringify(feature({ type: 'LineString', coordinates: square })))).toEqual({ ok: false, error: 'noPolygon' });
    const two = { type: 'FeatureCollection', features: [feature({ type: 'Polygon', coordinates: [closed] }), feature({ type: 'Polygon', coordinates: [closed] })] };
    expect(parseBoundaryFile(JSON.stringify(two))).toEqual({ ok: false, error: 'manyPolygons' });
  });

  it('refuses holes, bad coordinates and too few vertices', () => {
    expect(parseBoundaryFile(JSON.stringify({ type: 'Polygon', coordinates: [closed, closed] }))).toEqual({ ok: false, error: 'holes' });
    expect(parseBoundaryFile(JSON.stringify({ type: 'Polygon', coordinates: [[[106.4, 'x'], ...closed]] }))).toEqual({ ok: false, error: 'badCoordinates' });
    expect(parseBoundaryFile(JSON.stringify({ type: 'Polygon', coordinates: [[[200, 17], ...closed]] }))).toEqual({ ok: false, error: 'badCoordinates' });
    expect(parseBoundaryFile(JSON.stringify({ type: 'Polygon', coordinates: [[square[0], square[1], square[1], square[0]]] }))).toEqual({ ok: false, error: 'tooFewVertices' });
  });

  it('refuses latitude and longitude swapped (a latitude of 106°)', () => {
    const swapped = closed.map(([x, y]) => [y, x]);
    expect(parseBoundaryFile(JSON.stringify({ type: 'Polygon', coordinates: [swapped] }))).toEqual({ ok: false, error: 'badCoordinates' });
  });

  it('warns about a polygon outside Quảng Bình and a crossed outline', () => {
    const hanoi = closed.map(([x, y]) => [x - 0.6, y + 3.3]);
    expect(parseBoundaryFile(JSON.stringify({ type: 'Polygon', coordinates: [hanoi] }))).toMatchObject({ ok: true, warnings: ['outsideProvince'] });
    const bowTie = [square[0], square[2], square[1], square[3], square[0]];
    expect(parseBoundaryFile(JSON.stringify({ type: 'Polygon', coordinates: [bowTie] }))).toMatchObject({ ok: true, warnings: ['selfIntersects'] });
  });
});

describe('a new checkpoint id', () => {
  it('follows the highest number in use in the area', () => {
    expect(nextCheckpointId('BD-TT', ['BD-TT-CP-01', 'BD-TT-CP-04', 'OTHER'])).toBe('BD-TT-CP-05');
    expect(nextCheckpointId('BD-NEW', [])).toBe('BD-NEW-CP-01');
  });

  it('stays within the 64 characters of an identifier', () => {
    expect(nextCheckpointId('A'.repeat(60), [])).toBe('CP-01');
  });
});
