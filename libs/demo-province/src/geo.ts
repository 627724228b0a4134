// Small planar/spherical helpers for [lon, lat] positions at the scale of one key area
// (a few hundred metres), where an equirectangular approximation is accurate to well
// under a metre. Coverage computations proper live in the coverage domain library.

export type LonLat = [number, number];

const EARTH_RADIUS_M = 6_371_008.8;
const METRES_PER_DEGREE_LAT = 110_574;
const METRES_PER_DEGREE_LON_AT_EQUATOR = 111_320;

const toRad = (deg: number) => (deg * Math.PI) / 180;
const toDeg = (rad: number) => (rad * 180) / Math.PI;

/** Rounds to 6 decimals (about 0.1 m), the precision the demo data is published with. */
export function roundCoord([lon, lat]: LonLat): LonLat {
  return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
}

/** The position `eastM` metres east and `northM` metres north of `origin`. */
export function offsetMetres([lon, lat]: LonLat, eastM: number, northM: number): LonLat {
  return [lon + eastM / (METRES_PER_DEGREE_LON_AT_EQUATOR * Math.cos(toRad(lat))), lat + northM / METRES_PER_DEGREE_LAT];
}

/** The position `distanceM` away from `origin` in compass direction `bearingDeg` (0 = north). */
export function destination(origin: LonLat, bearingDeg: number, distanceM: number): LonLat {
  const b = toRad(bearingDeg);
  return offsetMetres(origin, distanceM * Math.sin(b), distanceM * Math.cos(b));
}

/** Great-circle distance in metres (haversine). */
export function distanceMetres([lon1, lat1]: LonLat, [lon2, lat2]: LonLat): number {
  const dLat = toRad(lat2 - lat1);
  const dLon = toRad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Initial compass bearing from `from` to `to`, degrees in [0, 360). */
export function bearingDegrees([lon1, lat1]: LonLat, [lon2, lat2]: LonLat): number {
  const φ1 = toRad(lat1);
  const φ2 = toRad(lat2);
  const Δλ = toRad(lon2 - lon1);
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  return (toDeg(Math.atan2(y, x)) + 360) % 360;
}

/**
 * Whether `point` lies strictly inside the closed ring (even-odd ray casting). Points
 * exactly on an edge may go either way, which is why the generator keeps a margin.
 */
export function pointInRing([x, y]: LonLat, ring: readonly LonLat[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
