// NGSI-LD (ETSI GS CIM 009) entities of the register, in normalized form, following the
// FIWARE Smart Data Models of dataModel.Device:
//   Device       one per camera and traffic sensor (Device model 0.0.9)
//   Camera       one more per camera, linked to its Device by `refDevice`
//   DeviceModel  one per vendor + model, linked from each Device by `refDeviceModel`
// Pure functions of `@ioc/contracts` shapes: no I/O, no clock. What each attribute means and
// why it was chosen is in docs/interoperability.md; change both together.
import type { CameraType, Device, DeviceStatus, PointGeometry, Purpose } from '@ioc/contracts';
import { InteropError } from './interop.error';
import { localDateStartUtc, toUtcIso } from './timestamps';

// ---------------------------------------------------------------------------------------
// @context

export const NGSI_LD_CORE_CONTEXT = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld';
/** The Smart Data Models context of dataModel.Device: defines Device, Camera, DeviceModel and their attributes. */
export const SMART_DATA_MODELS_DEVICE_CONTEXT =
  'https://raw.githubusercontent.com/smart-data-models/dataModel.Device/master/context.jsonld';
/** The core context goes last: NGSI-LD core terms cannot be redefined by a user context. */
export const DEFAULT_NGSI_LD_CONTEXT: readonly string[] = [SMART_DATA_MODELS_DEVICE_CONTEXT, NGSI_LD_CORE_CONTEXT];

// ---------------------------------------------------------------------------------------
// Shapes

/** A JSON-LD typed value: how NGSI-LD marks a Property value as a date-time. */
export interface NgsiLdDateTime {
  '@type': 'DateTime';
  '@value': string;
}

export type NgsiLdValue = string | number | boolean | readonly NgsiLdValue[] | { readonly [key: string]: NgsiLdValue };

export interface NgsiLdProperty {
  type: 'Property';
  value: NgsiLdValue;
  /** When the value was observed (ISO 8601 UTC). */
  observedAt?: string;
  /** Sub-property of `deviceState` (extension): the degrading conditions that stand. */
  conditions?: NgsiLdProperty;
}

export interface NgsiLdGeoProperty {
  type: 'GeoProperty';
  value: PointGeometry;
}

export interface NgsiLdRelationship {
  type: 'Relationship';
  object: string;
}

export type NgsiLdAttribute = NgsiLdProperty | NgsiLdGeoProperty | NgsiLdRelationship;

export interface NgsiLdEntity {
  id: string;
  type: string;
  '@context': readonly string[];
  [attribute: string]: NgsiLdAttribute | string | readonly string[];
}

export interface NgsiLdOptions {
  /** `@context` of every entity; default `DEFAULT_NGSI_LD_CONTEXT`. */
  context?: readonly string[];
  /** `dataProvider` of every entity, e.g. the department that runs the IOC. Omitted when not given. */
  dataProvider?: string;
  /** `owner` of every entity: ids or URIs of the owners, e.g. the province. Omitted when not given. */
  owner?: readonly string[];
}

// ---------------------------------------------------------------------------------------
// Identifiers

const urn = (type: string, ...parts: string[]) => `urn:ngsi-ld:${type}:${parts.map((p) => encodeURIComponent(p)).join(':')}`;

/**
 * The entity ids of the export. Parts are percent-encoded, so any register value makes a
 * valid URN (RFC 8141); ids of the register (`A-Z a-z 0-9 _ -`) come out unchanged.
 */
export const ngsiLdId = {
  device: (deviceId: string) => urn('Device', deviceId),
  camera: (deviceId: string) => urn('Camera', deviceId),
  deviceModel: (vendor: string, model: string) => urn('DeviceModel', vendor.trim(), model.trim()),
  /** Target of `refGateway` (extension); gateways are not exported as entities. */
  gateway: (gatewayId: string) => urn('Gateway', gatewayId),
  /** Target of `refKeyArea` (extension); the key area itself is exported as GeoJSON. */
  keyArea: (areaCode: string) => urn('KeyArea', areaCode),
} as const;

// ---------------------------------------------------------------------------------------
// Mapping tables

