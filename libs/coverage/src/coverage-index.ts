// The coverage of a whole province, kept up to date change by change (DESIGN.md §4, §6).
//
// The index holds every key area, checkpoint and device, and for every checkpoint the
// devices that cover it. A device covers any checkpoint it sees, whatever area either is
// registered in, so a camera across an area boundary counts for its neighbour. Two bucket
// grids (grid.ts) keep the work local: a device is tested only against checkpoints in the
// cells its range can reach, and a checkpoint only against devices whose range reaches
// its cell. So a full load costs about (devices × checkpoints within reach of each), and
// one device change touches only checkpoints within its range, hence only the areas
// those belong to; every mutation returns exactly the codes of the areas whose figures
// (counts, percentages, verdicts, name or district) changed, for the service to publish.
//
// Per checkpoint and purpose it counts covering installed devices and covering
// operational ones; per area and purpose, how many checkpoints have a non-zero count. A
// status change (online, offline, degraded) moves only the second counts, without any
// geometry; a move or re-aim is a removal and an insertion.
import { PURPOSES, type Purpose } from '@ioc/contracts';
import { CoverageInputError } from './errors';
import { DISTANCE_TOLERANCE_M, PreparedPoint, PreparedView, viewContains } from './field-of-view';
import { areaCoverageFrom, emptyCounts, kpiOf, type PurposeCounts } from './figures';
import { DEFAULT_CELL_SIZE_M, GeoGrid } from './grid';
import type {
  AreaCoverage,
  CheckpointCoverage,
  CoverageArea,
  CoverageCheckpoint,
  CoverageDevice,
  CoverageGap,
  CoverageKpi,
  DistrictCoverage,
  PurposeDevices,
} from './model';
import { type PlacementOptions, type PlacementPlan, planPlacements } from './placement';
import { checkArea, checkCheckpoint, checkDevice, purposeMask } from './validate';

export interface CoverageIndexOptions {
  /** Grid cell size in metres (default 200): about the typical camera range works best. */
  cellSizeM?: number;
  /** Latitude at which grid cells are square; default: the mean latitude loaded. */
  referenceLat?: number;
}

/** Area codes whose figures changed. */
export type ChangedAreas = ReadonlySet<string>;

interface AreaState {
  area: CoverageArea;
  checkpoints: Map<string, CheckpointState>;
  /** Per purpose index: checkpoints; covered by an installed device; by an operational one. */
  total: number[];
  installed: number[];
  operational: number[];
}

// Classes with every field set in the constructor, and arrays rather than Sets: a province
// holds ~10^5 of these, and the full load must not spend its time in the allocator.
class CheckpointState extends PreparedPoint {
  readonly mask: number;
  readonly viewers: DeviceState[] = [];
  /** Per purpose index p: covering installed devices at [p], covering operational ones at [P + p]. */
  readonly counts: number[];

  constructor(
    readonly cp: CoverageCheckpoint,
    readonly area: AreaState,
    readonly cell: number,
  ) {
    super(cp.location);
    this.mask = purposeMask(cp.purposes);
    this.counts = P === 2 ? [0, 0, 0, 0] : new Array<number>(2 * P).fill(0);
  }
}

class DeviceState {
  readonly view: PreparedView;
  readonly mask: number;
  /** Installed, not decommissioned and serving a purpose: it can cover something. */
  readonly active: boolean;
  /** Active and operational, as counted in its checkpoints' operational counts. */
  operational: boolean;
  footprint: number[] = [];
  readonly covers: CheckpointState[] = [];

  /** `device` has been checked (checkDevice). */
  constructor(public device: CoverageDevice) {
    this.view = new PreparedView(device);
    this.mask = purposeMask(device.purposes);
    this.active = device.installed && !device.decommissioned && this.mask !== 0;
    this.operational = this.active && device.operational;
  }
}

/** Remove one item from an unordered array. */
function dropFrom<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i < 0) return;
  list[i] = list[list.length - 1];
  list.pop();
}

