import type { Device } from '@ioc/contracts';
import {
  CAMERA_ON_BY_STATUS,
  DEFAULT_NGSI_LD_CONTEXT,
  DEVICE_STATE_BY_STATUS,
  NGSI_LD_CORE_CONTEXT,
  NgsiLdEntity,
  NgsiLdProperty,
  SMART_DATA_MODELS_DEVICE_CONTEXT,
  cameraUsageOf,
  controlledPropertiesOf,
  ngsiLdId,
  toNgsiLdCamera,
  toNgsiLdDevice,
  toNgsiLdDeviceModels,
  toNgsiLdEntities,
} from './ngsi-ld';
import { InteropError } from './interop.error';

const CONTEXT = [
  'https://raw.githubusercontent.com/smart-data-models/dataModel.Device/master/context.jsonld',
  'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld',
];

/** A fixed camera at Quảng trường Hồ Chí Minh, Đồng Hới, degraded by video loss. */
const fixedCamera: Device = {
  id: 'CAM-DH-TT-001',
  serial: 'HK2023-000917',
  kind: 'camera',
  cameraType: 'fixed',
  name: 'Camera cố định – Quảng trường Hồ Chí Minh',
  vendor: 'Hikvision',
  model: 'DS-2CD2T47G2-L',
  purposes: ['security', 'traffic'],
  areaCode: 'DH-TT',
  gatewayId: 'GW-DH-TT-1',
  location: { type: 'Point', coordinates: [106.6232, 17.4695] },
  bearingDeg: 45,
  fovDeg: 90,
  rangeM: 120,
  installedOn: '2025-03-15',
  contractor: 'Công ty TNHH Viễn thông Quảng Bình',
  heartbeatTimeoutS: 90,
  externalRefs: { frigateCamera: 'dh_tt_001', onvifProfile: 'Profile_1' },
  status: 'degraded',
  statusSince: '2026-11-27T15:05:00+07:00',
  conditions: ['video_loss'],
  lastSeenAt: '2026-11-27T08:10:30.000Z',
  decommissionedAt: null,
  createdAt: '2025-03-10T02:00:00.000Z',
  updatedAt: '2026-11-27T08:05:00.000Z',
};

/** A traffic sensor on the Nhật Lệ bridge, online. */
const trafficSensor: Device = {
  id: 'TS-DH-TT-01',
  serial: 'SW-88-1204',
  kind: 'traffic_sensor',
  cameraType: null,
  name: 'Cảm biến lưu lượng – Đầu cầu Nhật Lệ',
  vendor: 'Swarco',
  model: 'TRAFFIC EYE',
  purposes: ['traffic'],
  areaCode: 'DH-TT',
  gatewayId: 'GW-DH-TT-2',
  location: { type: 'Point', coordinates: [106.6281, 17.4712] },
  bearingDeg: null,
  fovDeg: null,
  rangeM: null,
  installedOn: '2025-06-01',
  contractor: 'VNPT Quảng Bình',
  heartbeatTimeoutS: 60,
  externalRefs: {},
  status: 'online',
  statusSince: '2026-11-27T07:00:00.000Z',
  conditions: [],
  lastSeenAt: '2026-11-27T08:11:00.000Z',
  decommissionedAt: null,
  createdAt: '2025-05-20T03:30:00.000Z',
  updatedAt: '2026-11-27T07:00:00.000Z',
};

const ptzCamera: Device = {
  ...fixedCamera,
  id: 'CAM-NL-01',
  cameraType: 'ptz',
  name: 'Camera PTZ – Bãi biển Nhật Lệ',
  model: 'DS-2DE4425IW-DE',
  purposes: ['security'],
  areaCode: 'NL-BB',
  bearingDeg: 0,
  fovDeg: 360,
  rangeM: 200,
  externalRefs: {},
  status: 'online',
  statusSince: '2026-11-27T06:00:00.000Z',
  conditions: [],
};

const attr = (e: NgsiLdEntity, name: string) => e[name];

