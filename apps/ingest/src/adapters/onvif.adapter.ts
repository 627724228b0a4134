// ONVIF → our `event` contract. A gateway relays each ONVIF notification of a camera to
// `{root}/{areaCode}/{gatewayId}/{deviceId}/onvif` as JSON that mirrors the ONVIF
// NotificationMessage (docs/device-protocol.md, "Adapters: Frigate and ONVIF"):
//
//   { "id"?: "…", "ts": "<UtcTime>", "topic": "tns1:VideoSource/SignalLoss",
//     "source": { "Source": "VideoSource_1" }, "data": { "State": true },
//     "propertyOperation"?: "Initialized" | "Changed" | "Deleted" }
//
// Only the topics in ONVIF_EVENT_MAP become events; the boolean data item named there gives
// the state (true → start, false → end; `Deleted` → end). Any other topic is rejected (`unsupported_event`),
// so a relay that forwards everything shows up in the rejection counts instead of vanishing.
// Pure: no I/O, every rule unit-tested.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { formatIssues, rfc3339, toIssues, type DeviceEventPayload, type DeviceEventType } from '@ioc/contracts';

const simpleItemValue = z.union([z.string().max(256), z.number(), z.boolean(), z.null()]);

export const onvifNotificationSchema = z.looseObject({
  /** Optional: without it the ingest derives a stable id (onvifMessageId). */
  id: z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters').optional(),
  /** The message's UtcTime. Required: ONVIF always has it, and the derived id depends on it. */
  ts: rfc3339(),
  /** The notification's topic, as the camera names it, e.g. `tns1:VideoSource/SignalLoss`. */
  topic: z.string().min(1).max(256),
  /** The Source SimpleItems, name → value. */
  source: z.record(z.string(), simpleItemValue).optional(),
  /** The Data SimpleItems, name → value. */
  data: z.record(z.string(), simpleItemValue).default({}),
  propertyOperation: z.enum(['Initialized', 'Changed', 'Deleted']).optional(),
});
export type OnvifNotification = z.infer<typeof onvifNotificationSchema>;

/** Topic (without namespace prefixes) → event type and the boolean Data item that carries the state. */
export const ONVIF_EVENT_MAP: Readonly<Record<string, { type: DeviceEventType; item: string }>> = {
  'VideoSource/SignalLoss': { type: 'video_loss', item: 'State' },
  'VideoSource/GlobalSceneChange/ImagingService': { type: 'tamper', item: 'State' },
  'VideoSource/GlobalSceneChange/AnalyticsService': { type: 'tamper', item: 'State' },
  'VideoSource/GlobalSceneChange/RecordingService': { type: 'tamper', item: 'State' },
  'RuleEngine/TamperDetector/Tamper': { type: 'tamper', item: 'IsTamper' },
  'Device/HardwareFailure/StorageFailure': { type: 'storage_failure', item: 'Failed' },
  'VideoSource/MotionAlarm': { type: 'motion', item: 'State' },
  'RuleEngine/CellMotionDetector/Motion': { type: 'motion', item: 'IsMotion' },
};

export type OnvifMapping =
  | { ok: true; payload: DeviceEventPayload }
  | { ok: false; reason: 'schema_violation' | 'unsupported_event'; detail: string };

/**
 * `tns1:VideoSource/SignalLoss` → `VideoSource/SignalLoss`. Some cameras prefix every level
 * (`tns1:Device/tns1:HardwareFailure/…`), some relays strip the prefix: all mean the same.
 */
export function onvifTopicKey(topic: string): string {
  return topic
    .trim()
    .split('/')
    .map((level) => level.replace(/^tns1:/, ''))
    .join('/');
}

/** xs:boolean as cameras and relays write it: true/false, "true"/"false", "1"/"0", 1/0. */
function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
  }
  return undefined;
}

/** JSON with sorted keys, so the same source items hash alike whatever their order. */
function canonical(value: Record<string, unknown> | undefined): string {
  if (!value) return '{}';
  return JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/**
 * A stable id for a notification that came without one: the same notification resent
 * gives the same id, so the dedupe drops it. The source items are part of it, so two video
 * sources of one camera reporting at the same instant stay two messages.
 */
export function onvifMessageId(topicKey: string, source: Record<string, unknown> | undefined, ts: string, state: 'start' | 'end'): string {
  const hash = createHash('sha256').update(JSON.stringify([topicKey, canonical(source), ts, state])).digest('hex');
  return `onvif:${hash.slice(0, 32)}`;
}

export function mapOnvifNotification(json: unknown): OnvifMapping {
  const parsed = onvifNotificationSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'schema_violation', detail: formatIssues(toIssues(parsed.error)) };
  const n = parsed.data;
  const key = onvifTopicKey(n.topic);
  const rule = ONVIF_EVENT_MAP[key];
  if (!rule) {
    return {
      ok: false,
      reason: 'unsupported_event',
      detail: `ONVIF topic "${n.topic}" is not mapped; mapped topics: ${Object.keys(ONVIF_EVENT_MAP).map((t) => `tns1:${t}`).join(', ')}`,
    };
  }
  // A deleted property (its rule or source is gone) cannot still stand: it ends.
  const value = n.propertyOperation === 'Deleted' ? false : booleanOf(n.data[rule.item]);
  if (value === undefined) {
    const got = n.data[rule.item] === undefined ? 'it is missing' : `got ${JSON.stringify(n.data[rule.item])}`;
    return { ok: false, reason: 'schema_violation', detail: `data.${rule.item}: tns1:${key} carries its state in a boolean "${rule.item}"; ${got}` };
  }
  const state = value ? 'start' : 'end';
  return {
    ok: true,
    payload: {
      id: n.id ?? onvifMessageId(key, n.source, n.ts, state),
      ts: n.ts,
      type: rule.type,
      state,
      attributes: {
        adapter: 'onvif',
        onvifTopic: n.topic,
        ...(n.source ? { onvifSource: n.source } : {}),
        onvifData: n.data,
        ...(n.propertyOperation ? { propertyOperation: n.propertyOperation } : {}),
      },
    },
  };
}
