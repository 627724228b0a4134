// Generates the demo province from the hand-written key areas: a boundary polygon around
// each area's centre, checkpoint positions inside it, and gateways, cameras and traffic
// sensors installed at the site. Everything is derived from seeded PRNG streams keyed by
// area code and device index, so ids and positions are identical on every run, and
// changing devicesPerArea adds or removes devices without moving the others.
import { bearingDegrees, type LonLat, offsetMetres, roundCoord } from './geo';
import { intBetween, pick, type Rng, seededRandom, uniform, weighted } from './random';
import { KEY_AREAS, type KeyAreaDefinition } from './key-areas.data';
import type {
  CameraType,
  DemoArea,
  DemoCheckpoint,
  DemoDevice,
  DemoGateway,
  DemoProvince,
  DemoProvinceOptions,
  Purpose,
} from './demo-province.types';

export const DEFAULT_DEVICES_PER_AREA = 8;
export const MAX_DEVICES_PER_AREA = 999;
export const CAMERA_HEARTBEAT_TIMEOUT_S = 90;
export const SENSOR_HEARTBEAT_TIMEOUT_S = 180;

type Xy = [number, number]; // metres east, north of the area centre

const VENDOR_WEIGHTS = { Hikvision: 5, Dahua: 3.5, Axis: 1.5 } as const;
type CameraVendor = keyof typeof VENDOR_WEIGHTS;

const CAMERA_MODELS: Record<CameraVendor, Record<CameraType, string>> = {
  Hikvision: {
    fixed: 'DS-2CD2047G2-LU',
    bullet: 'DS-2CD2T47G2-L',
    dome: 'DS-2CD2147G2-SU',
    ptz: 'DS-2DE4425IW-DE',
    anpr: 'iDS-TCM403-GIR',
  },
  Dahua: {
    fixed: 'IPC-HFW2441S-S',
    bullet: 'IPC-HFW3449T1-AS-PV',
    dome: 'IPC-HDBW2441E-S',
    ptz: 'SD49425XB-HNR',
    anpr: 'ITC413-PW4D-IZ1',
  },
  Axis: {
    fixed: 'P1465-LE',
    bullet: 'P1455-LE',
    dome: 'P3265-LVE',
    ptz: 'Q6135-LE',
    anpr: 'P1465-LE-3',
  },
};

const SENSOR_MODELS = [
  { vendor: 'Smartmicro', model: 'UMRR-11 Type 132' },
  { vendor: 'Wavetronix', model: 'SmartSensor HD' },
] as const;

const CAMERA_LABELS: Record<CameraType, string> = {
  fixed: 'Camera cố định',
  bullet: 'Camera thân trụ',
  dome: 'Camera bán cầu',
  ptz: 'Camera PTZ',
  anpr: 'Camera nhận dạng biển số',
};

/** Which camera types an installer would pick to watch a checkpoint with these purposes. */
function cameraTypeWeights(purposes: Purpose[]): Partial<Record<CameraType, number>> {
  const traffic = purposes.includes('traffic');
  const security = purposes.includes('security');
  if (traffic && security) return { ptz: 3, bullet: 3, dome: 2, fixed: 1 };
  if (traffic) return { anpr: 3, bullet: 3, fixed: 2, ptz: 1 };
  return { dome: 3, bullet: 2, ptz: 2, fixed: 2 };
}

export function demoProvince(options: DemoProvinceOptions = {}): DemoProvince {
  const devicesPerArea = options.devicesPerArea ?? DEFAULT_DEVICES_PER_AREA;
  if (!Number.isInteger(devicesPerArea) || devicesPerArea < 1 || devicesPerArea > MAX_DEVICES_PER_AREA) {
    throw new RangeError(`devicesPerArea must be an integer from 1 to ${MAX_DEVICES_PER_AREA}, got ${devicesPerArea}`);
  }
  const province: DemoProvince = { areas: [], gateways: [], devices: [] };
  for (const definition of KEY_AREAS) {
    const site = generateSite(definition);
    province.areas.push(site.area);
    const { gateways, devices } = equipSite(definition, site, devicesPerArea);
    province.gateways.push(...gateways);
    province.devices.push(...devices);
  }
  return province;
}

// ── Site: boundary and checkpoints ───────────────────────────────────────────────────

interface Site {
  area: DemoArea;
  /** Boundary ring in local metres, closed. */
  ringXy: Xy[];
  checkpointsXy: Xy[];
}

