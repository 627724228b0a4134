// The register: key areas with their checkpoints, gateways, devices. These shapes are the
// REST bodies of apps/api, the NATS requests to the registry, and the rows of a bulk
// import, so a camera is validated the same way whichever door it comes through.
import { z } from 'zod';
import { defineContract, identifier, textProblem, type ContractIssue } from '../contract';
import { startsLikeFormula } from '../csv';
import { DEVICE_STATUSES } from '../nats/messages.contract';

export const PURPOSES = ['traffic', 'security'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const DEVICE_KINDS = ['camera', 'traffic_sensor'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export const CAMERA_TYPES = ['fixed', 'ptz', 'dome', 'bullet', 'anpr'] as const;
export type CameraType = (typeof CAMERA_TYPES)[number];
/** Camera types that turn or see all around: their field of view is 360° (DESIGN.md §4). */
export const OMNIDIRECTIONAL_CAMERA_TYPES: readonly CameraType[] = ['ptz', 'dome'];

export const AREA_CATEGORIES = [
  'intersection',
  'market',
  'school',
  'station',
  'airport',
  'tourist_site',
  'border_gate',
  'port',
  'beach',
  'administrative',
  'hospital',
  'other',
] as const;
export type AreaCategory = (typeof AREA_CATEGORIES)[number];

/**
 * Free text: trimmed, non-empty unless `optional`, the edge's text rule (no control
 * characters, valid Unicode: ../contract.ts `textProblem`; tabs and line breaks inside stay
 * allowed, as a quoted CSV cell or a note may hold them), and never a spreadsheet formula
 * (the platform's one formula rule, in ../csv.ts), so every export of the register is safe to open.
 */
export const safeText = (max = 200, rules: { lines?: boolean } = { lines: true }) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .superRefine((s, ctx) => {
      const problem = textProblem(s, rules);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .refine((s) => !startsLikeFormula(s), 'must not start with =, +, -, @, tab or carriage return (spreadsheet formula)');
export const requiredText = (max = 200, rules: { lines?: boolean } = { lines: true }) => safeText(max, rules).refine((s) => s.length > 0, 'must not be empty');

export const longitude = () => z.number().min(-180, 'longitude must be ≥ -180').max(180, 'longitude must be ≤ 180');
export const latitude = () => z.number().min(-90, 'latitude must be ≥ -90').max(90, 'latitude must be ≤ 90');
export const Position = z.tuple([longitude(), latitude()]);
export type Position = z.infer<typeof Position>;

// ---------------------------------------------------------------------------------------
// The province's extent: every position of the register lies in it (with a margin). A
// boundary covering the whole world, or a point with lon and lat swapped, is refused.

/** A box in WGS 84 degrees. */
export interface GeoExtent {
  west: number;
  south: number;
  east: number;
  north: number;
}

/**
 * Quảng Bình (the demo province and the one DESIGN.md is written for): 16°55′–18°05′ N,
 * 105°36′–106°59′ E, rounded outwards. A deployment elsewhere sets REGISTRY_PROVINCE_EXTENT.
 */
export const DEFAULT_PROVINCE_EXTENT: GeoExtent = { west: 105.6, south: 16.9, east: 107.0, north: 18.1 };
/** How far outside the extent a position may lie, degrees (0.1° ≈ 11 km): the border is not a straight line. */
export const DEFAULT_PROVINCE_MARGIN_DEG = 0.1;

/** Reads `west,south,east,north` (degrees); undefined unless it is a box of the globe. */
export function parseGeoExtent(value: string): GeoExtent | undefined {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length !== 4 || parts.some((p) => !/^-?\d+(\.\d+)?$/.test(p))) return undefined;
  const [west, south, east, north] = parts.map(Number) as [number, number, number, number];
  const ok = west >= -180 && east <= 180 && west < east && south >= -90 && north <= 90 && south < north;
  return ok ? { west, south, east, north } : undefined;
}

/** Why `position` lies outside `extent` widened by `marginDeg`, or undefined when inside (the border counts as inside). */
export function outsideExtent([lon, lat]: readonly [number, number], extent: GeoExtent, marginDeg = DEFAULT_PROVINCE_MARGIN_DEG): string | undefined {
  const w = extent.west - marginDeg;
  const e = extent.east + marginDeg;
  const s = extent.south - marginDeg;
  const n = extent.north + marginDeg;
  if (lon >= w && lon <= e && lat >= s && lat <= n) return undefined;
  const box = `longitude ${extent.west}…${extent.east}, latitude ${extent.south}…${extent.north}, with a ${marginDeg}° margin`;
  return `[${lon}, ${lat}] lies outside the province (${box}); positions are [longitude, latitude] in WGS 84`;
}

/**
 * Issues for every position of a Point or a Polygon outside the extent, at its path
 * (`location.coordinates`, `boundary.coordinates.0.3`); at most `limit`, so a world-sized
 * polygon is named in a few lines.
 */
export function extentIssues(
  path: string,
  geometry: { type: 'Point'; coordinates: readonly [number, number] } | { type: 'Polygon'; coordinates: readonly (readonly (readonly [number, number])[])[] },
  extent: GeoExtent,
  marginDeg = DEFAULT_PROVINCE_MARGIN_DEG,
  limit = 3,
): ContractIssue[] {
  const issues: ContractIssue[] = [];
  const check = (position: readonly [number, number], at: string) => {
    const problem = issues.length < limit ? outsideExtent(position, extent, marginDeg) : undefined;
    if (problem) issues.push({ path: at, message: problem });
  };
  if (geometry.type === 'Point') check(geometry.coordinates, `${path}.coordinates`);
  else geometry.coordinates.forEach((ring, r) => ring.forEach((p, i) => check(p, `${path}.coordinates.${r}.${i}`)));
  return issues;
}

export const PointGeometry = z.object({ type: z.literal('Point'), coordinates: Position });
export type PointGeometry = z.infer<typeof PointGeometry>;

/** Most positions in a key area's boundary (a street block drawn by hand has tens). */
export const MAX_RING_POSITIONS = 1000;

/** A GeoJSON polygon without holes: one closed ring of at least four positions. */
export const PolygonGeometry = z.object({
  type: z.literal('Polygon'),
  coordinates: z
    .array(
      z
        .array(Position)
        .min(4, 'a ring needs at least 4 positions')
        .max(MAX_RING_POSITIONS, `a ring may have at most ${MAX_RING_POSITIONS} positions`)
        .refine((ring) => {
          const [first, last] = [ring[0], ring[ring.length - 1]];
          return first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
        }, 'a ring must be closed: its last position equals its first'),
    )
    .length(1, 'exactly one ring (holes are not supported)'),
});
export type PolygonGeometry = z.infer<typeof PolygonGeometry>;

const purposes = () =>
  z
    .array(z.enum(PURPOSES))
    .min(1, 'at least one purpose: traffic, security')
    .transform((p) => [...new Set(p)].sort() as Purpose[]);

/** `YYYY-MM-DD`, a real calendar date. */
export const calendarDate = () =>
  z.iso.date({ message: 'must be a date as YYYY-MM-DD' });

// ---------------------------------------------------------------------------------------
// Key areas and checkpoints

export const CheckpointInput = z.object({
  id: identifier(),
  purposes: purposes(),
  location: PointGeometry,
  description: safeText(500, { lines: true }).default(''),
});
export type CheckpointInput = z.infer<typeof CheckpointInput>;
// Patches are built from fields without defaults: an omitted field stays as it is.
export const CheckpointPatch = z.object({ purposes: purposes(), location: PointGeometry, description: safeText(500, { lines: true }) }).partial().strict();
export type CheckpointPatch = z.infer<typeof CheckpointPatch>;

export const KeyAreaInput = z.object({
  code: identifier(),
  /** Vietnamese name with its diacritics. */
  name: requiredText(200),
  district: requiredText(100),
  category: z.enum(AREA_CATEGORIES),
  boundary: PolygonGeometry,
  coverageTargetPct: z.number().gt(0, 'must be > 0').max(100, 'must be ≤ 100').default(100),
  checkpoints: z.array(CheckpointInput).max(1000, 'at most 1000 checkpoints per key area; add more one by one or by import').default([]),
});
export type KeyAreaInput = z.infer<typeof KeyAreaInput>;
export const KeyAreaPatch = z
  .object({
    name: requiredText(200),
    district: requiredText(100),
    category: z.enum(AREA_CATEGORIES),
    boundary: PolygonGeometry,
    coverageTargetPct: z.number().gt(0, 'must be > 0').max(100, 'must be ≤ 100'),
  })
  .partial()
  .strict();
export type KeyAreaPatch = z.infer<typeof KeyAreaPatch>;

export const CheckpointV1 = z.object({
  id: z.string(),
  areaCode: z.string(),
  purposes: z.array(z.enum(PURPOSES)),
  location: PointGeometry,
  description: z.string(),
});
export type Checkpoint = z.infer<typeof CheckpointV1>;

export const KeyAreaV1 = z.object({
  code: z.string(),
  name: z.string(),
  district: z.string(),
  category: z.string(),
  boundary: PolygonGeometry.nullable(),
  coverageTargetPct: z.number(),
  checkpoints: z.array(CheckpointV1),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type KeyArea = z.infer<typeof KeyAreaV1>;

// ---------------------------------------------------------------------------------------
// Gateways

export const GatewayInput = z.object({
  id: identifier(),
  areaCode: identifier(),
  name: requiredText(200),
});
export type GatewayInput = z.infer<typeof GatewayInput>;

export const GATEWAY_CREDENTIAL_STATES = ['none', 'active', 'revoked'] as const;

export const GatewayV1 = z.object({
  id: z.string(),
  areaCode: z.string(),
  name: z.string(),
  presence: z.enum(['unknown', 'online', 'offline']),
  presenceChangedAt: z.string().nullable(),
  credentials: z.object({
    state: z.enum(GATEWAY_CREDENTIAL_STATES),
    username: z.string().nullable(),
    /** Topics the gateway may publish to. */
    publishFilter: z.string(),
    issuedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  }),
  createdAt: z.string(),
});
export type Gateway = z.infer<typeof GatewayV1>;

/** Returned once, when credentials are issued or rotated; the password is never stored. */
export const GatewayCredentialsV1 = z.object({
  username: z.string(),
  password: z.string(),
  publishFilter: z.string(),
  issuedAt: z.string(),
});
export type GatewayCredentials = z.infer<typeof GatewayCredentialsV1>;

export const GatewayRegisteredV1 = z.object({ gateway: GatewayV1, credentials: GatewayCredentialsV1 });
export type GatewayRegistered = z.infer<typeof GatewayRegisteredV1>;

// ---------------------------------------------------------------------------------------
// Devices

export const ExternalRefs = z.object({
  /** The camera's name in Frigate NVR (`after.camera` of its events). */
  frigateCamera: safeText(100).optional(),
  /** ONVIF media profile token, e.g. `Profile_1`. */
  onvifProfile: safeText(100).optional(),
});
export type ExternalRefs = z.infer<typeof ExternalRefs>;

const deviceFields = {
  id: identifier(),
  serial: requiredText(64),
  kind: z.enum(DEVICE_KINDS),
  cameraType: z.enum(CAMERA_TYPES).optional(),
  name: requiredText(200),
  vendor: requiredText(100),
  model: requiredText(100),
  purposes: purposes(),
  areaCode: identifier(),
  gatewayId: identifier(),
  location: PointGeometry,
  bearingDeg: z.number().min(0, 'must be ≥ 0').lt(360, 'must be < 360').optional(),
  fovDeg: z.number().gt(0, 'must be > 0').max(360, 'must be ≤ 360').optional(),
  rangeM: z.number().gt(0, 'must be > 0').max(5000, 'must be ≤ 5000').optional(),
  installedOn: calendarDate(),
  contractor: requiredText(200),
  heartbeatTimeoutS: z.number().int('must be a whole number of seconds').min(10, 'must be ≥ 10').max(86_400, 'must be ≤ 86400'),
  externalRefs: ExternalRefs,
};

/**
 * Cross-field rules of a device: cameras have a type and a field of view (PTZ and dome see
 * 360°, others need a bearing and an angle), and a range; traffic sensors have no camera type.
 */
function checkDevice(
  d: { kind?: DeviceKind; cameraType?: CameraType; bearingDeg?: number; fovDeg?: number; rangeM?: number },
  ctx: z.RefinementCtx,
): void {
  const need = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (d.kind === 'traffic_sensor') {
    if (d.cameraType !== undefined) need('cameraType', 'a traffic sensor has no camera type');
    return;
  }
  if (d.kind !== 'camera') return;
  if (d.cameraType === undefined) need('cameraType', `a camera needs a type: ${CAMERA_TYPES.join(', ')}`);
  const omni = d.cameraType !== undefined && OMNIDIRECTIONAL_CAMERA_TYPES.includes(d.cameraType);
  if (d.rangeM === undefined) need('rangeM', 'a camera needs its range in metres');
  if (!omni && d.fovDeg === undefined) need('fovDeg', 'a fixed, bullet or ANPR camera needs its field of view in degrees');
  const fov = d.fovDeg ?? (omni ? 360 : undefined);
  if (fov !== undefined && fov < 360 && d.bearingDeg === undefined) need('bearingDeg', 'a camera with a field of view under 360° needs its bearing');
}

/** A device as registered; PTZ and dome cameras get `fovDeg` 360 when it is not given. */
export const DeviceInput = z
  .object({ ...deviceFields, heartbeatTimeoutS: deviceFields.heartbeatTimeoutS.default(90), externalRefs: ExternalRefs.default({}) })
  .superRefine(checkDevice)
  .transform((d) => {
    const omni = d.cameraType !== undefined && OMNIDIRECTIONAL_CAMERA_TYPES.includes(d.cameraType);
    const fovDeg = d.fovDeg ?? (omni ? 360 : undefined);
    return { ...d, fovDeg, bearingDeg: d.bearingDeg ?? (fovDeg === 360 ? 0 : undefined) };
  });
export type DeviceInput = z.infer<typeof DeviceInput>;

/** What may change on a registered device (not its id, serial or kind). */
export const DevicePatch = z
  .object(deviceFields)
  .omit({ id: true, serial: true, kind: true })
  .partial()
  .strict();
export type DevicePatch = z.infer<typeof DevicePatch>;

export const DeviceV1 = z.object({
  id: z.string(),
  serial: z.string(),
  kind: z.enum(DEVICE_KINDS),
  cameraType: z.enum(CAMERA_TYPES).nullable(),
  name: z.string(),
  vendor: z.string(),
  model: z.string(),
  purposes: z.array(z.enum(PURPOSES)),
  areaCode: z.string(),
  gatewayId: z.string(),
  location: PointGeometry.nullable(),
  bearingDeg: z.number().nullable(),
  fovDeg: z.number().nullable(),
  rangeM: z.number().nullable(),
  installedOn: z.string().nullable(),
  contractor: z.string(),
  heartbeatTimeoutS: z.number(),
  externalRefs: ExternalRefs,
  status: z.enum(DEVICE_STATUSES),
  statusSince: z.string().nullable(),
  conditions: z.array(z.string()),
  lastSeenAt: z.string().nullable(),
  decommissionedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Device = z.infer<typeof DeviceV1>;

export const DecommissionInput = z.object({ reason: requiredText(500, { lines: true }) });

export const DeviceInputContract = defineContract('device.input', 1, DeviceInput);
export const CheckpointInputContract = defineContract('checkpoint.input', 1, CheckpointInput);
