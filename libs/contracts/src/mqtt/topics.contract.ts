// The MQTT topic scheme gateways publish under (DESIGN.md §3):
//   {root}/{areaCode}/{gatewayId}/{deviceId}/{channel}   channel: status | event | telemetry
//   {root}/{areaCode}/{gatewayId}/$presence              retained online/offline (Last Will)
// and what gateways relay from systems they already run (docs/device-protocol.md, adapters):
//   {root}/{areaCode}/{gatewayId}/frigate/events         the gateway's Frigate NVR's own events
//   {root}/{areaCode}/{gatewayId}/{deviceId}/onvif       a camera's ONVIF notifications, as JSON
// `root` is `city` in production; tests put a per-run prefix in front of it.
import { IDENTIFIER_PATTERN } from '../contract';

export const MQTT_TOPIC_ROOT = 'city';
export const MQTT_MAX_PAYLOAD_BYTES = 16 * 1024;
export const DEVICE_CHANNELS = ['status', 'event', 'telemetry'] as const;
export type DeviceChannel = (typeof DEVICE_CHANNELS)[number];
export const PRESENCE_SEGMENT = '$presence';
/** Last two levels of a relayed Frigate event: Frigate's own `frigate/events`, under the gateway. */
export const FRIGATE_EVENTS_SEGMENTS = ['frigate', 'events'] as const;
/** Last level of a relayed ONVIF notification, in place of a channel. */
export const ONVIF_SEGMENT = 'onvif';

export type ParsedTopic =
  | { kind: 'device'; areaCode: string; gatewayId: string; deviceId: string; channel: DeviceChannel }
  | { kind: 'presence'; areaCode: string; gatewayId: string }
  | { kind: 'frigate'; areaCode: string; gatewayId: string }
  | { kind: 'onvif'; areaCode: string; gatewayId: string; deviceId: string };

export type TopicRejection = { reason: 'unknown_topic' | 'unknown_channel'; detail: string };

export function deviceTopic(root: string, areaCode: string, gatewayId: string, deviceId: string, channel: DeviceChannel): string {
  return `${root}/${areaCode}/${gatewayId}/${deviceId}/${channel}`;
}

export function presenceTopic(root: string, areaCode: string, gatewayId: string): string {
  return `${root}/${areaCode}/${gatewayId}/${PRESENCE_SEGMENT}`;
}

export function frigateEventsTopic(root: string, areaCode: string, gatewayId: string): string {
  return `${root}/${areaCode}/${gatewayId}/${FRIGATE_EVENTS_SEGMENTS.join('/')}`;
}

export function onvifTopic(root: string, areaCode: string, gatewayId: string, deviceId: string): string {
  return `${root}/${areaCode}/${gatewayId}/${deviceId}/${ONVIF_SEGMENT}`;
}

/** The subscription filter that covers every gateway topic under `root`. */
export function gatewayTopicFilter(root: string): string {
  return `${root}/#`;
}

/**
 * The filters of the topics that carry alarms (device events, Frigate and ONVIF relays):
 * ingest reads them on sessions of their own as well, so an alarm is never queued behind
 * a backlog of heartbeats and telemetry in the broker (docs/architecture.md, "Alarms first").
 */
export function alarmTopicFilters(root: string): string[] {
  return [`${root}/+/+/+/event`, `${root}/+/+/${FRIGATE_EVENTS_SEGMENTS.join('/')}`, `${root}/+/+/+/${ONVIF_SEGMENT}`];
}

/** Whether `topic` matches one of `alarmTopicFilters(root)`, valid or not. */
export function isAlarmTopic(root: string, topic: string): boolean {
  if (!topic.startsWith(root + '/')) return false;
  const parts = topic.slice(root.length + 1).split('/');
  if (parts.length !== 4) return false;
  return parts[3] === 'event' || parts[3] === ONVIF_SEGMENT || (parts[2] === FRIGATE_EVENTS_SEGMENTS[0] && parts[3] === FRIGATE_EVENTS_SEGMENTS[1]);
}

export function parseTopic(root: string, topic: string): { ok: true; topic: ParsedTopic } | ({ ok: false } & TopicRejection) {
  if (!topic.startsWith(root + '/')) {
    return { ok: false, reason: 'unknown_topic', detail: `topic is not under ${root}/` };
  }
  const parts = topic.slice(root.length + 1).split('/');
  if (parts.length === 3 && parts[2] === PRESENCE_SEGMENT) {
    if (!IDENTIFIER_PATTERN.test(parts[0]) || !IDENTIFIER_PATTERN.test(parts[1])) {
      return { ok: false, reason: 'unknown_topic', detail: 'area code or gateway id is not a valid identifier' };
    }
    return { ok: true, topic: { kind: 'presence', areaCode: parts[0], gatewayId: parts[1] } };
  }
  if (parts.length !== 4) {
    return { ok: false, reason: 'unknown_topic', detail: `expected ${root}/{areaCode}/{gatewayId}/{deviceId}/{channel}` };
  }
  const bad = parts.slice(0, 3).find((p) => !IDENTIFIER_PATTERN.test(p));
  if (bad !== undefined) {
    return { ok: false, reason: 'unknown_topic', detail: `"${bad}" is not a valid identifier` };
  }
  const [areaCode, gatewayId, deviceId, channel] = parts;
  // `frigate/events` takes the place of `{deviceId}/{channel}`; "events" is no channel, so a
  // device that happens to be called "frigate" keeps its three channels.
  if (deviceId === FRIGATE_EVENTS_SEGMENTS[0] && channel === FRIGATE_EVENTS_SEGMENTS[1]) {
    return { ok: true, topic: { kind: 'frigate', areaCode, gatewayId } };
  }
  if (channel === ONVIF_SEGMENT) return { ok: true, topic: { kind: 'onvif', areaCode, gatewayId, deviceId } };
  if (!(DEVICE_CHANNELS as readonly string[]).includes(channel)) {
    return { ok: false, reason: 'unknown_channel', detail: `channel "${channel}" is not one of ${[...DEVICE_CHANNELS, ONVIF_SEGMENT].join(', ')}` };
  }
  return { ok: true, topic: { kind: 'device', areaCode, gatewayId, deviceId, channel: channel as DeviceChannel } };
}
