// Micro-benchmark of the coverage index against DESIGN.md §6: 10,000 cameras, 2,000
// traffic sensors, 500 key areas, 50,000 checkpoints; a full recompute must take ≤ 1 s
// and one device change ≤ 100 ms to reach its area's coverage. Not a test (timings are
// reported, never asserted) and not exported from the lib: `npm run bench` calls
// `runCoverageBench()`. The synthetic province is the same on every run (seeded PRNG).
import type { Purpose } from '@ioc/contracts';
import { CoverageIndex } from './coverage-index';
import { destination } from './geodesy';
import type { CoverageArea, CoverageCheckpoint, CoverageDevice } from './model';

export interface CoverageBenchOptions {
  areas?: number;
  checkpointsPerArea?: number;
  camerasPerArea?: number;
  sensorsPerArea?: number;
  /** Device changes timed one by one. */
  changes?: number;
  seed?: number;
}

export interface CoverageBenchResult {
  areas: number;
  checkpoints: number;
  cameras: number;
  sensors: number;
  /** (device, checkpoint) coverings found. */
  links: number;
  /** Load everything into a fresh index and compute every area, district and the province, first run. */
  fullLoadMs: number;
  /** The same on a second fresh index, with the code already optimised by the JIT. */
  fullLoadWarmMs: number;
  /** One device change (status flip, re-aim, move or decommission) and the coverage of the areas it changed. */
  deviceChange: { count: number; p50Ms: number; p99Ms: number; maxMs: number; meanAreasChanged: number };
  /** Share of key areas meeting the target in the synthetic province (sanity, not a target). */
  province: { installedPct: number | null; operationalPct: number | null };
}

const DISTRICTS = ['Đồng Hới', 'Ba Đồn', 'Bố Trạch', 'Quảng Trạch', 'Tuyên Hóa', 'Minh Hóa', 'Quảng Ninh', 'Lệ Thủy'];

