import type { Purpose } from '@ioc/contracts';
import { CoverageIndex } from './coverage-index';
import { CoverageInputError } from './errors';
import { destination } from './geodesy';
import type { CoverageArea, CoverageCheckpoint, CoverageDevice, LonLat } from './model';
import { DOME_CAMERA_MODEL, FIXED_CAMERA_MODEL, type PlacementPlan, suggestPlacements, suggestionsAsDevices } from './placement';
import { prng, camera as cameraIn } from './coverage.fixture';

const POLE: LonLat = [106.6222, 17.4689];

const area = (code: string, targetPct = 100): CoverageArea => ({ code, name: `Khu vực ${code}`, district: 'Đồng Hới', targetPct });
const cp = (id: string, location: LonLat, purposes: Purpose[] = ['security', 'traffic'], areaCode = 'A'): CoverageCheckpoint => ({ id, areaCode, purposes, location });
const camera = (id: string, location: LonLat, view: Partial<CoverageDevice> = {}): CoverageDevice => cameraIn(id, 'A', location, view);

/** Register the suggested cameras in an index holding the area, and return its coverage. */
function afterRegistering(a: CoverageArea, cps: CoverageCheckpoint[], devices: CoverageDevice[], plan: PlacementPlan) {
  const index = new CoverageIndex();
  index.load([a], cps, devices);
  for (const d of suggestionsAsDevices(plan)) index.upsertDevice(d);
  return index.areaCoverage(a.code);
}