describe('NGSI-LD Device entity', () => {
  it('maps a fixed camera to exactly this Smart Data Models Device', () => {
    expect(toNgsiLdDevice(fixedCamera)).toEqual({
      id: 'urn:ngsi-ld:Device:CAM-DH-TT-001',
      type: 'Device',
      name: { type: 'Property', value: 'Camera cố định – Quảng trường Hồ Chí Minh' },
      serialNumber: { type: 'Property', value: 'HK2023-000917' },
      deviceCategory: { type: 'Property', value: ['sensor', 'multimedia'] },
      category: { type: 'Property', value: ['sensor', 'multimedia'] },
      controlledProperty: { type: 'Property', value: ['trafficFlow', 'motion'] },
      deviceState: {
        type: 'Property',
        value: 'degraded',
        observedAt: '2026-11-27T08:05:00.000Z',
        conditions: { type: 'Property', value: ['video_loss'] },
      },
      dateLastValueReported: { type: 'Property', value: { '@type': 'DateTime', '@value': '2026-11-27T08:10:30.000Z' } },
      dateInstalled: { type: 'Property', value: { '@type': 'DateTime', '@value': '2025-03-14T17:00:00.000Z' } },
      location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [106.6232, 17.4695] } },
      areaServed: { type: 'Property', value: 'DH-TT' },
      provider: { type: 'Property', value: 'Công ty TNHH Viễn thông Quảng Bình' },
      configuration: {
        type: 'Property',
        value: [
          { parameter: 'heartbeatTimeoutS', value: '90' },
          { parameter: 'bearingDeg', value: '45' },
          { parameter: 'fovDeg', value: '90' },
          { parameter: 'rangeM', value: '120' },
          { parameter: 'frigateCamera', value: 'dh_tt_001' },
          { parameter: 'onvifProfile', value: 'Profile_1' },
        ],
      },
      refDeviceModel: { type: 'Relationship', object: 'urn:ngsi-ld:DeviceModel:Hikvision:DS-2CD2T47G2-L' },
      refGateway: { type: 'Relationship', object: 'urn:ngsi-ld:Gateway:GW-DH-TT-1' },
      refKeyArea: { type: 'Relationship', object: 'urn:ngsi-ld:KeyArea:DH-TT' },
      dateCreated: { type: 'Property', value: { '@type': 'DateTime', '@value': '2025-03-10T02:00:00.000Z' } },
      dateModified: { type: 'Property', value: { '@type': 'DateTime', '@value': '2026-11-27T08:05:00.000Z' } },
      '@context': CONTEXT,
    });
  });

  it('maps a traffic sensor to exactly this Smart Data Models Device', () => {
    expect(toNgsiLdDevice(trafficSensor)).toEqual({
      id: 'urn:ngsi-ld:Device:TS-DH-TT-01',
      type: 'Device',
      name: { type: 'Property', value: 'Cảm biến lưu lượng – Đầu cầu Nhật Lệ' },
      serialNumber: { type: 'Property', value: 'SW-88-1204' },
      deviceCategory: { type: 'Property', value: ['sensor'] },
      category: { type: 'Property', value: ['sensor'] },
      controlledProperty: { type: 'Property', value: ['trafficFlow', 'averageVelocity', 'occupancy'] },
      deviceState: { type: 'Property', value: 'ok', observedAt: '2026-11-27T07:00:00.000Z' },
      dateLastValueReported: { type: 'Property', value: { '@type': 'DateTime', '@value': '2026-11-27T08:11:00.000Z' } },
      dateInstalled: { type: 'Property', value: { '@type': 'DateTime', '@value': '2025-05-31T17:00:00.000Z' } },
      location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [106.6281, 17.4712] } },
      areaServed: { type: 'Property', value: 'DH-TT' },
      provider: { type: 'Property', value: 'VNPT Quảng Bình' },
      configuration: { type: 'Property', value: [{ parameter: 'heartbeatTimeoutS', value: '60' }] },
      refDeviceModel: { type: 'Relationship', object: 'urn:ngsi-ld:DeviceModel:Swarco:TRAFFIC%20EYE' },
      refGateway: { type: 'Relationship', object: 'urn:ngsi-ld:Gateway:GW-DH-TT-2' },
      refKeyArea: { type: 'Relationship', object: 'urn:ngsi-ld:KeyArea:DH-TT' },
      dateCreated: { type: 'Property', value: { '@type': 'DateTime', '@value': '2025-05-20T03:30:00.000Z' } },
      dateModified: { type: 'Property', value: { '@type': 'DateTime', '@value': '2026-11-27T07:00:00.000Z' } },
      '@context': CONTEXT,
    });
  });

  it('carries the Smart Data Models context first and the NGSI-LD core context last', () => {
    expect(DEFAULT_NGSI_LD_CONTEXT).toEqual([SMART_DATA_MODELS_DEVICE_CONTEXT, NGSI_LD_CORE_CONTEXT]);
    expect(toNgsiLdDevice(trafficSensor)['@context']).toEqual(CONTEXT);
  });

  it('uses a given @context, dataProvider and owner', () => {
    const e = toNgsiLdDevice(trafficSensor, {
      context: ['https://smartdatamodels.org/context.jsonld', NGSI_LD_CORE_CONTEXT],
      dataProvider: 'Sở Thông tin và Truyền thông Quảng Bình',
      owner: ['urn:ngsi-ld:Organization:quang-binh'],
    });
    expect(e['@context']).toEqual(['https://smartdatamodels.org/context.jsonld', NGSI_LD_CORE_CONTEXT]);
    expect(attr(e, 'dataProvider')).toEqual({ type: 'Property', value: 'Sở Thông tin và Truyền thông Quảng Bình' });
    expect(attr(e, 'owner')).toEqual({ type: 'Property', value: ['urn:ngsi-ld:Organization:quang-binh'] });
  });

  it('leaves dataProvider and owner out when not given', () => {
    const e = toNgsiLdDevice(trafficSensor, { owner: [] });
    expect(e).not.toHaveProperty('dataProvider');
    expect(e).not.toHaveProperty('owner');
  });

  it('has the attributes the Device model requires (id, type, controlledProperty) for every status and kind', () => {
    for (const status of Object.keys(DEVICE_STATE_BY_STATUS) as Device['status'][]) {
      for (const d of [fixedCamera, trafficSensor, ptzCamera]) {
        const e = toNgsiLdDevice({ ...d, status });
        expect(e.id).toMatch(/^urn:ngsi-ld:Device:/);
        expect(e.type).toBe('Device');
        expect((attr(e, 'controlledProperty') as NgsiLdProperty).value).not.toHaveLength(0);
      }
    }
  });

  it('encodes every attribute as a Property with value, a GeoProperty or a Relationship with object', () => {
    for (const e of toNgsiLdEntities([fixedCamera, trafficSensor, ptzCamera])) {
      for (const [name, a] of Object.entries(e)) {
        if (name === 'id' || name === 'type' || name === '@context') continue;
        expect(a).toEqual(expect.objectContaining({ type: expect.stringMatching(/^(Property|GeoProperty|Relationship)$/) }));
        const typed = a as { type: string };
        expect(typed).toHaveProperty(typed.type === 'Relationship' ? 'object' : 'value');
      }
    }
  });

  describe('device state', () => {
    it.each([
      ['online', 'ok'],
      ['degraded', 'degraded'],
      ['offline', 'offline'],
      ['decommissioned', 'decommissioned'],
      ['unknown', 'unknown'],
    ] as const)('maps status %s to deviceState %s', (status, state) => {
      expect((attr(toNgsiLdDevice({ ...trafficSensor, status }), 'deviceState') as NgsiLdProperty).value).toBe(state);
    });

    it('states a decommissioned device as decommissioned, observed when it was decommissioned', () => {
      const decommissioned: Device = {
        ...fixedCamera,
        status: 'decommissioned',
        statusSince: null,
        conditions: [],
        decommissionedAt: '2026-10-01T10:00:00+07:00',
      };
      expect(attr(toNgsiLdDevice(decommissioned), 'deviceState')).toEqual({
        type: 'Property',
        value: 'decommissioned',
        observedAt: '2026-10-01T03:00:00.000Z',
      });
      expect(attr(toNgsiLdCamera(decommissioned), 'on')).toEqual({ type: 'Property', value: false });
    });

    it('has no observedAt when the status has no time, and no conditions when none stand', () => {
      const never: Device = { ...trafficSensor, status: 'unknown', statusSince: null, lastSeenAt: null };
      const e = toNgsiLdDevice(never);
      expect(attr(e, 'deviceState')).toEqual({ type: 'Property', value: 'unknown' });
      expect(e).not.toHaveProperty('dateLastValueReported');
    });

    it('lists the standing degrading conditions sorted, as a sub-property', () => {
      const e = toNgsiLdDevice({ ...fixedCamera, conditions: ['tamper', 'recording_off'] });
      expect((attr(e, 'deviceState') as NgsiLdProperty).conditions).toEqual({ type: 'Property', value: ['recording_off', 'tamper'] });
    });

    it('does not change the input device', () => {
      const conditions = ['tamper', 'recording_off'];
      toNgsiLdDevice({ ...fixedCamera, conditions });
      expect(conditions).toEqual(['tamper', 'recording_off']);
    });
  });

  describe('location', () => {
    it('leaves location out of Device and Camera when the device has none', () => {
      const unlocated: Device = { ...fixedCamera, location: null };
      expect(toNgsiLdDevice(unlocated)).not.toHaveProperty('location');
      expect(toNgsiLdCamera(unlocated)).not.toHaveProperty('location');
    });

    it('keeps the coordinates exactly, longitude first, in a copy', () => {
      const location = { type: 'Point' as const, coordinates: [106.123456789, 17.987654321] as [number, number] };
      const e = toNgsiLdDevice({ ...fixedCamera, location });
      expect(attr(e, 'location')).toEqual({ type: 'GeoProperty', value: { type: 'Point', coordinates: [106.123456789, 17.987654321] } });
      expect((attr(e, 'location') as { value: unknown }).value).not.toBe(location);
    });
  });

  describe('dates', () => {
    it('writes every instant in UTC, whatever offset it was stored with', () => {
      const e = toNgsiLdDevice({ ...trafficSensor, createdAt: '2025-05-20T10:30:00+07:00', lastSeenAt: '2026-11-27T15:11:00.5+07:00' });
      expect(attr(e, 'dateCreated')).toEqual({ type: 'Property', value: { '@type': 'DateTime', '@value': '2025-05-20T03:30:00.000Z' } });
      expect(attr(e, 'dateLastValueReported')).toEqual({ type: 'Property', value: { '@type': 'DateTime', '@value': '2026-11-27T08:11:00.500Z' } });
    });

    it('installs on the start of the day in Asia/Ho_Chi_Minh', () => {
      expect(attr(toNgsiLdDevice({ ...trafficSensor, installedOn: '2026-01-01' }), 'dateInstalled')).toEqual({
        type: 'Property',
        value: { '@type': 'DateTime', '@value': '2025-12-31T17:00:00.000Z' },
      });
    });

    it('leaves dateInstalled out when the installation date is not known', () => {
      expect(toNgsiLdDevice({ ...trafficSensor, installedOn: null })).not.toHaveProperty('dateInstalled');
    });

    it('refuses a timestamp without an offset rather than guessing the time zone', () => {
      expect(() => toNgsiLdDevice({ ...trafficSensor, lastSeenAt: '2026-11-27 08:11:00' })).toThrow(InteropError);
      expect(() => toNgsiLdDevice({ ...trafficSensor, lastSeenAt: '2026-11-27T08:11:00' })).toThrow(/lastSeenAt/);
    });
  });

  describe('Vietnamese text', () => {
    it('keeps diacritics of names and contractors byte for byte', () => {
      const name = 'Camera Ngã tư Lý Thường Kiệt – Trần Hưng Đạo, Phường Đồng Phú';
      const e = toNgsiLdDevice({ ...fixedCamera, name, contractor: 'Công ty Cổ phần Điện tử Hải Đăng' });
      expect(attr(e, 'name')).toEqual({ type: 'Property', value: name });
      expect(attr(e, 'provider')).toEqual({ type: 'Property', value: 'Công ty Cổ phần Điện tử Hải Đăng' });
      expect((attr(toNgsiLdCamera({ ...fixedCamera, name }), 'cameraName') as NgsiLdProperty).value).toBe(name);
      expect(JSON.parse(JSON.stringify(e)).name.value).toBe(name);
    });
  });

  describe('controlled properties', () => {
    it.each([
      ['camera', ['traffic'], ['trafficFlow']],
      ['camera', ['security'], ['motion']],
      ['camera', ['security', 'traffic'], ['trafficFlow', 'motion']],
      ['camera', [], ['motion']],
      ['traffic_sensor', ['traffic'], ['trafficFlow', 'averageVelocity', 'occupancy']],
      ['traffic_sensor', ['security'], ['motion']],
      ['traffic_sensor', [], ['trafficFlow']],
    ] as const)('a %s for %j controls %j', (kind, purposes, expected) => {
      expect(controlledPropertiesOf({ kind, purposes: [...purposes] })).toEqual(expected);
    });
  });
});