function generateSite(def: KeyAreaDefinition): Site {
  const rng = seededRandom(`demo-province/area/${def.code}`);
  const ringXy = boundaryRing(rng, def.radiusM);
  const inner = innerRadius(ringXy);
  const checkpointsXy: Xy[] = [];
  for (const [, , planned] of def.checkpoints) {
    // Planned checkpoints sit towards the edge, away from where the cameras were put.
    const [minR, maxR] = planned ? [0.6, 0.85] : [0, 0.6];
    checkpointsXy.push(spreadPoint(rng, inner * minR, inner * maxR, checkpointsXy, Math.min(30, def.radiusM / 8)));
  }
  const toLonLat = (p: Xy): [number, number] => roundCoord(offsetMetres(def.center, p[0], p[1]));
  const checkpoints: DemoCheckpoint[] = def.checkpoints.map(([description, purposes], i) => ({
    id: `${def.code}-CP-${String(i + 1).padStart(2, '0')}`,
    purposes: [...purposes],
    location: toLonLat(checkpointsXy[i]),
    description,
  }));
  const boundary = ringXy.map(toLonLat);
  boundary[boundary.length - 1] = [...boundary[0]];
  return {
    area: {
      code: def.code,
      name: def.name,
      district: def.district,
      category: def.category,
      center: [...def.center],
      boundary,
      checkpoints,
    },
    ringXy,
    checkpointsXy,
  };
}

/** An irregular, slightly elongated star-shaped polygon around the origin, counter-clockwise. */
function boundaryRing(rng: Rng, radiusM: number): Xy[] {
  const vertices = intBetween(rng, 10, 14);
  const stretch = uniform(rng, 0.8, 1.2);
  const axis = uniform(rng, 0, Math.PI);
  const ring: Xy[] = [];
  for (let i = 0; i < vertices; i++) {
    const angle = (2 * Math.PI * (i + uniform(rng, -0.25, 0.25))) / vertices;
    const r = radiusM * uniform(rng, 0.85, 1.12);
    // Stretch along `axis` then rotate back: a linear map keeps the polygon star-shaped.
    const u = r * Math.cos(angle - axis) * stretch;
    const v = (r * Math.sin(angle - axis)) / stretch;
    ring.push([u * Math.cos(axis) - v * Math.sin(axis), u * Math.sin(axis) + v * Math.cos(axis)]);
  }
  ring.push([...ring[0]]);
  return ring;
}

/** Distance from the origin to the nearest edge: every point closer than this is inside. */
function innerRadius(ring: Xy[]): number {
  let min = Infinity;
  for (let i = 0; i + 1 < ring.length; i++) min = Math.min(min, distanceToSegment([0, 0], ring[i], ring[i + 1]));
  return min;
}

function distanceToSegment(p: Xy, a: Xy, b: Xy): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const lengthSq = dx * dx + dy * dy;
  const t = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / lengthSq));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function insideWithMargin(p: Xy, ring: Xy[], marginM: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  if (!inside) return false;
  for (let i = 0; i + 1 < ring.length; i++) if (distanceToSegment(p, ring[i], ring[i + 1]) < marginM) return false;
  return true;
}

/** A random point `minR`..`maxR` from the origin, at least `minGap` from the points already placed. */
function spreadPoint(rng: Rng, minR: number, maxR: number, placed: Xy[], minGap: number): Xy {
  let best: Xy = [0, 0];
  let bestGap = -1;
  for (let attempt = 0; attempt < 40; attempt++) {
    const r = Math.sqrt(uniform(rng, Math.max(minR, maxR * 0.15) ** 2, maxR ** 2));
    const a = uniform(rng, 0, 2 * Math.PI);
    const p: Xy = [r * Math.cos(a), r * Math.sin(a)];
    const gap = placed.reduce((g, q) => Math.min(g, Math.hypot(p[0] - q[0], p[1] - q[1])), Infinity);
    if (gap >= minGap) return p;
    if (gap > bestGap) [best, bestGap] = [p, gap];
  }
  return best;
}

/** A point `distance` from `target` in a random direction that stays inside the ring. */
function standOff(rng: Rng, target: Xy, distance: number, ring: Xy[]): Xy {
  for (let d = distance; d >= 2; d /= 2) {
    for (let attempt = 0; attempt < 24; attempt++) {
      const a = uniform(rng, 0, 2 * Math.PI);
      const p: Xy = [target[0] + d * Math.cos(a), target[1] + d * Math.sin(a)];
      if (insideWithMargin(p, ring, 5)) return p;
    }
  }
  // Checkpoints sit well inside the ring, so a step towards the centre always is too.
  const len = Math.hypot(target[0], target[1]) || 1;
  return [target[0] - (2 * target[0]) / len, target[1] - (2 * target[1]) / len];
}

// ── Equipment: gateways, cameras, traffic sensors ────────────────────────────────────

