import { bearing, boundsOf, centroid, destination, distanceM, sectorRing, type LonLat } from './geo';

const DONG_HOI: LonLat = [106.6226, 17.4689];

describe('map geometry', () => {
  it('goes the asked distance on the asked bearing', () => {
    for (const b of [0, 45, 90, 180, 270, 359]) {
      const p = destination(DONG_HOI, b, 100);
      expect(distanceM(DONG_HOI, p)).toBeCloseTo(100, 6);
      expect(bearing(DONG_HOI, p)).toBeCloseTo(b, 4);
    }
  });

  it('draws a sector from the camera along its arc and back, every arc point at the range', () => {
    const ring = sectorRing(DONG_HOI, 90, 60, 80);
    expect(ring[0]).toEqual(DONG_HOI);
    expect(ring[ring.length - 1]).toEqual(DONG_HOI);
    const arc = ring.slice(1, -1);
    for (const p of arc) expect(distanceM(DONG_HOI, p)).toBeCloseTo(80, 6);
    expect(bearing(DONG_HOI, arc[0])).toBeCloseTo(60, 4);
    expect(bearing(DONG_HOI, arc[arc.length - 1])).toBeCloseTo(120, 4);
  });

  it('draws a sector that wraps past north (bearing 350°, 40° wide: 330° to 10°)', () => {
    const arc = sectorRing(DONG_HOI, 350, 40, 50).slice(1, -1);
    expect(bearing(DONG_HOI, arc[0])).toBeCloseTo(330, 4);
    expect(bearing(DONG_HOI, arc[arc.length - 1])).toBeCloseTo(10, 4);
  });

  it('draws a 360° field of view (PTZ, dome) as a closed circle without the centre', () => {
    const ring = sectorRing(DONG_HOI, 0, 360, 120, 10);
    expect(ring).toHaveLength(37);
    expect(ring[0]).toEqual(ring[36]);
    for (const p of ring) expect(distanceM(DONG_HOI, p)).toBeCloseTo(120, 6);
  });

  it('gives the bounds and the centroid of points', () => {
    expect(boundsOf([[106, 17], [107, 18], [106.5, 16.5]])).toEqual([[16.5, 106], [18, 107]]);
    expect(boundsOf([])).toBeUndefined();
    expect(centroid([[106, 17], [107, 18]])).toEqual([106.5, 17.5]);
    expect(centroid([])).toBeUndefined();
  });
});
