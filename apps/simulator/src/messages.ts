// Pure builders for what a simulated gateway publishes: status heartbeats, traffic
// telemetry and camera events, shaped by the MQTT payload contracts in @ioc/contracts.
// Randomness comes in as a seeded Rng and time as a Date, so the spec can check every
// builder against the contracts' zod schemas.
import type { DeviceEventPayload, DeviceEventType, DeviceStatusPayload, DeviceTelemetryPayload } from '@ioc/contracts';
import { type AreaCategory, type DemoDevice, pick, type Rng, uniform, weighted } from '@ioc/demo-province';

const VIETNAM_OFFSET_MS = 7 * 3600_000; // Asia/Ho_Chi_Minh has no daylight saving time

/** RFC 3339 in Vietnam time, e.g. 2025-03-01T07:15:02.125+07:00. */
export function formatTimestamp(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().replace('Z', '+07:00');
}

/** Hour of day in Asia/Ho_Chi_Minh as a fraction, 0 <= h < 24. */
export function localHour(at: Date): number {
  const ms = (at.getTime() + VIETNAM_OFFSET_MS) % 86_400_000;
  return (ms < 0 ? ms + 86_400_000 : ms) / 3600_000;
}

/**
 * Message ids unique per process and, through the random start, across processes:
 * `${deviceId}-${ms base 36}-${counter base 36}`.
 */
export class MessageIds {
  private counter: number;
  constructor(start = 0) {
    this.counter = start;
  }
  next(deviceId: string, at: Date): string {
    return `${deviceId}-${at.getTime().toString(36)}-${(this.counter++).toString(36)}`;
  }
}

// ── Status heartbeats ────────────────────────────────────────────────────────────────

const FIRMWARE: Record<string, string> = {
  Hikvision: 'V5.7.15 build 230512',
  Dahua: 'V2.840.0000000.18.R',
  Axis: '11.9.60',
  Smartmicro: 'UMRR-11 5.2.1',
  Wavetronix: 'SSHD 4.1.2',
};

export function firmwareFor(device: DemoDevice): string {
  return FIRMWARE[device.vendor] ?? '1.0.0';
}

/** What a camera reports about itself beyond being alive; changed by simulated faults. */
export interface CameraHealth {
  recording: boolean;
  storageOk: boolean;
  /** The sensor delivers no picture (video_loss open): fps and bitrate drop to 0. */
  videoLost: boolean;
}

export const HEALTHY: CameraHealth = { recording: true, storageOk: true, videoLost: false };

const NOMINAL_BITRATE_KBPS: Record<string, number> = { ptz: 4096, anpr: 6144, bullet: 3072, dome: 2048, fixed: 2048 };