/**
 * `deviceState` ("state of this device from an operational point of view; its value can be
 * vendor dependent"). `online` becomes `ok`, the value of the model's own examples, so a
 * generic consumer that checks for `ok` works; the other states keep the platform's words.
 */
export const DEVICE_STATE_BY_STATUS: Readonly<Record<DeviceStatus, string>> = {
  online: 'ok',
  degraded: 'degraded',
  offline: 'offline',
  decommissioned: 'decommissioned',
  unknown: 'unknown',
};

/**
 * Camera `on`: true while the camera delivers (online, or degraded: reachable with a standing
 * fault), false when offline or decommissioned. Unknown (never heard from) is left out:
 * nothing says whether it is on.
 */
export const CAMERA_ON_BY_STATUS: Readonly<Record<DeviceStatus, boolean | undefined>> = {
  online: true,
  degraded: true,
  offline: false,
  decommissioned: false,
  unknown: undefined,
};

/** Camera `cameraType` (enum FIXED, PTZ, DOME, DAY/NIGHT, C-MOUNT, BULLET). ANPR is a usage, not a housing: an ANPR camera is FIXED. */
export const CAMERA_TYPE_TO_SDM: Readonly<Record<CameraType, string>> = {
  fixed: 'FIXED',
  ptz: 'PTZ',
  dome: 'DOME',
  bullet: 'BULLET',
  anpr: 'FIXED',
};

/** Device `controlledProperty` values, in the order they are listed. */
const CONTROLLED_PROPERTIES = ['trafficFlow', 'averageVelocity', 'occupancy', 'motion'] as const;
type ControlledProperty = (typeof CONTROLLED_PROPERTIES)[number];

/**
 * What a device senses, by kind and purpose. A traffic sensor reports the TrafficFlowObserved
 * figures (intensity, averageVehicleSpeed, occupancy); a camera for traffic watches the flow;
 * anything for security watches motion (intrusion, crowd, tamper…).
 */
const CONTROLLED_PROPERTY_BY_PURPOSE: Readonly<Record<Device['kind'], Readonly<Record<Purpose, readonly ControlledProperty[]>>>> = {
  camera: { traffic: ['trafficFlow'], security: ['motion'] },
  traffic_sensor: { traffic: ['trafficFlow', 'averageVelocity', 'occupancy'], security: ['motion'] },
};
/** `controlledProperty` is required: a device registered without purposes still gets its kind's. */
const CONTROLLED_PROPERTY_BY_KIND: Readonly<Record<Device['kind'], readonly ControlledProperty[]>> = {
  camera: ['motion'],
  traffic_sensor: ['trafficFlow'],
};

/** Device `deviceCategory` (enum of the model): a camera senses and records video. */
const DEVICE_CATEGORY_BY_KIND: Readonly<Record<Device['kind'], readonly string[]>> = {
  camera: ['sensor', 'multimedia'],
  traffic_sensor: ['sensor'],
};

export function controlledPropertiesOf(device: Pick<Device, 'kind' | 'purposes'>): ControlledProperty[] {
  const wanted = new Set<ControlledProperty>(device.purposes.flatMap((p) => CONTROLLED_PROPERTY_BY_PURPOSE[device.kind][p]));
  if (wanted.size === 0) CONTROLLED_PROPERTY_BY_KIND[device.kind].forEach((p) => wanted.add(p));
  return CONTROLLED_PROPERTIES.filter((p) => wanted.has(p));
}

/**
 * Camera `cameraUsage` is one value (enum SURVEILLANCE, RLVD, ANPR/LPR, TRAFFIC): ANPR/LPR
 * for ANPR cameras, else SURVEILLANCE when security is among the purposes (a camera watching
 * a square for public order sees its traffic too), else TRAFFIC. All purposes stay on the
 * Device's `controlledProperty`.
 */
export function cameraUsageOf(device: Pick<Device, 'cameraType' | 'purposes'>): string {
  if (device.cameraType === 'anpr') return 'ANPR/LPR';
  if (device.purposes.includes('security')) return 'SURVEILLANCE';
  if (device.purposes.includes('traffic')) return 'TRAFFIC';
  return 'SURVEILLANCE';
}

// ---------------------------------------------------------------------------------------
// Attribute builders

