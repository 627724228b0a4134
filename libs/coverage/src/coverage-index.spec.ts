import type { Purpose } from '@ioc/contracts';
import { CoverageIndex } from './coverage-index';
import { CoverageInputError } from './errors';
import { inFieldOfViewExact } from './field-of-view';
import { destination } from './geodesy';
import type { CoverageArea, CoverageCheckpoint, CoverageDevice, LonLat } from './model';
import { prng, camera } from './coverage.fixture';

const POLE: LonLat = [106.6222, 17.4689];

const area = (code: string, district = 'Đồng Hới', targetPct = 100): CoverageArea => ({ code, name: `Khu vực ${code}`, district, targetPct });
const checkpoint = (areaCode: string, id: string, location: LonLat, purposes: Purpose[] = ['security', 'traffic']): CoverageCheckpoint => ({
  id,
  areaCode,
  purposes,
  location,
});

/** Which devices cover the checkpoint for each purpose, by testing every device (the definition). */
function bruteForce(cps: CoverageCheckpoint[], devices: CoverageDevice[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of cps) {
    const parts: string[] = [];
    for (const p of c.purposes) {
      const seeing = devices.filter((d) => d.installed && !d.decommissioned && d.purposes.includes(p) && inFieldOfViewExact(d, c.location));
      parts.push(`${p}:${seeing.map((d) => d.id).sort().join(',')}/${seeing.filter((d) => d.operational).map((d) => d.id).sort().join(',')}`);
    }
    out.set(`${c.areaCode}/${c.id}`, parts.sort().join(' '));
  }
  return out;
}

function fromIndex(index: CoverageIndex, codes: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const code of codes) {
    for (const c of index.checkpointCoverage(code)) {
      out.set(
        `${c.areaCode}/${c.checkpointId}`,
        c.byPurpose
          .map((b) => `${b.purpose}:${b.installed.join(',')}/${b.operational.join(',')}`)
          .sort()
          .join(' '),
      );
    }
  }
  return out;
}

