// Incidents: what operators act on (DESIGN.md §4). The incident service owns them; these
// shapes are its REST bodies (through apps/api), its NATS operations, and the facts it
// publishes (`incident.opened|updated|resolved.v1`) for realtime and SLA.
import { z } from 'zod';
import { defineContract, identifier, int4, requiredString, rfc3339 } from '../contract';
import { requiredText, safeText } from '../registry/register.contract';

/** What an incident is about. One open incident per (target, type): the dedup key. */
export const INCIDENT_TYPES = [
  'device_offline',
  'gateway_offline',
  'video_loss',
  'tamper',
  'storage_failure',
  'recording_off',
  'accident',
  'wrong_way',
  'intrusion',
  'crowd',
  'illegal_parking',
  'red_light',
  'speeding',
  'congestion',
] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

export const SEVERITIES = ['critical', 'major', 'minor', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Why a resolved incident was resolved (operators pick one; `auto_cleared` is the system's). */
export const RESOLUTION_CODES = ['auto_cleared', 'fixed_on_site', 'false_alarm', 'duplicate', 'no_action_needed', 'referred'] as const;
export type ResolutionCode = (typeof RESOLUTION_CODES)[number];

export const TimelineEntryV1 = z.object({
  at: z.string(),
  /** Username, or `system` for what the service did by itself. */
  actor: z.string(),
  action: z.enum(['opened', 'repeated', 'acknowledged', 'assigned', 'commented', 'resolved', 'auto_resolved', 'reopened', 'closed', 'escalated']),
  note: z.string(),
});
export type TimelineEntry = z.infer<typeof TimelineEntryV1>;

export const IncidentV1 = z.object({
  id: z.string(),
  dedupKey: z.string(),
  type: z.enum(INCIDENT_TYPES),
  severity: z.enum(SEVERITIES),
  status: z.enum(INCIDENT_STATUSES),
  areaCode: z.string(),
  gatewayId: z.string(),
  deviceId: z.string().nullable(),
  title: z.string(),
  /** Signals that raised or repeated the condition while this incident stood. */
  count: z.number().int(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  openedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  assignedTo: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolutionCode: z.enum(RESOLUTION_CODES).nullable(),
  resolutionNote: z.string().nullable(),
  closedAt: z.string().nullable(),
  reopenCount: z.number().int(),
  escalationLevel: z.number().int(),
  /**
   * The latest snapshot image (an http(s) URL on the gateway or its Frigate) carried by an
   * event that opened or repeated this incident; null when none did. Defaults to null so
   * that events stored before the field existed still parse.
   */
  snapshotUrl: z.string().nullable().default(null),
  /** Optimistic concurrency: send it back with an action; a stale one gets 409. */
  version: z.number().int(),
  timeline: z.array(TimelineEntryV1).optional(),
});
export type Incident = z.infer<typeof IncidentV1>;

/** Published on `{prefix}.state.incident.v1.{areaCode}` (JetStream, state stream). */
export const INCIDENT_EVENTS = ['incident.opened', 'incident.updated', 'incident.resolved'] as const;
export type IncidentEventName = (typeof INCIDENT_EVENTS)[number];
export const IncidentEventV1 = defineContract(
  'incident.event',
  1,
  z.object({
    event: z.enum(INCIDENT_EVENTS),
    /** Unique per change, for idempotent consumers. */
    eventId: z.string(),
    at: rfc3339(),
    incident: IncidentV1.omit({ timeline: true }),
  }),
);
export type IncidentEvent = z.infer<typeof IncidentEventV1.schema>;

// ── operator actions ──────────────────────────────────────────────────────────────────

const expected = { version: int4(0).describe('the incident version you saw') };
export const AcknowledgeInput = z.object({ ...expected, note: safeText(1000, { lines: true }).default('') });
export const AssignInput = z.object({ ...expected, assignee: requiredString(64), note: safeText(1000, { lines: true }).default('') });
export const CommentInput = z.object({ ...expected, note: requiredText(2000, { lines: true }) });
export const ResolveInput = z.object({
  ...expected,
  resolutionCode: z.enum(RESOLUTION_CODES).refine((c) => c !== 'auto_cleared', 'auto_cleared is for the system'),
  note: safeText(2000, { lines: true }).default(''),
});
export const CloseInput = z.object({ ...expected, note: safeText(1000, { lines: true }).default('') });

export const IncidentQuery = z.object({
  status: z.array(z.enum(INCIDENT_STATUSES)).optional(),
  severity: z.array(z.enum(SEVERITIES)).optional(),
  type: z.array(z.enum(INCIDENT_TYPES)).optional(),
  areaCode: identifier().optional(),
  deviceId: identifier().optional(),
  gatewayId: identifier().optional(),
  /** Opened at or after / before. */
  from: rfc3339().optional(),
  to: rfc3339().optional(),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).max(1_000_000, 'must be ≤ 1000000').default(0),
});
export type IncidentQuery = z.infer<typeof IncidentQuery>;

// ── maintenance windows ───────────────────────────────────────────────────────────────

export const MAINTENANCE_TARGETS = ['device', 'gateway', 'area'] as const;
export const MaintenanceWindowInput = z
  .object({
    targetType: z.enum(MAINTENANCE_TARGETS),
    /** Device id, gateway id or key area code. */
    targetId: identifier(),
    startsAt: rfc3339(),
    endsAt: rfc3339(),
    reason: requiredText(500, { lines: true }),
  })
  .refine((w) => Date.parse(w.endsAt) > Date.parse(w.startsAt), { path: ['endsAt'], message: 'must be after startsAt' });
export type MaintenanceWindowInput = z.infer<typeof MaintenanceWindowInput>;

export const MaintenanceWindowV1 = z.object({
  id: z.string(),
  targetType: z.enum(MAINTENANCE_TARGETS),
  targetId: z.string(),
  areaCode: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindowV1>;
