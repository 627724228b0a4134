// Placement suggestions (DESIGN.md §4): the fewest new camera sites that bring a key area
// to its target. Finding the true minimum is set cover, NP-hard; this is the greedy
// algorithm (take the site and bearing that close the most remaining gaps, repeat), which
// is never worse than ln(n) + 1 times the minimum and in practice close to it.
//
// - Gaps: (checkpoint, purpose) pairs no installed device covers. Operational gaps need a
//   repair, not a camera, so they are not planned for.
// - Sites: the candidate sites given (poles, buildings the province can mount on), or else
//   the positions of the area's checkpoints (every one, covered or not: a pole at a
//   covered checkpoint may see several uncovered ones).
// - Camera model: configurable; by default a fixed camera (fov 90°, range 80 m), or
//   DOME_CAMERA_MODEL (360°, 50 m). A suggested camera serves the model's purposes (both by
//   default: one camera registered for traffic and security closes both kinds of gap).
// - Bearing: for each site the best arc is found exactly, not by sampling: an optimal arc
//   can always be turned until its left edge touches a gap, so sweeping the left edge over
//   each gap's bearing (two pointers over the gaps sorted by bearing, wrapping past north)
//   finds it; the camera is then aimed at the middle of the gaps it takes, which leaves
//   equal slack on both sides (`aimToleranceDeg`).
// - Gain with a target under 100%: a purpose only needs ⌈target × checkpoints⌉ covered,
//   so a site's gain counts at most the still-needed number of each purpose.
// - Ties: most gaps closed, then the tightest arc (most slack to aim), then the site
//   first in id order; everything is sorted first, so the same input gives the same plan.
//
// What a suggestion says it covers is computed with the same rule as live coverage
// (field-of-view.ts), so registering the cameras exactly as suggested yields exactly the
// "after" figures (placement.spec.ts registers them and checks).
import { PURPOSES, type Purpose } from '@ioc/contracts';
import { CoverageInputError } from './errors';
import { DISTANCE_TOLERANCE_M, MAX_RANGE_M, chordSquared, inFieldOfView, locationProblem, preparePoint, prepareView, viewContains } from './field-of-view';
import { coverageFigure, requiredCovered } from './figures';
import { bearingDifference, geodesicInverse, normaliseBearing } from './geodesy';
import type { CoverageArea, CoverageCheckpoint, CoverageDevice, CoverageFigure, LonLat } from './model';
import { checkArea, checkCheckpoint, checkDevice, purposeMask } from './validate';

export interface CameraModel {
  name: string;
  fovDeg: number;
  rangeM: number;
  purposes: readonly Purpose[];
}

export const FIXED_CAMERA_MODEL: CameraModel = { name: 'fixed', fovDeg: 90, rangeM: 80, purposes: ['security', 'traffic'] };
export const DOME_CAMERA_MODEL: CameraModel = { name: 'dome', fovDeg: 360, rangeM: 50, purposes: ['security', 'traffic'] };

export interface CandidateSite {
  id: string;
  location: LonLat;
}

export interface PlacementOptions {
  /** Default FIXED_CAMERA_MODEL. */
  model?: CameraModel;
  /** Where a camera may go; default: the positions of the area's checkpoints. */
  candidates?: readonly CandidateSite[];
}

export interface GapRef {
  checkpointId: string;
  purposes: Purpose[];
}

export interface PlacementSuggestion {
  /** The candidate site's id, or the id of the checkpoint whose position it is. */
  siteId: string;
  siteKind: 'candidate' | 'checkpoint';
  location: LonLat;
  /** Degrees clockwise from true north; 0 for a 360° model. */
  bearingDeg: number;
  fovDeg: number;
  rangeM: number;
  purposes: Purpose[];
  /** The gaps it closes that no earlier suggestion closed, by checkpoint. */
  closes: GapRef[];
  /** Every checkpoint of the area it would see (for a purpose it serves), covered or not. */
  covers: string[];
  /** How far the bearing may be off and the camera still closes every gap in `closes`. */
  aimToleranceDeg: number;
}

export interface PlannedFigure extends CoverageFigure {
  purpose: Purpose;
  applicable: boolean;
  checkpoints: number;
}

