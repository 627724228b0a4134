// /api/v1/exports: the register for other systems, NGSI-LD (FIWARE Smart Data Models
// Device, Camera, DeviceModel) and GeoJSON for QGIS, one geometry type per file (key
// areas, checkpoints, devices).
import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { identifier, type Actor, type Device } from '@ioc/contracts';
import { checkpointsToGeoJson, devicesToGeoJson, keyAreasToGeoJson, toNgsiLdEntities } from '@ioc/interop';
import { CurrentActor } from '../auth/auth.guard';
import { Route } from '../http/openapi';
import { validate } from '../http/validate';
import { RegistryClient } from '../service.clients';

const ExportQuery = z.object({ areaCode: identifier().optional() });
const EXPORT_TIMEOUT_MS = 60_000;
const PAGE = 500;

@ApiTags('exports')
@Controller('api/v1/exports')
export class ExportsController {
  constructor(private readonly registry: RegistryClient) {}

  @Get('devices.ngsi-ld.json')
  @Header('Content-Type', 'application/ld+json; charset=utf-8')
  @Route({ summary: 'Devices as NGSI-LD entities (Smart Data Models Device, Camera, DeviceModel)', query: ExportQuery, ok: { status: 200 }, errors: [403] })
  async ngsiLd(@CurrentActor() actor: Actor, @Query() query: unknown): Promise<unknown[]> {
    return toNgsiLdEntities(await this.devices(actor, validate(ExportQuery, query, 'query').areaCode));
  }

  @Get('devices.geojson')
  @Header('Content-Type', 'application/geo+json; charset=utf-8')
  @Route({ summary: 'Devices as GeoJSON points', query: ExportQuery, ok: { status: 200 }, errors: [403] })
  async devicesGeoJson(@CurrentActor() actor: Actor, @Query() query: unknown): Promise<unknown> {
    return devicesToGeoJson(await this.devices(actor, validate(ExportQuery, query, 'query').areaCode));
  }

  /** Every device in scope, a page at a time (each page stays under NATS's payload limit). */
  private async devices(actor: Actor, areaCode: string | undefined): Promise<Device[]> {
    const all: Device[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.registry.call('devices.list', { actor, areaCode, limit: PAGE, offset }, EXPORT_TIMEOUT_MS);
      all.push(...page.items);
      if (page.items.length < PAGE) return all;
    }
  }

  @Get('key-areas.geojson')
  @Header('Content-Type', 'application/geo+json; charset=utf-8')
  @Route({ summary: 'Key areas as GeoJSON polygons (id: the area code)', ok: { status: 200 } })
  async keyAreas(@CurrentActor() actor: Actor): Promise<unknown> {
    const { items } = await this.registry.call('export.areas', { actor }, EXPORT_TIMEOUT_MS);
    return keyAreasToGeoJson(items);
  }

  @Get('checkpoints.geojson')
  @Header('Content-Type', 'application/geo+json; charset=utf-8')
  @Route({ summary: 'Checkpoints as GeoJSON points (id: areaCode/checkpointId)', ok: { status: 200 } })
  async checkpoints(@CurrentActor() actor: Actor): Promise<unknown> {
    const { items } = await this.registry.call('export.areas', { actor }, EXPORT_TIMEOUT_MS);
    return checkpointsToGeoJson(items);
  }
}
