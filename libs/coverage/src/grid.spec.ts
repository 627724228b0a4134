import { destination } from './geodesy';
import { GeoGrid } from './grid';
import type { LonLat } from './model';
import { prng } from './coverage.fixture';

describe('bucket grid', () => {
  it('never misses a cell holding a point within the radius, anywhere on the globe', () => {
    const rnd = prng(3);
    const misses: string[] = [];
    let cellsPerQuery = 0;
    const queries = 1500;
    for (let i = 0; i < queries; i++) {
      const grid = new GeoGrid<number>(100 + 400 * rnd(), -60 + 120 * rnd());
      // Mostly Quảng Bình, some anywhere, some at the antimeridian and near the poles.
      const kind = i % 4;
      const centre: LonLat =
        kind === 0
          ? [179.999 + 0.002 * rnd() - (rnd() < 0.5 ? 360 : 0), -60 + 120 * rnd()]
          : kind === 1
            ? [-180 + 360 * rnd(), (rnd() < 0.5 ? -1 : 1) * (70 + 15 * rnd())]
            : [105.5 + 1.5 * rnd(), 16.8 + 1.4 * rnd()];
      const radius = 5000 * rnd() * rnd();
      const cells = new Set(grid.cellsNear(centre, radius));
      cellsPerQuery += cells.size;
      for (let k = 0; k < 30; k++) {
        // Points right at the radius stress the bounds most.
        const p = destination(centre, 360 * rnd(), k < 20 ? radius : radius * rnd());
        if (!cells.has(grid.cellOf(p))) misses.push(JSON.stringify({ centre, radius, p }));
      }
    }
    expect(misses).toEqual([]);
    expect(cellsPerQuery / queries).toBeGreaterThan(1);
  });

  it('queries a handful of cells for a camera-sized radius at Quảng Bình', () => {
    const grid = new GeoGrid<number>(200, 17.5);
    // 80 m around a point spans 160 m: at most 2 × 2 cells of 200 m. 1 km spans 2 km:
    // at most 11 × 11.
    expect(grid.cellsNear([106.6222, 17.4689], 80).length).toBeLessThanOrEqual(4);
    expect(grid.cellsNear([106.6222, 17.4689], 1000).length).toBeLessThanOrEqual(121);
  });

  it('takes every column when the radius reaches a pole', () => {
    const grid = new GeoGrid<number>(1000, 0);
    const keys = grid.cellsNear([0, 89.999], 500);
    expect(keys.length).toBeGreaterThan(360 / grid.cellWidthDeg - 1);
  });

  it('adds and removes items per cell', () => {
    const grid = new GeoGrid<string>(200, 17.5);
    const key = grid.cellOf([106.6, 17.5]);
    grid.add(key, 'a');
    grid.add(key, 'b');
    grid.add(key, 'c');
    grid.remove(key, 'a');
    grid.remove(key, 'missing');
    expect([...grid.itemsIn(key)].sort()).toEqual(['b', 'c']);
    grid.remove(key, 'b');
    grid.remove(key, 'c');
    expect(grid.itemsIn(key)).toEqual([]);
    grid.remove(key, 'c');
  });

  it('refuses cells too small for its keys and reference latitudes too close to a pole', () => {
    expect(() => new GeoGrid(1)).toThrow(RangeError);
    expect(() => new GeoGrid(200, 85)).toThrow(RangeError);
  });
});
