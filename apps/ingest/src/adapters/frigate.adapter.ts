// Frigate NVR → our `event` contract. A gateway relays its Frigate's `frigate/events` messages
// unchanged to `{root}/{areaCode}/{gatewayId}/frigate/events`; this module turns one of them
// into at most one event payload, without I/O. Which registered device `after.camera` is,
// the pipeline asks the registry (FrigateCameraResolver). The rules are in
// docs/device-protocol.md ("Adapters: Frigate and ONVIF"), and mirrored here:
//
// - `person` (FRIGATE_INTRUSION_LABELS) in a zone (FRIGATE_INTRUSION_ZONES, any by default)
//   → `intrusion`. A person outside every zone raises nothing: key areas are public places.
// - `car`, `truck`, `bus`, `motorcycle` (FRIGATE_PARKING_LABELS), standing still in a zone
//   whose name contains `no_parking` (FRIGATE_PARKING_ZONES) → `illegal_parking`.
// - Any other label, or a mapped label outside its zones, raises nothing.
// - `start` when the object first qualifies: on `new`, or on the `update` whose `before` did
//   not qualify and whose `after` does (it entered the zone, or came to a stop). Frigate's
//   `before`/`after` make this decision stateless. Other updates raise nothing.
// - `end` on `end`, if the object ever entered a matching zone (an end without a start is
//   harmless downstream; a start without an end would leave the condition open).
// - `false_positive: true` raises nothing.
//
// Ids are `frigate:<after.id>:start` and `frigate:<after.id>:end`, so Frigate's repeats and
// the gateway's resends are dropped by the ingest's dedupe like any other repeated id.
import { z } from 'zod';
import { formatIssues, toIssues, type DeviceEventPayload, type DeviceEventType } from '@ioc/contracts';

const score = z.number().min(0).max(1);
const zoneList = z.array(z.string().max(100)).max(100);

/** The fields of a Frigate tracked object the adapter reads; every other field is kept as is. */
export const frigateObjectSchema = z.looseObject({
  id: z.string().min(1).max(100),
  /** Frigate's camera name, registered as the device's externalRefs.frigateCamera. */
  camera: z.string().min(1).max(100),
  label: z.string().min(1).max(64),
  /** `null`, a string (Frigate ≤ 0.12) or `[name, score]` (0.13 and later). */
  sub_label: z.union([z.string(), z.tuple([z.string(), z.number().nullable()]).rest(z.unknown()), z.null()]).optional(),
  score: score.nullable().optional(),
  top_score: score.nullable().optional(),
  /** Epoch seconds, with a fraction. */
  start_time: z.number().positive(),
  end_time: z.number().positive().nullable().optional(),
  frame_time: z.number().positive().nullable().optional(),
  false_positive: z.boolean().optional(),
  stationary: z.boolean().optional(),
  current_zones: zoneList.default([]),
  entered_zones: zoneList.default([]),
});
export type FrigateObject = z.infer<typeof frigateObjectSchema>;

export const frigateEventMessageSchema = z.looseObject({
  type: z.enum(['new', 'update', 'end']),
  before: frigateObjectSchema.optional(),
  after: frigateObjectSchema,
});
export type FrigateEventMessage = z.infer<typeof frigateEventMessageSchema>;

export interface FrigateMapping {
  /** Labels that mean `intrusion` inside an intrusion zone. */
  intrusionLabels: readonly string[];
  /** Zone-name fragments for intrusion (case-insensitive); `*` matches every zone. */
  intrusionZones: readonly string[];
  /** Labels that mean `illegal_parking` when standing still in a parking zone. */
  parkingLabels: readonly string[];
  /** Zone-name fragments for illegal parking (case-insensitive); `*` matches every zone. */
  parkingZones: readonly string[];
  /**
   * Where the gateway's Frigate answers HTTP, for `snapshotUrl`; `{areaCode}` and
   * `{gatewayId}` are replaced. Without it, events carry no snapshot URL.
   */
  snapshotBaseUrl?: string;
}

export const DEFAULT_FRIGATE_MAPPING: FrigateMapping = {
  intrusionLabels: ['person'],
  intrusionZones: ['*'],
  parkingLabels: ['car', 'truck', 'bus', 'motorcycle'],
  parkingZones: ['no_parking'],
};

/** Why a valid Frigate message raised no event (label of `ioc_ingest_adapter_ignored_total`). */
export const FRIGATE_IGNORED = ['false_positive', 'unmapped_label', 'outside_zone', 'not_stationary', 'update'] as const;
export type FrigateIgnored = (typeof FRIGATE_IGNORED)[number];

