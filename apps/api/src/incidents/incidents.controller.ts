// /api/v1/incidents: the operator's queue (filter and page by status, severity, type,
// area, device, time) and actions (acknowledge, assign, comment, resolve, close), each
// with the incident's `version` for optimistic concurrency (a stale one gets 409).
import { Body, Controller, Get, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  AcknowledgeInput,
  AssignInput,
  CloseInput,
  CommentInput,
  identifier,
  INCIDENT_STATUSES,
  INCIDENT_TYPES,
  IncidentV1,
  ResolveInput,
  rfc3339,
  SEVERITIES,
  type Actor,
  type Incident,
} from '@ioc/contracts';
import { CurrentActor } from '../auth/auth.guard';
import { Route } from '../http/openapi';
import { pathParam, queryInt, validate } from '../http/validate';
import { IncidentClient } from '../service.clients';
import { IncidentLanguageInterceptor } from './incident-language.interceptor';

/** Comma-separated lists in the query: `status=open,acknowledged`. */
const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1))
    .optional();

const IncidentQueryParams = z.object({
  status: list(INCIDENT_STATUSES),
  severity: list(SEVERITIES),
  type: list(INCIDENT_TYPES),
  areaCode: identifier().optional(),
  deviceId: identifier().optional(),
  gatewayId: identifier().optional(),
  from: rfc3339().optional(),
  to: rfc3339().optional(),
  limit: queryInt(50, 1, 500),
  offset: queryInt(0, 0, 1_000_000),
});
const uuid = (value: string) => pathParam('id', z.string().uuid('must be an incident id (UUID)'), value);

@ApiTags('incidents')
@Controller('api/v1/incidents')
@UseInterceptors(IncidentLanguageInterceptor)
export class IncidentsController {
  constructor(private readonly incidents: IncidentClient) {}

  @Get()
  @Route({
    summary: 'Incidents in your scope, most severe and newest first',
    query: IncidentQueryParams,
    ok: { status: 200, schema: z.object({ items: z.array(IncidentV1), total: z.number() }) },
    errors: [403],
  })
  list(@CurrentActor() actor: Actor, @Query() query: unknown): Promise<{ items: Incident[]; total: number }> {
    return this.incidents.call('incidents.list', { actor, query: validate(IncidentQueryParams, query, 'query') });
  }

  @Get(':id')
  @Route({ summary: 'One incident with its timeline (who, when, why)', ok: { status: 200, schema: IncidentV1 }, params: { id: 'incident id' }, errors: [404] })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<Incident> {
    return this.incidents.call('incidents.get', { actor, id: uuid(id) });
  }

  @Post(':id/acknowledge')
  @Route({ summary: 'Acknowledge (take ownership)', body: AcknowledgeInput, ok: { status: 200, schema: IncidentV1 }, params: { id: 'incident id' }, errors: [403, 404, 409] })
  acknowledge(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown): Promise<Incident> {
    return this.incidents.call('incidents.acknowledge', { actor, id: uuid(id), body: validate(AcknowledgeInput, body) });
  }

  @Post(':id/assign')
  @Route({ summary: 'Assign to a user', body: AssignInput, ok: { status: 200, schema: IncidentV1 }, params: { id: 'incident id' }, errors: [403, 404, 409] })
  assign(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown): Promise<Incident> {
    return this.incidents.call('incidents.assign', { actor, id: uuid(id), body: validate(AssignInput, body) });
  }

  @Post(':id/comments')
  @Route({ summary: 'Comment on the timeline', body: CommentInput, ok: { status: 200, schema: IncidentV1 }, params: { id: 'incident id' }, errors: [403, 404, 409] })
  comment(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown): Promise<Incident> {
    return this.incidents.call('incidents.comment', { actor, id: uuid(id), body: validate(CommentInput, body) });
  }

  @Post(':id/resolve')
  @Route({ summary: 'Resolve with a resolution code', body: ResolveInput, ok: { status: 200, schema: IncidentV1 }, params: { id: 'incident id' }, errors: [403, 404, 409] })
  resolve(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown): Promise<Incident> {
    return this.incidents.call('incidents.resolve', { actor, id: uuid(id), body: validate(ResolveInput, body) });
  }

  @Post(':id/close')
  @Route({ summary: 'Close a resolved incident (it will not reopen)', body: CloseInput, ok: { status: 200, schema: IncidentV1 }, params: { id: 'incident id' }, errors: [403, 404, 409] })
  close(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown): Promise<Incident> {
    return this.incidents.call('incidents.close', { actor, id: uuid(id), body: validate(CloseInput, body) });
  }
}