interface Snapshot {
  counts: string;
}

const P = PURPOSES.length;
const PURPOSE_INDEXES = PURPOSES.map((_, i) => i);
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class CoverageIndex {
  private readonly areas = new Map<string, AreaState>();
  private readonly devices = new Map<string, DeviceState>();
  private checkpointGrid: GeoGrid<CheckpointState>;
  private deviceGrid: GeoGrid<DeviceState>;
  /** Areas touched by the mutation in progress, with their figures before it. */
  private touched: Map<AreaState, Snapshot> | null = null;

  constructor(private readonly options: CoverageIndexOptions = {}) {
    this.checkpointGrid = new GeoGrid(options.cellSizeM ?? DEFAULT_CELL_SIZE_M, options.referenceLat ?? 0);
    this.deviceGrid = new GeoGrid(options.cellSizeM ?? DEFAULT_CELL_SIZE_M, options.referenceLat ?? 0);
  }

  // -------------------------------------------------------------------------------------
  // Mutations

  /**
   * Replace everything with these areas, checkpoints and devices and compute all coverage.
   * Validates everything before changing anything. Returns every area code, before and after.
   * A repeated id (device; area + checkpoint id; area code) keeps the last one.
   */
  load(areas: readonly CoverageArea[], checkpoints: readonly CoverageCheckpoint[], devices: readonly CoverageDevice[]): ChangedAreas {
    for (const a of areas) checkArea(a);
    const codes = new Set(areas.map((a) => a.code));
    for (const c of checkpoints) {
      checkCheckpoint(c);
      if (!codes.has(c.areaCode)) throw unknownArea(c.areaCode, `checkpoint ${c.id}`);
    }
    for (const d of devices) checkDevice(d);

    const changed = new Set([...this.areas.keys(), ...codes]);
    this.areas.clear();
    this.devices.clear();
    let refLat = this.options.referenceLat;
    if (refLat === undefined) {
      const lats = checkpoints.length > 0 ? checkpoints.map((c) => c.location[1]) : devices.map((d) => d.location[1]);
      refLat = lats.length > 0 ? Math.max(-80, Math.min(80, lats.reduce((s, x) => s + x, 0) / lats.length)) : 0;
    }
    const cellSizeM = this.options.cellSizeM ?? DEFAULT_CELL_SIZE_M;
    this.checkpointGrid = new GeoGrid(cellSizeM, refLat);
    this.deviceGrid = new GeoGrid(cellSizeM, refLat);

    for (const a of areas) this.areas.set(a.code, newArea(a));
    for (const c of checkpoints) {
      const area = this.areaState(c.areaCode);
      const old = area.checkpoints.get(c.id);
      if (old !== undefined) this.unplaceCheckpoint(old);
      this.placeCheckpoint(this.newCheckpoint(c, area), false);
    }
    for (const d of devices) {
      const old = this.devices.get(d.id);
      if (old !== undefined) this.unplaceDevice(old);
      this.placeDevice(d);
    }
    return changed;
  }

  /** Add or replace an area (name, district, target). */
  upsertArea(area: CoverageArea): ChangedAreas {
    checkArea(area);
    const state = this.areas.get(area.code);
    if (state === undefined) {
      this.areas.set(area.code, newArea(area));
      return new Set([area.code]);
    }
    const before = state.area;
    state.area = area;
    const same = before.name === area.name && before.district === area.district && before.targetPct === area.targetPct;
    return same ? new Set() : new Set([area.code]);
  }

  /** Remove an area with its checkpoints. */
  removeArea(code: string): ChangedAreas {
    const state = this.areas.get(code);
    if (state === undefined) return new Set();
    this.begin();
    for (const c of [...state.checkpoints.values()]) this.unplaceCheckpoint(c);
    this.areas.delete(code);
    this.end();
    return new Set([code]);
  }

  /** Add, move, re-aim, re-purpose or change the status of a device. */
  upsertDevice(device: CoverageDevice): ChangedAreas {
    checkDevice(device);
    this.begin();
    const old = this.devices.get(device.id);
    const mask = purposeMask(device.purposes);
    const active = device.installed && !device.decommissioned && mask !== 0;
    if (old !== undefined && old.active === active && old.mask === mask && sameView(old.device, device)) {
      // Only the status (or the area it is registered in) changed: no geometry to redo.
      old.device = device;
      const operational = active && device.operational;
      if (operational !== old.operational) this.setOperational(old, operational);
    } else {
      if (old !== undefined) this.unplaceDevice(old);
      this.placeDevice(device);
    }
    return this.end();
  }

  removeDevice(id: string): ChangedAreas {
    const old = this.devices.get(id);
    if (old === undefined) return new Set();
    this.begin();
    this.unplaceDevice(old);
    return this.end();
  }

  /** Add, move or re-purpose a checkpoint; its area must be loaded. */
  upsertCheckpoint(checkpoint: CoverageCheckpoint): ChangedAreas {
    checkCheckpoint(checkpoint);
    const area = this.areas.get(checkpoint.areaCode);
    if (area === undefined) throw unknownArea(checkpoint.areaCode, `checkpoint ${checkpoint.id}`);
    this.begin();
    const old = area.checkpoints.get(checkpoint.id);
    if (old !== undefined) this.unplaceCheckpoint(old);
    this.placeCheckpoint(this.newCheckpoint(checkpoint, area), true);
    return this.end();
  }

  removeCheckpoint(areaCode: string, checkpointId: string): ChangedAreas {
    const old = this.areas.get(areaCode)?.checkpoints.get(checkpointId);
    if (old === undefined) return new Set();
    this.begin();
    this.unplaceCheckpoint(old);
    return this.end();
  }

  // -------------------------------------------------------------------------------------
  // Queries

  hasArea(code: string): boolean {
    return this.areas.has(code);
  }

  /** Installed and operational coverage of one area, per purpose, and its verdicts. */
  areaCoverage(code: string): AreaCoverage {
    const state = this.areaState(code);
    return areaCoverageFrom(state.area, state.checkpoints.size, countsOf(state));
  }

  /** Every area's coverage, by area code. */
  allAreaCoverage(): AreaCoverage[] {
    return [...this.areas.keys()].sort(byCode).map((code) => this.areaCoverage(code));
  }

  /** Province KPI: the share of key areas meeting their target. */
  provinceSummary(): CoverageKpi {
    return kpiOf(this.allAreaCoverage());
  }

  /** The KPI per district, by district name (Vietnamese collation). */
  districtSummary(): DistrictCoverage[] {
    const byDistrict = new Map<string, AreaCoverage[]>();
    for (const a of this.allAreaCoverage()) {
      const list = byDistrict.get(a.district);
      if (list === undefined) byDistrict.set(a.district, [a]);
      else list.push(a);
    }
    return [...byDistrict.entries()]
      .sort(([a], [b]) => a.localeCompare(b, 'vi'))
      .map(([district, areas]) => ({ district, ...kpiOf(areas) }));
  }

  /** Uncovered checkpoints of an area, per purpose, by checkpoint id then purpose. */
  gaps(code: string): CoverageGap[] {
    const gaps: CoverageGap[] = [];
    for (const c of this.sortedCheckpoints(code)) {
      for (const p of PURPOSE_INDEXES) {
        if ((c.mask & (1 << p)) === 0 || c.counts[P + p] > 0) continue;
        gaps.push({
          areaCode: c.cp.areaCode,
          checkpointId: c.cp.id,
          purpose: PURPOSES[p],
          location: c.cp.location,
          kind: c.counts[p] === 0 ? 'installed' : 'operational',
          waitingOn: viewerIds(c, p, false),
        });
      }
    }
    return gaps;
  }

  /** Every checkpoint of an area with the devices covering it, by checkpoint id. */
  checkpointCoverage(code: string): CheckpointCoverage[] {
    return this.sortedCheckpoints(code).map(describeCheckpoint);
  }

  /** One checkpoint with the devices covering it; undefined when unknown. */
  coverageOf(areaCode: string, checkpointId: string): CheckpointCoverage | undefined {
    const c = this.areas.get(areaCode)?.checkpoints.get(checkpointId);
    return c === undefined ? undefined : describeCheckpoint(c);
  }

  /** New camera sites that would bring the area to target (placement.ts). */
  suggestPlacements(code: string, options: PlacementOptions = {}): PlacementPlan {
    const state = this.areaState(code);
    const covered = new Map<string, Purpose[]>();
    for (const c of state.checkpoints.values()) {
      covered.set(
        c.cp.id,
        PURPOSES.filter((_, p) => c.counts[p] > 0),
      );
    }
    return planPlacements(state.area, [...state.checkpoints.values()].map((c) => c.cp), covered, options);
  }

  /** Sizes, for logs and metrics: `links` is the number of (device, checkpoint) coverings. */
  stats(): { areas: number; checkpoints: number; devices: number; links: number } {
    let checkpoints = 0;
    let links = 0;
    for (const a of this.areas.values()) {
      checkpoints += a.checkpoints.size;
      for (const c of a.checkpoints.values()) links += c.viewers.length;
    }
    return { areas: this.areas.size, checkpoints, devices: this.devices.size, links };
  }

  // -------------------------------------------------------------------------------------
  // Internals

  private areaState(code: string): AreaState {
    const state = this.areas.get(code);
    if (state === undefined) throw unknownArea(code, 'query');
    return state;
  }

  private sortedCheckpoints(code: string): CheckpointState[] {
    return [...this.areaState(code).checkpoints.values()].sort((a, b) => byCode(a.cp.id, b.cp.id));
  }

  private newCheckpoint(cp: CoverageCheckpoint, area: AreaState): CheckpointState {
    return new CheckpointState(cp, area, this.checkpointGrid.cellOf(cp.location));
  }

  private begin(): void {
    this.touched = new Map();
  }

  private end(): ChangedAreas {
    const changed = new Set<string>();
    if (this.touched !== null) {
      for (const [area, before] of this.touched) {
        if (snapshot(area).counts !== before.counts) changed.add(area.area.code);
      }
    }
    this.touched = null;
    return changed;
  }

  private touch(area: AreaState): void {
    if (this.touched !== null && !this.touched.has(area)) this.touched.set(area, snapshot(area));
  }

  private placeCheckpoint(c: CheckpointState, findViewers: boolean): void {
    this.touch(c.area);
    c.area.checkpoints.set(c.cp.id, c);
    this.checkpointGrid.add(c.cell, c);
    for (const p of PURPOSE_INDEXES) if ((c.mask & (1 << p)) !== 0) c.area.total[p]++;
    if (!findViewers) return;
    for (const d of this.deviceGrid.itemsIn(c.cell)) {
      if ((d.mask & c.mask) !== 0 && viewContains(d.view, c)) this.link(d, c);
    }
  }

  private unplaceCheckpoint(c: CheckpointState): void {
    this.touch(c.area);
    while (c.viewers.length > 0) this.unlink(c.viewers[c.viewers.length - 1], c);
    for (const p of PURPOSE_INDEXES) if ((c.mask & (1 << p)) !== 0) c.area.total[p]--;
    this.checkpointGrid.remove(c.cell, c);
    c.area.checkpoints.delete(c.cp.id);
  }

  private placeDevice(device: CoverageDevice): void {
    const d = new DeviceState(device);
    this.devices.set(device.id, d);
    if (!d.active) return;
    d.footprint = this.deviceGrid.cellsNear(device.location, device.rangeM + DISTANCE_TOLERANCE_M + 1e-3);
    for (const key of d.footprint) {
      this.deviceGrid.add(key, d);
      for (const c of this.checkpointGrid.itemsIn(key)) {
        if ((d.mask & c.mask) !== 0 && viewContains(d.view, c)) this.link(d, c);
      }
    }
  }

  private unplaceDevice(d: DeviceState): void {
    for (const key of d.footprint) this.deviceGrid.remove(key, d);
    while (d.covers.length > 0) this.unlink(d, d.covers[d.covers.length - 1]);
    this.devices.delete(d.device.id);
  }

  private link(d: DeviceState, c: CheckpointState): void {
    this.touch(c.area);
    d.covers.push(c);
    c.viewers.push(d);
    const shared = d.mask & c.mask;
    for (const p of PURPOSE_INDEXES) {
      if ((shared & (1 << p)) === 0) continue;
      if (c.counts[p]++ === 0) c.area.installed[p]++;
      if (d.operational && c.counts[P + p]++ === 0) c.area.operational[p]++;
    }
  }

  private unlink(d: DeviceState, c: CheckpointState): void {
    this.touch(c.area);
    dropFrom(d.covers, c);
    dropFrom(c.viewers, d);
    const shared = d.mask & c.mask;
    for (const p of PURPOSE_INDEXES) {
      if ((shared & (1 << p)) === 0) continue;
      if (--c.counts[p] === 0) c.area.installed[p]--;
      if (d.operational && --c.counts[P + p] === 0) c.area.operational[p]--;
    }
  }

  private setOperational(d: DeviceState, operational: boolean): void {
    for (const c of d.covers) {
      this.touch(c.area);
      const shared = d.mask & c.mask;
      for (const p of PURPOSE_INDEXES) {
        if ((shared & (1 << p)) === 0) continue;
        if (operational) {
          if (c.counts[P + p]++ === 0) c.area.operational[p]++;
        } else if (--c.counts[P + p] === 0) c.area.operational[p]--;
      }
    }
    d.operational = operational;
  }
}

