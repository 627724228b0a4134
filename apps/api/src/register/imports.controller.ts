// /api/v1/imports: bulk import of devices or checkpoints from a CSV or GeoJSON file sent
// as the request body (docs/import-format.md). The job runs in the registry; its progress
// is pushed to the caller's Socket.IO connection (`import.progress`) and readable here.
import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import {
  IMPORT_FORMATS,
  IMPORT_ISSUES_PAGE_MAX,
  IMPORT_KINDS,
  IMPORT_LIMITS,
  ImportIssuesPageV1,
  ImportJobV1,
  uuid,
  type Actor,
  type ImportFormat,
  type ImportIssuesPage,
  type ImportJob,
} from '@ioc/contracts';
import { CurrentActor } from '../auth/auth.guard';
import { Route } from '../http/openapi';
import { Problem } from '../http/problem';
import { pathParam, queryBool, queryInt, validate } from '../http/validate';
import { RegistryClient } from '../service.clients';

export const IMPORTS_PATH = '/api/v1/imports';

const ImportQuery = z.object({
  kind: z.enum(IMPORT_KINDS, { message: `must be one of ${IMPORT_KINDS.join(', ')}` }),
  format: z.enum(IMPORT_FORMATS).optional(),
  dryRun: queryBool(),
  skipInvalid: queryBool(),
});

const IssuesQuery = z.object({ offset: queryInt(0, 0, 1_000_000), limit: queryInt(100, 1, IMPORT_ISSUES_PAGE_MAX) });

const FORMAT_OF_TYPE: Record<string, ImportFormat> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'application/geo+json': 'geojson',
  'application/json': 'geojson',
};

@ApiTags('imports')
@Controller('api/v1/imports')
export class ImportsController {
  constructor(private readonly registry: RegistryClient) {}

  @Post()
  @Route({
    summary: 'Start a bulk import of devices or checkpoints',
    description:
      'Send the file as the body (Content-Type text/csv or application/geo+json, UTF-8 with or without BOM). dryRun=true checks every row and changes nothing; ' +
      'a real run imports nothing while any row is bad, unless skipInvalid=true, which imports the good rows and reports the bad. Answers 202 with the job; ' +
      'follow it at GET /api/v1/imports/{id} or on Socket.IO (`import.progress`). ' +
      `A file over a limit (${IMPORT_LIMITS.maxColumns} columns, ${IMPORT_LIMITS.maxRowChars} characters a row, the row limit, the size limit) or unreadable ` +
      '(not UTF-8, not CSV or GeoJSON, a bad header) is refused at once: 422 with the reason under the field `file`.',
    query: ImportQuery,
    ok: { status: 202, schema: ImportJobV1 },
    errors: [403, 413, 415],
  })
  @ApiConsumes('text/csv', 'application/geo+json')
  @ApiBody({ description: 'the CSV or GeoJSON file', schema: { type: 'string', format: 'binary' } })
  async create(
    @CurrentActor() actor: Actor,
    @Query() query: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportJob> {
    const q = validate(ImportQuery, query, 'query');
    const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const format = q.format ?? FORMAT_OF_TYPE[mediaType];
    if (!format) {
      throw new Problem(415, 'unsupported_media_type', `send the file as text/csv or application/geo+json (got "${mediaType || 'no Content-Type'}"), or name it with ?format=csv|geojson`);
    }
    if (!Buffer.isBuffer(body) || body.length === 0) throw Problem.validation([{ path: 'file', message: 'the request body (the file) is empty' }]);
    let content: string;
    try {
      content = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      throw Problem.validation([{ path: 'file', message: 'the file is not UTF-8; save it as "CSV UTF-8" (Excel) or UTF-8 (LibreOffice) and send it again' }]);
    }
    const job = await this.registry.call('imports.create', { actor, options: { kind: q.kind, format, dryRun: q.dryRun, skipInvalid: q.skipInvalid }, content });
    res.setHeader('Location', `${IMPORTS_PATH}/${job.id}`);
    return job;
  }

  @Get(':id/issues')
  @Route({
    summary: 'An import’s problems, a page at a time, in line order',
    description: `The job (GET /api/v1/imports/{id}) carries the counts and the first problems; read all of them here with offset and limit (at most ${IMPORT_ISSUES_PAGE_MAX}).`,
    query: IssuesQuery,
    ok: { status: 200, schema: ImportIssuesPageV1 },
    params: { id: 'import id' },
    errors: [404],
  })
  issues(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: unknown): Promise<ImportIssuesPage> {
    return this.registry.call('imports.issues', { actor, id: pathParam('id', uuid('import id'), id), ...validate(IssuesQuery, query, 'query') });
  }

  @Get(':id')
  @Route({
    summary: 'An import’s state, progress and report: counts and the first problems (line, field, reason)',
    description: 'All the problems are at GET /api/v1/imports/{id}/issues, page by page.',
    ok: { status: 200, schema: ImportJobV1 },
    params: { id: 'import id' },
    errors: [404],
  })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ImportJob> {
    return this.registry.call('imports.get', { actor, id: pathParam('id', uuid('import id'), id) });
  }
}
