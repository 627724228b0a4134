import type { Device } from '@ioc/contracts';
import { buildRows, filterRows, incidentsByDevice, listQueryString, pageOf, parseListQuery, sortRows, type DeviceRow } from './device-list';

function device(id: string, over: Partial<Device> = {}): Device {
  return {
    id,
    serial: `SN-${id}`,
    kind: 'camera',
    cameraType: 'fixed',
    name: `Camera ${id}`,
    vendor: 'Hikvision',
    model: 'DS-2CD',
    purposes: ['traffic'],
    areaCode: 'DH-TT',
    gatewayId: 'GW-DH-TT-01',
    location: { type: 'Point', coordinates: [106.6, 17.47] },
    bearingDeg: 0,
    fovDeg: 90,
    rangeM: 60,
    installedOn: '2025-01-01',
    contractor: 'VNPT Quảng Bình',
    heartbeatTimeoutS: 90,
    externalRefs: {},
    status: 'online',
    statusSince: '2026-12-01T00:00:00.000Z',
    conditions: [],
    lastSeenAt: '2026-12-06T10:00:00.000Z',
    decommissionedAt: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...over,
  };
}

describe('device list URL', () => {
  it('reads the status filter the header strip links to', () => {
    expect(parseListQuery(new URLSearchParams('status=offline'))).toEqual({ filters: { status: 'offline' }, sort: { key: 'status', dir: 'asc' }, page: 1 });
  });

  it('ignores unknown values instead of failing on an old bookmark', () => {
    const q = parseListQuery(new URLSearchParams('status=broken&type=drone&sort=colour&page=-3'));
    expect(q).toEqual({ filters: {}, sort: { key: 'status', dir: 'asc' }, page: 1 });
  });

  it('writes back only what differs from the defaults, and reads it the same', () => {
    const state = { filters: { area: 'DH-TT', type: 'camera:ptz' as const, q: 'ngã tư' }, sort: { key: 'availability' as const, dir: 'desc' as const }, page: 3 };
    const s = listQueryString(state);
    expect(s).toBe('?area=DH-TT&type=camera%3Aptz&q=ng%C3%A3+t%C6%B0&sort=availability&dir=desc&page=3');
    expect(parseListQuery(new URLSearchParams(s.slice(1)))).toEqual(state);
    expect(listQueryString({ filters: {}, sort: { key: 'status', dir: 'asc' }, page: 1 })).toBe('');
  });
});

describe('device rows', () => {
  it('takes the live status over the register’s, and counts standing incidents per device', () => {
    const incidents = incidentsByDevice([{ deviceId: 'A' }, { deviceId: 'A' }, { deviceId: null }, { deviceId: 'B' }]);
    const rows = buildRows(
      [device('A', { status: 'online' }), device('B', { status: 'unknown' }), device('C')],
      new Map([['A', { status: 'offline' as const, statusSince: '2026-12-06T11:00:00.000Z' }]]),
      new Map([['A', 0.5], ['C', null]]),
      incidents,
    );
    expect(rows.map((r) => [r.device.id, r.status, r.statusSince, r.availability, r.openIncidents])).toEqual([
      ['A', 'offline', '2026-12-06T11:00:00.000Z', 0.5, 2],
      ['B', 'unknown', '2026-12-01T00:00:00.000Z', null, 1],
      ['C', 'online', '2026-12-01T00:00:00.000Z', null, 0],
    ]);
  });
});

const row = (d: Device, over: Partial<DeviceRow> = {}): DeviceRow => ({ device: d, status: d.status, statusSince: d.statusSince, lastSeenAt: d.lastSeenAt, availability: null, openIncidents: 0, ...over });

describe('device filters', () => {
  const rows = [
    row(device('CAM-1', { cameraType: 'ptz', name: 'Ngã tư Trần Hưng Đạo' })),
    row(device('CAM-2', { areaCode: 'BD-TT', gatewayId: 'GW-BD' }), { status: 'offline' }),
    row(device('TS-1', { kind: 'traffic_sensor', cameraType: null })),
  ];
  const ids = (f: Parameters<typeof filterRows>[1]) => filterRows(rows, f).map((r) => r.device.id);

  it('filters by area, gateway, type and live status together', () => {
    expect(ids({ area: 'BD-TT' })).toEqual(['CAM-2']);
    expect(ids({ gateway: 'GW-DH-TT-01' })).toEqual(['CAM-1', 'TS-1']);
    expect(ids({ type: 'camera' })).toEqual(['CAM-1', 'CAM-2']);
    expect(ids({ type: 'camera:ptz' })).toEqual(['CAM-1']);
    expect(ids({ type: 'traffic_sensor' })).toEqual(['TS-1']);
    expect(ids({ status: 'offline' })).toEqual(['CAM-2']);
    expect(ids({ status: 'offline', area: 'DH-TT' })).toEqual([]);
  });

  it('finds a name typed without diacritics', () => {
    expect(ids({ q: 'nga tu tran hung dao' })).toEqual(['CAM-1']);
    expect(ids({ q: 'Trần' })).toEqual(['CAM-1']);
    expect(ids({ q: 'sn-ts' })).toEqual(['TS-1']);
  });
});

describe('device sort', () => {
  const rows = [
    row(device('B'), { status: 'online', availability: 0.9, lastSeenAt: '2026-12-06T10:00:00Z' }),
    row(device('A'), { status: 'offline', availability: null, lastSeenAt: null }),
    row(device('C'), { status: 'degraded', availability: 0.5, lastSeenAt: '2026-12-06T09:00:00Z', openIncidents: 3 }),
    row(device('D'), { status: 'unknown', availability: 0.9, lastSeenAt: '2026-12-06T11:00:00Z' }),
  ];
  const ids = (key: Parameters<typeof sortRows>[1]['key'], dir: 'asc' | 'desc') => sortRows(rows, { key, dir }).map((r) => r.device.id);

  it('puts the worst status first by default', () => {
    expect(ids('status', 'asc')).toEqual(['A', 'C', 'D', 'B']);
  });

  it('keeps missing figures last in either direction, ties by id', () => {
    expect(ids('availability', 'asc')).toEqual(['C', 'B', 'D', 'A']);
    expect(ids('availability', 'desc')).toEqual(['B', 'D', 'C', 'A']);
    expect(ids('lastSeen', 'desc')).toEqual(['D', 'B', 'C', 'A']);
    expect(ids('incidents', 'desc')).toEqual(['C', 'A', 'B', 'D']);
  });

  it('orders ids with numbers as people read them', () => {
    const r = sortRows([row(device('CAM-10')), row(device('CAM-9'))], { key: 'id', dir: 'asc' });
    expect(r.map((x) => x.device.id)).toEqual(['CAM-9', 'CAM-10']);
  });
});

describe('device pages', () => {
  const items = Array.from({ length: 5000 }, (_, i) => i);

  it('shows 100 of 5,000 at a time', () => {
    expect(pageOf(items, 3)).toMatchObject({ page: 3, pages: 50, first: 201, last: 300, total: 5000 });
    expect(pageOf(items, 3).items).toHaveLength(100);
  });

  it('shows the last page when a filter shrank the list under the page asked for', () => {
    expect(pageOf(items.slice(0, 150), 7)).toMatchObject({ page: 2, first: 101, last: 150 });
    expect(pageOf([], 4)).toMatchObject({ page: 1, pages: 1, first: 0, last: 0, total: 0 });
  });
});