describe('NGSI-LD Camera entity', () => {
  it('maps a fixed camera to exactly this Smart Data Models Camera', () => {
    expect(toNgsiLdCamera(fixedCamera)).toEqual({
      id: 'urn:ngsi-ld:Camera:CAM-DH-TT-001',
      type: 'Camera',
      name: { type: 'Property', value: 'Camera cố định – Quảng trường Hồ Chí Minh' },
      cameraName: { type: 'Property', value: 'Camera cố định – Quảng trường Hồ Chí Minh' },
      cameraType: { type: 'Property', value: 'FIXED' },
      cameraUsage: { type: 'Property', value: 'SURVEILLANCE' },
      cameraOrientation: { type: 'Property', value: { comments: 'bearing 45° clockwise from north, field of view 90°, range 120 m' } },
      on: { type: 'Property', value: true, observedAt: '2026-11-27T08:05:00.000Z' },
      location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [106.6232, 17.4695] } },
      areaServed: { type: 'Property', value: 'DH-TT' },
      refDevice: { type: 'Relationship', object: 'urn:ngsi-ld:Device:CAM-DH-TT-001' },
      dateCreated: { type: 'Property', value: { '@type': 'DateTime', '@value': '2025-03-10T02:00:00.000Z' } },
      dateModified: { type: 'Property', value: { '@type': 'DateTime', '@value': '2026-11-27T08:05:00.000Z' } },
      '@context': CONTEXT,
    });
  });

  it('maps a PTZ camera: type PTZ, 360° field of view without a bearing', () => {
    const e = toNgsiLdCamera(ptzCamera);
    expect(attr(e, 'cameraType')).toEqual({ type: 'Property', value: 'PTZ' });
    expect(attr(e, 'cameraUsage')).toEqual({ type: 'Property', value: 'SURVEILLANCE' });
    expect(attr(e, 'cameraOrientation')).toEqual({ type: 'Property', value: { comments: 'field of view 360°, range 200 m' } });
    expect(attr(e, 'on')).toEqual({ type: 'Property', value: true, observedAt: '2026-11-27T06:00:00.000Z' });
  });

  it.each([
    ['fixed', 'FIXED'],
    ['ptz', 'PTZ'],
    ['dome', 'DOME'],
    ['bullet', 'BULLET'],
    ['anpr', 'FIXED'],
  ] as const)('maps camera type %s to %s', (cameraType, expected) => {
    expect(attr(toNgsiLdCamera({ ...fixedCamera, cameraType }), 'cameraType')).toEqual({ type: 'Property', value: expected });
  });

  it.each([
    ['anpr', ['traffic'], 'ANPR/LPR'],
    ['anpr', ['security'], 'ANPR/LPR'],
    ['fixed', ['traffic'], 'TRAFFIC'],
    ['fixed', ['security'], 'SURVEILLANCE'],
    ['bullet', ['security', 'traffic'], 'SURVEILLANCE'],
    ['dome', [], 'SURVEILLANCE'],
  ] as const)('camera type %s for %j has usage %s', (cameraType, purposes, usage) => {
    expect(cameraUsageOf({ cameraType, purposes: [...purposes] })).toBe(usage);
  });

  it.each(Object.entries(CAMERA_ON_BY_STATUS))('for status %s sets on to %s (left out when undefined)', (status, on) => {
    const e = toNgsiLdCamera({ ...fixedCamera, status: status as Device['status'] });
    if (on === undefined) expect(e).not.toHaveProperty('on');
    else expect((attr(e, 'on') as NgsiLdProperty).value).toBe(on);
  });

  it('leaves cameraOrientation out when nothing is known about the field of view', () => {
    expect(toNgsiLdCamera({ ...fixedCamera, bearingDeg: null, fovDeg: null, rangeM: null })).not.toHaveProperty('cameraOrientation');
  });

  it('exports no stream or snapshot URL: the register holds none', () => {
    const e = toNgsiLdCamera(fixedCamera);
    expect(e).not.toHaveProperty('streamURL');
    expect(e).not.toHaveProperty('imageSnapshot');
  });

  it('refuses a traffic sensor with a typed error', () => {
    expect(() => toNgsiLdCamera(trafficSensor)).toThrow(expect.objectContaining({ name: 'InteropError', code: 'not_a_camera' }));
  });
});

