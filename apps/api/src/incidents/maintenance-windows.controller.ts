// /api/v1/maintenance-windows: no incident opens for a device, gateway or key area while a
// window covers it; SLA leaves the window out of availability.
import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { identifier, MaintenanceWindowInput, MaintenanceWindowV1, rfc3339, type Actor, type MaintenanceWindow } from '@ioc/contracts';
import { CurrentActor } from '../auth/auth.guard';
import { Route } from '../http/openapi';
import { pathParam, validate } from '../http/validate';
import { IncidentClient } from '../service.clients';

const WindowQuery = z.object({ areaCode: identifier().optional(), activeAt: rfc3339().optional() });

@ApiTags('maintenance windows')
@Controller('api/v1/maintenance-windows')
export class MaintenanceWindowsController {
  constructor(private readonly incidents: IncidentClient) {}

  @Get()
  @Route({ summary: 'Maintenance windows in your scope', query: WindowQuery, ok: { status: 200, schema: z.object({ items: z.array(MaintenanceWindowV1) }) }, errors: [403] })
  list(@CurrentActor() actor: Actor, @Query() query: unknown): Promise<{ items: MaintenanceWindow[] }> {
    return this.incidents.call('maintenance.list', { actor, ...validate(WindowQuery, query, 'query') });
  }

  @Post()
  @Route({ summary: 'Open a maintenance window (technician, admin)', body: MaintenanceWindowInput, ok: { status: 201, schema: MaintenanceWindowV1 }, errors: [403] })
  create(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<MaintenanceWindow> {
    return this.incidents.call('maintenance.create', { actor, window: validate(MaintenanceWindowInput, body) });
  }

  @Delete(':id')
  @Route({
    summary: 'End a running window now, or cancel one not yet begun',
    ok: { status: 200, schema: MaintenanceWindowV1 },
    params: { id: 'window id' },
    errors: [403, 404, 409],
  })
  cancel(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<MaintenanceWindow> {
    return this.incidents.call('maintenance.cancel', { actor, id: pathParam('id', z.string().uuid('must be a maintenance window id (UUID)'), id) });
  }
}
