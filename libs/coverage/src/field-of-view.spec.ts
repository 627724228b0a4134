import { CoverageInputError } from './errors';
import {
  ANGLE_EPSILON_DEG,
  DISTANCE_TOLERANCE_M,
  inFieldOfView,
  inFieldOfViewExact,
  preparePoint,
  prepareView,
  viewContains,
} from './field-of-view';
import { destination } from './geodesy';
import type { FieldOfView, LonLat } from './model';
import { prng } from './coverage.fixture';

const POLE: LonLat = [106.6222, 17.4689];
const view = (v: Partial<FieldOfView> = {}): FieldOfView => ({ location: POLE, bearingDeg: 90, fovDeg: 90, rangeM: 80, ...v });

describe('field of view: the boundaries', () => {
  it('covers a point exactly at the range and not 1 cm beyond', () => {
    expect(inFieldOfView(view(), destination(POLE, 90, 80))).toBe(true);
    expect(inFieldOfView(view(), destination(POLE, 90, 80 + DISTANCE_TOLERANCE_M / 2))).toBe(true);
    expect(inFieldOfView(view(), destination(POLE, 90, 80.01))).toBe(false);
  });

  it('covers a point exactly on either edge of the angle, within the 1e-6° epsilon, and not beyond it', () => {
    for (const edge of [45, 135]) {
      const outward = edge === 45 ? -1 : 1;
      expect(inFieldOfView(view(), destination(POLE, edge, 60))).toBe(true);
      expect(inFieldOfView(view(), destination(POLE, edge + outward * ANGLE_EPSILON_DEG * 0.5, 60))).toBe(true);
      expect(inFieldOfView(view(), destination(POLE, edge + outward * ANGLE_EPSILON_DEG * 20, 60))).toBe(false);
    }
  });

  it('wraps around north: bearing 350°, fov 40° sees 330° to 10°', () => {
    const v = view({ bearingDeg: 350, fovDeg: 40 });
    const seen = [330, 340, 355, 0, 5, 10].map((b) => inFieldOfView(v, destination(POLE, b, 50)));
    const unseen = [329.9, 10.1, 90, 180].map((b) => inFieldOfView(v, destination(POLE, b, 50)));
    expect(seen.every(Boolean)).toBe(true);
    expect(unseen.some(Boolean)).toBe(false);
    // Bearing given as 350 or as -10 is the same camera.
    expect(inFieldOfView(view({ bearingDeg: -10, fovDeg: 40 }), destination(POLE, 5, 50))).toBe(true);
  });

  it('treats a point at the device (within 1 mm) as covered, whatever the bearing, and one 2 mm behind it as not', () => {
    expect(inFieldOfView(view(), POLE)).toBe(true);
    expect(inFieldOfView(view(), destination(POLE, 270, 0.0005))).toBe(true);
    expect(inFieldOfView(view(), destination(POLE, 270, 0.002))).toBe(false);
    // Even a zero-range device sees its own position.
    expect(inFieldOfView(view({ rangeM: 0 }), POLE)).toBe(true);
    expect(inFieldOfView(view({ rangeM: 0 }), destination(POLE, 90, 0.01))).toBe(false);
  });

  it('sees every direction within range when fovDeg is 360', () => {
    const v = view({ fovDeg: 360, rangeM: 50 });
    for (let b = 0; b < 360; b += 15) {
      expect(inFieldOfView(v, destination(POLE, b, 50))).toBe(true);
      expect(inFieldOfView(v, destination(POLE, b, 50.01))).toBe(false);
    }
  });

  it('answers far-away points (other provinces, the other side of the globe) without trying a geodesic', () => {
    expect(inFieldOfView(view(), [106.7, 17.4689])).toBe(false);
    expect(inFieldOfView(view(), [-73.4, -17.4])).toBe(false);
  });

  it('still decides near the poles, on the exact geodesic', () => {
    const nearPole: LonLat = [20, 89.9];
    const v = view({ location: nearPole, bearingDeg: 0, fovDeg: 60, rangeM: 500 });
    expect(inFieldOfView(v, destination(nearPole, 25, 400))).toBe(true);
    expect(inFieldOfView(v, destination(nearPole, 35, 400))).toBe(false);
  });

  it('rejects a view it cannot reason about, naming the field', () => {
    const bad: Array<[Partial<FieldOfView>, RegExp]> = [
      [{ fovDeg: 0 }, /fovDeg/],
      [{ fovDeg: 361 }, /fovDeg/],
      [{ rangeM: -1 }, /rangeM/],
      [{ rangeM: 20_000 }, /rangeM/],
      [{ bearingDeg: Number.NaN }, /bearingDeg/],
      [{ location: [200, 17] }, /longitude/],
      [{ location: [106, 95] }, /latitude/],
    ];
    for (const [patch, message] of bad) {
      expect(() => prepareView(view(patch))).toThrow(message);
      expect(() => prepareView(view(patch))).toThrow(CoverageInputError);
    }
  });
});

describe('field of view: the fast path answers exactly like the exact rule', () => {
  it('agrees on random points and on points placed right at every boundary', () => {
    const rnd = prng(42);
    let checked = 0;
    let inside = 0;
    const disagreements: string[] = [];
    for (let i = 0; i < 400; i++) {
      const location: LonLat = [105.5 + 1.5 * rnd(), 16.8 + 1.4 * rnd()];
      const omni = rnd() < 0.2;
      const v: FieldOfView = {
        location,
        bearingDeg: 360 * rnd(),
        fovDeg: omni ? 360 : 1 + 179 * rnd(),
        rangeM: rnd() < 0.1 ? 5000 * rnd() : 20 + 200 * rnd(),
      };
      const prepared = prepareView(v);
      const targets: LonLat[] = [];
      for (let k = 0; k < 10; k++) targets.push(destination(location, 360 * rnd(), v.rangeM * 1.5 * rnd()));
      // Right at the range, each side of it, at the tolerance.
      for (const f of [1, 1 - 1e-9, 1 + 1e-9, 1 - 1e-6, 1 + 1e-6]) targets.push(destination(location, v.bearingDeg, v.rangeM * f));
      targets.push(destination(location, v.bearingDeg, v.rangeM + DISTANCE_TOLERANCE_M * 0.999));
      targets.push(destination(location, v.bearingDeg, v.rangeM + DISTANCE_TOLERANCE_M * 1.001));
      // Right at both edges of the angle, each side of the epsilon.
      for (const side of [-1, 1]) {
        for (const off of [0, ANGLE_EPSILON_DEG * 0.9, ANGLE_EPSILON_DEG * 1.1, 1e-4, 4e-3, 6e-3]) {
          for (const sign of [-1, 1]) {
            targets.push(destination(location, v.bearingDeg + side * (v.fovDeg / 2) + sign * off, v.rangeM * rnd()));
          }
        }
      }
      // Around the 1 mm at-device radius.
      for (const d of [0, 0.0009, 0.001, 0.0011, 0.002]) targets.push(destination(location, v.bearingDeg + 180, d));
      for (const t of targets) {
        const fast = viewContains(prepared, preparePoint(t));
        if (fast !== inFieldOfViewExact(v, t)) disagreements.push(JSON.stringify({ v, t }));
        checked++;
        if (fast) inside++;
      }
    }
    expect(disagreements).toEqual([]);
    expect(checked).toBeGreaterThan(18000);
    // Both answers well represented.
    expect(inside / checked).toBeGreaterThan(0.2);
    expect(inside / checked).toBeLessThan(0.8);
  });
});