const property = (value: NgsiLdValue, observedAt?: string | null): NgsiLdProperty =>
  observedAt ? { type: 'Property', value, observedAt } : { type: 'Property', value };
const dateTime = (iso: string): NgsiLdProperty => property({ '@type': 'DateTime', '@value': iso });
const relationship = (object: string): NgsiLdRelationship => ({ type: 'Relationship', object });
const geoProperty = (point: PointGeometry): NgsiLdGeoProperty => ({
  type: 'GeoProperty',
  value: { type: 'Point', coordinates: [point.coordinates[0], point.coordinates[1]] },
});

type Attributes = Record<string, NgsiLdAttribute>;

function entity(id: string, type: string, attributes: Attributes, opts: NgsiLdOptions): NgsiLdEntity {
  const common: Attributes = {};
  if (opts.dataProvider !== undefined) common['dataProvider'] = property(opts.dataProvider);
  if (opts.owner !== undefined && opts.owner.length > 0) common['owner'] = property([...opts.owner]);
  return { id, type, ...attributes, ...common, '@context': [...(opts.context ?? DEFAULT_NGSI_LD_CONTEXT)] };
}

function deviceStateOf(device: Device): NgsiLdProperty {
  const since = device.status === 'decommissioned' ? (device.statusSince ?? device.decommissionedAt) : device.statusSince;
  const state = property(DEVICE_STATE_BY_STATUS[device.status], since ? toUtcIso(since, 'statusSince') : undefined);
  if (device.conditions.length > 0) state.conditions = property([...device.conditions].sort());
  return state;
}

/** Device `configuration`: the parameters the model has no attribute for, as strings. */
function configurationOf(device: Device): { parameter: string; value: string }[] {
  const parameters: [string, string | number | null | undefined][] = [
    ['heartbeatTimeoutS', device.heartbeatTimeoutS],
    ['bearingDeg', device.bearingDeg],
    ['fovDeg', device.fovDeg],
    ['rangeM', device.rangeM],
    ['frigateCamera', device.externalRefs.frigateCamera],
    ['onvifProfile', device.externalRefs.onvifProfile],
  ];
  return parameters.flatMap(([parameter, value]) => (value === null || value === undefined ? [] : [{ parameter, value: String(value) }]));
}

/** Camera `cameraOrientation.comments`: the field of view in words; null when nothing is known. */
function orientationCommentOf(device: Device): string | null {
  const parts: string[] = [];
  if (device.bearingDeg !== null && device.fovDeg !== 360) parts.push(`bearing ${device.bearingDeg}° clockwise from north`);
  if (device.fovDeg !== null) parts.push(`field of view ${device.fovDeg}°`);
  if (device.rangeM !== null) parts.push(`range ${device.rangeM} m`);
  return parts.length > 0 ? parts.join(', ') : null;
}

// ---------------------------------------------------------------------------------------
// Entities

/** The Smart Data Models `Device` of any registered device, camera or traffic sensor. */
export function toNgsiLdDevice(device: Device, opts: NgsiLdOptions = {}): NgsiLdEntity {
  const category = [...DEVICE_CATEGORY_BY_KIND[device.kind]];
  const attributes: Attributes = {
    name: property(device.name),
    serialNumber: property(device.serial),
    deviceCategory: property(category),
    // Deprecated by the model in favour of deviceCategory; older validators still require it.
    category: property([...category]),
    controlledProperty: property(controlledPropertiesOf(device)),
    deviceState: deviceStateOf(device),
  };
  if (device.lastSeenAt !== null) attributes['dateLastValueReported'] = dateTime(toUtcIso(device.lastSeenAt, 'lastSeenAt'));
  if (device.installedOn !== null) attributes['dateInstalled'] = dateTime(localDateStartUtc(device.installedOn, 'installedOn'));
  if (device.location !== null) attributes['location'] = geoProperty(device.location);
  attributes['areaServed'] = property(device.areaCode);
  attributes['provider'] = property(device.contractor);
  const configuration = configurationOf(device);
  if (configuration.length > 0) attributes['configuration'] = property(configuration);
  attributes['refDeviceModel'] = relationship(ngsiLdId.deviceModel(device.vendor, device.model));
  attributes['refGateway'] = relationship(ngsiLdId.gateway(device.gatewayId));
  attributes['refKeyArea'] = relationship(ngsiLdId.keyArea(device.areaCode));
  attributes['dateCreated'] = dateTime(toUtcIso(device.createdAt, 'createdAt'));
  attributes['dateModified'] = dateTime(toUtcIso(device.updatedAt, 'updatedAt'));
  return entity(ngsiLdId.device(device.id), 'Device', attributes, opts);
}