describe('coverage index: incremental updates', () => {
  // A small dense town: six areas whose checkpoints interleave, so cameras cover across
  // boundaries; then 400 random changes. After each, the index must report exactly the
  // areas whose figures changed, and agree with brute force and with a fresh load.
  it('matches a fresh load and brute force after every kind of change, and reports exactly the areas that changed', () => {
    const rnd = prng(2025);
    const codes = ['A', 'B', 'C', 'D', 'E', 'F'];
    const areas = codes.map((c, i) => area(c, i < 3 ? 'Đồng Hới' : 'Bố Trạch', i === 5 ? 60 : 100));
    const purposeSets: Purpose[][] = [['traffic'], ['security'], ['security', 'traffic']];
    const somewhere = () => destination(POLE, 360 * rnd(), 300 * Math.sqrt(rnd()));
    const randomCheckpoint = (id: string): CoverageCheckpoint =>
      checkpoint(codes[Math.floor(rnd() * codes.length)], id, somewhere(), purposeSets[Math.floor(rnd() * 3)]);
    const randomDevice = (id: string): CoverageDevice =>
      camera(id, codes[Math.floor(rnd() * codes.length)], somewhere(), {
        purposes: purposeSets[Math.floor(rnd() * 3)],
        bearingDeg: 360 * rnd(),
        fovDeg: rnd() < 0.2 ? 360 : 30 + 120 * rnd(),
        rangeM: 20 + 150 * rnd(),
        installed: rnd() > 0.1,
        decommissioned: rnd() < 0.05,
        operational: rnd() > 0.2,
      });
    let cps = Array.from({ length: 150 }, (_, i) => randomCheckpoint(`cp-${i}`));
    let devices = Array.from({ length: 40 }, (_, i) => randomDevice(`dev-${i}`));
    const index = new CoverageIndex({ cellSizeM: 60 });
    expect([...index.load(areas, cps, devices)].sort()).toEqual(codes);

    const figures = () => new Map(codes.map((c) => [c, JSON.stringify(index.areaCoverage(c))]));
    let before = figures();
    let nextId = 1000;
    for (let step = 0; step < 400; step++) {
      const roll = rnd();
      let changed: ReadonlySet<string>;
      if (roll < 0.5 && devices.length > 0) {
        const i = Math.floor(rnd() * devices.length);
        const d = devices[i];
        const kind = Math.floor(rnd() * 6);
        const next: CoverageDevice =
          kind === 0
            ? { ...d, operational: !d.operational }
            : kind === 1
              ? { ...d, bearingDeg: 360 * rnd() }
              : kind === 2
                ? { ...d, location: destination(d.location, 360 * rnd(), 60 * rnd()) }
                : kind === 3
                  ? { ...d, decommissioned: !d.decommissioned }
                  : kind === 4
                    ? { ...d, purposes: purposeSets[Math.floor(rnd() * 3)], rangeM: 20 + 150 * rnd() }
                    : { ...d, installed: !d.installed, areaCode: codes[Math.floor(rnd() * codes.length)] };
        devices[i] = next;
        changed = index.upsertDevice(next);
      } else if (roll < 0.6) {
        const d = randomDevice(`dev-${nextId++}`);
        devices.push(d);
        changed = index.upsertDevice(d);
      } else if (roll < 0.7 && devices.length > 0) {
        const d = devices[Math.floor(rnd() * devices.length)];
        devices = devices.filter((x) => x !== d);
        changed = index.removeDevice(d.id);
      } else if (roll < 0.85 && cps.length > 0) {
        const i = Math.floor(rnd() * cps.length);
        const c = cps[i];
        const next = rnd() < 0.5 ? { ...c, location: destination(c.location, 360 * rnd(), 50 * rnd()) } : { ...c, purposes: purposeSets[Math.floor(rnd() * 3)] };
        cps[i] = next;
        changed = index.upsertCheckpoint(next);
      } else if (roll < 0.93) {
        const c = randomCheckpoint(`cp-${nextId++}`);
        cps.push(c);
        changed = index.upsertCheckpoint(c);
      } else {
        const c = cps[Math.floor(rnd() * cps.length)];
        cps = cps.filter((x) => x !== c);
        changed = index.removeCheckpoint(c.areaCode, c.id);
      }
      const after = figures();
      const reallyChanged = codes.filter((c) => before.get(c) !== after.get(c));
      expect([...changed].sort()).toEqual(reallyChanged);
      before = after;

      if (step % 50 === 49) {
        expect(fromIndex(index, codes)).toEqual(bruteForce(cps, devices));
        const fresh = new CoverageIndex();
        fresh.load(areas, cps, devices);
        expect(fresh.allAreaCoverage()).toEqual(index.allAreaCoverage());
        expect(fresh.districtSummary()).toEqual(index.districtSummary());
        for (const c of codes) expect(fresh.gaps(c)).toEqual(index.gaps(c));
      }
    }
  });

  it('reports only the areas within a device’s reach, not the area it is registered in', () => {
    // The camera is registered in B but stands in A, facing an A checkpoint 20 m away.
    const farPole = destination(POLE, 90, 5000);
    const index = new CoverageIndex();
    index.load([area('A'), area('B')], [checkpoint('A', 'cp', destination(POLE, 0, 20)), checkpoint('B', 'cp', farPole)], []);
    expect([...index.upsertDevice(camera('cam', 'B', POLE))]).toEqual(['A']);
    // The same device again changes nothing.
    expect([...index.upsertDevice(camera('cam', 'B', POLE))]).toEqual([]);
    // Turning it away from the checkpoint changes A back.
    expect([...index.upsertDevice(camera('cam', 'B', POLE, { bearingDeg: 180 }))]).toEqual(['A']);
    // A status change of a device covering nothing changes nothing.
    expect([...index.upsertDevice(camera('cam', 'B', POLE, { bearingDeg: 180, operational: false }))]).toEqual([]);
    expect([...index.removeDevice('cam')]).toEqual([]);
    expect([...index.removeDevice('never-registered')]).toEqual([]);
  });

  it('a second camera on a covered checkpoint changes no figure, and removing one of the two changes none either', () => {
    const index = new CoverageIndex();
    index.load([area('A')], [checkpoint('A', 'cp', destination(POLE, 0, 20))], [camera('one', 'A', POLE)]);
    expect([...index.upsertDevice(camera('two', 'A', POLE))]).toEqual([]);
    expect(index.coverageOf('A', 'cp')?.byPurpose.map((b) => b.installed)).toEqual([['one', 'two'], ['one', 'two']]);
    expect([...index.removeDevice('one')]).toEqual([]);
    expect([...index.removeDevice('two')]).toEqual(['A']);
  });

  it('tells checkpoints with the same id in different areas apart', () => {
    const index = new CoverageIndex();
    index.load([area('A'), area('B')], [checkpoint('A', 'gate', destination(POLE, 0, 20)), checkpoint('B', 'gate', destination(POLE, 180, 20))], [camera('cam', 'A', POLE)]);
    expect(index.coverageOf('A', 'gate')?.byPurpose[0].installed).toEqual(['cam']);
    expect(index.coverageOf('B', 'gate')?.byPurpose[0].installed).toEqual([]);
    expect([...index.removeCheckpoint('B', 'gate')]).toEqual(['B']);
    expect(index.coverageOf('A', 'gate')).toBeDefined();
    expect(index.coverageOf('B', 'gate')).toBeUndefined();
  });
});

