// /api/v1/exports: the register for other systems, NGSI-LD (FIWARE Smart Data Models
// Device, Camera, DeviceModel) and GeoJSON (key areas and checkpoints, for QGIS).
import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { identifier, type Actor } from '@ioc/contracts';
import { devicesToGeoJson, keyAreasToGeoJson, toNgsiLdEntities } from '@ioc/interop';
import { CurrentActor } from '../auth/auth.guard';
import { Route } from '../http/openapi';
import { validate } from '../http/validate';
import { RegistryClient } from '../service.clients';

const ExportQuery = z.object({ areaCode: identifier().optional() });
const EXPORT_TIMEOUT_MS = 60_000;

@ApiTags('exports')
@Controller('api/v1/exports')
export class ExportsController {
  constructor(private readonly registry: RegistryClient) {}

  @Get('devices.ngsi-ld.json')
  @Header('Content-Type', 'application/ld+json; charset=utf-8')
  @Route({ summary: 'Devices as NGSI-LD entities (Smart Data Models Device, Camera, DeviceModel)', query: ExportQuery, ok: { status: 200 }, errors: [403] })
  async ngsiLd(@CurrentActor() actor: Actor, @Query() query: unknown): Promise<unknown[]> {
    const { items } = await this.registry.call('export.devices', { actor, ...validate(ExportQuery, query, 'query') }, EXPORT_TIMEOUT_MS);
    return toNgsiLdEntities(items);
  }

  @Get('devices.geojson')
  @Header('Content-Type', 'application/geo+json; charset=utf-8')
  @Route({ summary: 'Devices as GeoJSON points', query: ExportQuery, ok: { status: 200 }, errors: [403] })
  async devicesGeoJson(@CurrentActor() actor: Actor, @Query() query: unknown): Promise<unknown> {
    const { items } = await this.registry.call('export.devices', { actor, ...validate(ExportQuery, query, 'query') }, EXPORT_TIMEOUT_MS);
    return devicesToGeoJson(items);
  }

  @Get('key-areas.geojson')
  @Header('Content-Type', 'application/geo+json; charset=utf-8')
  @Route({ summary: 'Key areas (polygons) and checkpoints (points) as GeoJSON', ok: { status: 200 } })
  async keyAreas(@CurrentActor() actor: Actor): Promise<unknown> {
    const { items } = await this.registry.call('export.areas', { actor }, EXPORT_TIMEOUT_MS);
    return keyAreasToGeoJson(items);
  }
}