/** The Smart Data Models `Camera` of a camera; its `refDevice` points at the camera's `Device`. */
export function toNgsiLdCamera(device: Device, opts: NgsiLdOptions = {}): NgsiLdEntity {
  if (device.kind !== 'camera') {
    throw new InteropError('not_a_camera', `device ${device.id} is a ${device.kind}: only cameras have a Camera entity`);
  }
  const attributes: Attributes = {
    name: property(device.name),
    cameraName: property(device.name),
  };
  if (device.cameraType !== null) attributes['cameraType'] = property(CAMERA_TYPE_TO_SDM[device.cameraType]);
  attributes['cameraUsage'] = property(cameraUsageOf(device));
  const orientation = orientationCommentOf(device);
  if (orientation !== null) attributes['cameraOrientation'] = property({ comments: orientation });
  const on = CAMERA_ON_BY_STATUS[device.status];
  if (on !== undefined) attributes['on'] = property(on, device.statusSince ? toUtcIso(device.statusSince, 'statusSince') : undefined);
  if (device.location !== null) attributes['location'] = geoProperty(device.location);
  attributes['areaServed'] = property(device.areaCode);
  attributes['refDevice'] = relationship(ngsiLdId.device(device.id));
  attributes['dateCreated'] = dateTime(toUtcIso(device.createdAt, 'createdAt'));
  attributes['dateModified'] = dateTime(toUtcIso(device.updatedAt, 'updatedAt'));
  return entity(ngsiLdId.camera(device.id), 'Camera', attributes, opts);
}

/**
 * One Smart Data Models `DeviceModel` per vendor + model among the devices (first seen
 * first), the target of each Device's `refDeviceModel`. Its categories and controlled
 * properties are those of all devices of that model together.
 */
export function toNgsiLdDeviceModels(devices: readonly Device[], opts: NgsiLdOptions = {}): NgsiLdEntity[] {
  const models = new Map<string, { vendor: string; model: string; categories: Set<string>; controlled: Set<ControlledProperty> }>();
  for (const device of devices) {
    const id = ngsiLdId.deviceModel(device.vendor, device.model);
    const entry = models.get(id) ?? { vendor: device.vendor.trim(), model: device.model.trim(), categories: new Set<string>(), controlled: new Set<ControlledProperty>() };
    DEVICE_CATEGORY_BY_KIND[device.kind].forEach((c) => entry.categories.add(c));
    controlledPropertiesOf(device).forEach((p) => entry.controlled.add(p));
    models.set(id, entry);
  }
  return [...models].map(([id, m]) => {
    const category = ['sensor', 'multimedia'].filter((c) => m.categories.has(c));
    return entity(
      id,
      'DeviceModel',
      {
        name: property(`${m.vendor} ${m.model}`),
        brandName: property(m.vendor),
        manufacturerName: property(m.vendor),
        modelName: property(m.model),
        category: property(category),
        deviceCategory: property([...category]),
        controlledProperty: property(CONTROLLED_PROPERTIES.filter((p) => m.controlled.has(p))),
      },
      opts,
    );
  });
}

/**
 * Everything the register exports as NGSI-LD: for each device in order its `Device`, then
 * its `Camera` when it is a camera; then the `DeviceModel`s they refer to.
 */
export function toNgsiLdEntities(devices: readonly Device[], opts: NgsiLdOptions = {}): NgsiLdEntity[] {
  const perDevice = devices.flatMap((d) => (d.kind === 'camera' ? [toNgsiLdDevice(d, opts), toNgsiLdCamera(d, opts)] : [toNgsiLdDevice(d, opts)]));
  return [...perDevice, ...toNgsiLdDeviceModels(devices, opts)];
}
