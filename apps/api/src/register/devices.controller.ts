// /api/v1/devices: register, change and decommission cameras and traffic sensors; status
// and last-seen come with each device.
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { DecommissionInput, DEVICE_KINDS, DEVICE_STATUSES, DeviceInput, DevicePatch, DeviceTransitionV1, DeviceV1, identifier, rfc3339, type Actor, type Device, type DeviceTransition } from '@ioc/contracts';
import { CurrentActor } from '../auth/auth.guard';
import { Route } from '../http/openapi';
import { pathParam, queryInt, validate } from '../http/validate';
import { RegistryClient } from '../service.clients';

const DeviceQuery = z.object({
  areaCode: identifier().optional(),
  gatewayId: identifier().optional(),
  status: z.enum(DEVICE_STATUSES).optional(),
  kind: z.enum(DEVICE_KINDS).optional(),
  limit: queryInt(100, 1, 1000),
  offset: queryInt(0, 0, 1_000_000),
});
const TransitionQuery = z.object({ from: rfc3339().optional(), to: rfc3339().optional(), limit: queryInt(100, 1, 1000) });
const id = (value: string) => pathParam('id', identifier(), value);

@ApiTags('devices')
@Controller('api/v1/devices')
export class DevicesController {
  constructor(private readonly registry: RegistryClient) {}

  @Get()
  @Route({ summary: 'Devices in your scope, with status and last seen', query: DeviceQuery, ok: { status: 200, schema: z.object({ items: z.array(DeviceV1), total: z.number() }) } })
  list(@CurrentActor() actor: Actor, @Query() query: unknown): Promise<{ items: Device[]; total: number }> {
    return this.registry.call('devices.list', { actor, ...validate(DeviceQuery, query, 'query') });
  }

  @Post()
  @Route({
    summary: 'Register a camera or traffic sensor',
    description: 'The device must lie inside its key area or within the tolerance (default 200 m); its gateway must serve that area; serials are unique.',
    body: DeviceInput,
    ok: { status: 201, schema: DeviceV1 },
    errors: [403, 409],
  })
  create(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<Device> {
    return this.registry.call('devices.create', { actor, device: validate(DeviceInput, body) });
  }

  @Get(':id')
  @Route({ summary: 'One device', ok: { status: 200, schema: DeviceV1 }, params: { id: 'device id' }, errors: [403, 404] })
  get(@CurrentActor() actor: Actor, @Param('id') deviceId: string): Promise<Device> {
    return this.registry.call('devices.get', { actor, id: id(deviceId) });
  }

  @Get(':id/transitions')
  @Route({
    summary: 'A device’s status transitions, newest first',
    description: 'Transitions with `at` in [from, to), at most `limit`; page backwards by passing the oldest `at` as the next `to`.',
    query: TransitionQuery,
    ok: { status: 200, schema: z.object({ items: z.array(DeviceTransitionV1) }) },
    params: { id: 'device id' },
    errors: [403, 404],
  })
  transitions(@CurrentActor() actor: Actor, @Param('id') deviceId: string, @Query() query: unknown): Promise<{ items: DeviceTransition[] }> {
    return this.registry.call('devices.transitions', { actor, id: id(deviceId), ...validate(TransitionQuery, query, 'query') });
  }

  @Patch(':id')
  @Route({ summary: 'Change a device (not its id, serial or kind)', body: DevicePatch, ok: { status: 200, schema: DeviceV1 }, params: { id: 'device id' }, errors: [403, 404, 409] })
  update(@CurrentActor() actor: Actor, @Param('id') deviceId: string, @Body() body: unknown): Promise<Device> {
    return this.registry.call('devices.update', { actor, id: id(deviceId), patch: validate(DevicePatch, body) });
  }

  @Post(':id/decommission')
  @Route({
    summary: 'Decommission a device; its history is kept',
    body: DecommissionInput,
    ok: { status: 200, schema: DeviceV1 },
    params: { id: 'device id' },
    errors: [403, 404, 409],
  })
  decommission(@CurrentActor() actor: Actor, @Param('id') deviceId: string, @Body() body: unknown): Promise<Device> {
    return this.registry.call('devices.decommission', { actor, id: id(deviceId), body: validate(DecommissionInput, body) });
  }
}