describe('NGSI-LD DeviceModel entities', () => {
  it('makes one DeviceModel per vendor and model, with the union of what its devices do', () => {
    const securityOnly: Device = { ...fixedCamera, id: 'CAM-2', purposes: ['security'] };
    const models = toNgsiLdDeviceModels([securityOnly, trafficSensor, fixedCamera]);
    expect(models).toEqual([
      {
        id: 'urn:ngsi-ld:DeviceModel:Hikvision:DS-2CD2T47G2-L',
        type: 'DeviceModel',
        name: { type: 'Property', value: 'Hikvision DS-2CD2T47G2-L' },
        brandName: { type: 'Property', value: 'Hikvision' },
        manufacturerName: { type: 'Property', value: 'Hikvision' },
        modelName: { type: 'Property', value: 'DS-2CD2T47G2-L' },
        category: { type: 'Property', value: ['sensor', 'multimedia'] },
        deviceCategory: { type: 'Property', value: ['sensor', 'multimedia'] },
        controlledProperty: { type: 'Property', value: ['trafficFlow', 'motion'] },
        '@context': CONTEXT,
      },
      expect.objectContaining({ id: 'urn:ngsi-ld:DeviceModel:Swarco:TRAFFIC%20EYE', type: 'DeviceModel' }),
    ]);
  });

  it('percent-encodes what a URN may not carry, and keeps diacritics recoverable', () => {
    const id = ngsiLdId.deviceModel('Điện tử Hải Đăng', 'HD 4/2');
    expect(id).toBe(`urn:ngsi-ld:DeviceModel:${encodeURIComponent('Điện tử Hải Đăng')}:HD%204%2F2`);
    expect(decodeURIComponent(id.split(':')[3] ?? '')).toBe('Điện tử Hải Đăng');
  });
});

