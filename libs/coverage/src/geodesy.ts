// Geodesy on the WGS84 ellipsoid: the distance and forward bearing between two points
// (Vincenty's inverse formula), the point at a distance and bearing (Vincenty's direct
// formula), and a cheap local estimate of both with a stated error bound.
//
// Why Vincenty and not haversine: haversine treats the Earth as a sphere and is off by up
// to ~0.3 % in distance (24 cm on an 80 m camera range) and by a fraction of a degree in
// bearing, so a checkpoint a planner measures at 79.9 m in QGIS or PostGIS
// (`ST_Distance(geography)`, which is ellipsoidal) could come out uncovered here. Vincenty
// on the ellipsoid agrees with the exact geodesic to better than 0.5 mm, and at city scale
// (< 5 km) to well under a millimetre; its only weakness, failing to converge for
// nearly antipodal points, cannot arise at camera ranges (see `geodesicInverse`).
//
// Vincenty costs 1–2 µs here, too slow to run on every device-checkpoint pair of a
// province. `localEstimate` (Gauss mid-latitude formulas on the same ellipsoid) costs a
// small fraction of that. Measured against Vincenty (geodesy.spec.ts checks it):
// within 5 km at Quảng Bình's latitudes (17–18°N) it is off by < 1e-6 of the distance and
// < 5e-5° in bearing; within 10 km anywhere between ±85° latitude by < 2e-5 and < 5e-4°.
// The field-of-view test uses it only where ten times those errors cannot change the
// answer, and asks Vincenty in the thin band where they could (field-of-view.ts).
import { CoverageInputError } from './errors';
import type { LonLat } from './model';

/** WGS84 semi-major axis (m). */
export const WGS84_A = 6_378_137;
/** WGS84 flattening. */
export const WGS84_F = 1 / 298.257223563;
/** WGS84 semi-minor axis (m). */
export const WGS84_B = WGS84_A * (1 - WGS84_F);
/** WGS84 first eccentricity squared. */
export const WGS84_E2 = WGS84_F * (2 - WGS84_F);

const DEG = Math.PI / 180;
const RAD = 180 / Math.PI;

/** A bearing in degrees clockwise from true north, normalised to [0, 360). */
export function normaliseBearing(deg: number): number {
  const r = deg % 360;
  // `+ 0` turns -0 (from -360 % 360) into 0; -1e-15 % 360 + 360 rounds to 360 itself.
  const n = r < 0 ? r + 360 : r + 0;
  return n >= 360 ? 0 : n;
}

/** The signed smallest angle from bearing `fromDeg` to bearing `toDeg`, in [-180, 180). */
export function bearingDifference(fromDeg: number, toDeg: number): number {
  const d = normaliseBearing(toDeg - fromDeg);
  return d >= 180 ? d - 360 : d;
}

/** Longitude difference in radians, normalised to [-π, π]. */
function lonDelta(lon1Deg: number, lon2Deg: number): number {
  let d = (lon2Deg - lon1Deg) % 360;
  if (d > 180) d -= 360;
  else if (d < -180) d += 360;
  return d * DEG;
}

export interface GeodesicResult {
  /** Geodesic distance on the WGS84 ellipsoid, metres. */
  distanceM: number;
  /** Forward bearing at the first point, degrees [0, 360); `null` when the points coincide. */
  bearingDeg: number | null;
}

const MAX_ITERATIONS = 200;
// Iterate to the last bit: a fixed 1e-12 rad would leave ~4e-4° of bearing error on a
// checkpoint 1 m away (λ is then ~1.6e-7 rad), and the iteration contracts by a factor
// of about f (1/298) per step, so the few extra steps cost little.
const CONVERGENCE_REL = 1e-15;

/**
 * Distance and forward bearing from `from` to `to` on the WGS84 ellipsoid (Vincenty 1975).
 * Throws `geodesic_no_convergence` for nearly antipodal points (more than ~19,900 km
 * apart), which no camera range comes near.
 */
