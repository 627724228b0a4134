// Validation of one MQTT message against the device contracts: pure, so every rule is
// unit-tested without a broker. The order matters: size first (never parse a huge
// payload), then topic, then JSON, then the channel's schema.
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
    }
  | { ok: true; kind: 'presence'; areaCode: string; gatewayId: string; state: GatewayPresenceState }
  | { ok: false; reason: RejectReason; detail: string };

export function validateMessage(root: string, topic: string, payload: Buffer): ValidatedMessage {
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
  const { channel } = parsedTopic.topic;
  const result = DEVICE_PAYLOAD_CONTRACTS[channel].parse(json);
  if (!result.ok) return { ok: false, reason: 'schema_violation', detail: formatIssues(result.issues) };
  const value = result.value as { id: string; ts: string } & Record<string, unknown>;
  return { ok: true, ...parsedTopic.topic, messageId: value.id, payload: value };
}