function newArea(area: CoverageArea): AreaState {
  return {
    area,
    checkpoints: new Map(),
    total: PURPOSES.map(() => 0),
    installed: PURPOSES.map(() => 0),
    operational: PURPOSES.map(() => 0),
  };
}

function snapshot(a: AreaState): Snapshot {
  return { counts: `${a.total.join(',')}|${a.installed.join(',')}|${a.operational.join(',')}` };
}

function countsOf(a: AreaState): PurposeCounts {
  const counts = emptyCounts();
  PURPOSES.forEach((p, i) => {
    counts[p] = { checkpoints: a.total[i], installedCovered: a.installed[i], operationalCovered: a.operational[i] };
  });
  return counts;
}

function sameView(a: CoverageDevice, b: CoverageDevice): boolean {
  return (
    a.location[0] === b.location[0] &&
    a.location[1] === b.location[1] &&
    a.bearingDeg === b.bearingDeg &&
    a.fovDeg === b.fovDeg &&
    a.rangeM === b.rangeM
  );
}

/** Ids of the devices covering checkpoint `c` for purpose index `p`, operational ones or all. */
function viewerIds(c: CheckpointState, p: number, operationalOnly: boolean): string[] {
  const ids: string[] = [];
  for (const d of c.viewers) {
    if ((d.mask & (1 << p)) !== 0 && (!operationalOnly || d.operational)) ids.push(d.device.id);
  }
  return ids.sort(byCode);
}

function describeCheckpoint(c: CheckpointState): CheckpointCoverage {
  const byPurpose: PurposeDevices[] = [];
  for (const p of PURPOSE_INDEXES) {
    if ((c.mask & (1 << p)) === 0) continue;
    byPurpose.push({ purpose: PURPOSES[p], installed: viewerIds(c, p, false), operational: viewerIds(c, p, true) });
  }
  return { areaCode: c.cp.areaCode, checkpointId: c.cp.id, purposes: c.cp.purposes, location: c.cp.location, byPurpose };
}

function unknownArea(code: string, what: string): CoverageInputError {
  return new CoverageInputError('unknown_area', `${what}: area ${code} is not loaded`);
}
