// The register/edit form of a camera or traffic sensor, pure: the form holds what the
// inputs show (text), and turns it into the API's body — a DeviceInput for a new device,
// a DevicePatch of only the fields that changed for an existing one (PATCH keeps what is
// left out). The API checks every rule; here only what cannot be sent at all (a number
// that is not one) is caught, so the messages beside the fields are the API's.
import type { CameraType, Device, DeviceKind, DevicePatch, Purpose } from '@ioc/contracts';
import type { LonLat } from '@ioc/coverage';
import { isOmnidirectional, type CameraGeometry } from './camera-view';

export interface DeviceForm {
  id: string;
  serial: string;
  kind: DeviceKind;
  cameraType: CameraType | '';
  name: string;
  vendor: string;
  model: string;
  purposes: Purpose[];
  areaCode: string;
  gatewayId: string;
  lon: string;
  lat: string;
  bearingDeg: string;
  fovDeg: string;
  rangeM: string;
  installedOn: string;
  contractor: string;
  heartbeatTimeoutS: string;
  frigateCamera: string;
  onvifProfile: string;
}

/** Defaults of a new camera: a fixed one facing north, 90° wide, 60 m, installed today, 90 s heartbeat. */
export function emptyForm(today: string, areaCode = ''): DeviceForm {
  return {
    id: '',
    serial: '',
    kind: 'camera',
    cameraType: 'fixed',
    name: '',
    vendor: '',
    model: '',
    purposes: ['traffic'],
    areaCode,
    gatewayId: '',
    lon: '',
    lat: '',
    bearingDeg: '0',
    fovDeg: '90',
    rangeM: '60',
    installedOn: today,
    contractor: '',
    heartbeatTimeoutS: '90',
    frigateCamera: '',
    onvifProfile: '',
  };
}

const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

export function formFromDevice(d: Device): DeviceForm {
  return {
    id: d.id,
    serial: d.serial,
    kind: d.kind,
    cameraType: d.cameraType ?? '',
    name: d.name,
    vendor: d.vendor,
    model: d.model,
    purposes: [...d.purposes],
    areaCode: d.areaCode,
    gatewayId: d.gatewayId,
    lon: text(d.location?.coordinates[0]),
    lat: text(d.location?.coordinates[1]),
    bearingDeg: text(d.bearingDeg),
    fovDeg: text(d.fovDeg),
    rangeM: text(d.rangeM),
    installedOn: d.installedOn ?? '',
    contractor: d.contractor,
    heartbeatTimeoutS: String(d.heartbeatTimeoutS),
    frigateCamera: d.externalRefs.frigateCamera ?? '',
    onvifProfile: d.externalRefs.onvifProfile ?? '',
  };
}