/** Air temperature in Quảng Bình by local hour: about 23 °C before dawn, 33 °C mid-afternoon. */
export function ambientTemperatureC(hour: number): number {
  return 28 + 5 * Math.cos(((hour - 15) / 24) * 2 * Math.PI);
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function cameraStatus(device: DemoDevice, id: string, at: Date, rng: Rng, health: CameraHealth = HEALTHY): DeviceStatusPayload {
  const nominalFps = device.vendor === 'Axis' ? 30 : 25;
  const bitrate = NOMINAL_BITRATE_KBPS[device.cameraType ?? 'fixed'] ?? 2048;
  return {
    id,
    ts: formatTimestamp(at),
    online: true,
    recording: health.recording,
    fps: health.videoLost ? 0 : rng() < 0.05 ? nominalFps - 1 : nominalFps,
    bitrateKbps: health.videoLost ? 0 : Math.round(bitrate * uniform(rng, 0.88, 1.08)),
    storageOk: health.storageOk,
    temperatureC: round1(ambientTemperatureC(localHour(at)) + uniform(rng, 8, 14)),
    firmware: firmwareFor(device),
  };
}

export function sensorStatus(device: DemoDevice, id: string, at: Date, rng: Rng): DeviceStatusPayload {
  return {
    id,
    ts: formatTimestamp(at),
    online: true,
    temperatureC: round1(ambientTemperatureC(localHour(at)) + uniform(rng, 4, 9)),
    firmware: firmwareFor(device),
  };
}

// ── Traffic telemetry ────────────────────────────────────────────────────────────────

const bell = (x: number, mu: number, sigma: number) => Math.exp(-0.5 * ((x - mu) / sigma) ** 2);

/**
 * Relative traffic demand 0..1 by local hour: quiet nights, a morning peak around 07:15,
 * a small lunch peak, an evening peak around 17:20 (Vietnamese commuting pattern).
 */
export function trafficDemand(hour: number): number {
  const daytime = 1 / (1 + Math.exp(-(hour - 5.5) * 2)) / (1 + Math.exp((hour - 21.5) * 1.5));
  const demand = 0.04 + 0.4 * daytime + 0.55 * bell(hour, 7.2, 0.8) + 0.25 * bell(hour, 11.3, 0.7) + 0.5 * bell(hour, 17.3, 1.0);
  return Math.min(1, Math.max(0, demand));
}

export type VehicleClass = 'motorcycle' | 'car' | 'lorry';

interface RoadProfile {
  /** Vehicles per hour per lane at full demand, by class. */
  peakPerHour: Partial<Record<VehicleClass, number>>;
  freeFlowKmh: number;
}

const URBAN: RoadProfile = { peakPerHour: { motorcycle: 1800, car: 360 }, freeFlowKmh: 45 };
const ROAD_PROFILES: Record<AreaCategory, RoadProfile> = {
  intersection: { peakPerHour: { motorcycle: 1600, car: 480 }, freeFlowKmh: 55 },
  administrative: URBAN,
  market: { peakPerHour: { motorcycle: 1500, car: 200 }, freeFlowKmh: 35 },
  school: { peakPerHour: { motorcycle: 1200, car: 150 }, freeFlowKmh: 35 },
  hospital: URBAN,
  station: { peakPerHour: { motorcycle: 700, car: 260 }, freeFlowKmh: 40 },
  airport: { peakPerHour: { motorcycle: 400, car: 420 }, freeFlowKmh: 50 },
  port: { peakPerHour: { car: 120, lorry: 160 }, freeFlowKmh: 45 },
  border_gate: { peakPerHour: { car: 60, lorry: 90 }, freeFlowKmh: 50 },
  tourist_site: { peakPerHour: { motorcycle: 350, car: 220 }, freeFlowKmh: 40 },
  beach: { peakPerHour: { motorcycle: 600, car: 180 }, freeFlowKmh: 40 },
};

/** The vehicle classes a sensor in this kind of area reports separately. */
export function vehicleClassesFor(category: AreaCategory): VehicleClass[] {
  return Object.keys(ROAD_PROFILES[category].peakPerHour) as VehicleClass[];
}

export interface TelemetryInput {
  category: AreaCategory;
  intervalS: number;
  laneId: number;
  vehicleType: VehicleClass;
}

export function trafficTelemetry(id: string, at: Date, rng: Rng, input: TelemetryInput): DeviceTelemetryPayload {
  const profile = ROAD_PROFILES[input.category];
  const demand = trafficDemand(localHour(at));
  const peak = profile.peakPerHour[input.vehicleType] ?? 0;
  const intensity = Math.max(0, Math.round(peak * demand * (input.intervalS / 3600) * uniform(rng, 0.8, 1.2)));
  const payload: DeviceTelemetryPayload = {
    id,
    ts: formatTimestamp(at),
    intervalS: input.intervalS,
    intensity,
    occupancy: 0,
    laneId: input.laneId,
    vehicleType: input.vehicleType,
  };
  if (intensity > 0) {
    const slowdown = 1 - 0.55 * demand ** 2;
    const classFactor = input.vehicleType === 'motorcycle' ? 0.9 : input.vehicleType === 'lorry' ? 0.85 : 1;
    payload.averageVehicleSpeed = round1(profile.freeFlowKmh * slowdown * classFactor * uniform(rng, 0.92, 1.08));
    const footprint = input.vehicleType === 'motorcycle' ? 0.35 : input.vehicleType === 'lorry' ? 1.4 : 1;
    const occupancy = (0.02 + 0.45 * demand ** 1.5) * footprint * (peak / 1000) * uniform(rng, 0.85, 1.15);
    payload.occupancy = Math.round(Math.min(0.95, Math.max(0.001, occupancy)) * 1000) / 1000;
  }
  return payload;
}

// ── Camera events ────────────────────────────────────────────────────────────────────

const PLATE_PROVINCES = { '73': 12, '74': 2, '38': 2, '75': 1, '43': 1, '29': 1, '30': 1, '51': 0.5, '37': 1 } as const;
const PLATE_SERIES = { A: 10, B: 1, C: 3, D: 1, E: 0.5, F: 0.5, G: 0.5, H: 1, K: 0.5, LD: 0.5 } as const;

/** A Vietnamese car plate, mostly Quảng Bình's 73, e.g. '73A-123.45'. */
export function vietnamesePlate(rng: Rng): string {
  const province = weighted<keyof typeof PLATE_PROVINCES>(rng, PLATE_PROVINCES);
  const series = weighted<keyof typeof PLATE_SERIES>(rng, PLATE_SERIES);
  const digits = String(Math.floor(rng() * 100_000)).padStart(5, '0');
  return `${province}${series}-${digits.slice(0, 3)}.${digits.slice(3)}`;
}

/** Analytics event types a camera may raise, as opposed to fault conditions. */
export type AnalyticsEventType = Extract<
  DeviceEventType,
  'motion' | 'intrusion' | 'crowd' | 'illegal_parking' | 'wrong_way' | 'speeding' | 'red_light' | 'congestion'
>;
/** Fault conditions a camera reports as start/end events. */
export type ConditionEventType = Extract<DeviceEventType, 'video_loss' | 'tamper'>;

/** How long a start/end event stays open, seconds; absent for instant events. */
const EVENT_DURATION_S: Partial<Record<AnalyticsEventType, [number, number]>> = {
  intrusion: [20, 150],
  crowd: [180, 1200],
  illegal_parking: [120, 900],
  congestion: [300, 1200],
};

export interface PlannedEvent {
  type: AnalyticsEventType;
  /** Instant events are one message; the others a start now and an end after durationS. */
  durationS?: number;
  plate?: string;
  attributes: Record<string, unknown>;
}

const BUSY: AreaCategory[] = ['market', 'station', 'beach', 'tourist_site', 'school', 'airport'];
const SPEED_LIMIT_KMH: Partial<Record<AreaCategory, number>> = { intersection: 60, border_gate: 60, port: 50 };

/** What this camera sees next, given what it watches, where, and the local hour. */
export function planAnalyticsEvent(device: DemoDevice, category: AreaCategory, at: Date, rng: Rng): PlannedEvent {
  const hour = localHour(at);
  const night = hour < 5 || hour >= 22;
  const traffic = device.purposes.includes('traffic');
  const security = device.purposes.includes('security');
  const weights: Partial<Record<AnalyticsEventType, number>> = {};
  if (device.cameraType === 'anpr') {
    weights.speeding = 5;
    weights.wrong_way = 1;
    if (category === 'intersection' || category === 'administrative') weights.red_light = 3;
  } else {
    if (traffic) {
      weights.illegal_parking = 3;
      weights.wrong_way = 1;
      if (!night) weights.congestion = trafficDemand(hour) > 0.7 ? 2 : 0.3;
      if (category === 'intersection') weights.red_light = 1;
    }
    if (security) {
      weights.motion = night ? 5 : 3;
      weights.intrusion = night ? 3 : 0.5;
      if (!night) weights.crowd = BUSY.includes(category) ? 2 : 0.5;
    }
  }
  if (Object.keys(weights).length === 0) weights.motion = 1;
  const type = weighted<AnalyticsEventType>(rng, weights);
  const span = EVENT_DURATION_S[type];
  const durationS = span && !(type === 'intrusion' && rng() < 0.4) ? Math.round(uniform(rng, span[0], span[1])) : undefined;
  const event: PlannedEvent = { type, durationS, attributes: {} };
  switch (type) {
    case 'speeding': {
      const limitKmh = SPEED_LIMIT_KMH[category] ?? 50;
      event.plate = vietnamesePlate(rng);
      event.attributes = { speedKmh: limitKmh + Math.round(uniform(rng, 6, 40)), limitKmh, laneId: pick(rng, [1, 2]) };
      break;
    }
    case 'red_light':
    case 'wrong_way':
      event.plate = vietnamesePlate(rng);
      event.attributes = { laneId: pick(rng, [1, 2]), objectClass: pick(rng, ['car', 'car', 'motorcycle', 'lorry']) };
      break;
    case 'illegal_parking':
      if (rng() < 0.7) event.plate = vietnamesePlate(rng);
      event.attributes = { objectClass: 'car', zone: 'no-parking' };
      break;
    case 'crowd':
      event.attributes = { objectClass: 'person', count: Math.round(uniform(rng, 30, 150)) };
      break;
    case 'intrusion':
      event.attributes = { objectClass: 'person', zone: 'restricted' };
      break;
    case 'motion':
      event.attributes = { objectClass: pick(rng, ['person', 'person', 'vehicle', 'animal']) };
      break;
    case 'congestion':
      event.attributes = { queueLengthM: Math.round(uniform(rng, 60, 300)) };
      break;
  }
  return event;
}

export interface EventInput {
  type: DeviceEventType;
  state: 'start' | 'end' | 'instant';
  confidence: number;
  plate?: string;
  attributes?: Record<string, unknown>;
  snapshotUrl?: string;
}

export function deviceEvent(id: string, at: Date, input: EventInput): DeviceEventPayload {
  const payload: DeviceEventPayload = {
    id,
    ts: formatTimestamp(at),
    type: input.type,
    state: input.state,
    confidence: Math.round(Math.min(1, Math.max(0, input.confidence)) * 100) / 100,
  };
  if (input.snapshotUrl !== undefined) payload.snapshotUrl = input.snapshotUrl;
  if (input.plate !== undefined) payload.plate = input.plate;
  if (input.attributes !== undefined && Object.keys(input.attributes).length > 0) payload.attributes = input.attributes;
  return payload;
}

/** Where the gateway's NVR would serve the event snapshot. */
export function snapshotUrl(gatewayId: string, messageId: string): string {
  return `http://${gatewayId.toLowerCase()}.gw.local/snapshots/${encodeURIComponent(messageId)}.jpg`;
}