export interface PlacementPlan {
  areaCode: string;
  targetPct: number;
  model: CameraModel;
  suggestions: PlacementSuggestion[];
  /** Installed coverage now, and once every suggested camera is installed. */
  before: Record<Purpose, PlannedFigure>;
  after: Record<Purpose, PlannedFigure>;
  /** Assessed and every purpose at target after the suggestions. */
  meetsTargetAfter: boolean;
  /** Gaps no site can reach with this model (only possible with explicit candidate sites or a model lacking a purpose). */
  unreachable: GapRef[];
  /** Gaps still open after the suggestions (none at a 100% target unless unreachable). */
  remaining: GapRef[];
}

function checkModel(model: CameraModel): void {
  const problem =
    !Number.isFinite(model.fovDeg) || model.fovDeg <= 0 || model.fovDeg > 360
      ? `fovDeg ${model.fovDeg} must be > 0 and ≤ 360`
      : !Number.isFinite(model.rangeM) || model.rangeM <= 0 || model.rangeM > MAX_RANGE_M
        ? `rangeM ${model.rangeM} must be > 0 and ≤ ${MAX_RANGE_M}`
        : model.purposes.length === 0 || purposeMask(model.purposes) === 0
          ? 'purposes must name traffic, security or both'
          : null;
  if (problem !== null) throw new CoverageInputError('invalid_camera_model', `camera model ${model.name}: ${problem}`);
}