/** Park–Miller minimal standard generator: small, deterministic, good enough for layout. */
function prng(seed: number): () => number {
  let s = seed % 2147483647;
  if (s <= 0) s += 2147483646;
  return () => {
    s = (s * 48271) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

export interface SyntheticProvince {
  areas: CoverageArea[];
  checkpoints: CoverageCheckpoint[];
  devices: CoverageDevice[];
}

/**
 * Key areas scattered over Quảng Bình (a third of them packed around Đồng Hới, so that
 * neighbouring areas overlap and cameras cover across boundaries), each ~400 m across with
 * its checkpoints grouped around a dozen spots (gates, crossings), its cameras and its
 * traffic sensors. In three areas out of five the cameras were planned: the first ones
 * stand 20–50 m from each spot, aimed at it; elsewhere they stand anywhere, aimed
 * anywhere. A few devices are offline, degraded, not yet installed or decommissioned.
 */
export function syntheticProvince(options: CoverageBenchOptions = {}): SyntheticProvince {
  const rnd = prng(options.seed ?? 20251127);
  const nAreas = options.areas ?? 500;
  const perArea = options.checkpointsPerArea ?? 100;
  const camerasPerArea = options.camerasPerArea ?? 20;
  const sensorsPerArea = options.sensorsPerArea ?? 4;
  const spotsPerArea = 12;
  const areas: CoverageArea[] = [];
  const checkpoints: CoverageCheckpoint[] = [];
  const devices: CoverageDevice[] = [];
  const purposeSets: Purpose[][] = [['traffic'], ['security'], ['security', 'traffic']];
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  for (let a = 0; a < nAreas; a++) {
    const code = `QB-${String(a + 1).padStart(4, '0')}`;
    const centre: [number, number] =
      a % 3 === 0
        ? [106.58 + rnd() * 0.06, 17.44 + rnd() * 0.06] // Đồng Hới, dense
        : [105.6 + rnd() * 1.3, 16.9 + rnd() * 1.2];
    const district = a % 3 === 0 ? DISTRICTS[0] : DISTRICTS[1 + Math.floor(rnd() * (DISTRICTS.length - 1))];
    areas.push({ code, name: `Khu vực trọng điểm ${a + 1}`, district, targetPct: 100 });
    const planned = a % 5 < 3;
    const spots = Array.from({ length: spotsPerArea }, () => destination(centre, rnd() * 360, Math.sqrt(rnd()) * 180));
    for (let c = 0; c < perArea; c++) {
      const spot = spots[c % spotsPerArea];
      checkpoints.push({ id: `CP-${c + 1}`, areaCode: code, purposes: pick(purposeSets), location: destination(spot, rnd() * 360, rnd() * 15) });
    }
    for (let k = 0; k < camerasPerArea; k++) {
      const roll = rnd();
      const state = { installed: roll > 0.02, decommissioned: roll > 0.01 && roll < 0.02, operational: roll > 0.1 };
      const id = `${code}-CAM-${k + 1}`;
      if (planned) {
        // Aimed at a spot from 20–50 m away; a dome above every third spot.
        const spot = spots[k % spotsPerArea];
        const dome = k % 3 === 2;
        const from = rnd() * 360;
        const location = destination(spot, from, dome ? 5 : 20 + rnd() * 30);
        devices.push({
          id, areaCode: code, purposes: ['security', 'traffic'], location,
          bearingDeg: (from + 180) % 360, fovDeg: dome ? 360 : 90, rangeM: dome ? 40 : 80, ...state,
        });
      } else {
        const dome = rnd() < 0.2;
        devices.push({
          id, areaCode: code, purposes: pick(purposeSets), location: destination(centre, rnd() * 360, Math.sqrt(rnd()) * 220),
          bearingDeg: rnd() * 360, fovDeg: dome ? 360 : 60 + rnd() * 50, rangeM: dome ? 40 + rnd() * 40 : 60 + rnd() * 90, ...state,
        });
      }
    }
    for (let k = 0; k < sensorsPerArea; k++) {
      devices.push({
        id: `${code}-SEN-${k + 1}`,
        areaCode: code,
        purposes: ['traffic'],
        location: destination(pick(spots), rnd() * 360, rnd() * 10),
        bearingDeg: 0,
        fovDeg: 360,
        rangeM: 30,
        installed: true,
        decommissioned: false,
        operational: rnd() > 0.05,
      });
    }
  }
  return { areas, checkpoints, devices };
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function fullRecompute(p: SyntheticProvince): { index: CoverageIndex; ms: number } {
  const started = performance.now();
  const index = new CoverageIndex();
  index.load(p.areas, p.checkpoints, p.devices);
  index.allAreaCoverage();
  index.districtSummary();
  index.provinceSummary();
  return { index, ms: performance.now() - started };
}

export function runCoverageBench(options: CoverageBenchOptions = {}): CoverageBenchResult {
  const province = syntheticProvince(options);
  const cold = fullRecompute(province);
  const warm = fullRecompute(province);
  const index = warm.index;

  const rnd = prng((options.seed ?? 20251127) + 1);
  const nChanges = options.changes ?? 200;
  const times: number[] = [];
  let areasChanged = 0;
  for (let i = 0; i < nChanges; i++) {
    const before = province.devices[Math.floor(rnd() * province.devices.length)];
    const kind = i % 4;
    const after: CoverageDevice =
      kind === 0
        ? { ...before, operational: !before.operational }
        : kind === 1
          ? { ...before, bearingDeg: (before.bearingDeg + 30 + rnd() * 300) % 360 }
          : kind === 2
            ? { ...before, location: destination(before.location, rnd() * 360, 10 + rnd() * 40) }
            : { ...before, decommissioned: !before.decommissioned };
    const started = performance.now();
    const changed = index.upsertDevice(after);
    for (const code of changed) index.areaCoverage(code);
    times.push(performance.now() - started);
    areasChanged += changed.size;
    province.devices[province.devices.indexOf(before)] = after;
  }
  times.sort((a, b) => a - b);
  const summary = index.provinceSummary();
  const cameras = province.devices.filter((d) => d.id.includes('-CAM-')).length;
  return {
    areas: province.areas.length,
    checkpoints: province.checkpoints.length,
    cameras,
    sensors: province.devices.length - cameras,
    links: index.stats().links,
    fullLoadMs: cold.ms,
    fullLoadWarmMs: warm.ms,
    deviceChange: {
      count: nChanges,
      p50Ms: percentile(times, 0.5),
      p99Ms: percentile(times, 0.99),
      maxMs: times.length > 0 ? times[times.length - 1] : 0,
      meanAreasChanged: nChanges > 0 ? areasChanged / nChanges : 0,
    },
    province: { installedPct: summary.installed.pct, operationalPct: summary.operational.pct },
  };
}
