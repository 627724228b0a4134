// The incident service's request/reply operations (`{prefix}.incident.v1.<operation>`),
// forwarded by apps/api. Like the registry's, each names the acting user.
import { z } from 'zod';
import { Actor } from '../auth/access.contract';
import {
  AcknowledgeInput,
  AssignInput,
  CloseInput,
  CommentInput,
  IncidentQuery,
  IncidentV1,
  MaintenanceWindowInput,
  MaintenanceWindowV1,
  ResolveInput,
} from './incident.contract';
import { identifier, requiredString, text } from '../contract';

const acting = { actor: Actor };
const op = <Req extends z.ZodType, Rep extends z.ZodType>(request: Req, reply: Rep) => ({ request, reply });
const action = <S extends z.ZodType>(body: S) => op(z.object({ ...acting, id: z.string().uuid(), body }), IncidentV1);

export const INCIDENT_OPERATIONS = {
  'incidents.list': op(z.object({ ...acting, query: IncidentQuery }), z.object({ items: z.array(IncidentV1), total: z.number().int() })),
  'incidents.get': op(z.object({ ...acting, id: z.string().uuid() }), IncidentV1),
  'incidents.acknowledge': action(AcknowledgeInput),
  'incidents.assign': action(AssignInput),
  'incidents.comment': action(CommentInput),
  'incidents.resolve': action(ResolveInput),
  'incidents.close': action(CloseInput),
  /** Internal (realtime's snapshots, no actor): the open and acknowledged incidents of some areas. */
  'incidents.standing': op(z.object({ areas: z.array(identifier()).max(1000) }), z.object({ items: z.array(IncidentV1) })),
  /**
   * Internal (the SLA service, no actor): raise an open, unacknowledged incident's
   * escalation level. Idempotent: a level at or below the current one changes nothing.
   */
  'incidents.escalate': op(
    z.object({ id: z.string().uuid(), level: z.number().int().min(1).max(100), reason: requiredString(500, { lines: true }) }),
    z.object({ escalated: z.boolean(), incident: IncidentV1 }),
  ),
  /** Internal (the SLA service, no actor): maintenance windows overlapping a period. */
  'maintenance.between': op(z.object({ from: text(64), to: text(64) }), z.object({ items: z.array(MaintenanceWindowV1) })),
  'maintenance.list': op(
    z.object({ ...acting, areaCode: identifier().optional(), activeAt: text(64).optional() }),
    z.object({ items: z.array(MaintenanceWindowV1) }),
  ),
  'maintenance.create': op(z.object({ ...acting, window: MaintenanceWindowInput }), MaintenanceWindowV1),
  'maintenance.cancel': op(z.object({ ...acting, id: z.string().uuid() }), MaintenanceWindowV1),
} as const;

export type IncidentOperation = keyof typeof INCIDENT_OPERATIONS;
export type IncidentRequest<O extends IncidentOperation> = z.input<(typeof INCIDENT_OPERATIONS)[O]['request']>;
export type IncidentReply<O extends IncidentOperation> = z.infer<(typeof INCIDENT_OPERATIONS)[O]['reply']>;
