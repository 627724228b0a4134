// Signals: what the incident rules hear. Each input the incident service consumes (a
// device message, a device status change from the registry, a gateway presence change) is
// turned here into zero or more signals, each saying that one condition of one target
// (its dedup key) started, ended, or happened once. Nothing here keeps state; hysteresis
// for congestion comes from thresholds that leave a band in which nothing is signalled.
import {
  DEVICE_EVENT_TYPES,
  DeviceEventPayloadV1,
  DeviceEventType,
  DeviceMessage,
  DeviceStatusChanged,
  DeviceStatusPayloadV1,
  DeviceTelemetryPayload,
  DeviceTelemetryPayloadV1,
  GatewayPresence,
  IncidentType,
} from '@ioc/contracts';
import { CongestionThresholds, IncidentPolicy, congestionThresholdsFor } from './policy';

export type SignalPhase = 'start' | 'end' | 'instant';

export interface Signal {
  /** Dedup key: `device:<deviceId>:<type>` or `gateway:<gatewayId>:<type>`. */
  key: string;
  type: IncidentType;
  phase: SignalPhase;
  /**
   * Epoch ms on the platform's clock (ingest's `receivedAt`, the registry's transition
   * time), not the device's `ts`: debounce and reopen windows compare it with the service's
   * `now`, and device clocks drift.
   */
  at: number;
  areaCode: string;
  gatewayId: string;
  deviceId: string | null;
  /** Unique per input: a redelivered input carries the same id and changes nothing. */
  messageId: string;
  /** Readable, for the incident's timeline: "video signal lost", "gateway GW-1 back online". */
  reason: string;
  /**
   * True when the signal restates a state the source reports over and over (status flags
   * in every heartbeat, telemetry every interval, registry status, retained presence).
   * Restating a standing condition is not a repeat: it neither counts nor touches the
   * incident. Device events are edges (false): each `start` is a new report.
   */
  level: boolean;
  /**
   * Which part of the target the signal is about, when one target reports a condition in
   * parts: telemetry comes per lane and vehicle class, so congestion stands while any part
   * is congested. null for whole-target signals; an `end` with null clears every part.
   */
  part: string | null;
  /** device_offline only: the registry says the device went offline because its gateway did. */
  causedByGateway: boolean;
  /** Device events only: the image the event carried (`snapshotUrl`), kept on its incident. */
  snapshotUrl?: string;
}

/** The registry's reason when a gateway's presence takes its devices offline (libs/device-status). */
export const GATEWAY_WENT_OFFLINE_REASON = 'gateway went offline';

export const deviceKey = (deviceId: string, type: IncidentType): string => `device:${deviceId}:${type}`;
export const gatewayKey = (gatewayId: string, type: IncidentType): string => `gateway:${gatewayId}:${type}`;

/**
 * Which device events raise which incident. Motion, person, vehicle, line crossing and
 * loitering are detections, not incidents: they feed analytics, and an operator would drown
 * in them. They map to nothing.
 */
export const EVENT_INCIDENT_TYPES: Readonly<Record<DeviceEventType, IncidentType | null>> = {
  motion: null,
  person: null,
  vehicle: null,
  line_crossing: null,
  loitering: null,
  intrusion: 'intrusion',
  crowd: 'crowd',
  tamper: 'tamper',
  video_loss: 'video_loss',
  storage_failure: 'storage_failure',
  accident: 'accident',
  wrong_way: 'wrong_way',
  congestion: 'congestion',
  illegal_parking: 'illegal_parking',
  red_light: 'red_light',
  speeding: 'speeding',
};

const EVENT_WORDS: Record<IncidentType, { start: string; end: string }> = {
  device_offline: { start: 'device offline', end: 'device back online' },
  gateway_offline: { start: 'gateway offline', end: 'gateway back online' },
  video_loss: { start: 'video signal lost', end: 'video back' },
  tamper: { start: 'tamper detected by the camera', end: 'tamper cleared' },
  storage_failure: { start: 'storage failure reported', end: 'storage working again' },
  recording_off: { start: 'recording stopped', end: 'recording again' },
  accident: { start: 'accident detected', end: 'accident cleared' },
  wrong_way: { start: 'wrong-way vehicle detected', end: 'wrong-way vehicle gone' },
  intrusion: { start: 'intrusion detected', end: 'intrusion over' },
  crowd: { start: 'crowd detected', end: 'crowd dispersed' },
  illegal_parking: { start: 'illegal parking detected', end: 'illegally parked vehicle gone' },
  red_light: { start: 'red-light violation detected', end: 'red-light violation over' },
  speeding: { start: 'speeding detected', end: 'speeding over' },
  congestion: { start: 'congestion detected by video analytics', end: 'traffic flowing again' },
};