describe('coverage index: areas', () => {
  it('re-judges an area when its target changes, and reports a rename or a new district', () => {
    // 1 of 2 checkpoints covered: 50 %. Target 100 % ⇒ not met; target 50 % ⇒ met.
    const index = new CoverageIndex();
    index.load([area('A')], [checkpoint('A', 'seen', destination(POLE, 0, 20)), checkpoint('A', 'unseen', destination(POLE, 180, 20))], [camera('cam', 'A', POLE)]);
    expect(index.areaCoverage('A').meetsTarget.installed).toBe(false);
    expect([...index.upsertArea(area('A', 'Đồng Hới', 50))]).toEqual(['A']);
    expect(index.areaCoverage('A').meetsTarget.installed).toBe(true);
    expect([...index.upsertArea(area('A', 'Đồng Hới', 50))]).toEqual([]);
    expect([...index.upsertArea(area('A', 'Bố Trạch', 50))]).toEqual(['A']);
    expect(index.districtSummary().map((d) => d.district)).toEqual(['Bố Trạch']);
  });

  it('removes an area with its checkpoints; cameras stay', () => {
    const index = new CoverageIndex();
    index.load([area('A'), area('B')], [checkpoint('A', 'cp', destination(POLE, 0, 20)), checkpoint('B', 'cp', destination(POLE, 10, 20))], [camera('cam', 'A', POLE)]);
    expect([...index.removeArea('A')]).toEqual(['A']);
    expect(index.hasArea('A')).toBe(false);
    expect(index.stats()).toEqual({ areas: 1, checkpoints: 1, devices: 1, links: 1 });
    expect([...index.removeArea('A')]).toEqual([]);
    expect([...index.upsertArea(area('A'))]).toEqual(['A']);
    expect(index.areaCoverage('A').assessed).toBe(false);
  });

  it('sorts districts the Vietnamese way (Đ after D, before E)', () => {
    const index = new CoverageIndex();
    const districts = ['Tuyên Hóa', 'Đồng Hới', 'Lệ Thủy', 'Ba Đồn', 'Bố Trạch', 'Dốc', 'Eo'];
    index.load(
      districts.map((d, i) => area(`X${i}`, d)),
      [],
      [],
    );
    expect(index.districtSummary().map((d) => d.district)).toEqual(['Ba Đồn', 'Bố Trạch', 'Dốc', 'Đồng Hới', 'Eo', 'Lệ Thủy', 'Tuyên Hóa']);
  });
});

describe('coverage index: bad input', () => {
  it('validates everything before a load changes anything', () => {
    const index = new CoverageIndex();
    index.load([area('A')], [checkpoint('A', 'cp', destination(POLE, 0, 20))], [camera('cam', 'A', POLE)]);
    expect(() => index.load([area('A')], [], [camera('bad', 'A', POLE, { fovDeg: 400 })])).toThrow(/fovDeg/);
    expect(() => index.load([area('A')], [checkpoint('Z', 'cp', POLE)], [])).toThrow(/area Z is not loaded/);
    expect(() => index.load([area('A', 'x', 0)], [], [])).toThrow(/targetPct/);
    expect(index.areaCoverage('A').purposes.security.installed.pct).toBe(100);
  });

  it('throws typed errors with codes', () => {
    const index = new CoverageIndex();
    index.load([area('A')], [], []);
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof CoverageInputError ? e.code : 'untyped';
      }
      return 'none';
    };
    expect(codeOf(() => index.upsertCheckpoint(checkpoint('Z', 'cp', POLE)))).toBe('unknown_area');
    expect(codeOf(() => index.areaCoverage('Z'))).toBe('unknown_area');
    expect(codeOf(() => index.gaps('Z'))).toBe('unknown_area');
    expect(codeOf(() => index.upsertCheckpoint(checkpoint('A', 'cp', [106, 100])))).toBe('invalid_checkpoint');
    expect(codeOf(() => index.upsertCheckpoint({ ...checkpoint('A', 'cp', POLE), purposes: ['parking' as Purpose] }))).toBe('invalid_checkpoint');
    expect(codeOf(() => index.upsertDevice(camera('', 'A', POLE)))).toBe('invalid_device');
    expect(codeOf(() => index.upsertDevice(camera('cam', 'A', POLE, { rangeM: Number.POSITIVE_INFINITY })))).toBe('invalid_device');
    expect(codeOf(() => index.upsertArea(area('', 'x')))).toBe('invalid_area');
  });
});
