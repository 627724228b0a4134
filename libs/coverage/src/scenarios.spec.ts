// Hand-computed coverage scenarios. Each one places cameras and checkpoints the way a
// planner measures them on site, by distance and bearing from a pole (`destination`, on the
// WGS84 ellipsoid), and states the arithmetic that gives the expected figures, so the
// expectation can be redone by hand without this code.
//
// Bearings are degrees clockwise from true north. A camera with bearing b and field of view
// f sees bearings from b − f/2 to b + f/2, wrapping past north (0° = 360°); the angle between
// two bearings is the smaller way round, e.g. from 350° to 5° is 15°.
import type { Device, Purpose } from '@ioc/contracts';
import { CoverageIndex } from './coverage-index';
import { coverageDeviceFromRegister } from './from-register';
import { destination } from './geodesy';
import type { CoverageArea, CoverageCheckpoint, LonLat } from './model';
import { suggestionsAsDevices } from './placement';
import { camera } from './coverage.fixture';

// A pole near Đồng Hới's central square.
const POLE: LonLat = [106.6222, 17.4689];

const area = (code: string, district = 'Đồng Hới', targetPct = 100): CoverageArea => ({ code, name: `Khu vực ${code}`, district, targetPct });

const checkpointAt = (
  areaCode: string,
  id: string,
  from: LonLat,
  bearingDeg: number,
  distanceM: number,
  purposes: Purpose[] = ['security', 'traffic'],
): CoverageCheckpoint => ({ id, areaCode, purposes, location: destination(from, bearingDeg, distanceM) });


function covering(index: CoverageIndex, areaCode: string, checkpointId: string, purpose: Purpose = 'security'): string[] {
  const c = index.coverageOf(areaCode, checkpointId);
  return c?.byPurpose.find((b) => b.purpose === purpose)?.installed ?? [];
}

