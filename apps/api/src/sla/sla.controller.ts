// /api/v1/sla (availability and response for a month, the response targets in force) and /api/v1/reports (monthly
// reports: make one now, list them, download CSV, PDF or JSON).
import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { AVAILABILITY_SCOPES, AvailabilityReportV1, DailyAvailabilityReportV1, MONTH, REPORT_FORMATS, ReportInfoV1, ResponsePolicyV1, ResponseReportV1, type Actor } from '@ioc/contracts';
import { CurrentActor } from '../auth/auth.guard';
import { Route } from '../http/openapi';
import { fileLang, LangQuery, pathParam, validate } from '../http/validate';
import { SlaClient } from '../service.clients';
import { XLSX_CONTENT_TYPE } from '@ioc/interop';
import { slaXlsx, slaXlsxScopes } from './sla-export';

const AvailabilityQuery = z.object({ month: MONTH(), scope: z.enum(AVAILABILITY_SCOPES).default('area') });
const MonthQuery = z.object({ month: MONTH() });
/** `?sep=;` gives the ;-separated CSV with a decimal comma, for spreadsheets in locales that expect it. */
const CsvQuery = z.object({ file: z.enum(['province', 'areas', 'contractors', 'daily']).default('areas'), sep: z.enum([',', ';']).default(','), ...LangQuery });
const REPORT_TIMEOUT_MS = 150_000;

@ApiTags('sla')
@Controller('api/v1')
export class SlaController {
  constructor(private readonly sla: SlaClient) {}

  @Get('sla/availability')
  @Route({ summary: 'Device availability of a month, per device, area, district, contractor or province (time-weighted), with the data coverage and the time without data beside it', query: AvailabilityQuery, ok: { status: 200, schema: AvailabilityReportV1 }, errors: [403] })
  availability(@CurrentActor() actor: Actor, @Query() query: unknown) {
    return this.sla.call('sla.availability', { actor, ...validate(AvailabilityQuery, query, 'query') });
  }

  @Get('sla/daily')
  @Route({ summary: 'Availability and data coverage of a month day by day (a day without data has availability null)', query: MonthQuery, ok: { status: 200, schema: DailyAvailabilityReportV1 }, errors: [403] })
  daily(@CurrentActor() actor: Actor, @Query() query: unknown) {
    return this.sla.call('sla.daily', { actor, ...validate(MonthQuery, query, 'query') });
  }

  @Get('sla/response')
  @Route({ summary: 'Incident response of a month: acknowledge and resolve compliance per severity and area', query: MonthQuery, ok: { status: 200, schema: ResponseReportV1 }, errors: [403] })
  response(@CurrentActor() actor: Actor, @Query() query: unknown) {
    return this.sla.call('sla.response', { actor, ...validate(MonthQuery, query, 'query') });
  }

  @Get('sla/export.xlsx')
  @Route({ summary: 'The month’s availability (per area, district, contractor, province, device) and response tables as an XLSX workbook', query: MonthQuery, ok: { status: 200 }, errors: [403] })
  async xlsx(@CurrentActor() actor: Actor, @Query() query: unknown, @Res() res: Response): Promise<void> {
    const { month } = validate(MonthQuery, query, 'query');
    const scopes = slaXlsxScopes(actor.scope.all);
    const reports = await Promise.all(scopes.map((scope) => this.sla.call('sla.availability', { actor, month, scope })));
    const availability = Object.fromEntries(scopes.map((scope, i) => [scope, reports[i]]));
    const book = await slaXlsx(availability, await this.sla.call('sla.response', { actor, month }));
    res.status(200).type(XLSX_CONTENT_TYPE).setHeader('Content-Disposition', `attachment; filename="sla-${month}-tables.xlsx"`);
    res.send(book);
  }

  @Get('sla/policy')
  @Route({ summary: 'Response targets per severity (ms to acknowledge and to resolve, from opening) and the highest escalation level', ok: { status: 200, schema: ResponsePolicyV1 }, errors: [403] })
  policy(@CurrentActor() actor: Actor) {
    return this.sla.call('sla.policy', { actor });
  }

  @Get('reports')
  @Route({ summary: 'Monthly reports made so far', ok: { status: 200, schema: z.object({ items: z.array(ReportInfoV1) }) } })
  list(@CurrentActor() actor: Actor) {
    return this.sla.call('reports.list', { actor });
  }

  @Post('reports')
  @Route({ summary: 'Make (or remake) a month’s report now; the monthly job makes it on the 1st at 00:05', body: MonthQuery, ok: { status: 201, schema: ReportInfoV1 }, errors: [403] })
  create(@CurrentActor() actor: Actor, @Body() body: unknown) {
    return this.sla.call('reports.create', { actor, ...validate(MonthQuery, body) }, REPORT_TIMEOUT_MS);
  }

  @Get('reports/:month.:format')
  @Route({
    summary: 'Download a report: pdf (a Decree 30 document with its annex), xlsx (the annex tables), csv (?file=province|areas|contractors|daily, ?sep=; for ;-separated with a decimal comma, ?lang=en for the stable English column names; Vietnamese headers by default) or json',
    query: CsvQuery,
    params: { month: 'YYYY-MM', format: 'pdf, xlsx, csv or json' },
    ok: { status: 200 },
    errors: [404],
  })
  async file(
    @CurrentActor() actor: Actor,
    @Param('month') month: string,
    @Param('format') format: string,
    @Query() query: unknown,
    @Res() res: Response,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<void> {
    const { file, sep, lang } = validate(CsvQuery, query, 'query');
    const reply = await this.sla.call('reports.file', {
      actor,
      month: pathParam('month', MONTH(), month),
      format: pathParam('format', z.enum(REPORT_FORMATS), format),
      file,
      separator: sep,
      lang: fileLang(lang, acceptLanguage),
    });
    const name = reply.format === 'csv' ? `sla-${reply.month}-${file}${sep === ';' ? '-semicolon' : ''}.csv` : `sla-${reply.month}.${reply.format}`;
    res.status(200).type(reply.contentType).setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.send(Buffer.from(reply.base64, 'base64'));
  }
}
