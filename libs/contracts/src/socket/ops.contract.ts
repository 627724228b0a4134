// Socket.IO contract of the realtime app, namespace /ops (DESIGN.md §3). A client
// subscribes to areas, gets a `snapshot` with the current per-area sequence numbers, then
// pushes, each with its area's next sequence number. A gap in the sequence means the
// client missed a push and must subscribe again for a fresh snapshot.
//
// The handshake carries the user's access token (`auth: { token }`, or an
// `Authorization: Bearer` header for clients that can set one). A refused handshake is a
// `connect_error` whose `data` is an OpsConnectErrorData. A client sees only the key
// areas of its user's scope; each socket also receives its user's `import.progress`.
import { z } from 'zod';
import { defineContract, identifier } from '../contract';
import { areaSnapshotSchema, DeviceStatusChangedV1 } from '../nats/messages.contract';
import { ImportProgressV1, type ImportProgress } from '../registry/import.contract';
import { IncidentEventV1, IncidentV1 } from '../incident/incident.contract';
import { CoverageUpdatedV1 } from '../coverage/coverage.contract';
import { SlaBreachV1 } from '../sla/sla.contract';

export const OPS_NAMESPACE = '/ops';

export const OPS_EVENTS = {
  subscribe: 'subscribe',
  snapshot: 'snapshot',
  deviceStatus: 'device.status',
  /** IncidentEventV1 of the area's incidents, each under its own event name, with `seq`. */
  incidentOpened: 'incident.opened',
  incidentUpdated: 'incident.updated',
  incidentResolved: 'incident.resolved',
  /** CoverageUpdatedV1 of an area whose figures changed, with `seq`. */
  coverageUpdated: 'coverage.updated',
  /** SlaBreachV1: an incident of the area missed its acknowledgement deadline, with `seq`. */
  slaBreach: 'sla.breach',
  /** Progress of the user's own bulk imports, to every socket of that user. */
  importProgress: 'import.progress',
  error: 'ops.error',
} as const;

/**
 * Why a handshake was refused, in `connect_error`'s `data`: no token, an expired one (log
 * in again or refresh), an invalid one, or a role that may not watch the live view.
 */
export const OPS_CONNECT_ERROR_CODES = ['missing', 'expired', 'invalid', 'forbidden'] as const;
export type OpsConnectErrorCode = (typeof OPS_CONNECT_ERROR_CODES)[number];
export interface OpsConnectErrorData {
  code: OpsConnectErrorCode;
}

export const OpsSubscribeV1 = defineContract(
  'ops.subscribe',
  1,
  z.object({ areas: z.union([z.literal('*'), z.array(identifier()).min(1).max(1000)]) }),
);
export type OpsSubscribe = z.infer<typeof OpsSubscribeV1.schema>;

export const OpsSnapshotV1 = defineContract(
  'ops.snapshot',
  1,
  z.object({
    areas: z.array(
      areaSnapshotSchema.extend({
        seq: z.number().int().min(0),
        /** Open and acknowledged incidents; absent when the incident service did not answer in time. */
        incidents: z.array(IncidentV1.omit({ timeline: true })).optional(),
      }),
    ),
  }),
);
export type OpsSnapshot = z.infer<typeof OpsSnapshotV1.schema>;

export const OpsDeviceStatusV1 = defineContract(
  'ops.device.status',
  1,
  DeviceStatusChangedV1.schema.extend({ seq: z.number().int().positive() }),
);
export type OpsDeviceStatus = z.infer<typeof OpsDeviceStatusV1.schema>;

/** `incident.opened` / `incident.updated` / `incident.resolved`: the incident service's event, with the area's sequence number. */
export const OpsIncidentV1 = defineContract('ops.incident', 1, IncidentEventV1.schema.extend({ seq: z.number().int().positive() }));
export type OpsIncident = z.infer<typeof OpsIncidentV1.schema>;

/** `coverage.updated`: the coverage service's fact, with the area's sequence number. */
export const OpsCoverageV1 = defineContract('ops.coverage', 1, CoverageUpdatedV1.schema.extend({ seq: z.number().int().positive() }));
export type OpsCoverage = z.infer<typeof OpsCoverageV1.schema>;

/** `sla.breach`: the SLA service's fact, with the area's sequence number. */
export const OpsSlaBreachV1 = defineContract('ops.sla.breach', 1, SlaBreachV1.schema.extend({ seq: z.number().int().positive() }));
export type OpsSlaBreach = z.infer<typeof OpsSlaBreachV1.schema>;

/** `import.progress`: the registry's ImportProgressV1, relayed as is to the user's sockets. */
export const OpsImportProgressV1 = defineContract('ops.import.progress', 1, ImportProgressV1);
export type OpsImportProgress = ImportProgress;

/**
 * Answer to a client's request, delivered through the Socket.IO acknowledgement (or, when
 * the client asked for none, a refusal as an `ops.error` event with the same `error`).
 * Codes: `invalid_request`, `unknown_area`, `forbidden` (areas outside the user's scope),
 * `unavailable`.
 */
export type OpsError = { code: string; message: string };

export type OpsAck = { ok: true } | { ok: false; error: OpsError };
