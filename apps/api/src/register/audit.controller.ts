// /api/v1/audit: every change to the register and to users, newest first.
import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AUDIT_ENTITY_TYPES, AuditEntryV1, bigintId, identifier, requiredString, type Actor, type AuditEntry } from '@ioc/contracts';
import { CurrentActor } from '../auth/auth.guard';
import { Route } from '../http/openapi';
import { queryInt, validate } from '../http/validate';
import { RegistryClient } from '../service.clients';

const AuditQuery = z.object({
  entityType: z.enum(AUDIT_ENTITY_TYPES).optional(),
  entityId: requiredString(200).optional(),
  areaCode: identifier().optional(),
  actor: requiredString(64).optional(),
  beforeId: bigintId().optional(),
  limit: queryInt(100, 1, 1000),
});

@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly registry: RegistryClient) {}

  @Get()
  @Route({
    summary: 'The audit log: who changed what, when, before and after (admin, planner)',
    description: 'Newest first; page with beforeId=<nextBeforeId>.',
    query: AuditQuery,
    ok: { status: 200, schema: z.object({ items: z.array(AuditEntryV1), nextBeforeId: z.string().nullable() }) },
    errors: [403],
  })
  list(@CurrentActor() actor: Actor, @Query() query: unknown): Promise<{ items: AuditEntry[]; nextBeforeId: string | null }> {
    const { actor: actorUsername, ...q } = validate(AuditQuery, query, 'query');
    return this.registry.call('audit.list', { actor, ...q, actorUsername });
  }
}
