// /api/v1/gateways: registering a gateway issues its MQTT credentials (shown once);
// POST …/credentials rotates them, DELETE …/credentials revokes them.
import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { GatewayCredentialsV1, GatewayInput, GatewayRegisteredV1, GatewayV1, identifier, type Actor, type Gateway, type GatewayCredentials, type GatewayRegistered } from '@ioc/contracts';
import { CurrentActor } from '../auth/auth.guard';
import { Route } from '../http/openapi';
import { pathParam, queryInt, validate } from '../http/validate';
import { RegistryClient } from '../service.clients';

const GatewayQuery = z.object({ areaCode: identifier().optional(), limit: queryInt(100, 1, 1000), offset: queryInt(0, 0, 1_000_000) });
const id = (value: string) => pathParam('id', identifier(), value);

@ApiTags('gateways')
@Controller('api/v1/gateways')
export class GatewaysController {
  constructor(private readonly registry: RegistryClient) {}

  @Get()
  @Route({ summary: 'Gateways in your scope', query: GatewayQuery, ok: { status: 200, schema: z.object({ items: z.array(GatewayV1), total: z.number() }) } })
  list(@CurrentActor() actor: Actor, @Query() query: unknown): Promise<{ items: Gateway[]; total: number }> {
    return this.registry.call('gateways.list', { actor, ...validate(GatewayQuery, query, 'query') });
  }

  @Post()
  @Route({
    summary: 'Register a gateway and issue its MQTT credentials',
    description: 'The password is in this answer only; it is never stored in clear and cannot be shown again (rotate to get a new one).',
    body: GatewayInput,
    ok: { status: 201, schema: GatewayRegisteredV1 },
    errors: [403, 409, 503],
  })
  create(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<GatewayRegistered> {
    return this.registry.call('gateways.create', { actor, gateway: validate(GatewayInput, body) });
  }

  @Get(':id')
  @Route({ summary: 'One gateway, with the state of its credentials', ok: { status: 200, schema: GatewayV1 }, params: { id: 'gateway id' }, errors: [403, 404] })
  get(@CurrentActor() actor: Actor, @Param('id') gatewayId: string): Promise<Gateway> {
    return this.registry.call('gateways.get', { actor, id: id(gatewayId) });
  }

  @Post(':id/credentials')
  @Route({
    summary: 'Rotate (or re-issue after revocation) the gateway’s MQTT password',
    description: 'Sessions using the old password are disconnected at once.',
    ok: { status: 200, schema: GatewayCredentialsV1 },
    params: { id: 'gateway id' },
    errors: [403, 404, 503],
  })
  rotate(@CurrentActor() actor: Actor, @Param('id') gatewayId: string): Promise<GatewayCredentials> {
    return this.registry.call('gateways.rotate', { actor, id: id(gatewayId) });
  }

  @Delete(':id/credentials')
  @Route({
    summary: 'Revoke the gateway’s MQTT credentials',
    description: 'Connected sessions are disconnected and new connections refused at once.',
    ok: { status: 200, schema: GatewayV1 },
    params: { id: 'gateway id' },
    errors: [403, 404, 409, 503],
  })
  revoke(@CurrentActor() actor: Actor, @Param('id') gatewayId: string): Promise<Gateway> {
    return this.registry.call('gateways.revoke', { actor, id: id(gatewayId) });
  }
}
