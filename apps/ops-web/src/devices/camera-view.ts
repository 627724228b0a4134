// What a camera being placed sees, pure: its field of view with the register's defaults
// (PTZ and dome see 360°; a device without a field of view sees all around, without a
// bearing faces north) and, for each checkpoint of its key area, whether it would count as
// covered — decided by @ioc/coverage's rule itself (WGS84 geodesic, the same boundaries),
// so "seen" on the editor is exactly what the coverage service will compute once saved.
import { fieldOfViewProblem, geodesicInverse, inFieldOfView, type FieldOfView, type LonLat } from '@ioc/coverage';
import { OMNIDIRECTIONAL_CAMERA_TYPES, type CameraType, type DeviceKind, type Purpose } from '@ioc/contracts';

export interface CameraGeometry {
  kind: DeviceKind;
  cameraType?: CameraType;
  location?: LonLat;
  bearingDeg?: number;
  fovDeg?: number;
  rangeM?: number;
}

export function isOmnidirectional(cameraType: CameraType | undefined): boolean {
  return cameraType !== undefined && OMNIDIRECTIONAL_CAMERA_TYPES.includes(cameraType);
}

/**
 * The field of view the register will store and coverage will use, or null while it is
 * incomplete or out of bounds (no position or range yet, a directional camera without a
 * bearing): then nothing is drawn and nothing counts as seen.
 */
export function effectiveView(g: CameraGeometry): FieldOfView | null {
  if (!g.location || g.rangeM === undefined) return null;
  const fovDeg = g.fovDeg ?? (g.kind === 'traffic_sensor' || isOmnidirectional(g.cameraType) ? 360 : undefined);
  if (fovDeg === undefined) return null;
  const bearingDeg = g.bearingDeg ?? (fovDeg >= 360 ? 0 : undefined);
  if (bearingDeg === undefined) return null;
  const view: FieldOfView = { location: g.location, bearingDeg, fovDeg, rangeM: g.rangeM };
  return fieldOfViewProblem(view) === null && g.rangeM > 0 ? view : null;
}

export interface SightCheckpoint {
  id: string;
  purposes: readonly Purpose[];
  location: LonLat;
}

export interface CheckpointSight {
  id: string;
  /** Geodesic distance from the device, metres (null without a position). */
  distanceM: number | null;
  /** Bearing from the device, degrees (null without a position, or at the device). */
  bearingDeg: number | null;
  /** Inside the field of view, whatever the purposes. */
  inView: boolean;
  /** The purposes this device would cover it for: inside the view and shared purposes. */
  coveredFor: Purpose[];
  /** Counts as covered (for at least one purpose) once the device is saved and installed. */
  seen: boolean;
}

export function sightOf(view: FieldOfView | null, location: LonLat | undefined, purposes: readonly Purpose[], checkpoints: readonly SightCheckpoint[]): CheckpointSight[] {
  return checkpoints.map((c) => {
    const g = location ? geodesicInverse(location, c.location) : null;
    const inView = view !== null && inFieldOfView(view, c.location);
    const coveredFor = inView ? c.purposes.filter((p) => purposes.includes(p)) : [];
    return { id: c.id, distanceM: g ? g.distanceM : null, bearingDeg: g ? g.bearingDeg : null, inView, coveredFor, seen: coveredFor.length > 0 };
  });
}

/** The bearing (whole degrees, 0…359) that points a camera at `to` from `from`. */
export function aimAt(from: LonLat, to: LonLat): number | null {
  const b = geodesicInverse(from, to).bearingDeg;
  return b === null ? null : Math.round(b) % 360;
}
