// A bucket grid over longitude and latitude, so the index only tests device-checkpoint
// pairs that could be within range of each other. Rows are latitude bands at least
// `cellSizeM` tall anywhere on the ellipsoid; columns are `cellSizeM` wide at the
// reference latitude (narrower poleward, wider equatorward of it), wrapping at ±180°.
//
// `cellsNear` never misses a cell holding a point within `radiusM` (geodesic) of the
// centre, by two bounds that hold on the whole ellipsoid, not approximations:
// - latitude: the geodesic distance between two points is at least the meridian arc
//   between their parallels, which is at least the smallest meridional radius of
//   curvature (at the equator) times the latitude difference;
// - longitude: the geodesic is at least the chord, which is at least its projection on
//   the equatorial plane, which is at least 2·p·sin(Δλ/2) with p the smaller of the two
//   parallels' radii (the most poleward latitude the disc can reach).
import { WGS84_A, WGS84_E2, WGS84_MIN_MERIDIONAL_RADIUS } from './geodesy';
import type { LonLat } from './model';

const DEG = Math.PI / 180;
const RAD = 180 / Math.PI;

export const DEFAULT_CELL_SIZE_M = 200;
/** Smaller cells would overflow the integer keys near the poles. */
export const MIN_CELL_SIZE_M = 10;

export class GeoGrid<T> {
  readonly cellHeightDeg: number;
  readonly cellWidthDeg: number;
  private readonly rows: number;
  private readonly cols: number;
  // Arrays, not Sets: a cell holds a handful of items and a province has ~10^5 of them.
  private readonly cells = new Map<number, T[]>();

  constructor(
    readonly cellSizeM: number = DEFAULT_CELL_SIZE_M,
    readonly referenceLat = 0,
  ) {
    if (!(cellSizeM >= MIN_CELL_SIZE_M)) throw new RangeError(`cellSizeM must be ≥ ${MIN_CELL_SIZE_M}`);
    if (!(Math.abs(referenceLat) <= 80)) throw new RangeError('referenceLat must be within ±80°');
    this.cellHeightDeg = (cellSizeM / WGS84_MIN_MERIDIONAL_RADIUS) * RAD;
    const sinRef = Math.sin(referenceLat * DEG);
    const parallelRadius = (WGS84_A / Math.sqrt(1 - WGS84_E2 * sinRef * sinRef)) * Math.cos(referenceLat * DEG);
    // A whole number of columns around the globe, so wrapping at ±180° is exact.
    this.cols = Math.ceil(360 / ((cellSizeM / parallelRadius) * RAD));
    this.cellWidthDeg = 360 / this.cols;
    this.rows = Math.ceil(180 / this.cellHeightDeg) + 1;
  }

  private row(lat: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((lat + 90) / this.cellHeightDeg)));
  }

  private col(lon: number): number {
    const c = Math.floor((lon + 180) / this.cellWidthDeg) % this.cols;
    return c < 0 ? c + this.cols : c;
  }

  /** The key of the cell holding a position. */
  cellOf(location: LonLat): number {
    return this.row(location[1]) * this.cols + this.col(location[0]);
  }

  /** Keys of every cell that may hold a point within `radiusM` of `centre`. */
  cellsNear(centre: LonLat, radiusM: number): number[] {
    const [lon, lat] = centre;
    // The bounds are widened by a hair so that float rounding of a point lying exactly on
    // a cell border at exactly the radius cannot put it one cell outside.
    const dLat = (radiusM / WGS84_MIN_MERIDIONAL_RADIUS) * RAD * (1 + 1e-9) + 1e-12;
    const r0 = this.row(lat - dLat);
    const r1 = this.row(lat + dLat);
    const poleward = Math.min(90, Math.abs(lat) + dLat);
    const sinP = Math.sin(poleward * DEG);
    const parallel = (WGS84_A / Math.sqrt(1 - WGS84_E2 * sinP * sinP)) * Math.cos(poleward * DEG);
    let c0 = 0;
    let c1 = this.cols - 1;
    if (radiusM < 2 * parallel) {
      const dLon = 2 * Math.asin(radiusM / (2 * parallel)) * RAD * (1 + 1e-9) + 1e-12;
      const first = Math.floor((lon - dLon + 180) / this.cellWidthDeg);
      const last = Math.floor((lon + dLon + 180) / this.cellWidthDeg);
      if (last - first + 1 < this.cols) {
        c0 = first;
        c1 = last;
      }
    }
    const keys: number[] = [];
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const wrapped = ((c % this.cols) + this.cols) % this.cols;
        keys.push(r * this.cols + wrapped);
      }
    }
    return keys;
  }

  add(key: number, item: T): void {
    const bucket = this.cells.get(key);
    if (bucket === undefined) this.cells.set(key, [item]);
    else bucket.push(item);
  }

  remove(key: number, item: T): void {
    const bucket = this.cells.get(key);
    if (bucket === undefined) return;
    const i = bucket.indexOf(item);
    if (i < 0) return;
    // Order within a cell carries no meaning: swap the last one in.
    bucket[i] = bucket[bucket.length - 1];
    bucket.pop();
    if (bucket.length === 0) this.cells.delete(key);
  }

  /** The items in one cell (empty when none). Do not change the grid while iterating it. */
  itemsIn(key: number): readonly T[] {
    return this.cells.get(key) ?? EMPTY;
  }

  clear(): void {
    this.cells.clear();
  }
}

const EMPTY: readonly never[] = [];
