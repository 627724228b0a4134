import type { KeyArea, OpsSnapshot } from '@ioc/contracts';
import { LiveState } from '../live/live-state';
import { areaBounds, areaCentre, areaRing, areasBounds, districtLabels, filterAreas, foldText, sortAreas, summariseAreas } from './area-model';

type AreaShape = Pick<KeyArea, 'code' | 'name' | 'district' | 'boundary' | 'checkpoints'>;

/** A square area of `size` degrees with its south-west corner at (lon, lat). */
function square(code: string, district: string, lon: number, lat: number, size = 0.01, name = code): AreaShape {
  return {
    code,
    name,
    district,
    boundary: {
      type: 'Polygon',
      coordinates: [
        [
          [lon, lat],
          [lon + size, lat],
          [lon + size, lat + size],
          [lon, lat + size],
          [lon, lat],
        ],
      ],
    },
    checkpoints: [],
  };
}

describe('key areas on the map', () => {
  it('takes the outline without its closing point, and its centre as the mean of the corners', () => {
    const a = square('A', 'X', 106, 17);
    expect(areaRing(a)).toHaveLength(4);
    expect(areaCentre(a)?.[0]).toBeCloseTo(106.005, 9);
    expect(areaCentre(a)?.[1]).toBeCloseTo(17.005, 9);
    expect(areaBounds(a)).toEqual([
      [17, 106],
      [17.01, 106.01],
    ]);
  });

  it('places an area without an outline at its checkpoints, and nowhere without either', () => {
    const checkpoint = (lon: number, lat: number) => ({ id: 'c', areaCode: 'A', purposes: ['traffic' as const], location: { type: 'Point' as const, coordinates: [lon, lat] as [number, number] }, description: '' });
    const centre = areaCentre({ boundary: null, checkpoints: [checkpoint(106, 17), checkpoint(106.02, 17.02)] });
    expect(centre?.[0]).toBeCloseTo(106.01, 9);
    expect(centre?.[1]).toBeCloseTo(17.01, 9);
    expect(areaCentre({ boundary: null, checkpoints: [] })).toBeUndefined();
  });

  it("puts each district's name at the centre of its areas' centres, each area counting once whatever its size", () => {
    const labels = districtLabels([
      square('DH-1', 'Thành phố Đồng Hới', 106.6, 17.46, 0.01),
      square('DH-2', 'Thành phố Đồng Hới', 106.62, 17.48, 0.05), // a big one does not pull the label towards itself
      square('BD-1', 'Thị xã Ba Đồn', 106.42, 17.75),
      { code: 'X', name: 'X', district: 'Huyện Minh Hóa', boundary: null, checkpoints: [] },
    ]);
    expect(labels.map((l) => [l.district, l.areas])).toEqual([
      ['Thành phố Đồng Hới', 2],
      ['Thị xã Ba Đồn', 1],
    ]);
    expect(labels[0].at[0]).toBeCloseTo((106.605 + 106.645) / 2, 9);
    expect(labels[0].at[1]).toBeCloseTo((17.465 + 17.505) / 2, 9);
    expect(labels[1].at[0]).toBeCloseTo(106.425, 9);
  });

  it('bounds a scoped user\'s areas together', () => {
    expect(areasBounds([square('A', 'X', 106, 17), square('B', 'X', 106.5, 17.5)])).toEqual([
      [17, 106],
      [17.51, 106.51],
    ]);
    expect(areasBounds([])).toBeUndefined();
  });

  it("counts an area's devices by live status and gives the same state as the live state", () => {
    const state = new LiveState();
    const device = (deviceId: string, status: 'online' | 'offline' | 'degraded' | 'unknown' | 'decommissioned') => ({ deviceId, gatewayId: 'G', kind: 'camera' as const, name: deviceId, status, statusSince: null });
    expect(summariseAreas(state, ['A']).get('A')?.state).toBe('unknown'); // before the first snapshot
    state.applySnapshot({
      areas: [
        { areaCode: 'A', name: 'A', district: 'X', seq: 1, devices: [device('1', 'online'), device('2', 'offline'), device('3', 'online'), device('4', 'decommissioned'), device('5', 'unknown')], incidents: [] },
        { areaCode: 'C', name: 'C', district: 'X', seq: 1, devices: [device('6', 'online')], incidents: [{ id: 'i', areaCode: 'C', deviceId: '6', severity: 'critical', status: 'open' }] },
        { areaCode: 'D', name: 'D', district: 'X', seq: 1, devices: [device('7', 'degraded')], incidents: [{ id: 'j', areaCode: 'D', deviceId: '7', severity: 'critical', status: 'acknowledged' }] },
        { areaCode: 'E', name: 'E', district: 'X', seq: 1, devices: [], incidents: [] },
      ],
    } as unknown as OpsSnapshot);
    const all = summariseAreas(state, ['A', 'C', 'D', 'E', 'B']);
    expect(all.get('A')).toEqual({ state: 'offline', online: 2, offline: 1, degraded: 0, unknown: 1, total: 4 });
    expect(all.get('B')).toEqual({ state: 'no_devices', online: 0, offline: 0, degraded: 0, unknown: 0, total: 0 });
    for (const code of ['A', 'C', 'D', 'E', 'B']) expect(all.get(code)?.state).toBe(state.areaState(code));
    expect(summariseAreas(undefined, ['A']).get('A')?.state).toBe('unknown');
  });

  it('lists areas by district then name, and finds them without diacritics', () => {
    const areas = [
      square('B', 'Thị xã Ba Đồn', 0, 0, 0.01, 'Chợ Ba Đồn'),
      square('C', 'Huyện Bố Trạch', 0, 0, 0.01, 'Động Thiên Đường'),
      square('A', 'Huyện Bố Trạch', 0, 0, 0.01, 'Bãi biển Đá Nhảy'),
    ];
    expect(sortAreas(areas).map((a) => a.code)).toEqual(['A', 'C', 'B']);
    expect(foldText('Đồng Hới')).toBe('dong hoi');
    expect(filterAreas(areas, 'dong thien').map((a) => a.code)).toEqual(['C']);
    expect(filterAreas(areas, 'BA ĐỒN').map((a) => a.code)).toEqual(['B']);
    expect(filterAreas(areas, '  ')).toBe(areas);
    expect(filterAreas(areas, 'hà nội')).toEqual([]);
  });
});