interface Site {
  id: string;
  kind: 'candidate' | 'checkpoint';
  location: LonLat;
  /** Reachable checkpoints (index into the sorted list) with a bearing, sorted by bearing. */
  around: Array<{ cp: number; bearing: number }>;
  /** Reachable checkpoints at the site itself (bearing undefined, seen whatever the aim). */
  here: number[];
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function bitsOf(mask: number): Purpose[] {
  return PURPOSES.filter((_, i) => (mask & (1 << i)) !== 0);
}

function countPurposes(mask: number, into: number[], sign = 1): void {
  for (let i = 0; i < PURPOSES.length; i++) if ((mask & (1 << i)) !== 0) into[i] += sign;
}

/**
 * Plan new camera sites for one area. `coveredPurposes` gives, per checkpoint id, the
 * purposes installed devices already cover (absent: none).
 */
export function planPlacements(
  area: CoverageArea,
  checkpoints: readonly CoverageCheckpoint[],
  coveredPurposes: ReadonlyMap<string, readonly Purpose[]>,
  options: PlacementOptions = {},
): PlacementPlan {
  checkArea(area);
  const model = options.model ?? FIXED_CAMERA_MODEL;
  checkModel(model);
  const modelMask = purposeMask(model.purposes);
  const cps = checkpoints.filter((c) => c.areaCode === area.code).sort(byId);
  for (const c of cps) checkCheckpoint(c);
  const prepared = cps.map((c) => preparePoint(c.location));

  // open[i]: purposes of checkpoint i not yet covered.
  const open = cps.map((c) => purposeMask(c.purposes) & ~purposeMask(coveredPurposes.get(c.id) ?? []));
  const totals = PURPOSES.map(() => 0);
  const coveredNow = PURPOSES.map(() => 0);
  cps.forEach((c, i) => {
    const mask = purposeMask(c.purposes);
    countPurposes(mask, totals);
    countPurposes(mask & ~open[i], coveredNow);
  });
  const before = figures(totals, coveredNow, area.targetPct);
  const need = PURPOSES.map((_, p) => Math.max(0, requiredCovered(totals[p], area.targetPct) - coveredNow[p]));

  const sites = sitesFor(cps, options.candidates);
  const reachLimitM2 = (model.rangeM + DISTANCE_TOLERANCE_M + 1e-6) ** 2;
  const reachable = cps.map(() => 0);
  for (const site of sites) {
    const sp = preparePoint(site.location);
    cps.forEach((c, i) => {
      if ((open[i] & modelMask) === 0) return;
      if (chordSquared(sp, prepared[i]) > reachLimitM2) return;
      const g = geodesicInverse(site.location, c.location);
      if (g.distanceM > model.rangeM + DISTANCE_TOLERANCE_M) return;
      reachable[i] |= open[i] & modelMask;
      if (g.distanceM <= DISTANCE_TOLERANCE_M || g.bearingDeg === null) site.here.push(i);
      else site.around.push({ cp: i, bearing: g.bearingDeg });
    });
    site.around.sort((a, b) => a.bearing - b.bearing || a.cp - b.cp);
  }
  const unreachable: GapRef[] = [];
  cps.forEach((c, i) => {
    const lost = open[i] & ~reachable[i];
    if (lost !== 0) unreachable.push({ checkpointId: c.id, purposes: bitsOf(lost) });
  });

  const suggestions: PlacementSuggestion[] = [];
  const omni = model.fovDeg >= 360;
  while (need.some((n) => n > 0)) {
    let best: { site: Site; gain: number; span: number; bearing: number } | null = null;
    for (const site of sites) {
      const w = bestArc(site, open, modelMask, need, model.fovDeg, omni);
      if (w.gain === 0) continue;
      if (best === null || w.gain > best.gain || (w.gain === best.gain && w.span < best.span)) {
        best = { site, ...w };
      }
    }
    if (best === null) break;
    const bearingDeg = best.bearing;
    const view = prepareView({ location: best.site.location, bearingDeg, fovDeg: model.fovDeg, rangeM: model.rangeM });
    const closes: GapRef[] = [];
    const covers: string[] = [];
    let worstOff = 0;
    cps.forEach((c, i) => {
      const shared = purposeMask(c.purposes) & modelMask;
      if (shared === 0 || !viewContains(view, prepared[i])) return;
      covers.push(c.id);
      const closing = open[i] & shared;
      if (closing === 0) return;
      closes.push({ checkpointId: c.id, purposes: bitsOf(closing) });
      open[i] &= ~closing;
      for (let p = 0; p < PURPOSES.length; p++) if ((closing & (1 << p)) !== 0) need[p] = Math.max(0, need[p] - 1);
      const g = geodesicInverse(best.site.location, c.location);
      if (!omni && g.bearingDeg !== null && g.distanceM > DISTANCE_TOLERANCE_M) {
        worstOff = Math.max(worstOff, Math.abs(bearingDifference(bearingDeg, g.bearingDeg)));
      }
    });
    // Cannot happen (the arc's gaps are in view by construction); guards the loop.
    if (closes.length === 0) break;
    suggestions.push({
      siteId: best.site.id,
      siteKind: best.site.kind,
      location: best.site.location,
      bearingDeg,
      fovDeg: model.fovDeg,
      rangeM: model.rangeM,
      purposes: bitsOf(modelMask),
      closes,
      covers,
      aimToleranceDeg: omni ? 180 : Math.max(0, model.fovDeg / 2 - worstOff),
    });
  }

  const coveredAfter = PURPOSES.map(() => 0);
  const remaining: GapRef[] = [];
  cps.forEach((c, i) => {
    countPurposes(purposeMask(c.purposes) & ~open[i], coveredAfter);
    if (open[i] !== 0) remaining.push({ checkpointId: c.id, purposes: bitsOf(open[i]) });
  });
  const after = figures(totals, coveredAfter, area.targetPct);
  return {
    areaCode: area.code,
    targetPct: area.targetPct,
    model,
    suggestions,
    before,
    after,
    meetsTargetAfter: cps.length > 0 && PURPOSES.every((p) => after[p].meetsTarget),
    unreachable,
    remaining,
  };
}

/**
 * Plan for an area given its devices (any area's: a neighbour's camera may already cover
 * a checkpoint). Tests every device against every checkpoint, so it suits one area and
 * its surroundings; the index (`CoverageIndex.suggestPlacements`) uses what it knows.
 */
export function suggestPlacements(
  area: CoverageArea,
  checkpoints: readonly CoverageCheckpoint[],
  devices: readonly CoverageDevice[],
  options: PlacementOptions = {},
): PlacementPlan {
  const active = devices.filter((d) => {
    checkDevice(d);
    return d.installed && !d.decommissioned;
  });
  const covered = new Map<string, Purpose[]>();
  for (const c of checkpoints) {
    if (c.areaCode !== area.code) continue;
    const mask = purposeMask(c.purposes);
    let got = 0;
    for (const d of active) {
      const shared = mask & purposeMask(d.purposes);
      if ((shared & ~got) !== 0 && inFieldOfView(d, c.location)) got |= shared;
    }
    covered.set(c.id, bitsOf(got));
  }
  return planPlacements(area, checkpoints, covered, options);
}

/** The suggestions as devices, installed and operational, e.g. to preview their coverage. */
export function suggestionsAsDevices(plan: PlacementPlan, idPrefix = 'suggested'): CoverageDevice[] {
  return plan.suggestions.map((s, i) => ({
    id: `${idPrefix}-${i + 1}`,
    areaCode: plan.areaCode,
    purposes: s.purposes,
    location: s.location,
    bearingDeg: s.bearingDeg,
    fovDeg: s.fovDeg,
    rangeM: s.rangeM,
    installed: true,
    decommissioned: false,
    operational: true,
  }));
}

function figures(totals: number[], covered: number[], targetPct: number): Record<Purpose, PlannedFigure> {
  const out = {} as Record<Purpose, PlannedFigure>;
  PURPOSES.forEach((purpose, p) => {
    out[purpose] = { purpose, applicable: totals[p] > 0, checkpoints: totals[p], ...coverageFigure(covered[p], totals[p], targetPct) };
  });
  return out;
}

function sitesFor(cps: readonly CoverageCheckpoint[], candidates: readonly CandidateSite[] | undefined): Site[] {
  if (candidates !== undefined) {
    const seen = new Set<string>();
    return [...candidates].sort(byId).map((c) => {
      const problem = locationProblem(c.location) ?? (seen.has(c.id) ? 'duplicate id' : null);
      if (problem !== null) throw new CoverageInputError('invalid_candidate_site', `candidate site ${c.id}: ${problem}`);
      seen.add(c.id);
      return { id: c.id, kind: 'candidate', location: c.location, around: [], here: [] };
    });
  }
  // One site per distinct position; checkpoints are sorted by id, so the first id names it.
  const byPosition = new Map<string, Site>();
  for (const c of cps) {
    const key = `${c.location[0]},${c.location[1]}`;
    if (!byPosition.has(key)) byPosition.set(key, { id: c.id, kind: 'checkpoint', location: c.location, around: [], here: [] });
  }
  return [...byPosition.values()];
}

/**
 * The best arc of width `fovDeg` at a site over the gaps still open: its gain (gaps
 * closed, at most the number still needed per purpose), its span (bearing from the
 * first to the last gap it takes) and the bearing aimed at its middle.
 */
function bestArc(
  site: Site,
  open: readonly number[],
  modelMask: number,
  need: readonly number[],
  fovDeg: number,
  omni: boolean,
): { gain: number; span: number; bearing: number } {
  const base = PURPOSES.map(() => 0);
  for (const i of site.here) countPurposes(open[i] & modelMask, base);
  const entries = site.around.filter((e) => (open[e.cp] & modelMask) !== 0);
  const gainOf = (counts: number[]) => counts.reduce((g, n, p) => g + Math.min(need[p], n), 0);
  if (omni || entries.length === 0) {
    const all = [...base];
    for (const e of entries) countPurposes(open[e.cp] & modelMask, all);
    return { gain: gainOf(all), span: 0, bearing: 0 };
  }
  const m = entries.length;
  const bearingAt = (k: number) => entries[k % m].bearing + (k >= m ? 360 : 0);
  const counts = [...base];
  let best = { gain: -1, span: 0, bearing: 0 };
  let j = 0;
  for (let i = 0; i < m; i++) {
    if (j < i) j = i;
    // Grow the arc [bearing_i, bearing_i + fov] over the following gaps, past north if need be.
    while (j < i + m && bearingAt(j) - entries[i].bearing <= fovDeg) {
      countPurposes(open[entries[j % m].cp] & modelMask, counts);
      j++;
    }
    const gain = gainOf(counts);
    const span = bearingAt(j - 1) - entries[i].bearing;
    if (gain > best.gain || (gain === best.gain && span < best.span)) {
      best = { gain, span, bearing: normaliseBearing(entries[i].bearing + span / 2) };
    }
    countPurposes(open[entries[i].cp] & modelMask, counts, -1);
  }
  return best;
}
