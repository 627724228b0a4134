// /api/v1/coverage: the planners' view of the 100% target — province, districts, areas
// (with each checkpoint and the devices that cover it), gaps, placement suggestions,
// history, and exports (CSV, XLSX, GeoJSON).
import { Body, Controller, Get, Header, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { placementPlanToGeoJson, XLSX_CONTENT_TYPE } from '@ioc/interop';
import {
  AreaCoverageDetailV1,
  AreaCoverageV1,
  COVERAGE_SCOPES,
  CoverageGapV1,
  CoverageHistoryV1,
  DistrictCoverageV1,
  identifier,
  PlacementPlanV1,
  requiredString,
  text,
  PlacementRequest,
  ProvinceCoverageV1,
  type Actor,
} from '@ioc/contracts';
import { CurrentActor } from '../auth/auth.guard';
import { Route } from '../http/openapi';
import { fileLang, LangQuery, pathParam, validate } from '../http/validate';
import { CoverageClient } from '../service.clients';
import { COVERAGE_GEOJSON_LAYERS, coverageCsv, coverageGeoJson, coverageXlsx, type ExportItem } from './coverage-export';

const code = (value: string) => pathParam('code', identifier(), value);
/** `?sep=;` gives the `;`-separated CSV with a decimal comma, for spreadsheets in locales that expect it. */
export const CsvSeparatorQuery = z.object({ sep: z.enum([',', ';']).default(','), ...LangQuery });
const LayerQuery = z.object({ layer: z.enum(COVERAGE_GEOJSON_LAYERS).default('areas') });
const GapQuery = z.object({ areaCode: identifier().optional() });
const HistoryQuery = z.object({
  scope: z.enum(COVERAGE_SCOPES),
  key: text(100).default(''),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

@ApiTags('coverage')
@Controller('api/v1/coverage')
export class CoverageController {
  constructor(private readonly coverage: CoverageClient) {}

  @Get()
  @Route({ summary: 'Province KPI: share of key areas meeting the target, installed and operational, and per district', ok: { status: 200, schema: ProvinceCoverageV1 } })
  province(@CurrentActor() actor: Actor) {
    return this.coverage.call('coverage.province', { actor });
  }

  @Get('districts/:district')
  @Route({ summary: 'One district: its KPI and its areas', ok: { status: 200, schema: DistrictCoverageV1.extend({ areas: z.array(AreaCoverageV1) }) }, params: { district: 'district name, with diacritics' }, errors: [404] })
  district(@CurrentActor() actor: Actor, @Param('district') district: string) {
    return this.coverage.call('coverage.district', { actor, district: pathParam('district', requiredString(100), district) });
  }

  @Get('areas')
  @Route({ summary: 'Every key area in your scope with its traffic and security coverage', ok: { status: 200, schema: z.object({ items: z.array(AreaCoverageV1) }) } })
  areas(@CurrentActor() actor: Actor) {
    return this.coverage.call('coverage.areas', { actor });
  }

  @Get('areas/:code')
  @Route({ summary: 'One key area: figures, and each checkpoint with the devices that cover it', ok: { status: 200, schema: AreaCoverageDetailV1 }, params: { code: 'key area code' }, errors: [403, 404] })
  area(@CurrentActor() actor: Actor, @Param('code') areaCode: string) {
    return this.coverage.call('coverage.area', { actor, areaCode: code(areaCode) });
  }

  @Get('gaps')
  @Route({ summary: 'Uncovered checkpoints (installed: a camera is needed; operational: a device needs repair)', query: GapQuery, ok: { status: 200, schema: z.object({ items: z.array(CoverageGapV1) }) }, errors: [403, 404] })
  gaps(@CurrentActor() actor: Actor, @Query() query: unknown) {
    return this.coverage.call('coverage.gaps', { actor, ...validate(GapQuery, query, 'query') });
  }

  @Post('areas/:code/suggestions')
  @Route({
    summary: 'Fewest new camera sites that bring the area to its target (greedy set cover)',
    description: 'Candidate sites in the body, or the area’s checkpoint positions; a camera model (fovDeg, rangeM, purposes).',
    body: PlacementRequest,
    ok: { status: 200, schema: PlacementPlanV1 },
    params: { code: 'key area code' },
    errors: [403, 404],
  })
  suggestions(@CurrentActor() actor: Actor, @Param('code') areaCode: string, @Body() body: unknown) {
    return this.coverage.call('coverage.suggestions', { actor, areaCode: code(areaCode), request: validate(PlacementRequest, body ?? {}) });
  }

  @Get('history')
  @Route({ summary: 'Daily trend of an area, a district or the province', query: HistoryQuery, ok: { status: 200, schema: CoverageHistoryV1 }, errors: [403] })
  history(@CurrentActor() actor: Actor, @Query() query: unknown) {
    return this.coverage.call('coverage.history', { actor, ...validate(HistoryQuery, query, 'query') });
  }

  @Post('snapshots')
  @Route({ summary: 'Take today’s snapshot now (admin); the daily one is taken at local midnight', ok: { status: 201, schema: z.object({ day: z.string(), areas: z.number() }) }, errors: [403] })
  snapshot(@CurrentActor() actor: Actor) {
    return this.coverage.call('coverage.snapshot', { actor });
  }

  @Get('export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="coverage.csv"')
  @Route({
    summary:
      'Coverage per key area as CSV (UTF-8 with BOM, opens in Excel and LibreOffice); ?sep=; for a ;-separated file with a decimal comma; headers and yes/no in Vietnamese, or with ?lang=en (or Accept-Language: en) the stable column names',
    query: CsvSeparatorQuery,
    ok: { status: 200 },
  })
  async csv(@CurrentActor() actor: Actor, @Query() query: unknown, @Headers('accept-language') acceptLanguage?: string): Promise<string> {
    const { sep, lang } = validate(CsvSeparatorQuery, query, 'query');
    return coverageCsv(await this.exportItems(actor), sep, fileLang(lang, acceptLanguage));
  }

  @Get('export.xlsx')
  @Route({ summary: 'Coverage per key area and per checkpoint as an XLSX workbook (Vietnamese headers, number cells, frozen header row)', ok: { status: 200 } })
  async xlsx(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const book = await coverageXlsx(await this.exportItems(actor));
    res.status(200).type(XLSX_CONTENT_TYPE).setHeader('Content-Disposition', 'attachment; filename="coverage.xlsx"');
    res.send(book);
  }

  @Get('export.geojson')
  @Header('Content-Type', 'application/geo+json; charset=utf-8')
  @Route({
    summary: 'Key areas (polygons, with their figures; ?layer=areas) or checkpoints (points, with covered flags; ?layer=checkpoints) as GeoJSON, one geometry type per file (QGIS, ogr2ogr)',
    query: LayerQuery,
    ok: { status: 200 },
  })
  async geojson(@CurrentActor() actor: Actor, @Query() query: unknown, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    const { layer } = validate(LayerQuery, query, 'query');
    res.setHeader('Content-Disposition', `attachment; filename="coverage-${layer}.geojson"`);
    return coverageGeoJson(await this.exportItems(actor), layer);
  }

  @Post('areas/:code/suggestions.geojson')
  @Header('Content-Type', 'application/geo+json; charset=utf-8')
  @Route({
    summary: 'The placement plan’s suggested camera sites as GeoJSON points (same body as /suggestions)',
    body: PlacementRequest,
    ok: { status: 200 },
    params: { code: 'key area code' },
    errors: [403, 404],
  })
  async suggestionsGeoJson(@CurrentActor() actor: Actor, @Param('code') areaCode: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    const plan = await this.coverage.call('coverage.suggestions', { actor, areaCode: code(areaCode), request: validate(PlacementRequest, body ?? {}) });
    res.status(200).setHeader('Content-Disposition', `attachment; filename="suggestions-${plan.areaCode}.geojson"`);
    return placementPlanToGeoJson(plan);
  }

  /** Every area in scope, a page at a time (each page stays under NATS's payload limit). */
  private async exportItems(actor: Actor): Promise<ExportItem[]> {
    const items: ExportItem[] = [];
    for (let afterCode = ''; ; ) {
      const page = await this.coverage.call('coverage.export-page', { actor, afterCode, limit: 20 });
      items.push(...page.items);
      const last = page.items[page.items.length - 1];
      if (!last) return items;
      afterCode = last.area.code;
    }
  }
}