describe('coverage scenarios a planner can redo by hand', () => {
  it('a camera facing 350° with a 40° view sees past north, from 330° to 10°', () => {
    // Camera bearing 350°, fov 40° ⇒ half-angle 20°. Checkpoints 50 m away (range 80 m):
    //   at   5°: angle from 350° = 15° ≤ 20° ⇒ covered
    //   at   0°: angle 10° ⇒ covered (due north: same longitude, latitude + 50 m)
    //   at 335°: angle 15° ⇒ covered
    //   at  15°: angle 25° > 20° ⇒ not covered
    //   at 320°: angle 30° > 20° ⇒ not covered
    // Security: 3 of 5 checkpoints ⇒ 60 %.
    const cps = [5, 0, 335, 15, 320].map((b) => checkpointAt('A', `at-${b}`, POLE, b, 50));
    const index = new CoverageIndex();
    index.load([area('A')], cps, [camera('cam', 'A', POLE, { bearingDeg: 350, fovDeg: 40 })]);
    expect(cps.map((c) => covering(index, 'A', c.id).length)).toEqual([1, 1, 1, 0, 0]);
    expect(index.areaCoverage('A').purposes.security.installed.pct).toBeCloseTo(60, 10);
  });

  it('a 360° dome sees every direction, but only within its range', () => {
    // Dome, range 50 m. Four checkpoints at 49 m (north, east, south, west) are covered
    // whatever the dome's nominal bearing; four at 51 m are not: 4 of 8 ⇒ 50 %.
    const near = [0, 90, 180, 270].map((b) => checkpointAt('A', `near-${b}`, POLE, b, 49));
    const far = [0, 90, 180, 270].map((b) => checkpointAt('A', `far-${b}`, POLE, b, 51));
    const index = new CoverageIndex();
    index.load([area('A')], [...near, ...far], [camera('dome', 'A', POLE, { bearingDeg: 123, fovDeg: 360, rangeM: 50 })]);
    expect(near.map((c) => covering(index, 'A', c.id))).toEqual([['dome'], ['dome'], ['dome'], ['dome']]);
    expect(far.map((c) => covering(index, 'A', c.id))).toEqual([[], [], [], []]);
    expect(index.areaCoverage('A').purposes.traffic.installed.pct).toBe(50);
  });

  it('a checkpoint exactly at the range or on the edge of the view is covered; 1 cm further, or a hair wider, is not', () => {
    // Camera facing 90° (east), fov 90° ⇒ sees 45°…135°, range 80 m.
    //   80.00 m at 90°   : distance ≤ 80 ⇒ covered
    //   80.01 m at 90°   : 1 cm beyond ⇒ not covered
    //   60 m at 45°      : exactly on the left edge (angle 45° = fov/2) ⇒ covered
    //   60 m at 135°     : exactly on the right edge ⇒ covered
    //   60 m at 44.99°   : 0.01° outside (1 cm sideways at 60 m) ⇒ not covered
    // A checkpoint at the camera's own pole (0 m) has no bearing ⇒ covered.
    const cps = [
      checkpointAt('A', 'at-range', POLE, 90, 80),
      checkpointAt('A', 'beyond-range', POLE, 90, 80.01),
      checkpointAt('A', 'left-edge', POLE, 45, 60),
      checkpointAt('A', 'right-edge', POLE, 135, 60),
      checkpointAt('A', 'outside-edge', POLE, 44.99, 60),
      checkpointAt('A', 'at-pole', POLE, 0, 0),
    ];
    const index = new CoverageIndex();
    index.load([area('A')], cps, [camera('cam', 'A', POLE, { bearingDeg: 90 })]);
    expect(Object.fromEntries(cps.map((c) => [c.id, covering(index, 'A', c.id).length]))).toEqual({
      'at-range': 1,
      'beyond-range': 0,
      'left-edge': 1,
      'right-edge': 1,
      'outside-edge': 0,
      'at-pole': 1,
    });
    // 4 of 6 covered.
    expect(index.areaCoverage('A').purposes.security.installed.covered).toBe(4);
  });

  it('a camera registered in a neighbouring area covers a checkpoint across the boundary', () => {
    // Area A has one checkpoint and no camera. Area B's camera stands 30 m south of it,
    // facing north (0°), fov 90°, range 80 m: 30 ≤ 80 and angle 0° ≤ 45° ⇒ covered.
    // A: 1 of 1 ⇒ 100 %, meets its target though none of its own cameras sees it.
    const gate = checkpointAt('A', 'gate', POLE, 0, 30);
    const bYard = checkpointAt('B', 'yard', POLE, 180, 10);
    const index = new CoverageIndex();
    index.load([area('A'), area('B')], [gate, bYard], [camera('b-cam', 'B', POLE, { bearingDeg: 0 })]);
    expect(covering(index, 'A', 'gate')).toEqual(['b-cam']);
    expect(index.areaCoverage('A').purposes.security.installed.pct).toBe(100);
    expect(index.areaCoverage('A').meetsTarget).toEqual({ installed: true, operational: true });
    // B's own yard is behind its camera (bearing 180°, angle 180° > 45°): B is at 0 %.
    expect(index.areaCoverage('B').purposes.security.installed.pct).toBe(0);
  });

  it('a decommissioned camera covers nothing', () => {
    // One checkpoint 20 m ahead of a camera that would see it; the camera is
    // decommissioned ⇒ 0 of 1 covered, installed and operational.
    const index = new CoverageIndex();
    index.load([area('A')], [checkpointAt('A', 'cp', POLE, 0, 20)], [camera('old', 'A', POLE, { decommissioned: true })]);
    const a = index.areaCoverage('A');
    expect([a.purposes.security.installed.pct, a.purposes.security.operational.pct]).toEqual([0, 0]);
    expect(index.gaps('A').map((g) => [g.purpose, g.kind])).toEqual([
      ['traffic', 'installed'],
      ['security', 'installed'],
    ]);
  });

  it('an offline camera lowers operational coverage but not installed coverage', () => {
    // Two checkpoints, each seen by its own camera; camera 2 goes offline.
    // Installed: 2 of 2 = 100 %. Operational: 1 of 2 = 50 % ⇒ target met when installed, not operationally.
    const cp1 = checkpointAt('A', 'cp-1', POLE, 0, 20);
    const pole2 = destination(POLE, 90, 200);
    const cp2 = checkpointAt('A', 'cp-2', pole2, 0, 20);
    const index = new CoverageIndex();
    index.load([area('A')], [cp1, cp2], [camera('cam-1', 'A', POLE), camera('cam-2', 'A', pole2)]);
    const changed = index.upsertDevice(camera('cam-2', 'A', pole2, { operational: false }));
    expect([...changed]).toEqual(['A']);
    const a = index.areaCoverage('A');
    expect(a.purposes.security.installed.pct).toBe(100);
    expect(a.purposes.security.operational.pct).toBe(50);
    expect(a.meetsTarget).toEqual({ installed: true, operational: false });
    expect(index.gaps('A').filter((g) => g.purpose === 'security')).toEqual([
      expect.objectContaining({ checkpointId: 'cp-2', kind: 'operational', waitingOn: ['cam-2'] }),
    ]);
  });

  it('a degraded camera (video loss, tamper, storage or recording fault) counts as installed but not operational', () => {
    // The register says the camera is `degraded`: it is installed (since 2025-01-10) and not
    // decommissioned, but not online-and-healthy. Installed 1 of 1 = 100 %, operational 0 of 1 = 0 %.
    const registered: Device = {
      id: 'cam-d',
      serial: 'SN-1',
      kind: 'camera',
      cameraType: 'fixed',
      name: 'Cổng chợ',
      vendor: 'Hikvision',
      model: 'DS-2CD',
      purposes: ['security', 'traffic'],
      areaCode: 'A',
      gatewayId: 'gw-1',
      location: { type: 'Point', coordinates: [POLE[0], POLE[1]] },
      bearingDeg: 0,
      fovDeg: 90,
      rangeM: 80,
      installedOn: '2025-01-10',
      contractor: 'VNPT Quảng Bình',
      heartbeatTimeoutS: 90,
      externalRefs: {},
      status: 'degraded',
      statusSince: '2025-11-01T00:00:00Z',
      conditions: ['video_loss'],
      lastSeenAt: '2025-11-01T00:00:00Z',
      decommissionedAt: null,
      createdAt: '2025-01-10T00:00:00Z',
      updatedAt: '2025-11-01T00:00:00Z',
    };
    const device = coverageDeviceFromRegister(registered, '2025-11-27');
    expect(device).toMatchObject({ installed: true, decommissioned: false, operational: false });
    const index = new CoverageIndex();
    index.load([area('A')], [checkpointAt('A', 'cp', POLE, 10, 30)], device === null ? [] : [device]);
    const a = index.areaCoverage('A');
    expect([a.purposes.security.installed.pct, a.purposes.security.operational.pct]).toEqual([100, 0]);
  });

  it('a traffic-only camera does not cover a security checkpoint', () => {
    // One traffic-only camera facing north; three checkpoints 30 m north:
    //   'road'  (traffic)            ⇒ covered for traffic
    //   'gate'  (security)           ⇒ not covered: the camera does not serve security
    //   'cross' (traffic + security) ⇒ covered for traffic only
    // Traffic: 2 of 2 = 100 %. Security: 0 of 2 = 0 %.
    const cps = [
      checkpointAt('A', 'road', POLE, 0, 30, ['traffic']),
      checkpointAt('A', 'gate', POLE, 5, 30, ['security']),
      checkpointAt('A', 'cross', POLE, 355, 30, ['security', 'traffic']),
    ];
    const index = new CoverageIndex();
    index.load([area('A')], cps, [camera('anpr', 'A', POLE, { purposes: ['traffic'] })]);
    const a = index.areaCoverage('A');
    expect([a.purposes.traffic.checkpoints, a.purposes.traffic.installed.covered]).toEqual([2, 2]);
    expect([a.purposes.security.checkpoints, a.purposes.security.installed.covered]).toEqual([2, 0]);
    expect(covering(index, 'A', 'gate', 'security')).toEqual([]);
    expect(covering(index, 'A', 'cross', 'traffic')).toEqual(['anpr']);
  });

  it('an area meets its target only when both purposes do', () => {
    // Target 75 %. Traffic: 4 checkpoints, 3 covered ⇒ 75 % ≥ 75 % (needs ⌈0.75 × 4⌉ = 3) ⇒ met.
    // Security: 2 checkpoints, 1 covered ⇒ 50 % < 75 % (needs ⌈0.75 × 2⌉ = 2) ⇒ not met.
    // So the area does not meet its target.
    // The camera faces north, fov 90°, range 80 m; "seen" checkpoints are 40 m north-ish,
    // "unseen" ones 40 m south.
    const cps = [
      checkpointAt('A', 't1', POLE, 0, 40, ['traffic']),
      checkpointAt('A', 't2', POLE, 10, 40, ['traffic']),
      checkpointAt('A', 't3', POLE, 350, 40, ['traffic']),
      checkpointAt('A', 't4', POLE, 180, 40, ['traffic']),
      checkpointAt('A', 's1', POLE, 20, 40, ['security']),
      checkpointAt('A', 's2', POLE, 170, 40, ['security']),
    ];
    const index = new CoverageIndex();
    index.load([area('A', 'Đồng Hới', 75)], cps, [camera('cam', 'A', POLE)]);
    const a = index.areaCoverage('A');
    expect(a.purposes.traffic.installed).toEqual({ covered: 3, pct: 75, meetsTarget: true });
    expect(a.purposes.security.installed).toEqual({ covered: 1, pct: 50, meetsTarget: false });
    expect(a.meetsTarget).toEqual({ installed: false, operational: false });
  });

  it('a purpose an area has no checkpoint of is not applicable and counts as met; an area with no checkpoint is not assessed', () => {
    // School yard 'S': one security checkpoint, covered ⇒ security 100 %, traffic not
    // applicable (pct null) ⇒ meets. Area 'E' has no checkpoints at all ⇒ not assessed,
    // does not meet (nobody has said what must be watched there).
    const index = new CoverageIndex();
    index.load([area('S'), area('E')], [checkpointAt('S', 'yard', POLE, 0, 10, ['security'])], [camera('cam', 'S', POLE)]);
    const s = index.areaCoverage('S');
    expect(s.purposes.traffic).toMatchObject({ applicable: false, checkpoints: 0, installed: { covered: 0, pct: null, meetsTarget: true } });
    expect(s.meetsTarget).toEqual({ installed: true, operational: true });
    const e = index.areaCoverage('E');
    expect(e.assessed).toBe(false);
    expect(e.meetsTarget).toEqual({ installed: false, operational: false });
  });

  it('the province KPI is the share of key areas meeting the target, by installed and by operational coverage', () => {
    // Three areas, one checkpoint each, each with a camera 20 m from it:
    //   A (Đồng Hới): camera online           ⇒ meets installed and operational
    //   B (Đồng Hới): camera offline          ⇒ meets installed only
    //   C (Bố Trạch): camera facing away      ⇒ meets neither
    // Province: installed 2 of 3 = 66.67 %, operational 1 of 3 = 33.33 %.
    // Đồng Hới: installed 2 of 2 = 100 %, operational 1 of 2 = 50 %. Bố Trạch: 0 of 1 = 0 %.
    const poleB = destination(POLE, 90, 500);
    const poleC = destination(POLE, 90, 1000);
    const index = new CoverageIndex();
    index.load(
      [area('A'), area('B'), area('C', 'Bố Trạch')],
      [checkpointAt('A', 'cp', POLE, 0, 20), checkpointAt('B', 'cp', poleB, 0, 20), checkpointAt('C', 'cp', poleC, 0, 20)],
      [camera('a', 'A', POLE), camera('b', 'B', poleB, { operational: false }), camera('c', 'C', poleC, { bearingDeg: 180 })],
    );
    const province = index.provinceSummary();
    expect(province.areas).toBe(3);
    expect(province.installed.meeting).toBe(2);
    expect(province.installed.pct).toBeCloseTo(66.6667, 3);
    expect(province.operational.meeting).toBe(1);
    expect(province.operational.pct).toBeCloseTo(33.3333, 3);
    expect(index.districtSummary().map((d) => [d.district, d.installed.pct, d.operational.pct])).toEqual([
      ['Bố Trạch', 0, 0],
      ['Đồng Hới', 100, 50],
    ]);
  });

  it('the suggested cameras close every gap, with fewer sites than checkpoints when they cluster', () => {
    // Six uncovered checkpoints (both purposes) in two clusters 300 m apart. Default model:
    // fixed camera, 90°, 80 m. Seen from w1, w2 lies at 10° (8 m) and w3 at 40° (9 m): one
    // 90° arc takes both, and w1 itself is at the pole ⇒ one camera closes the west cluster.
    // From e1, e2 at 200° and e3 at 230° ⇒ likewise. 300 m is beyond 80 m, so no camera
    // sees both clusters: the fewest sites is 2, for 6 checkpoints.
    // Registering the suggested cameras as devices brings the area to 100 %.
    const west = POLE;
    const east = destination(POLE, 90, 300);
    const cps = [
      checkpointAt('A', 'w1', west, 0, 0),
      checkpointAt('A', 'w2', west, 10, 8),
      checkpointAt('A', 'w3', west, 40, 9),
      checkpointAt('A', 'e1', east, 0, 0),
      checkpointAt('A', 'e2', east, 200, 7),
      checkpointAt('A', 'e3', east, 230, 10),
    ];
    const index = new CoverageIndex();
    index.load([area('A')], cps, []);
    const plan = index.suggestPlacements('A');
    expect(plan.suggestions).toHaveLength(2);
    expect(plan.suggestions.map((s) => s.closes.map((c) => c.checkpointId).sort()).sort()).toEqual([
      ['e1', 'e2', 'e3'],
      ['w1', 'w2', 'w3'],
    ]);
    expect(plan.after.security.pct).toBe(100);
    expect(plan.meetsTargetAfter).toBe(true);
    for (const d of suggestionsAsDevices(plan)) index.upsertDevice(d);
    expect(index.areaCoverage('A').meetsTarget).toEqual({ installed: true, operational: true });
    expect(index.gaps('A')).toEqual([]);
  });
});
