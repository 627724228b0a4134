import type { Device, Gateway } from '@ioc/contracts';
import { countsByGateway, filterGateways, fold, mergeStatus, sortDeviceRows, suggestGatewayId } from './gateway-model';

const device = (id: string, over: Partial<Device> = {}): Device =>
  ({ id, gatewayId: 'GW-DH-TT-01', areaCode: 'DH-TT', status: 'unknown', statusSince: null, name: id, kind: 'camera', ...over }) as Device;
const gateway = (id: string, areaCode: string, name = id): Gateway => ({ id, areaCode, name }) as Gateway;

describe('a device status on the gateway page', () => {
  it('takes the live status when the push is newer than the REST answer', () => {
    const row = mergeStatus(device('CAM-1', { status: 'unknown', statusSince: null }), { gatewayId: 'GW-DH-TT-01', status: 'online', statusSince: '2026-01-01T01:00:00Z' });
    expect(row).toMatchObject({ status: 'online', statusSince: '2026-01-01T01:00:00Z', live: true });
  });

  it('keeps the REST status when it is newer than what the live state holds', () => {
    const row = mergeStatus(device('CAM-1', { status: 'offline', statusSince: '2026-01-01T02:00:00Z' }), { gatewayId: 'GW-DH-TT-01', status: 'online', statusSince: '2026-01-01T01:00:00Z' });
    expect(row).toMatchObject({ status: 'offline', live: false });
  });

  it('keeps the REST status when the live state does not know the device', () => {
    expect(mergeStatus(device('CAM-1', { status: 'degraded', statusSince: '2026-01-01T02:00:00Z' }), undefined)).toMatchObject({ status: 'degraded', live: false });
  });

  it('never brings a decommissioned device back', () => {
    const row = mergeStatus(device('CAM-1', { status: 'decommissioned', statusSince: '2026-01-01T00:00:00Z' }), { gatewayId: 'GW-DH-TT-01', status: 'online', statusSince: '2026-01-02T00:00:00Z' });
    expect(row.status).toBe('decommissioned');
  });
});

describe('gateway device counts', () => {
  it('counts devices in service and those online, per gateway, live status first', () => {
    const devices = [
      device('A', { status: 'online' }),
      device('B', { status: 'offline' }),
      device('C', { status: 'decommissioned' }),
      device('D', { gatewayId: 'GW-2', status: 'unknown' }),
    ];
    const counts = countsByGateway(devices, new Map([['D', { gatewayId: 'GW-2', status: 'online', statusSince: '2026-01-01T00:00:00Z' }]]));
    expect(counts.get('GW-DH-TT-01')).toEqual({ devices: 2, online: 1 });
    expect(counts.get('GW-2')).toEqual({ devices: 1, online: 1 });
    expect(counts.get('GW-3')).toBeUndefined();
  });

  it('counts a device the live state knows before the REST list does', () => {
    const counts = countsByGateway([], new Map([['NEW', { gatewayId: 'GW-3', status: 'online', statusSince: '2026-01-01T00:00:00Z' }]]));
    expect(counts.get('GW-3')).toEqual({ devices: 1, online: 1 });
  });

  it('lists the worst devices first', () => {
    const rows = ['online', 'offline', 'unknown', 'degraded'].map((s, i) => mergeStatus(device(`D${i}`, { status: s as Device['status'] }), undefined));
    expect(sortDeviceRows(rows).map((r) => r.status)).toEqual(['offline', 'degraded', 'unknown', 'online']);
  });
});

describe('the gateway list filter', () => {
  const list = [gateway('GW-DH-TT-02', 'DH-TT'), gateway('GW-BD-CHO-01', 'BD-CHO', 'Gateway 01 – Chợ Ba Đồn'), gateway('GW-DH-TT-01', 'DH-TT')];

  it('sorts by area then id', () => {
    expect(filterGateways(list, { areaCode: '', text: '' }).map((g) => g.id)).toEqual(['GW-BD-CHO-01', 'GW-DH-TT-01', 'GW-DH-TT-02']);
  });

  it('keeps one area', () => {
    expect(filterGateways(list, { areaCode: 'DH-TT', text: '' }).map((g) => g.id)).toEqual(['GW-DH-TT-01', 'GW-DH-TT-02']);
  });

  it('finds text without regard to case or diacritics, in the area name too', () => {
    expect(filterGateways(list, { areaCode: '', text: 'cho ba don' }).map((g) => g.id)).toEqual(['GW-BD-CHO-01']);
    expect(filterGateways(list, { areaCode: '', text: 'đồng hới' }, new Map([['DH-TT', 'Trung tâm Đồng Hới']])).map((g) => g.id)).toEqual(['GW-DH-TT-01', 'GW-DH-TT-02']);
    expect(fold('Đồng Hới')).toBe('dong hoi');
  });
});

describe('a new gateway id', () => {
  it('follows the area’s numbering', () => {
    expect(suggestGatewayId('DH-TT', ['GW-DH-TT-01', 'GW-DH-TT-02', 'GW-BD-CHO-07'])).toBe('GW-DH-TT-03');
  });

  it('starts at 01 in an area without gateways, ignoring ids of another pattern', () => {
    expect(suggestGatewayId('BT-DN', ['GW-BT-DN-X', 'NVR-BT-DN-9'])).toBe('GW-BT-DN-01');
  });
});
