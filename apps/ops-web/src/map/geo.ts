// Geometry the map draws, pure: a camera's field of view as a sector polygon, bounds of a
// key area, the label point of a district. Spherical Earth (R = 6,371,008.8 m): at a
// camera's range (tens to hundreds of metres) it differs from the ellipsoid of the
// coverage rules (@ioc/coverage) by well under a metre, which no screen shows.
const R = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

/** [lon, lat] as in GeoJSON. */
export type LonLat = [number, number];

/** The point `distanceM` away from `from` on the initial bearing `bearingDeg` (clockwise from north). */
export function destination([lon, lat]: LonLat, bearingDeg: number, distanceM: number): LonLat {
  const δ = distanceM / R;
  const θ = rad(bearingDeg);
  const φ1 = rad(lat);
  const λ1 = rad(lon);
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(δ) + Math.cos(φ1) * Math.sin(δ) * Math.cos(θ));
  const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(δ) * Math.cos(φ1), Math.cos(δ) - Math.sin(φ1) * Math.sin(φ2));
  return [((deg(λ2) + 540) % 360) - 180, deg(φ2)];
}

/**
 * The field of view of a camera at `at`, looking along `bearingDeg` with an opening of
 * `fovDeg` up to `rangeM`, as a closed ring of [lon, lat]: the camera, the arc, back to
 * the camera. A field of view of 360° (PTZ, dome) is a full circle.
 */
export function sectorRing(at: LonLat, bearingDeg: number, fovDeg: number, rangeM: number, stepDeg = 5): LonLat[] {
  if (fovDeg >= 360) {
    const ring: LonLat[] = [];
    for (let b = 0; b < 360; b += stepDeg) ring.push(destination(at, b, rangeM));
    ring.push(ring[0]);
    return ring;
  }
  const half = Math.max(0, fovDeg) / 2;
  const steps = Math.max(2, Math.ceil(fovDeg / stepDeg));
  const ring: LonLat[] = [at];
  for (let i = 0; i <= steps; i++) ring.push(destination(at, bearingDeg - half + (fovDeg * i) / steps, rangeM));
  ring.push(at);
  return ring;
}

/** [[south, west], [north, east]] of a set of points, as Leaflet's LatLngBounds literal; undefined for none. */
export function boundsOf(points: Iterable<LonLat>): [[number, number], [number, number]] | undefined {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const [x, y] of points) {
    w = Math.min(w, x);
    e = Math.max(e, x);
    s = Math.min(s, y);
    n = Math.max(n, y);
  }
  return Number.isFinite(w) ? [[s, w], [n, e]] : undefined;
}

/** The mean of some points: where a district's name goes, among its key areas. */
export function centroid(points: readonly LonLat[]): LonLat | undefined {
  if (points.length === 0) return undefined;
  let x = 0;
  let y = 0;
  for (const [lon, lat] of points) {
    x += lon;
    y += lat;
  }
  return [x / points.length, y / points.length];
}

/** Quảng Bình as the map opens on it: [[south, west], [north, east]]. */
export const PROVINCE_BOUNDS: [[number, number], [number, number]] = [
  [16.9, 105.6],
  [18.1, 107.1],
];

/** Great-circle distance in metres (haversine). */
export function distanceM([lon1, lat1]: LonLat, [lon2, lat2]: LonLat): number {
  const dφ = rad(lat2 - lat1);
  const dλ = rad(lon2 - lon1);
  const a = Math.sin(dφ / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dλ / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Initial bearing from one point to another, degrees clockwise from north in [0, 360). */
export function bearing([lon1, lat1]: LonLat, [lon2, lat2]: LonLat): number {
  const φ1 = rad(lat1);
  const φ2 = rad(lat2);
  const dλ = rad(lon2 - lon1);
  const y = Math.sin(dλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(dλ);
  return (deg(Math.atan2(y, x)) + 360) % 360;
}
