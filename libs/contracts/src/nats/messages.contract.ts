// Messages carried on NATS between services. Each is validated again by its consumer:
// NATS is an input edge like any other.
import { z } from 'zod';
import { defineContract, identifier, rfc3339 } from '../contract';
import { DEVICE_CHANNELS } from '../mqtt/topics.contract';
import { GATEWAY_PRESENCE_STATES } from '../mqtt/device-payloads.contract';

/** What ingest publishes for each accepted device message. `payload` is already validated. */
export const DeviceMessageV1 = defineContract(
  'device.message',
  1,
  z.object({
    messageId: z.string().min(1),
    areaCode: identifier(),
    gatewayId: identifier(),
    deviceId: identifier(),
    channel: z.enum(DEVICE_CHANNELS),
    receivedAt: rfc3339(),
    payload: z.looseObject({ id: z.string(), ts: rfc3339() }),
  }),
);
export type DeviceMessage = z.infer<typeof DeviceMessageV1.schema>;

export const GatewayPresenceV1 = defineContract(
  'gateway.presence',
  1,
  z.object({
    areaCode: identifier(),
    gatewayId: identifier(),
    state: z.enum(GATEWAY_PRESENCE_STATES),
    receivedAt: rfc3339(),
  }),
);
export type GatewayPresence = z.infer<typeof GatewayPresenceV1.schema>;

export const REJECT_REASONS = [
  'payload_too_large',
  'malformed_json',
  'schema_violation',
  'unknown_topic',
  'unknown_channel',
  /** Adapters: a relayed Frigate event names a camera the register does not know for that gateway. */
  'unknown_device',
  /** Adapters: the registry did not answer the Frigate camera lookup in time. */
  'registry_unavailable',
  /** Adapters: a relayed ONVIF notification whose topic the IOC does not map onto an event type. */
  'unsupported_event',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const IngestRejectedV1 = defineContract(
  'ingest.rejected',
  1,
  z.object({
    reason: z.enum(REJECT_REASONS),
    detail: z.string(),
    topic: z.string(),
    receivedAt: rfc3339(),
    sizeBytes: z.number().int().min(0),
    /** The start of the payload as text, at most 512 characters, for diagnosis. */
    excerpt: z.string(),
  }),
);
export type IngestRejected = z.infer<typeof IngestRejectedV1.schema>;

export const DEVICE_STATUSES = ['unknown', 'online', 'degraded', 'offline', 'decommissioned'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

export const DeviceStatusChangedV1 = defineContract(
  'device.status-changed',
  1,
  z.object({
    transitionId: z.string(),
    deviceId: identifier(),
    gatewayId: identifier(),
    areaCode: identifier(),
    from: z.enum(DEVICE_STATUSES),
    to: z.enum(DEVICE_STATUSES),
    reason: z.string(),
    at: rfc3339(),
  }),
);
export type DeviceStatusChanged = z.infer<typeof DeviceStatusChangedV1.schema>;

/** The services whose monitoring beats say the platform is watching the devices (docs/availability.md). */
export const MONITORING_SERVICES = ['ingest', 'registry'] as const;

/**
 * "I am monitoring": published by ingest (while its MQTT sessions are connected) and the
 * registry (while its status consumer runs) every `intervalMs`, on
 * `{prefix}.monitoring.v1.{service}`. The SLA service keeps the runs of beats as monitoring
 * sessions; a silence over three intervals is time the platform was not monitoring.
 */
export const MonitoringBeatV1 = defineContract(
  'platform.monitoring-beat',
  1,
  z.object({
    service: z.enum(MONITORING_SERVICES),
    /** One copy of the service (several may run). */
    instanceId: z.string().min(1).max(128),
    at: rfc3339(),
    intervalMs: z.number().int().min(100).max(600_000),
  }),
);
export type MonitoringBeat = z.infer<typeof MonitoringBeatV1.schema>;

/** Request: the state of some areas, or of all (`areas` omitted). */
export const RegistrySnapshotRequestV1 = defineContract(
  'registry.snapshot.request',
  1,
  z.object({ areas: z.array(identifier()).max(1000).optional() }),
);
export type RegistrySnapshotRequest = z.infer<typeof RegistrySnapshotRequestV1.schema>;

export const deviceSummarySchema = z.object({
  deviceId: z.string(),
  gatewayId: z.string(),
  kind: z.enum(['camera', 'traffic_sensor']),
  name: z.string(),
  status: z.enum(DEVICE_STATUSES),
  statusSince: rfc3339().nullable(),
});
export type DeviceSummary = z.infer<typeof deviceSummarySchema>;

export const areaSnapshotSchema = z.object({
  areaCode: z.string(),
  name: z.string(),
  district: z.string(),
  devices: z.array(deviceSummarySchema),
});
export type AreaSnapshot = z.infer<typeof areaSnapshotSchema>;

export const RegistrySnapshotReplyV1 = defineContract(
  'registry.snapshot.reply',
  1,
  z.object({ areas: z.array(areaSnapshotSchema) }),
);
export type RegistrySnapshotReply = z.infer<typeof RegistrySnapshotReplyV1.schema>;

/** Reply envelope for request/reply: either the result or an error with a code. */
export type ReplyEnvelope<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; issues?: { path: string; message: string }[] } };
