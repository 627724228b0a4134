import type { Checkpoint, Device, KeyArea } from '@ioc/contracts';
import { coverageAreaFromRegister, coverageCheckpointFromRegister, coverageDeviceFromRegister } from './from-register';

const registered = (patch: Partial<Device> = {}): Device => ({
  id: 'cam-1',
  serial: 'SN-1',
  kind: 'camera',
  cameraType: 'fixed',
  name: 'Ngã tư Hùng Vương',
  vendor: 'Hikvision',
  model: 'DS-2CD',
  purposes: ['security', 'traffic'],
  areaCode: 'DH-01',
  gatewayId: 'gw-1',
  location: { type: 'Point', coordinates: [106.6222, 17.4689] },
  bearingDeg: 45,
  fovDeg: 90,
  rangeM: 80,
  installedOn: '2025-03-01',
  contractor: 'VNPT Quảng Bình',
  heartbeatTimeoutS: 90,
  externalRefs: {},
  status: 'online',
  statusSince: '2025-11-01T00:00:00Z',
  conditions: [],
  lastSeenAt: '2025-11-27T00:00:00Z',
  decommissionedAt: null,
  createdAt: '2025-03-01T00:00:00Z',
  updatedAt: '2025-11-27T00:00:00Z',
  ...patch,
});

describe('from the register to the coverage rules', () => {
  it('takes an online, installed camera as it is', () => {
    expect(coverageDeviceFromRegister(registered(), '2025-11-27')).toEqual({
      id: 'cam-1',
      areaCode: 'DH-01',
      purposes: ['security', 'traffic'],
      location: [106.6222, 17.4689],
      bearingDeg: 45,
      fovDeg: 90,
      rangeM: 80,
      installed: true,
      decommissioned: false,
      operational: true,
    });
  });

  it('counts a device as installed from its installation day on', () => {
    expect(coverageDeviceFromRegister(registered({ installedOn: '2025-11-27' }), '2025-11-27')?.installed).toBe(true);
    expect(coverageDeviceFromRegister(registered({ installedOn: '2025-11-28' }), '2025-11-27')?.installed).toBe(false);
    expect(coverageDeviceFromRegister(registered({ installedOn: null }), '2025-11-27')?.installed).toBe(false);
  });

  it('is operational only while online: not degraded, offline, unknown or decommissioned', () => {
    const operational = (patch: Partial<Device>) => coverageDeviceFromRegister(registered(patch), '2025-11-27')?.operational;
    expect(operational({ status: 'online' })).toBe(true);
    expect(operational({ status: 'degraded', conditions: ['tamper'] })).toBe(false);
    expect(operational({ status: 'offline' })).toBe(false);
    expect(operational({ status: 'unknown' })).toBe(false);
    expect(operational({ status: 'decommissioned', decommissionedAt: '2025-11-20T00:00:00Z' })).toBe(false);
    expect(coverageDeviceFromRegister(registered({ decommissionedAt: '2025-11-20T00:00:00Z' }), '2025-11-27')?.decommissioned).toBe(true);
  });

  it('gives a device without a field of view (a sensor) a 360° view, and drops one without a position or range', () => {
    const sensor = registered({ kind: 'traffic_sensor', cameraType: null, bearingDeg: null, fovDeg: null, rangeM: 30, purposes: ['traffic'] });
    expect(coverageDeviceFromRegister(sensor, '2025-11-27')).toMatchObject({ fovDeg: 360, bearingDeg: 0, rangeM: 30 });
    expect(coverageDeviceFromRegister(registered({ rangeM: null }), '2025-11-27')).toBeNull();
    expect(coverageDeviceFromRegister(registered({ location: null }), '2025-11-27')).toBeNull();
  });

  it('maps checkpoints and key areas', () => {
    const checkpoint: Checkpoint = {
      id: 'cong-chinh',
      areaCode: 'DH-01',
      purposes: ['security'],
      location: { type: 'Point', coordinates: [106.6223, 17.469] },
      description: 'Cổng chính chợ Đồng Hới',
    };
    expect(coverageCheckpointFromRegister(checkpoint)).toEqual({ id: 'cong-chinh', areaCode: 'DH-01', purposes: ['security'], location: [106.6223, 17.469] });
    const keyArea: KeyArea = {
      code: 'DH-01',
      name: 'Chợ Đồng Hới',
      district: 'Đồng Hới',
      category: 'market',
      boundary: null,
      coverageTargetPct: 95,
      checkpoints: [checkpoint],
      createdAt: '2025-01-01T00:00:00Z',
      updatedAt: '2025-01-01T00:00:00Z',
    };
    expect(coverageAreaFromRegister(keyArea)).toEqual({ code: 'DH-01', name: 'Chợ Đồng Hới', district: 'Đồng Hới', targetPct: 95 });
  });
});
