// The lib's own input shapes: the minimum the coverage rules need, so a service can feed
// them from memory without the full register DTOs (from-register.ts maps those).
import type { Purpose } from '@ioc/contracts';

/** A position as GeoJSON orders it: longitude, latitude, in degrees (WGS84). */
export type LonLat = readonly [lon: number, lat: number];

/** Where a device looks: a sector of a disc around its position. */
export interface FieldOfView {
  location: LonLat;
  /** Centre of the view, degrees clockwise from true north (any value; taken modulo 360). */
  bearingDeg: number;
  /** Opening angle, 0 < fovDeg ≤ 360; 360 sees all around (PTZ, dome). */
  fovDeg: number;
  /** How far it sees, metres along the ground (geodesic), 0 ≤ rangeM ≤ MAX_RANGE_M. */
  rangeM: number;
}

export interface CoverageDevice extends FieldOfView {
  id: string;
  /** The area it is registered in. Coverage ignores it: a device covers whatever it sees. */
  areaCode: string;
  purposes: readonly Purpose[];
  /** In service: installed on or before the day the figures are for. */
  installed: boolean;
  decommissioned: boolean;
  /** Online and not degraded, so it watches right now. */
  operational: boolean;
}

/** A point that must be watched. Ids are unique within an area (the register's key is area + id). */
export interface CoverageCheckpoint {
  id: string;
  areaCode: string;
  purposes: readonly Purpose[];
  location: LonLat;
}

export interface CoverageArea {
  code: string;
  name: string;
  district: string;
  /** Share of each purpose's checkpoints that must be covered, 0 < targetPct ≤ 100. */
  targetPct: number;
}

/** One coverage figure of one purpose in one area. */
export interface CoverageFigure {
  covered: number;
  /** covered ÷ checkpoints × 100; `null` when the area has no checkpoint of the purpose. */
  pct: number | null;
  /** Reaches the area's target; always true when not applicable. */
  meetsTarget: boolean;
}

export interface PurposeCoverage {
  purpose: Purpose;
  /** False when the area has no checkpoint of this purpose: nothing to watch, counts as met. */
  applicable: boolean;
  checkpoints: number;
  /** Counting installed, not decommissioned devices. */
  installed: CoverageFigure;
  /** Counting only those that are also online and not degraded. */
  operational: CoverageFigure;
}

export interface AreaCoverage {
  areaCode: string;
  name: string;
  district: string;
  targetPct: number;
  /** Distinct checkpoints (one with both purposes counts once here, once in each purpose). */
  checkpoints: number;
  /**
   * False when the area has no checkpoint at all: nobody has said what must be watched
   * there, so it cannot be said to be covered and does not meet the target.
   */
  assessed: boolean;
  purposes: Record<Purpose, PurposeCoverage>;
  /** Both purposes reach the target (and the area is assessed). */
  meetsTarget: { installed: boolean; operational: boolean };
}

export interface KpiFigure {
  /** Key areas meeting the target. */
  meeting: number;
  /** meeting ÷ areas × 100; `null` when there are no areas. */
  pct: number | null;
}

export interface PurposeTotals {
  checkpoints: number;
  installedCovered: number;
  operationalCovered: number;
}

/** Share of key areas meeting their target, for the province or one district. */
export interface CoverageKpi {
  areas: number;
  /** Areas without any checkpoint (counted in `areas`, never meeting). */
  unassessed: number;
  installed: KpiFigure;
  operational: KpiFigure;
  purposes: Record<Purpose, PurposeTotals>;
}

export interface DistrictCoverage extends CoverageKpi {
  district: string;
}

/**
 * An uncovered checkpoint of one purpose. `installed`: no installed device sees it, a new
 * camera (or a re-aimed one) is needed. `operational`: installed devices see it but none
 * is online and healthy; `waitingOn` lists them, so repairing one closes the gap.
 */
export interface CoverageGap {
  areaCode: string;
  checkpointId: string;
  purpose: Purpose;
  location: LonLat;
  kind: 'installed' | 'operational';
  waitingOn: string[];
}

export interface PurposeDevices {
  purpose: Purpose;
  /** Installed, not decommissioned devices serving the purpose that see the checkpoint. */
  installed: string[];
  /** Of those, the ones online and not degraded. */
  operational: string[];
}

export interface CheckpointCoverage {
  areaCode: string;
  checkpointId: string;
  purposes: readonly Purpose[];
  location: LonLat;
  /** One entry per purpose of the checkpoint. */
  byPurpose: PurposeDevices[];
}