/** A typed number: undefined for an empty box, NaN for something that is not a plain decimal. */
export function parseNumber(s: string): number | undefined {
  const t = s.trim().replace(',', '.');
  if (t === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}

/** Fields whose text is not a number, by the API's field names. */
export function numberProblems(f: DeviceForm): string[] {
  const bad: string[] = [];
  const check = (field: string, ...values: string[]) => {
    if (values.some((v) => Number.isNaN(parseNumber(v)))) bad.push(field);
  };
  check('location', f.lon, f.lat);
  if (f.kind === 'camera' || f.rangeM.trim() !== '') {
    check('bearingDeg', f.bearingDeg);
    check('fovDeg', f.fovDeg);
    check('rangeM', f.rangeM);
  }
  check('heartbeatTimeoutS', f.heartbeatTimeoutS);
  return bad;
}

/** Where the form puts the device, when both coordinates are numbers. */
export function formLocation(f: DeviceForm): LonLat | undefined {
  const lon = parseNumber(f.lon);
  const lat = parseNumber(f.lat);
  return lon !== undefined && lat !== undefined && !Number.isNaN(lon) && !Number.isNaN(lat) ? [lon, lat] : undefined;
}

const num = (s: string) => {
  const n = parseNumber(s);
  return n === undefined || Number.isNaN(n) ? undefined : n;
};

/** The geometry the map draws and the coverage rule checks. */
export function formGeometry(f: DeviceForm): CameraGeometry {
  const camera = f.kind === 'camera';
  const cameraType = camera && f.cameraType ? f.cameraType : undefined;
  return {
    kind: f.kind,
    cameraType,
    location: formLocation(f),
    bearingDeg: num(f.bearingDeg),
    fovDeg: camera && isOmnidirectional(cameraType) ? 360 : num(f.fovDeg),
    rangeM: num(f.rangeM),
  };
}

/** Switching to PTZ or dome sets the field of view to 360° (they turn or see all around). */
export function withCameraType(f: DeviceForm, cameraType: CameraType | ''): DeviceForm {
  const omni = cameraType !== '' && isOmnidirectional(cameraType);
  const wasOmni = f.cameraType !== '' && isOmnidirectional(f.cameraType);
  return { ...f, cameraType, fovDeg: omni ? '360' : wasOmni ? '90' : f.fovDeg };
}

/** A traffic sensor has no camera type and, usually, no field of view. */
export function withKind(f: DeviceForm, kind: DeviceKind): DeviceForm {
  if (kind === f.kind) return f;
  return kind === 'traffic_sensor'
    ? { ...f, kind, cameraType: '', bearingDeg: '', fovDeg: '', rangeM: '' }
    : { ...f, kind, cameraType: 'fixed', bearingDeg: f.bearingDeg || '0', fovDeg: '90', rangeM: f.rangeM || '60' };
}

type Body = Record<string, unknown>;

function optionalNumber(s: string): number | undefined {
  const n = parseNumber(s);
  return n === undefined || Number.isNaN(n) ? undefined : n;
}

function optionalText(s: string): string | undefined {
  const t = s.trim();
  return t === '' ? undefined : t;
}

/** The body of POST /api/v1/devices (the API's DeviceInput before its defaults). */
export function toDeviceInput(f: DeviceForm): Body {
  const camera = f.kind === 'camera';
  const location = formLocation(f);
  const externalRefs: Body = {};
  if (optionalText(f.frigateCamera)) externalRefs.frigateCamera = optionalText(f.frigateCamera);
  if (optionalText(f.onvifProfile)) externalRefs.onvifProfile = optionalText(f.onvifProfile);
  const body: Body = {
    id: f.id.trim(),
    serial: f.serial.trim(),
    kind: f.kind,
    cameraType: camera && f.cameraType ? f.cameraType : undefined,
    name: f.name.trim(),
    vendor: f.vendor.trim(),
    model: f.model.trim(),
    purposes: [...f.purposes].sort(),
    areaCode: f.areaCode,
    gatewayId: f.gatewayId,
    // Without a position the API names `location` as missing, beside the position fields.
    location: location ? { type: 'Point', coordinates: location } : undefined,
    bearingDeg: optionalNumber(f.bearingDeg),
    fovDeg: camera && f.cameraType && isOmnidirectional(f.cameraType) ? 360 : optionalNumber(f.fovDeg),
    rangeM: optionalNumber(f.rangeM),
    installedOn: f.installedOn,
    contractor: f.contractor.trim(),
    heartbeatTimeoutS: optionalNumber(f.heartbeatTimeoutS),
    externalRefs,
  };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return body;
}

const PATCHABLE = [
  'cameraType',
  'name',
  'vendor',
  'model',
  'purposes',
  'areaCode',
  'gatewayId',
  'location',
  'bearingDeg',
  'fovDeg',
  'rangeM',
  'installedOn',
  'contractor',
  'heartbeatTimeoutS',
  'externalRefs',
] as const satisfies readonly (keyof DevicePatch)[];

/** The body of PATCH /api/v1/devices/:id: only what differs from the device as loaded. */
export function toDevicePatch(before: Device, f: DeviceForm): Body {
  const next = toDeviceInput(f);
  const was = toDeviceInput(formFromDevice(before));
  const patch: Body = {};
  for (const key of PATCHABLE) {
    if (JSON.stringify(next[key]) !== JSON.stringify(was[key])) {
      // A field emptied in the form cannot be removed by PATCH; sent as null, the API names it.
      patch[key] = next[key] === undefined ? null : next[key];
    }
  }
  return patch;
}
