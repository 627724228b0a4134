// /api/v1/users: administrators manage users, roles and area scopes.
import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { UserInput, UserPatch, UserV1, type Actor, type User } from '@ioc/contracts';
import { Route } from '../http/openapi';
import { validate } from '../http/validate';
import { RegistryClient } from '../service.clients';
import { CurrentActor } from './auth.guard';

@ApiTags('users')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly registry: RegistryClient) {}

  @Get()
  @Route({ summary: 'List users (admin)', ok: { status: 200, schema: z.object({ items: z.array(UserV1) }) }, errors: [403] })
  list(@CurrentActor() actor: Actor): Promise<{ items: User[] }> {
    return this.registry.call('users.list', { actor });
  }

  @Post()
  @Route({ summary: 'Create a user (admin)', body: UserInput, ok: { status: 201, schema: UserV1 }, errors: [403, 409] })
  create(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<User> {
    return this.registry.call('users.create', { actor, user: validate(UserInput, body) });
  }

  @Patch(':id')
  @Route({
    summary: 'Change a user: name, password, role, scope, disabled (admin)',
    description: 'A change of password, role, scope or disabled ends the user’s sessions.',
    body: UserPatch,
    ok: { status: 200, schema: UserV1 },
    params: { id: 'user id' },
    errors: [403, 404, 409],
  })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown): Promise<User> {
    return this.registry.call('users.update', { actor, id, patch: validate(UserPatch, body) });
  }

  @Post(':id/unlock')
  @HttpCode(200)
  @Route({
    summary: 'Clear a user’s sign-in lockout (admin)',
    description: 'After too many failed sign-ins a username is locked for a while; this ends the lockout now. Recorded in the audit log (user.unlock).',
    ok: { status: 200, schema: UserV1 },
    params: { id: 'user id' },
    errors: [403, 404],
  })
  unlock(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<User> {
    return this.registry.call('users.unlock', { actor, id });
  }
}
