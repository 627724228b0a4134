import { CoverageInputError } from './errors';
import { bearingDifference, destination, geodesicInverse, localEstimate, normaliseBearing } from './geodesy';
import type { LonLat } from './model';
import { prng } from './coverage.fixture';

const dms = (d: number, m: number, s: number) => Math.sign(d) * (Math.abs(d) + m / 60 + s / 3600);

describe('geodesic on WGS84 (Vincenty)', () => {
  it("reproduces Vincenty's own Flinders Peak – Buninyong example", () => {
    // Vincenty (1975): 54,972.271 m, forward azimuth 306°52′05.37″.
    const r = geodesicInverse([dms(144, 25, 29.5244), dms(-37, 57, 3.7203)], [dms(143, 55, 35.3839), dms(-37, 39, 10.1561)]);
    expect(r.distanceM).toBeCloseTo(54972.271, 3);
    expect(r.bearingDeg).toBeCloseTo(dms(306, 52, 5.37), 5);
  });

  it('gives the textbook lengths of a degree on the equator and along a meridian', () => {
    // Equator: a · π/180 = 111,319.491 m. Meridian from 0° to 1°: 110,574.389 m.
    expect(geodesicInverse([0, 0], [1, 0])).toEqual({ distanceM: expect.closeTo(111319.491, 3), bearingDeg: 90 });
    expect(geodesicInverse([0, 0], [0, 1])).toEqual({ distanceM: expect.closeTo(110574.389, 3), bearingDeg: 0 });
  });

  it('gives 11.0674 m for 0.0001° of latitude at Đồng Hới (17.47°N), as the meridional radius says', () => {
    // M = a(1 − e²) / (1 − e² sin²φ)^1.5 = 6,341,191 m at φ = 17.4689°; × 0.0001 × π/180 = 11.0674 m.
    const r = geodesicInverse([106.6222, 17.4689], [106.6222, 17.469]);
    expect(r.distanceM).toBeCloseTo(11.0674, 4);
    expect(r.bearingDeg).toBe(0);
  });

  it('has no bearing between coincident points', () => {
    expect(geodesicInverse([106.6, 17.5], [106.6, 17.5])).toEqual({ distanceM: 0, bearingDeg: null });
  });

  it('refuses nearly antipodal points with a typed error instead of a wrong answer', () => {
    expect(() => geodesicInverse([0, 0], [179.9, 0])).toThrow(CoverageInputError);
    try {
      geodesicInverse([0, 0], [180, 0]);
    } catch (e) {
      expect((e as CoverageInputError).code).toBe('geodesic_no_convergence');
    }
  });

  it('handles the antimeridian', () => {
    const r = geodesicInverse([179.9999, 10], [-179.9999, 10]);
    expect(r.distanceM).toBeCloseTo(21.92, 1);
    expect(r.bearingDeg).toBeCloseTo(90, 3);
    expect(destination([179.9999, 10], 90, 21.92)[0]).toBeLessThan(-179.999);
  });

  it('goes there and back: inverse(destination(p, b, d)) = (d, b) to a micrometre and 1e-7°', () => {
    const rnd = prng(7);
    for (let i = 0; i < 5000; i++) {
      const from: LonLat = [-180 + 360 * rnd(), -85 + 170 * rnd()];
      const b = 360 * rnd();
      const d = 1 + 9999 * rnd();
      const r = geodesicInverse(from, destination(from, b, d));
      expect(Math.abs(r.distanceM - d)).toBeLessThan(1e-6);
      expect(Math.abs(bearingDifference(b, r.bearingDeg ?? NaN))).toBeLessThan(1e-7);
    }
  });
});

describe('local estimate', () => {
  // The bounds field-of-view.ts relies on (its margins are ten times these).
  function worst(latMin: number, latMax: number, maxM: number): { rel: number; deg: number } {
    const rnd = prng(11);
    let rel = 0;
    let deg = 0;
    for (let i = 0; i < 20000; i++) {
      const from: LonLat = [-180 + 360 * rnd(), latMin + (latMax - latMin) * rnd()];
      // Log-uniform from 1 mm to maxM: short distances stress rounding, long ones the model.
      const d = 0.001 * Math.pow(maxM / 0.001, rnd());
      const to = destination(from, 360 * rnd(), d);
      const exact = geodesicInverse(from, to);
      const est = localEstimate(from, to);
      rel = Math.max(rel, Math.abs(est.distanceM - exact.distanceM) / exact.distanceM);
      deg = Math.max(deg, Math.abs(bearingDifference(exact.bearingDeg ?? NaN, est.bearingDeg)));
    }
    return { rel, deg };
  }

  it('is within 1e-6 of the distance and 5e-5° of the bearing up to 5 km at Quảng Bình latitudes', () => {
    const w = worst(16.5, 18.5, 5000);
    expect(w.rel).toBeLessThan(1e-6);
    expect(w.deg).toBeLessThan(5e-5);
  });

  it('is within 2e-5 of the distance and 5e-4° of the bearing up to 10 km anywhere within ±85°', () => {
    const w = worst(-85, 85, 10000);
    expect(w.rel).toBeLessThan(2e-5);
    expect(w.deg).toBeLessThan(5e-4);
  });
});

describe('bearings', () => {
  it('normalises to [0, 360)', () => {
    expect([0, 360, 370, -10, -360, 720.5, -1e-15].map(normaliseBearing)).toEqual([0, 0, 10, 350, 0, 0.5, 0]);
  });

  it('measures the smaller way round, signed, across north', () => {
    expect(bearingDifference(350, 5)).toBe(15);
    expect(bearingDifference(5, 350)).toBe(-15);
    expect(bearingDifference(0, 180)).toBe(-180);
    expect(bearingDifference(90, 90)).toBe(0);
  });
});
