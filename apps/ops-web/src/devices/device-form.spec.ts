import { DeviceInput, DevicePatch, type Device } from '@ioc/contracts';
import { emptyForm, formFromDevice, formGeometry, numberProblems, parseNumber, toDeviceInput, toDevicePatch, withCameraType, withKind, type DeviceForm } from './device-form';

const filled = (over: Partial<DeviceForm> = {}): DeviceForm => ({
  ...emptyForm('2026-12-07', 'DH-TT'),
  id: 'CAM-DH-TT-90',
  serial: 'HK-0090',
  name: 'Ngã tư Trần Hưng Đạo',
  vendor: 'Hikvision',
  model: 'DS-2CD2143G2-I',
  gatewayId: 'GW-DH-TT-01',
  lon: '106.6221',
  lat: '17.4689',
  bearingDeg: '45',
  contractor: 'Viettel Quảng Bình',
  ...over,
});

const registered: Device = {
  id: 'CAM-DH-TT-90',
  serial: 'HK-0090',
  kind: 'camera',
  cameraType: 'fixed',
  name: 'Ngã tư Trần Hưng Đạo',
  vendor: 'Hikvision',
  model: 'DS-2CD2143G2-I',
  purposes: ['traffic'],
  areaCode: 'DH-TT',
  gatewayId: 'GW-DH-TT-01',
  location: { type: 'Point', coordinates: [106.6221, 17.4689] },
  bearingDeg: 45,
  fovDeg: 90,
  rangeM: 60,
  installedOn: '2026-12-07',
  contractor: 'Viettel Quảng Bình',
  heartbeatTimeoutS: 90,
  externalRefs: { frigateCamera: 'nga_tu' },
  status: 'unknown',
  statusSince: null,
  conditions: [],
  lastSeenAt: null,
  decommissionedAt: null,
  createdAt: '2026-12-07T00:00:00.000Z',
  updatedAt: '2026-12-07T00:00:00.000Z',
};

describe('the device form', () => {
  it('turns a filled form into a body the API accepts', () => {
    const body = toDeviceInput(filled());
    const parsed = DeviceInput.safeParse(body);
    expect(parsed.success).toBe(true);
    expect(body).toMatchObject({ location: { type: 'Point', coordinates: [106.6221, 17.4689] }, bearingDeg: 45, fovDeg: 90, rangeM: 60, heartbeatTimeoutS: 90, externalRefs: {} });
  });

  it('leaves out what was not given, so the API names it beside its field', () => {
    const body = toDeviceInput(filled({ lon: '', rangeM: '' }));
    expect(body).not.toHaveProperty('location');
    expect(body).not.toHaveProperty('rangeM');
  });

  it('reads a decimal comma as a point and refuses what is not a number', () => {
    expect(parseNumber('17,5')).toBe(17.5);
    expect(parseNumber(' ')).toBeUndefined();
    expect(parseNumber('80m')).toBeNaN();
    expect(numberProblems(filled({ lat: 'abc', rangeM: '1e3' }))).toEqual(['location', 'rangeM']);
  });

  it('gives PTZ and dome cameras a 360° view, and a fixed one its own angle back', () => {
    const ptz = withCameraType(filled(), 'ptz');
    expect(ptz.fovDeg).toBe('360');
    expect(formGeometry(ptz).fovDeg).toBe(360);
    expect(toDeviceInput(ptz).fovDeg).toBe(360);
    expect(withCameraType(ptz, 'fixed').fovDeg).toBe('90');
    expect(withCameraType(filled({ fovDeg: '70' }), 'bullet').fovDeg).toBe('70');
  });

  it('drops the camera type and view of a traffic sensor', () => {
    const sensor = withKind(filled(), 'traffic_sensor');
    expect(toDeviceInput(sensor)).not.toHaveProperty('cameraType');
    expect(DeviceInput.safeParse(toDeviceInput(sensor)).success).toBe(true);
  });
});

describe('an edit', () => {
  it('sends nothing when nothing changed', () => {
    expect(toDevicePatch(registered, formFromDevice(registered))).toEqual({});
  });

  it('sends only the changed fields, as the API’s patch accepts them', () => {
    const form = { ...formFromDevice(registered), bearingDeg: '120', lat: '17.469', name: 'Ngã tư mới' };
    const patch = toDevicePatch(registered, form);
    expect(patch).toEqual({ name: 'Ngã tư mới', location: { type: 'Point', coordinates: [106.6221, 17.469] }, bearingDeg: 120 });
    expect(DevicePatch.safeParse(patch).success).toBe(true);
  });

  it('clears an external reference by sending the references without it', () => {
    expect(toDevicePatch(registered, { ...formFromDevice(registered), frigateCamera: '' })).toEqual({ externalRefs: {} });
  });

  it('changes a camera to PTZ with its 360° view', () => {
    expect(toDevicePatch(registered, withCameraType(formFromDevice(registered), 'ptz'))).toEqual({ cameraType: 'ptz', fovDeg: 360 });
  });
});
