import { destination, inFieldOfView, type LonLat } from '@ioc/coverage';
import { aimAt, effectiveView, sightOf } from './camera-view';

const at: LonLat = [106.6221, 17.4689];
const cp = (id: string, bearing: number, metres: number, purposes: ('traffic' | 'security')[] = ['traffic']) => ({ id, purposes, location: destination(at, bearing, metres) });

describe('a camera’s field of view on the editor', () => {
  it('is incomplete without a position, a range, or a bearing for a directional camera', () => {
    expect(effectiveView({ kind: 'camera', cameraType: 'fixed', bearingDeg: 0, fovDeg: 90, rangeM: 60 })).toBeNull();
    expect(effectiveView({ kind: 'camera', cameraType: 'fixed', location: at, bearingDeg: 0, fovDeg: 90 })).toBeNull();
    expect(effectiveView({ kind: 'camera', cameraType: 'fixed', location: at, fovDeg: 90, rangeM: 60 })).toBeNull();
    expect(effectiveView({ kind: 'camera', cameraType: 'fixed', location: at, bearingDeg: 0, fovDeg: 0, rangeM: 60 })).toBeNull();
  });

  it('sees all around for PTZ and dome cameras and for sensors with a range, facing north', () => {
    expect(effectiveView({ kind: 'camera', cameraType: 'ptz', location: at, rangeM: 100 })).toEqual({ location: at, bearingDeg: 0, fovDeg: 360, rangeM: 100 });
    expect(effectiveView({ kind: 'camera', cameraType: 'dome', location: at, rangeM: 40 })?.fovDeg).toBe(360);
    expect(effectiveView({ kind: 'traffic_sensor', location: at, rangeM: 30 })?.fovDeg).toBe(360);
  });
});

describe('checkpoints seen by the camera being placed', () => {
  const view = effectiveView({ kind: 'camera', cameraType: 'bullet', location: at, bearingDeg: 80, fovDeg: 30, rangeM: 60 });
  const checkpoints = [cp('IN', 90, 50), cp('WIDE', 100, 50), cp('FAR', 85, 61), cp('SEC', 75, 40, ['security']), cp('BOTH', 80, 20, ['traffic', 'security'])];
  const sight = sightOf(view, at, ['traffic'], checkpoints);
  const byId = Object.fromEntries(sight.map((s) => [s.id, s]));

  it('marks a checkpoint inside the sector and the range as seen, for the purposes they share', () => {
    expect(byId.IN).toMatchObject({ inView: true, seen: true, coveredFor: ['traffic'] });
    expect(byId.BOTH).toMatchObject({ inView: true, seen: true, coveredFor: ['traffic'] });
    expect(byId.IN.distanceM).toBeCloseTo(50, 6);
    expect(byId.IN.bearingDeg).toBeCloseTo(90, 6);
  });

  it('does not count a checkpoint outside the angle or beyond the range', () => {
    expect(byId.WIDE).toMatchObject({ inView: false, seen: false });
    expect(byId.FAR).toMatchObject({ inView: false, seen: false });
  });

  it('does not count a checkpoint in view that watches for another purpose', () => {
    expect(byId.SEC).toMatchObject({ inView: true, seen: false, coveredFor: [] });
  });

  it('answers as the coverage rule does, right at the edge of the angle', () => {
    const edge = cp('EDGE', 95, 30);
    const [s] = sightOf(view, at, ['traffic'], [edge]);
    expect(s.inView).toBe(inFieldOfView(view!, edge.location));
    expect(s.inView).toBe(true);
  });

  it('sees nothing while the view is incomplete', () => {
    expect(sightOf(null, undefined, ['traffic'], checkpoints).every((s) => !s.seen && s.distanceM === null)).toBe(true);
  });
});

describe('aiming at a checkpoint', () => {
  it('gives the whole-degree bearing that puts the checkpoint in the middle of the view', () => {
    const target = cp('T', 212.4, 45);
    const bearing = aimAt(at, target.location);
    expect(bearing).toBe(212);
    const view = effectiveView({ kind: 'camera', cameraType: 'fixed', location: at, bearingDeg: bearing!, fovDeg: 2, rangeM: 50 });
    expect(sightOf(view, at, ['traffic'], [target])[0].seen).toBe(true);
  });

  it('has no answer at the camera’s own position', () => {
    expect(aimAt(at, at)).toBeNull();
  });
});