describe('NGSI-LD export of the register', () => {
  it('gives a Device for every device, a Camera for every camera linked by refDevice, then the DeviceModels', () => {
    const entities = toNgsiLdEntities([fixedCamera, trafficSensor, ptzCamera]);
    expect(entities.map((e) => e.id)).toEqual([
      'urn:ngsi-ld:Device:CAM-DH-TT-001',
      'urn:ngsi-ld:Camera:CAM-DH-TT-001',
      'urn:ngsi-ld:Device:TS-DH-TT-01',
      'urn:ngsi-ld:Device:CAM-NL-01',
      'urn:ngsi-ld:Camera:CAM-NL-01',
      'urn:ngsi-ld:DeviceModel:Hikvision:DS-2CD2T47G2-L',
      'urn:ngsi-ld:DeviceModel:Swarco:TRAFFIC%20EYE',
      'urn:ngsi-ld:DeviceModel:Hikvision:DS-2DE4425IW-DE',
    ]);
    const ids = new Set(entities.map((e) => e.id));
    expect(ids.size).toBe(entities.length);
    for (const camera of entities.filter((e) => e.type === 'Camera')) {
      expect(ids.has((attr(camera, 'refDevice') as { object: string }).object)).toBe(true);
    }
    for (const device of entities.filter((e) => e.type === 'Device')) {
      expect(ids.has((attr(device, 'refDeviceModel') as { object: string }).object)).toBe(true);
    }
  });

  it('exports nothing for no devices', () => {
    expect(toNgsiLdEntities([])).toEqual([]);
  });

  it('is plain JSON: serialising and parsing gives the same entities', () => {
    const entities = toNgsiLdEntities([fixedCamera, trafficSensor]);
    expect(JSON.parse(JSON.stringify(entities))).toEqual(entities);
  });
});