describe('placement suggestions', () => {
  it('close every gap: registering the suggested cameras brings random areas to 100 %', () => {
    const rnd = prng(99);
    const purposeSets: Purpose[][] = [['traffic'], ['security'], ['security', 'traffic']];
    for (let trial = 0; trial < 30; trial++) {
      const centre = destination(POLE, 360 * rnd(), 2000 * rnd());
      const cps = Array.from({ length: 10 + Math.floor(40 * rnd()) }, (_, i) =>
        cp(`cp-${i}`, destination(centre, 360 * rnd(), 250 * Math.sqrt(rnd())), purposeSets[Math.floor(rnd() * 3)]),
      );
      const devices = Array.from({ length: Math.floor(8 * rnd()) }, (_, i) =>
        camera(`cam-${i}`, destination(centre, 360 * rnd(), 250 * rnd()), { bearingDeg: 360 * rnd(), purposes: purposeSets[Math.floor(rnd() * 3)] }),
      );
      const model = trial % 3 === 0 ? DOME_CAMERA_MODEL : FIXED_CAMERA_MODEL;
      const plan = suggestPlacements(area('A'), cps, devices, { model });
      expect(plan.meetsTargetAfter).toBe(true);
      expect(plan.remaining).toEqual([]);
      const after = afterRegistering(area('A'), cps, devices, plan);
      expect(after.meetsTarget.installed).toBe(true);
      expect([after.purposes.traffic.installed, after.purposes.security.installed].every((f) => f.pct === null || f.pct === 100)).toBe(true);
      // What the plan predicted is what registering gives.
      expect(after.purposes.security.installed.covered).toBe(plan.after.security.covered);
      expect(after.purposes.traffic.installed.covered).toBe(plan.after.traffic.covered);
      // Never more sites than gaps.
      const gaps = cps.length * 2;
      expect(plan.suggestions.length).toBeLessThanOrEqual(gaps);
    }
  });

  it('uses one site per tight cluster, far fewer than checkpoints', () => {
    // 5 clusters 500 m apart, 6 checkpoints each within 5 m of the cluster centre: a dome
    // (360°, 50 m) at any checkpoint of a cluster sees the whole cluster ⇒ 5 sites for 30.
    const rnd = prng(5);
    const cps: CoverageCheckpoint[] = [];
    for (let k = 0; k < 5; k++) {
      const centre = destination(POLE, 72 * k, 500);
      for (let i = 0; i < 6; i++) cps.push(cp(`c${k}-${i}`, destination(centre, 360 * rnd(), 5 * rnd())));
    }
    const plan = suggestPlacements(area('A'), cps, [], { model: DOME_CAMERA_MODEL });
    expect(plan.suggestions).toHaveLength(5);
    expect(plan.suggestions.every((s) => s.closes.length === 6 && s.aimToleranceDeg === 180)).toBe(true);
    expect(afterRegistering(area('A'), cps, [], plan).meetsTarget.installed).toBe(true);
  });

  it('finds the exact bearing when two gaps are exactly one field of view apart (no 1° sampling)', () => {
    // From the candidate pole: gaps at 10.3° (50 m) and 100.3° (60 m), 90° apart; a third at
    // 200° (40 m). A 90° camera takes the first two only when aimed at exactly 55.3°, with no
    // slack; the third needs a second camera. 1° sampling (55° or 56°) would take only one
    // of the pair.
    const cps = [cp('a', destination(POLE, 10.3, 50)), cp('b', destination(POLE, 100.3, 60)), cp('c', destination(POLE, 200, 40))];
    const plan = suggestPlacements(area('A'), cps, [], { candidates: [{ id: 'pole', location: POLE }] });
    expect(plan.suggestions.map((s) => s.closes.map((g) => g.checkpointId))).toEqual([['a', 'b'], ['c']]);
    expect(plan.suggestions[0].bearingDeg).toBeCloseTo(55.3, 6);
    expect(plan.suggestions[0].aimToleranceDeg).toBeLessThan(1e-6);
    expect(plan.suggestions[1].aimToleranceDeg).toBeCloseTo(45, 6);
    expect(plan.suggestions[0].siteKind).toBe('candidate');
    expect(afterRegistering(area('A'), cps, [], plan).meetsTarget.installed).toBe(true);
  });

  it('aims across north when the best arc wraps past 0°', () => {
    // Gaps at 340° and 20° from the pole: one 90° camera aimed at 0° takes both.
    const cps = [cp('a', destination(POLE, 340, 50)), cp('b', destination(POLE, 20, 50))];
    const plan = suggestPlacements(area('A'), cps, [], { candidates: [{ id: 'pole', location: POLE }] });
    expect(plan.suggestions).toHaveLength(1);
    expect(Math.min(plan.suggestions[0].bearingDeg, 360 - plan.suggestions[0].bearingDeg)).toBeLessThan(1e-6);
    expect(plan.suggestions[0].aimToleranceDeg).toBeCloseTo(25, 6);
  });

  it('stops at the target when it is below 100 %', () => {
    // Four security checkpoints 1 km apart (one camera each); target 50 % ⇒ ⌈0.5 × 4⌉ = 2 needed.
    const cps = [0, 90, 180, 270].map((b) => cp(`s${b}`, destination(POLE, b, 1000), ['security']));
    const plan = suggestPlacements(area('A', 50), cps, []);
    expect(plan.suggestions).toHaveLength(2);
    expect(plan.after.security).toMatchObject({ covered: 2, pct: 50, meetsTarget: true });
    expect(plan.after.traffic).toMatchObject({ applicable: false, pct: null, meetsTarget: true });
    expect(plan.remaining).toHaveLength(2);
    expect(plan.meetsTargetAfter).toBe(true);
  });

  it('plans only for installed gaps: an offline camera needs a repair, not a new camera', () => {
    const cps = [cp('a', destination(POLE, 0, 20))];
    const plan = suggestPlacements(area('A'), cps, [camera('offline', POLE, { operational: false })]);
    expect(plan.suggestions).toEqual([]);
    expect(plan.before.security.pct).toBe(100);
  });

  it('counts a decommissioned or not yet installed camera as absent', () => {
    const cps = [cp('a', destination(POLE, 0, 20))];
    const plan = suggestPlacements(area('A'), cps, [camera('old', POLE, { decommissioned: true }), camera('new', POLE, { installed: false })]);
    expect(plan.suggestions).toHaveLength(1);
  });

  it('reports the gaps no candidate site can reach, and those a model cannot serve', () => {
    const cps = [cp('near', destination(POLE, 0, 50)), cp('far', destination(POLE, 0, 500))];
    const plan = suggestPlacements(area('A'), cps, [], { candidates: [{ id: 'pole', location: POLE }] });
    expect(plan.unreachable).toEqual([{ checkpointId: 'far', purposes: ['traffic', 'security'] }]);
    expect(plan.remaining).toEqual(plan.unreachable);
    expect(plan.meetsTargetAfter).toBe(false);
    expect(plan.after.security.pct).toBe(50);

    const trafficOnly = suggestPlacements(area('A'), [cp('gate', POLE, ['security'])], [], {
      model: { name: 'anpr', fovDeg: 30, rangeM: 60, purposes: ['traffic'] },
    });
    expect(trafficOnly.suggestions).toEqual([]);
    expect(trafficOnly.unreachable).toEqual([{ checkpointId: 'gate', purposes: ['security'] }]);
  });

  it('gives the same plan whatever the order of its input', () => {
    const rnd = prng(17);
    const cps = Array.from({ length: 40 }, (_, i) => cp(`cp-${String(i).padStart(2, '0')}`, destination(POLE, 360 * rnd(), 200 * rnd())));
    const a = suggestPlacements(area('A'), cps, []);
    const b = suggestPlacements(area('A'), [...cps].reverse(), []);
    expect(b).toEqual(a);
  });

  it('is what the index suggests from what it knows', () => {
    const rnd = prng(23);
    const cps = Array.from({ length: 30 }, (_, i) => cp(`cp-${i}`, destination(POLE, 360 * rnd(), 200 * rnd())));
    const neighbour = cp('n', destination(POLE, 0, 10), ['security'], 'B');
    const devices = Array.from({ length: 6 }, (_, i) => camera(`cam-${i}`, destination(POLE, 360 * rnd(), 200 * rnd()), { bearingDeg: 360 * rnd() }));
    const index = new CoverageIndex();
    index.load([area('A'), area('B')], [...cps, neighbour], devices);
    expect(index.suggestPlacements('A')).toEqual(suggestPlacements(area('A'), [...cps, neighbour], devices));
  });

  it('has nothing to suggest for an area without checkpoints, which stays unassessed', () => {
    const plan = suggestPlacements(area('A'), [], []);
    expect(plan.suggestions).toEqual([]);
    expect(plan.meetsTargetAfter).toBe(false);
  });

  it('refuses a camera model or candidate site it cannot use', () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof CoverageInputError ? e.code : 'untyped';
      }
      return 'none';
    };
    const cps = [cp('a', POLE)];
    expect(codeOf(() => suggestPlacements(area('A'), cps, [], { model: { ...FIXED_CAMERA_MODEL, fovDeg: 0 } }))).toBe('invalid_camera_model');
    expect(codeOf(() => suggestPlacements(area('A'), cps, [], { model: { ...FIXED_CAMERA_MODEL, purposes: [] } }))).toBe('invalid_camera_model');
    expect(
      codeOf(() =>
        suggestPlacements(area('A'), cps, [], {
          candidates: [
            { id: 'x', location: POLE },
            { id: 'x', location: POLE },
          ],
        }),
      ),
    ).toBe('invalid_candidate_site');
    expect(codeOf(() => suggestPlacements(area('A'), cps, [], { candidates: [{ id: 'y', location: [300, 0] }] }))).toBe('invalid_candidate_site');
  });
});
