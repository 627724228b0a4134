// /api/v1/areas: key areas (GeoJSON boundary, district, category, target) and their checkpoints.
import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CheckpointInput, CheckpointPatch, CheckpointV1, identifier, requiredString, KeyAreaInput, KeyAreaPatch, KeyAreaV1, type Actor, type Checkpoint, type KeyArea } from '@ioc/contracts';
import { CurrentActor } from '../auth/auth.guard';
import { Route } from '../http/openapi';
import { pathParam, validate } from '../http/validate';
import { RegistryClient } from '../service.clients';

const AreaQuery = z.object({ district: requiredString(100).optional() });
const code = (value: string) => pathParam('code', identifier(), value);
const checkpointId = (value: string) => pathParam('id', identifier(), value);

@ApiTags('key areas')
@Controller('api/v1/areas')
export class AreasController {
  constructor(private readonly registry: RegistryClient) {}

  @Get()
  @Route({ summary: 'Key areas in your scope, with checkpoints', query: AreaQuery, ok: { status: 200, schema: z.object({ items: z.array(KeyAreaV1) }) } })
  list(@CurrentActor() actor: Actor, @Query() query: unknown): Promise<{ items: KeyArea[] }> {
    return this.registry.call('areas.list', { actor, ...validate(AreaQuery, query, 'query') });
  }

  @Post()
  @Route({ summary: 'Create a key area (admin)', body: KeyAreaInput, ok: { status: 201, schema: KeyAreaV1 }, errors: [403, 409] })
  create(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<KeyArea> {
    return this.registry.call('areas.create', { actor, area: validate(KeyAreaInput, body) });
  }

  @Get(':code')
  @Route({ summary: 'One key area with its checkpoints', ok: { status: 200, schema: KeyAreaV1 }, params: { code: 'key area code' }, errors: [403, 404] })
  get(@CurrentActor() actor: Actor, @Param('code') areaCode: string): Promise<KeyArea> {
    return this.registry.call('areas.get', { actor, code: code(areaCode) });
  }

  @Patch(':code')
  @Route({ summary: 'Change a key area (admin)', body: KeyAreaPatch, ok: { status: 200, schema: KeyAreaV1 }, params: { code: 'key area code' }, errors: [403, 404] })
  update(@CurrentActor() actor: Actor, @Param('code') areaCode: string, @Body() body: unknown): Promise<KeyArea> {
    return this.registry.call('areas.update', { actor, code: code(areaCode), patch: validate(KeyAreaPatch, body) });
  }

  @Post(':code/checkpoints')
  @Route({ summary: 'Add a checkpoint to a key area', body: CheckpointInput, ok: { status: 201, schema: CheckpointV1 }, params: { code: 'key area code' }, errors: [403, 404, 409] })
  addCheckpoint(@CurrentActor() actor: Actor, @Param('code') areaCode: string, @Body() body: unknown): Promise<Checkpoint> {
    return this.registry.call('checkpoints.create', { actor, areaCode: code(areaCode), checkpoint: validate(CheckpointInput, body) });
  }

  @Patch(':code/checkpoints/:id')
  @Route({
    summary: 'Change a checkpoint',
    body: CheckpointPatch,
    ok: { status: 200, schema: CheckpointV1 },
    params: { code: 'key area code', id: 'checkpoint id' },
    errors: [403, 404],
  })
  updateCheckpoint(@CurrentActor() actor: Actor, @Param('code') areaCode: string, @Param('id') id: string, @Body() body: unknown): Promise<Checkpoint> {
    return this.registry.call('checkpoints.update', { actor, areaCode: code(areaCode), id: checkpointId(id), patch: validate(CheckpointPatch, body) });
  }

  @Delete(':code/checkpoints/:id')
  @Route({ summary: 'Remove a checkpoint', ok: { status: 204 }, params: { code: 'key area code', id: 'checkpoint id' }, errors: [403, 404] })
  async deleteCheckpoint(@CurrentActor() actor: Actor, @Param('code') areaCode: string, @Param('id') id: string): Promise<void> {
    await this.registry.call('checkpoints.delete', { actor, areaCode: code(areaCode), id: checkpointId(id) });
  }
}
