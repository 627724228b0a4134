// Does a device see a point? DESIGN.md §4: the point lies within the device's range
// (geodesic distance ≤ rangeM) and its bearing from the device is within fovDeg/2 of the
// device's bearingDeg (fovDeg 360: any bearing). The rule is stated, and decided, on the
// WGS84 geodesic (geodesy.ts); boundary cases are fixed so every run answers the same:
//
// - exactly at rangeM is covered (≤), with DISTANCE_TOLERANCE_M (1 mm) to absorb float
//   error: Vincenty reproduces distances to ~1e-8 m, and coordinates stored to 1e-7° are
//   only good to ~1 cm, so 1 mm is below anything measurable while 1 cm beyond is out;
// - exactly on the edge of the angle is covered (≤ fovDeg/2), with ANGLE_EPSILON_DEG
//   (1e-6°): a coordinate in degrees is a double with ~1.5 nm resolution, which 1 m from
//   the device already moves the bearing by up to 1e-7° (measured: placing a point with
//   `destination` and measuring it back), so 1e-9° would not absorb it; 1e-6° does from
//   ~10 cm out, and is 0.09 mm sideways at 5 km, so it never decides a real case;
// - bearings wrap around north: bearing 350°, fov 40° sees 330°…10°;
// - a point within DISTANCE_TOLERANCE_M of the device is at the device: its bearing is
//   undefined and it counts as covered (a checkpoint at the camera's own pole);
// - fovDeg 360 sees every direction within range.
//
// Speed: the index calls `viewContains` on prepared points, which rules far points out
// by the chord (never longer than the geodesic), then decides with the cheap
// mid-latitude estimate when the estimate is further than ten times its worst error from
// every boundary (range, edge angles, the 1 mm at-device radius), and with Vincenty
// otherwise, so the answer is always the exact rule's (checked in field-of-view.spec.ts).
import { CoverageInputError } from './errors';
import { WGS84_A, WGS84_E2, bearingDifference, geodesicInverse, normaliseBearing } from './geodesy';
import type { FieldOfView, LonLat } from './model';

export const DISTANCE_TOLERANCE_M = 0.001;
export const ANGLE_EPSILON_DEG = 1e-6;
/** The longest range the rules accept (the register allows up to 5 km). */
export const MAX_RANGE_M = 10_000;

const DEG = Math.PI / 180;
const TWO_PI = 2 * Math.PI;
// Fast-path margins: ten times the worst error of the estimate (geodesy.ts) within
// MAX_RANGE_M and FAST_PATH_MAX_LAT.
const EST_REL_MARGIN = 2e-4;
const EST_ABS_MARGIN_M = 1e-6;
const EST_ANGLE_MARGIN_RAD = 0.005 * DEG;
const FAST_PATH_MAX_LAT = 85;

/** Why a field of view is not acceptable, or null. */
export function fieldOfViewProblem(view: FieldOfView): string | null {
  const [lon, lat] = view.location;
  if (!Number.isFinite(lon) || lon < -180 || lon > 180) return `longitude ${lon} must be within -180..180`;
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) return `latitude ${lat} must be within -90..90`;
  if (!Number.isFinite(view.bearingDeg)) return `bearingDeg ${view.bearingDeg} must be a number`;
  if (!Number.isFinite(view.fovDeg) || view.fovDeg <= 0 || view.fovDeg > 360) return `fovDeg ${view.fovDeg} must be > 0 and ≤ 360`;
  if (!Number.isFinite(view.rangeM) || view.rangeM < 0 || view.rangeM > MAX_RANGE_M) {
    return `rangeM ${view.rangeM} must be within 0..${MAX_RANGE_M}`;
  }
  return null;
}

/** Why a position is not acceptable, or null. */
export function locationProblem(location: LonLat): string | null {
  const [lon, lat] = location;
  if (!Number.isFinite(lon) || lon < -180 || lon > 180) return `longitude ${lon} must be within -180..180`;
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) return `latitude ${lat} must be within -90..90`;
  return null;
}

/**
 * The rule itself, on Vincenty's geodesic for every call. Slow (about 1–2 µs); the
 * reference the fast path is tested against, and what `viewContains` falls back to near
 * a boundary. Throws `geodesic_no_convergence` for a nearly antipodal point, which
 * `inFieldOfView` rules out first by the chord.
 */
export function inFieldOfViewExact(view: FieldOfView, point: LonLat): boolean {
  const g = geodesicInverse(view.location, point);
  if (g.distanceM > view.rangeM + DISTANCE_TOLERANCE_M) return false;
  if (g.distanceM <= DISTANCE_TOLERANCE_M || g.bearingDeg === null) return true;
  if (view.fovDeg >= 360) return true;
  return Math.abs(bearingDifference(view.bearingDeg, g.bearingDeg)) <= view.fovDeg / 2 + ANGLE_EPSILON_DEG;
}

/** A position with the trigonometry the estimate needs, computed once. */
export class PreparedPoint {
  readonly lonRad: number;
  readonly latRad: number;
  readonly sinLat: number;
  readonly cosLat: number;
  /** Earth-centred Cartesian coordinates on the ellipsoid (m), for the chord. */
  readonly x: number;
  readonly y: number;
  readonly z: number;
  /** Far enough from the poles for the estimate. */
  readonly fast: boolean;

  constructor(readonly location: LonLat) {
    this.lonRad = location[0] * DEG;
    this.latRad = location[1] * DEG;
    this.sinLat = Math.sin(this.latRad);
    this.cosLat = Math.cos(this.latRad);
    const n = WGS84_A / Math.sqrt(1 - WGS84_E2 * this.sinLat * this.sinLat);
    this.x = n * this.cosLat * Math.cos(this.lonRad);
    this.y = n * this.cosLat * Math.sin(this.lonRad);
    this.z = n * (1 - WGS84_E2) * this.sinLat;
    this.fast = Math.abs(location[1]) <= FAST_PATH_MAX_LAT;
  }
}