/**
 * The signals in one device message (already validated by ingest against its channel's
 * contract; a payload that does not fit the contract yields no signal).
 *   event      the mapped incident type, phase = the event's state
 *   status     `recording` → recording_off end/start, `storageOk` → storage_failure end/start
 *              (`online` is the registry's business: it arrives as a status change)
 *   telemetry  congestion start/end by the area's thresholds, nothing in between
 */
export function signalsFromDeviceMessage(msg: DeviceMessage, policy: IncidentPolicy): Signal[] {
  const at = Date.parse(msg.receivedAt);
  // Written out, not spread from a shared base: `{ ...base }` here cost ~8 µs a signal in V8
  // (the incident service makes two of them for every status heartbeat).
  const device = (type: IncidentType, phase: SignalPhase, reason: string, level: boolean, part: string | null): Signal => ({
    at,
    areaCode: msg.areaCode,
    gatewayId: msg.gatewayId,
    deviceId: msg.deviceId,
    messageId: msg.messageId,
    causedByGateway: false,
    key: deviceKey(msg.deviceId, type),
    type,
    phase,
    reason,
    level,
    part,
  });

  switch (msg.channel) {
    case 'event': {
      const parsed = DeviceEventPayloadV1.parse(msg.payload);
      if (!parsed.ok) return [];
      const event = parsed.value;
      const type = EVENT_INCIDENT_TYPES[event.type];
      if (!type) return [];
      const words = EVENT_WORDS[type];
      const details: string[] = [];
      if (event.confidence !== undefined) details.push(`confidence ${round(event.confidence, 2)}`);
      if (event.plate) details.push(`plate ${event.plate}`);
      const reason = `${event.state === 'end' ? words.end : words.start}${details.length ? ` (${details.join(', ')})` : ''}`;
      const signal = device(type, event.state, reason, false, null);
      // Only web images: the operator's browser opens it (the contract accepts any URL scheme).
      return [event.snapshotUrl && /^https?:\/\//i.test(event.snapshotUrl) ? { ...signal, snapshotUrl: event.snapshotUrl } : signal];
    }
    case 'status': {
      const parsed = DeviceStatusPayloadV1.parse(msg.payload);
      if (!parsed.ok) return [];
      const status = parsed.value;
      const signals: Signal[] = [];
      if (status.recording !== undefined) {
        signals.push(
          status.recording
            ? device('recording_off', 'end', 'recording again', true, null)
            : device('recording_off', 'start', 'recording stopped (reported in status)', true, null),
        );
      }
      if (status.storageOk !== undefined) {
        signals.push(
          status.storageOk
            ? device('storage_failure', 'end', 'storage working again', true, null)
            : device('storage_failure', 'start', 'storage failure (reported in status)', true, null),
        );
      }
      return signals;
    }
    case 'telemetry': {
      const parsed = DeviceTelemetryPayloadV1.parse(msg.payload);
      if (!parsed.ok) return [];
      const flow = parsed.value;
      const phase = congestionPhase(flow, congestionThresholdsFor(policy, msg.areaCode));
      if (!phase) return [];
      const part = `lane ${flow.laneId ?? '-'}, ${flow.vehicleType ?? 'all vehicles'}`;
      const figures = describeFlow(flow);
      const reason = phase === 'start' ? `congestion: ${figures} (${part})` : `traffic flowing: ${figures} (${part})`;
      return [device('congestion', phase, reason, true, part)];
    }
  }
}

/**
 * Whether one telemetry interval starts congestion, ends it, or says nothing (between the
 * bands, or too little data). The speed criterion counts only when vehicles passed
 * (`intensity` absent or > 0): with nothing passing, an average speed means nothing, and
 * without occupancy an empty road and a standstill look the same, so that says nothing.
 */
export function congestionPhase(flow: DeviceTelemetryPayload, t: CongestionThresholds): 'start' | 'end' | null {
  const occupancy = flow.occupancy;
  const speed = flow.averageVehicleSpeed !== undefined && (flow.intensity === undefined || flow.intensity > 0) ? flow.averageVehicleSpeed : undefined;
  if (occupancy === undefined && speed === undefined) return null;
  if ((occupancy !== undefined && occupancy >= t.startOccupancy) || (speed !== undefined && speed <= t.startSpeedKmh)) return 'start';
  if ((occupancy === undefined || occupancy < t.endOccupancy) && (speed === undefined || speed > t.endSpeedKmh)) return 'end';
  return null;
}

function describeFlow(flow: DeviceTelemetryPayload): string {
  const parts: string[] = [];
  if (flow.occupancy !== undefined) parts.push(`occupancy ${round(flow.occupancy, 2)}`);
  if (flow.averageVehicleSpeed !== undefined) parts.push(`average speed ${round(flow.averageVehicleSpeed, 1)} km/h`);
  if (flow.intensity !== undefined) parts.push(`${flow.intensity} vehicles`);
  return `${parts.join(', ')} over ${flow.intervalS} s`;
}

/**
 * A registry status change as a device_offline signal:
 *   → offline                          start (the registry's reason is kept; when it is
 *                                      "gateway went offline" the signal says so)
 *   offline → online | degraded        end
 *   → decommissioned                   end, "device decommissioned" (see `decommissionSignals`
 *                                      for the device's other conditions)
 *   anything else                      null (degraded ↔ online is about conditions that
 *                                      arrive as their own signals)
 */
export function signalFromStatusChange(change: DeviceStatusChanged): Signal | null {
  const base = {
    key: deviceKey(change.deviceId, 'device_offline'),
    type: 'device_offline' as const,
    at: Date.parse(change.at),
    areaCode: change.areaCode,
    gatewayId: change.gatewayId,
    deviceId: change.deviceId,
    messageId: change.transitionId,
    level: true,
    part: null,
  };
  if (change.to === 'decommissioned') {
    return { ...base, phase: 'end', reason: 'device decommissioned', causedByGateway: false };
  }
  if (change.to === 'offline' && change.from !== 'offline') {
    const causedByGateway = change.reason === GATEWAY_WENT_OFFLINE_REASON;
    return { ...base, phase: 'start', reason: `device offline: ${change.reason}`, causedByGateway };
  }
  if (change.from === 'offline' && (change.to === 'online' || change.to === 'degraded')) {
    const reason = change.to === 'online' ? 'device back online' : `device back, degraded (${change.reason})`;
    return { ...base, phase: 'end', reason, causedByGateway: false };
  }
  return null;
}

/**
 * Ends every condition of a decommissioned device that still stands, so their open
 * incidents auto-resolve with "device decommissioned". The service passes the device's
 * condition rows; device_offline is left to `signalFromStatusChange`. Incidents raised by
 * instant events stay open for an operator to close, as always.
 */
export function decommissionSignals(
  change: DeviceStatusChanged,
  conditions: readonly { key: string; type: IncidentType; deviceId: string | null; standing: boolean }[],
): Signal[] {
  if (change.to !== 'decommissioned') return [];
  return conditions
    .filter((c) => c.deviceId === change.deviceId && c.standing && c.type !== 'device_offline')
    .map((c) => ({
      key: c.key,
      type: c.type,
      phase: 'end' as const,
      at: Date.parse(change.at),
      areaCode: change.areaCode,
      gatewayId: change.gatewayId,
      deviceId: change.deviceId,
      messageId: `${change.transitionId}:${c.type}`,
      reason: 'device decommissioned',
      level: true,
      part: null,
      causedByGateway: false,
    }));
}

/**
 * Gateway presence as a gateway_offline signal. Presence carries no message id, so the id
 * is made from gateway, state and arrival time: a redelivery of the same NATS message is
 * recognised, and a retained `offline` seen again later is a level restatement anyway.
 */
export function signalFromPresence(presence: GatewayPresence): Signal {
  const offline = presence.state === 'offline';
  return {
    key: gatewayKey(presence.gatewayId, 'gateway_offline'),
    type: 'gateway_offline',
    phase: offline ? 'start' : 'end',
    at: Date.parse(presence.receivedAt),
    areaCode: presence.areaCode,
    gatewayId: presence.gatewayId,
    deviceId: null,
    messageId: `presence:${presence.gatewayId}:${presence.state}:${presence.receivedAt}`,
    reason: offline
      ? `gateway ${presence.gatewayId} offline (its connection to the broker was lost or closed)`
      : `gateway ${presence.gatewayId} back online`,
    level: true,
    part: null,
    causedByGateway: false,
  };
}

/** Device event types that raise an incident. */
export const INCIDENT_RAISING_EVENTS: readonly DeviceEventType[] = DEVICE_EVENT_TYPES.filter((t) => EVENT_INCIDENT_TYPES[t] !== null);

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
