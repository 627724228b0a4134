// What the coverage specs share: a seeded random source, so every run tests the same
// points, and a camera with the usual test view. Not exported from the library.
import type { CoverageDevice, LonLat } from './model';

/** Park–Miller: the same sequence for the same seed, numbers in (0, 1). */
export function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

/** An installed, operational camera for both purposes, looking north 90° wide to 80 m, unless `view` says otherwise. */
export const camera = (id: string, areaCode: string, location: LonLat, view: Partial<CoverageDevice> = {}): CoverageDevice => ({
  id,
  areaCode,
  purposes: ['security', 'traffic'],
  location,
  bearingDeg: 0,
  fovDeg: 90,
  rangeM: 80,
  installed: true,
  decommissioned: false,
  operational: true,
  ...view,
});