function equipSite(def: KeyAreaDefinition, site: Site, devicesPerArea: number): { gateways: DemoGateway[]; devices: DemoDevice[] } {
  const gatewayCount = devicesPerArea < 6 ? 1 : Math.max(def.gateways, Math.ceil(devicesPerArea / 50));
  const gateways: DemoGateway[] = Array.from({ length: gatewayCount }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return { id: `GW-${def.code}-${n}`, areaCode: def.code, name: `Gateway ${n} – ${def.name}` };
  });

  const sensorCount =
    devicesPerArea < 4 ? 0 : Math.min(def.trafficSensors * Math.max(1, Math.floor(devicesPerArea / DEFAULT_DEVICES_PER_AREA)), Math.floor(devicesPerArea / 3));
  const cameraCount = devicesPerArea - sensorCount;

  const areaRng = seededRandom(`demo-province/vendor/${def.code}`);
  const primaryVendor = weighted<CameraVendor>(areaRng, VENDOR_WEIGHTS);
  const sensorModel = pick(areaRng, SENSOR_MODELS);

  const { area, ringXy, checkpointsXy } = site;
  const toLonLat = (p: Xy): [number, number] => roundCoord(offsetMetres(def.center, p[0], p[1]));
  const timesTargeted = new Map<string, number>();
  const devices: DemoDevice[] = [];

  const targets = def.checkpoints.flatMap(([, , planned], i) => (planned ? [] : [i]));
  for (let j = 0; j < cameraCount; j++) {
    const rng = seededRandom(`demo-province/camera/${def.code}/${j}`);
    const cpIndex = targets[j % targets.length];
    const checkpoint = area.checkpoints[cpIndex];
    const cameraType = weighted<CameraType>(rng, cameraTypeWeights(checkpoint.purposes));
    const { fovDeg, rangeM } = opticsFor(rng, cameraType);
    const standOffM = cameraType === 'anpr' ? uniform(rng, 12, 28) : rangeM * uniform(rng, 0.25, 0.6);
    const position = toLonLat(standOff(rng, checkpointsXy[cpIndex], standOffM, ringXy));
    const towards = bearingDegrees(position as LonLat, checkpoint.location as LonLat);
    const jitter = fovDeg >= 360 ? 0 : uniform(rng, -fovDeg / 6, fovDeg / 6);
    const vendor = rng() < 0.85 ? primaryVendor : weighted<CameraVendor>(rng, VENDOR_WEIGHTS);
    const purposes: Purpose[] =
      cameraType === 'anpr'
        ? ['traffic']
        : cameraType === 'ptz' || cameraType === 'dome'
          ? (['traffic', 'security'] as Purpose[]).filter((p) => p === 'security' || checkpoint.purposes.includes(p))
          : [...checkpoint.purposes];
    const k = (timesTargeted.get(checkpoint.id) ?? 0) + 1;
    timesTargeted.set(checkpoint.id, k);
    devices.push({
      id: `CAM-${def.code}-${String(j + 1).padStart(3, '0')}`,
      gatewayId: gateways[j % gatewayCount].id,
      areaCode: def.code,
      kind: 'camera',
      cameraType,
      name: `${CAMERA_LABELS[cameraType]} – ${checkpoint.description}${k > 1 ? ` (${k})` : ''}`,
      vendor,
      model: CAMERA_MODELS[vendor][cameraType],
      purposes,
      location: position,
      bearingDeg: Math.round((towards + jitter + 360) % 360) % 360,
      fovDeg,
      rangeM,
      heartbeatTimeoutS: CAMERA_HEARTBEAT_TIMEOUT_S,
    });
  }

  const roadCheckpoints = area.checkpoints.map((cp, i) => ({ cp, xy: checkpointsXy[i] })).filter(({ cp }) => cp.purposes.includes('traffic'));
  for (let s = 0; s < sensorCount; s++) {
    const rng = seededRandom(`demo-province/sensor/${def.code}/${s}`);
    const road = roadCheckpoints.length > 0 ? roadCheckpoints[s % roadCheckpoints.length] : undefined;
    const position = toLonLat(standOff(rng, road?.xy ?? [0, 0], uniform(rng, 8, 30), ringXy));
    devices.push({
      id: `TS-${def.code}-${String(s + 1).padStart(3, '0')}`,
      gatewayId: gateways[s % gatewayCount].id,
      areaCode: def.code,
      kind: 'traffic_sensor',
      name: `Cảm biến lưu lượng – ${road?.cp.description ?? def.name}`,
      vendor: sensorModel.vendor,
      model: sensorModel.model,
      purposes: ['traffic'],
      location: position,
      heartbeatTimeoutS: SENSOR_HEARTBEAT_TIMEOUT_S,
    });
  }
  return { gateways, devices };
}

function opticsFor(rng: Rng, cameraType: CameraType): { fovDeg: number; rangeM: number } {
  switch (cameraType) {
    case 'anpr':
      return { fovDeg: 30, rangeM: 40 };
    case 'ptz':
      return { fovDeg: 360, rangeM: 5 * intBetween(rng, 20, 30) };
    case 'dome':
      return { fovDeg: 360, rangeM: 5 * intBetween(rng, 16, 22) };
    case 'fixed':
    case 'bullet':
      return { fovDeg: 5 * intBetween(rng, 12, 18), rangeM: 5 * intBetween(rng, 12, 24) };
  }
}
