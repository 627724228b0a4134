// Validation of one MQTT message against the device contracts: pure, so every rule is
// unit-tested without a broker. The order matters: size first (never parse a huge
// payload), then topic, then JSON, then the channel's schema.
//
// Relayed Frigate and ONVIF messages go through their adapters here too. An ONVIF
// notification comes out as an ordinary `event` of its device. A Frigate event comes out
// mapped but without its device: which device `after.camera` is, only the registry knows,
// so the pipeline asks it.
import {
  DEVICE_PAYLOAD_CONTRACTS,
  formatIssues,
  GatewayPresencePayloadV1,
  MQTT_MAX_PAYLOAD_BYTES,
  parseTopic,
  type DeviceChannel,
  type GatewayPresenceState,
  type RejectReason,
} from '@ioc/contracts';
import { DEFAULT_FRIGATE_MAPPING, mapFrigateEvent, parseFrigateEvent, type FrigateMapping, type FrigateOutcome } from './adapters/frigate.adapter';
import { mapOnvifNotification } from './adapters/onvif.adapter';

export type ValidatedMessage =
  | {
      ok: true;
      kind: 'device';
      areaCode: string;
      gatewayId: string;
      deviceId: string;
      channel: DeviceChannel;
      messageId: string;
      payload: { id: string; ts: string } & Record<string, unknown>;
      /** Set when an adapter produced the message from what the gateway relayed. */
      adapter?: 'onvif';
    }
  | { ok: true; kind: 'presence'; areaCode: string; gatewayId: string; state: GatewayPresenceState }
  | { ok: true; kind: 'frigate'; areaCode: string; gatewayId: string; outcome: FrigateOutcome }
  | { ok: false; reason: RejectReason; detail: string };

export function validateMessage(root: string, topic: string, payload: Buffer, frigate: FrigateMapping = DEFAULT_FRIGATE_MAPPING): ValidatedMessage {
  if (payload.length > MQTT_MAX_PAYLOAD_BYTES) {
    return { ok: false, reason: 'payload_too_large', detail: `${payload.length} bytes, the limit is ${MQTT_MAX_PAYLOAD_BYTES}` };
  }
  const parsedTopic = parseTopic(root, topic);
  if (!parsedTopic.ok) return { ok: false, reason: parsedTopic.reason, detail: parsedTopic.detail };
  const text = payload.toString('utf8');

  if (parsedTopic.topic.kind === 'presence') {
    const presence = GatewayPresencePayloadV1.parse(text.trim());
    if (!presence.ok) return { ok: false, reason: 'schema_violation', detail: `$presence must be "online" or "offline"` };
    return { ok: true, ...parsedTopic.topic, state: presence.value };
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: 'malformed_json', detail: err instanceof Error ? err.message : 'not JSON' };
  }
  const parsed = parsedTopic.topic;
  if (parsed.kind === 'frigate') {
    const event = parseFrigateEvent(json);
    if (!event.ok) return { ok: false, reason: 'schema_violation', detail: event.detail };
    const outcome = mapFrigateEvent(event.message, frigate, parsed);
    if (outcome.kind === 'event') {
      const checked = DEVICE_PAYLOAD_CONTRACTS.event.parse(outcome.payload);
      if (!checked.ok) return { ok: false, reason: 'schema_violation', detail: formatIssues(checked.issues) };
    }
    return { ok: true, ...parsed, outcome };
  }
  if (parsed.kind === 'onvif') {
    const mapped = mapOnvifNotification(json);
    if (!mapped.ok) return { ok: false, reason: mapped.reason, detail: mapped.detail };
    const { areaCode, gatewayId, deviceId } = parsed;
    return checkedEvent({ areaCode, gatewayId, deviceId }, mapped.payload, 'onvif');
  }
  const { channel } = parsed;
  const result = DEVICE_PAYLOAD_CONTRACTS[channel].parse(json);
  if (!result.ok) return { ok: false, reason: 'schema_violation', detail: formatIssues(result.issues) };
  const value = result.value as { id: string; ts: string } & Record<string, unknown>;
  return { ok: true, ...parsed, messageId: value.id, payload: value };
}

/**
 * An adapter's output goes through the same `event` contract as a gateway's own events
 * (Frigate's above), so whatever reaches JetStream is valid whichever way it came in.
 */
function checkedEvent(where: { areaCode: string; gatewayId: string; deviceId: string }, payload: unknown, adapter: 'onvif'): ValidatedMessage {
  const result = DEVICE_PAYLOAD_CONTRACTS.event.parse(payload);
  if (!result.ok) return { ok: false, reason: 'schema_violation', detail: formatIssues(result.issues) };
  const value = result.value as { id: string; ts: string } & Record<string, unknown>;
  return { ok: true, kind: 'device', ...where, channel: 'event', messageId: value.id, payload: value, adapter };
}