export function preparePoint(location: LonLat): PreparedPoint {
  return new PreparedPoint(location);
}

/**
 * The straight-line (chord) distance between two prepared points, squared. Never more
 * than the geodesic distance, so a chord beyond a range rules the point out for certain.
 */
export function chordSquared(a: PreparedPoint, b: PreparedPoint): number {
  const dx = a.x - b.x;
  const dy = a.y - b.y;
  const dz = a.z - b.z;
  return dx * dx + dy * dy + dz * dz;
}

/** A field of view with its decision thresholds, computed once. */
export class PreparedView {
  readonly at: PreparedPoint;
  readonly bearingRad: number;
  readonly halfFovRad: number;
  readonly omni: boolean;
  /** Beyond this chord the point is out of range for certain. */
  readonly chordBeyondM2: number;
  /** Beyond this estimated distance the point is surely out of range. */
  readonly rejectBeyondM2: number;
  /** Within this estimated distance (and beyond the at-device band) surely in range. */
  readonly acceptWithinM: number;

  constructor(readonly view: FieldOfView) {
    this.at = new PreparedPoint(view.location);
    this.bearingRad = normaliseBearing(view.bearingDeg) * DEG;
    this.halfFovRad = (view.fovDeg / 2) * DEG;
    this.omni = view.fovDeg >= 360;
    const chord = view.rangeM + DISTANCE_TOLERANCE_M + EST_ABS_MARGIN_M;
    this.chordBeyondM2 = chord * chord;
    const reject = (view.rangeM + DISTANCE_TOLERANCE_M) * (1 + EST_REL_MARGIN) + EST_ABS_MARGIN_M;
    this.rejectBeyondM2 = reject * reject;
    this.acceptWithinM = (view.rangeM + DISTANCE_TOLERANCE_M) * (1 - EST_REL_MARGIN) - EST_ABS_MARGIN_M;
  }
}

/** Prepare a field of view for `viewContains`; throws `invalid_device` on a bad one. */
export function prepareView(view: FieldOfView): PreparedView {
  const problem = fieldOfViewProblem(view);
  if (problem !== null) throw new CoverageInputError('invalid_device', problem);
  return new PreparedView(view);
}

// The at-device radius with the estimate's margins on either side.
const AT_DEVICE_LOW = DISTANCE_TOLERANCE_M * (1 - EST_REL_MARGIN) - EST_ABS_MARGIN_M;
const AT_DEVICE_HIGH = DISTANCE_TOLERANCE_M * (1 + EST_REL_MARGIN) + EST_ABS_MARGIN_M;

/** Does the prepared view see the prepared point? Always the answer of `inFieldOfViewExact`. */
export function viewContains(v: PreparedView, p: PreparedPoint): boolean {
  // The chord first: cheap, exact as a bound, and it keeps far pairs (where the estimate
  // means nothing and Vincenty may not converge) away from everything below.
  const at = v.at;
  if (chordSquared(at, p) > v.chordBeyondM2) return false;
  if (!at.fast || !p.fast) return inFieldOfViewExact(v.view, p.location);
  estimate(at, p);
  const d2 = scratch.north * scratch.north + scratch.east * scratch.east;
  if (d2 > v.rejectBeyondM2) return false;
  const d = Math.sqrt(d2);
  if (d <= AT_DEVICE_LOW) return true;
  if (d < AT_DEVICE_HIGH || d > v.acceptWithinM) return inFieldOfViewExact(v.view, p.location);
  if (v.omni) return true;
  let diff = Math.atan2(scratch.east, scratch.north) - (scratch.dLon * scratch.sinM) / 2 - v.bearingRad;
  diff -= TWO_PI * Math.round(diff / TWO_PI);
  const off = Math.abs(diff);
  if (off <= v.halfFovRad - EST_ANGLE_MARGIN_RAD) return true;
  if (off > v.halfFovRad + EST_ANGLE_MARGIN_RAD) return false;
  return inFieldOfViewExact(v.view, p.location);
}

/** Does the view see the point? Same answer as `inFieldOfViewExact`, usually faster. */
export function inFieldOfView(view: FieldOfView, point: LonLat): boolean {
  return viewContains(prepareView(view), preparePoint(point));
}

// The estimate writes here instead of allocating: it runs on every candidate pair.
const scratch = { north: 0, east: 0, dLon: 0, sinM: 0 };

/** Mid-latitude plane offsets from a to b (geodesy.ts `localEstimate`), without trigonometry. */
function estimate(a: PreparedPoint, b: PreparedPoint): void {
  let dLon = b.lonRad - a.lonRad;
  if (dLon > Math.PI) dLon -= TWO_PI;
  else if (dLon < -Math.PI) dLon += TWO_PI;
  const dLat = b.latRad - a.latRad;
  // sin and cos of the mid-latitude from the endpoints': sin φm = (sin φ1 + sin φ2) / (2 cos(Δφ/2)),
  // and cos(Δφ/2) = 1 − Δφ²/8 to 1e-14 for Δφ under 0.002 rad (13 km).
  const k = 2 * (1 - (dLat * dLat) / 8);
  const sinM = (a.sinLat + b.sinLat) / k;
  const cosM = (a.cosLat + b.cosLat) / k;
  const w2 = 1 - WGS84_E2 * sinM * sinM;
  const n = WGS84_A / Math.sqrt(w2);
  scratch.north = ((n * (1 - WGS84_E2)) / w2) * dLat;
  scratch.east = n * cosM * dLon;
  scratch.dLon = dLon;
  scratch.sinM = sinM;
}