export function geodesicInverse(from: LonLat, to: LonLat): GeodesicResult {
  const [lon1, lat1] = from;
  const [lon2, lat2] = to;
  const L = lonDelta(lon1, lon2);
  const tanU1 = (1 - WGS84_F) * Math.tan(lat1 * DEG);
  const cosU1 = 1 / Math.sqrt(1 + tanU1 * tanU1);
  const sinU1 = tanU1 * cosU1;
  const tanU2 = (1 - WGS84_F) * Math.tan(lat2 * DEG);
  const cosU2 = 1 / Math.sqrt(1 + tanU2 * tanU2);
  const sinU2 = tanU2 * cosU2;

  let lambda = L;
  let sinLambda = 0;
  let cosLambda = 1;
  let sinSigma = 0;
  let cosSigma = 1;
  let sigma = 0;
  let cosSqAlpha = 1;
  let cos2SigmaM = 0;
  let converged = false;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    sinLambda = Math.sin(lambda);
    cosLambda = Math.cos(lambda);
    const t1 = cosU2 * sinLambda;
    const t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda;
    const sinSqSigma = t1 * t1 + t2 * t2;
    if (sinSqSigma === 0) return { distanceM: 0, bearingDeg: null };
    sinSigma = Math.sqrt(sinSqSigma);
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
    sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinLambda) / sinSigma;
    cosSqAlpha = 1 - sinAlpha * sinAlpha;
    // On the equator (cosSqAlpha 0) cos2σm is undefined and its terms vanish.
    cos2SigmaM = cosSqAlpha !== 0 ? cosSigma - (2 * sinU1 * sinU2) / cosSqAlpha : 0;
    const C = (WGS84_F / 16) * cosSqAlpha * (4 + WGS84_F * (4 - 3 * cosSqAlpha));
    const previous = lambda;
    lambda =
      L +
      (1 - C) *
        WGS84_F *
        sinAlpha *
        (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    if (Math.abs(lambda) > Math.PI) break;
    if (Math.abs(lambda - previous) <= CONVERGENCE_REL * Math.abs(lambda)) {
      converged = true;
      break;
    }
  }
  if (!converged) {
    throw new CoverageInputError(
      'geodesic_no_convergence',
      `no geodesic solution between [${from.join(', ')}] and [${to.join(', ')}]: the points are nearly antipodal`,
    );
  }
  const uSq = (cosSqAlpha * (WGS84_A * WGS84_A - WGS84_B * WGS84_B)) / (WGS84_B * WGS84_B);
  const A = 1 + (uSq / 16384) * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
  const B = (uSq / 1024) * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
  const deltaSigma =
    B *
    sinSigma *
    (cos2SigmaM +
      (B / 4) *
        (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
          (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
  const distanceM = WGS84_B * A * (sigma - deltaSigma);
  const alpha1 = Math.atan2(cosU2 * sinLambda, cosU1 * sinU2 - sinU1 * cosU2 * cosLambda);
  return { distanceM, bearingDeg: normaliseBearing(alpha1 * RAD) };
}

/**
 * The point `distanceM` metres from `from` along the geodesic leaving it at `bearingDeg`
 * (Vincenty's direct formula on WGS84). Used to place checkpoints and cameras by
 * distance and bearing, the way a planner measures them, and to draw fields of view.
 */
export function destination(from: LonLat, bearingDeg: number, distanceM: number): [number, number] {
  const [lon1, lat1] = from;
  if (distanceM === 0) return [lon1, lat1];
  const alpha1 = bearingDeg * DEG;
  const sinAlpha1 = Math.sin(alpha1);
  const cosAlpha1 = Math.cos(alpha1);
  const tanU1 = (1 - WGS84_F) * Math.tan(lat1 * DEG);
  const cosU1 = 1 / Math.sqrt(1 + tanU1 * tanU1);
  const sinU1 = tanU1 * cosU1;
  const sigma1 = Math.atan2(tanU1, cosAlpha1);
  const sinAlpha = cosU1 * sinAlpha1;
  const cosSqAlpha = 1 - sinAlpha * sinAlpha;
  const uSq = (cosSqAlpha * (WGS84_A * WGS84_A - WGS84_B * WGS84_B)) / (WGS84_B * WGS84_B);
  const A = 1 + (uSq / 16384) * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
  const B = (uSq / 1024) * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));

  let sigma = distanceM / (WGS84_B * A);
  let sinSigma = 0;
  let cosSigma = 1;
  let cos2SigmaM = 0;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    cos2SigmaM = Math.cos(2 * sigma1 + sigma);
    sinSigma = Math.sin(sigma);
    cosSigma = Math.cos(sigma);
    const deltaSigma =
      B *
      sinSigma *
      (cos2SigmaM +
        (B / 4) *
          (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
            (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
    const previous = sigma;
    sigma = distanceM / (WGS84_B * A) + deltaSigma;
    if (Math.abs(sigma - previous) <= CONVERGENCE_REL * sigma) break;
  }
  sinSigma = Math.sin(sigma);
  cosSigma = Math.cos(sigma);
  cos2SigmaM = Math.cos(2 * sigma1 + sigma);
  const x = sinU1 * sinSigma - cosU1 * cosSigma * cosAlpha1;
  const lat2 = Math.atan2(
    sinU1 * cosSigma + cosU1 * sinSigma * cosAlpha1,
    (1 - WGS84_F) * Math.sqrt(sinAlpha * sinAlpha + x * x),
  );
  const lambda = Math.atan2(sinSigma * sinAlpha1, cosU1 * cosSigma - sinU1 * sinSigma * cosAlpha1);
  const C = (WGS84_F / 16) * cosSqAlpha * (4 + WGS84_F * (4 - 3 * cosSqAlpha));
  const L =
    lambda -
    (1 - C) *
      WGS84_F *
      sinAlpha *
      (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
  let lon2 = lon1 + L * RAD;
  if (lon2 > 180) lon2 -= 360;
  else if (lon2 < -180) lon2 += 360;
  return [lon2, lat2 * RAD];
}

/**
 * Cheap estimate of `geodesicInverse` for nearby points (Gauss mid-latitude formulas):
 * plane offsets scaled by the meridional and prime-vertical radii of curvature of WGS84 at
 * the mid-latitude, with the bearing turned back by half the meridian convergence to give
 * the bearing at the first point. Within 10 km and ±85° latitude the distance is within
 * 2e-5 of the geodesic distance and the bearing within 5e-4°; beyond that it degrades and
 * callers must not rely on it (field-of-view.ts does not).
 */
export function localEstimate(from: LonLat, to: LonLat): { distanceM: number; bearingDeg: number } {
  const lat1 = from[1] * DEG;
  const lat2 = to[1] * DEG;
  const dLon = lonDelta(from[0], to[0]);
  const latM = (lat1 + lat2) / 2;
  const sinM = Math.sin(latM);
  const cosM = Math.cos(latM);
  const w2 = 1 - WGS84_E2 * sinM * sinM;
  const w = Math.sqrt(w2);
  const n = WGS84_A / w;
  const m = (n * (1 - WGS84_E2)) / w2;
  const north = m * (lat2 - lat1);
  const east = n * cosM * dLon;
  const distanceM = Math.sqrt(north * north + east * east);
  const bearing = Math.atan2(east, north) - (dLon * sinM) / 2;
  return { distanceM, bearingDeg: normaliseBearing(bearing * RAD) };
}

/** Meridional radius of curvature at the equator, the smallest anywhere on WGS84 (m). */
export const WGS84_MIN_MERIDIONAL_RADIUS = WGS84_A * (1 - WGS84_E2);
