// Payloads a gateway publishes for each of its devices (DESIGN.md §3). Every payload
// carries a unique message id (duplicates are dropped by it) and the device's timestamp.
// Unknown extra fields are kept, so vendors can add attributes without breaking ingest.
import { z } from 'zod';
import { checkDeepText, defineContract, requiredString, rfc3339, text } from '../contract';

const envelope = {
  id: requiredString(128),
  ts: rfc3339(),
};

export const deviceStatusPayloadSchema = z.looseObject({
  ...envelope,
  online: z.boolean().optional(),
  recording: z.boolean().optional(),
  fps: z.number().min(0).max(1000).optional(),
  bitrateKbps: z.number().min(0).optional(),
  storageOk: z.boolean().optional(),
  temperatureC: z.number().min(-60).max(150).optional(),
  firmware: text(64).optional(),
}).superRefine(checkDeepText(['id', 'ts', 'firmware']));
export type DeviceStatusPayload = z.infer<typeof deviceStatusPayloadSchema>;
export const DeviceStatusPayloadV1 = defineContract('mqtt.status', 1, deviceStatusPayloadSchema);

export const DEVICE_EVENT_TYPES = [
  'motion',
  'intrusion',
  'line_crossing',
  'loitering',
  'crowd',
  'tamper',
  'video_loss',
  'storage_failure',
  'accident',
  'wrong_way',
  'congestion',
  'illegal_parking',
  'red_light',
  'speeding',
  'person',
  'vehicle',
] as const;
export type DeviceEventType = (typeof DEVICE_EVENT_TYPES)[number];
/** Detections feed analytics and raise no incident (libs/incidents maps every other type to one). */
export const DETECTION_EVENT_TYPES = ['motion', 'person', 'vehicle', 'line_crossing', 'loitering'] as const satisfies readonly DeviceEventType[];
/** Alarms: the event types that raise an incident, what an operator waits for. */
export const ALARM_EVENT_TYPES: readonly DeviceEventType[] = DEVICE_EVENT_TYPES.filter((t) => !(DETECTION_EVENT_TYPES as readonly string[]).includes(t));

export const deviceEventPayloadSchema = z.looseObject({
  ...envelope,
  type: z.enum(DEVICE_EVENT_TYPES),
  state: z.enum(['start', 'end', 'instant']),
  confidence: z.number().min(0).max(1).optional(),
  snapshotUrl: z.url().max(2048).optional(),
  plate: text(32).optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
}).superRefine(checkDeepText(['id', 'ts', 'type', 'state', 'snapshotUrl', 'plate']));
export type DeviceEventPayload = z.infer<typeof deviceEventPayloadSchema>;
export const DeviceEventPayloadV1 = defineContract('mqtt.event', 1, deviceEventPayloadSchema);

/** Traffic flow, named after FIWARE TrafficFlowObserved. Speeds in km/h, occupancy 0..1. */
export const deviceTelemetryPayloadSchema = z.looseObject({
  ...envelope,
  intervalS: z.number().int().positive().max(86400),
  intensity: z.number().int().min(0).optional(),
  averageVehicleSpeed: z.number().min(0).max(400).optional(),
  occupancy: z.number().min(0).max(1).optional(),
  laneId: z.number().int().min(0).max(64).optional(),
  vehicleType: text(32).optional(),
}).superRefine(checkDeepText(['id', 'ts', 'vehicleType']));
export type DeviceTelemetryPayload = z.infer<typeof deviceTelemetryPayloadSchema>;
export const DeviceTelemetryPayloadV1 = defineContract('mqtt.telemetry', 1, deviceTelemetryPayloadSchema);

export const DEVICE_PAYLOAD_CONTRACTS = {
  status: DeviceStatusPayloadV1,
  event: DeviceEventPayloadV1,
  telemetry: DeviceTelemetryPayloadV1,
} as const;

/** `$presence` is a bare word, retained, `offline` doubling as the gateway's Last Will. */
export const GATEWAY_PRESENCE_STATES = ['online', 'offline'] as const;
export type GatewayPresenceState = (typeof GATEWAY_PRESENCE_STATES)[number];
export const GatewayPresencePayloadV1 = defineContract('mqtt.$presence', 1, z.enum(GATEWAY_PRESENCE_STATES));