export type FrigateOutcome =
  | { kind: 'event'; camera: string; payload: DeviceEventPayload }
  | { kind: 'ignored'; camera: string; why: FrigateIgnored };

export type FrigateParse = { ok: true; message: FrigateEventMessage } | { ok: false; detail: string };

export function parseFrigateEvent(json: unknown): FrigateParse {
  const parsed = frigateEventMessageSchema.safeParse(json);
  return parsed.success ? { ok: true, message: parsed.data } : { ok: false, detail: formatIssues(toIssues(parsed.error)) };
}

type Qualification = { ok: true; type: DeviceEventType } | { ok: false; why: FrigateIgnored };

function zoneMatches(zones: readonly string[], fragments: readonly string[]): boolean {
  return zones.some((zone) => fragments.some((f) => f === '*' || zone.toLowerCase().includes(f.toLowerCase())));
}

/**
 * Does this object state raise an event? For `start`, the object must be in a zone now
 * (current_zones) and, for parking, stand still; for `end`, having entered one suffices.
 */
function qualifies(obj: FrigateObject, phase: 'start' | 'end', mapping: FrigateMapping): Qualification {
  if (obj.false_positive === true) return { ok: false, why: 'false_positive' };
  const zones = phase === 'start' ? obj.current_zones : [...obj.entered_zones, ...obj.current_zones];
  if (mapping.intrusionLabels.includes(obj.label)) {
    return zoneMatches(zones, mapping.intrusionZones) ? { ok: true, type: 'intrusion' } : { ok: false, why: 'outside_zone' };
  }
  if (mapping.parkingLabels.includes(obj.label)) {
    if (!zoneMatches(zones, mapping.parkingZones)) return { ok: false, why: 'outside_zone' };
    // Frigate before 0.12 has no `stationary`: the zone alone decides then.
    if (phase === 'start' && obj.stationary === false) return { ok: false, why: 'not_stationary' };
    return { ok: true, type: 'illegal_parking' };
  }
  return { ok: false, why: 'unmapped_label' };
}

const rfc3339 = (epochSeconds: number): string => new Date(Math.round(epochSeconds * 1000)).toISOString();

function subLabel(obj: FrigateObject): string | null {
  if (obj.sub_label === undefined || obj.sub_label === null) return null;
  return typeof obj.sub_label === 'string' ? obj.sub_label : obj.sub_label[0];
}

export function frigateSnapshotUrl(base: string, where: { areaCode: string; gatewayId: string }, frigateEventId: string): string {
  const root = base.replaceAll('{areaCode}', where.areaCode).replaceAll('{gatewayId}', where.gatewayId).replace(/\/+$/, '');
  return `${root}/api/events/${encodeURIComponent(frigateEventId)}/snapshot.jpg`;
}

export function mapFrigateEvent(msg: FrigateEventMessage, mapping: FrigateMapping, where: { areaCode: string; gatewayId: string }): FrigateOutcome {
  const { after } = msg;
  const camera = after.camera;
  const phase = msg.type === 'end' ? 'end' : 'start';
  const now = qualifies(after, phase, mapping);
  if (!now.ok) return { kind: 'ignored', camera, why: now.why };
  let ts: string;
  if (msg.type === 'end') {
    ts = rfc3339(after.end_time ?? after.frame_time ?? after.start_time);
  } else if (msg.type === 'new') {
    ts = rfc3339(after.start_time);
  } else {
    // An update raises the start only when it is the moment the object began to qualify.
    if (msg.before !== undefined && qualifies(msg.before, 'start', mapping).ok) return { kind: 'ignored', camera, why: 'update' };
    ts = rfc3339(after.frame_time ?? after.start_time);
  }
  const confidence = after.top_score || after.score;
  const payload: DeviceEventPayload = {
    id: `frigate:${after.id}:${phase}`,
    ts,
    type: now.type,
    state: phase,
    ...(confidence !== null && confidence !== undefined ? { confidence } : {}),
    ...(mapping.snapshotBaseUrl ? { snapshotUrl: frigateSnapshotUrl(mapping.snapshotBaseUrl, where, after.id) } : {}),
    attributes: {
      adapter: 'frigate',
      frigateEventId: after.id,
      frigateCamera: camera,
      label: after.label,
      subLabel: subLabel(after),
      zones: [...new Set([...after.entered_zones, ...after.current_zones])],
    },
  };
  return { kind: 'event', camera, payload };
}
