// Monthly SLA reports: per area and contractor availability, incident counts, response
// compliance, coverage at month end; CSV, JSON (for the provincial reporting system) and a
// PDF in Vietnamese with a chart of daily availability (@ioc/reports). Made by a BullMQ job
// scheduler on the 1st at 00:05 local for the month before, or on demand; stored in
// Postgres and downloadable.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import type Redis from 'ioredis';
import { COVERAGE_OPERATIONS, defineContract, SEVERITIES, type Actor } from '@ioc/contracts';
import type { Lang } from '@ioc/i18n';
import { renderReportPdf, reportCsvFiles, reportJson, reportXlsx, vietnamDay, type MonthlyReport, type ReportDocument } from '@ioc/reports';
import { localMonth, monthRange, type ResponseSummary } from '@ioc/sla';
import { XLSX_CONTENT_TYPE } from '@ioc/interop';
import { bullConnection, bullPrefix, errorMessage, JsonLogger, NatsOperationsClient, ServiceError } from '@ioc/platform';
import { SlaFactsRepository } from './facts.repository';
import { ReportRepository } from './report.repository';
import { SLA_CONFIG, SLA_LOGGER, SLA_MEASUREMENTS } from './sla.tokens';
import type { Measurements } from './measurements';
import type { SlaConfig } from './sla.config';

export enum ReportQueue {
  Monthly = 'sla-monthly-report',
}

const AREAS_REPLY = defineContract('coverage.coverage.areas.reply', 1, COVERAGE_OPERATIONS['coverage.areas'].reply);
/** The SLA service asks coverage as itself, for every area. */
const SYSTEM_ACTOR: Actor = { userId: 'system:sla', username: 'system', role: 'planner', scope: { all: true, areas: [], districts: [] } };
const pct = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 100);
const compliance = (s: ResponseSummary | undefined, clock: 'acknowledge' | 'resolve') => pct(s?.[clock].compliance ?? null);

/** Where a CSV variant is kept in the report's files: `[en/][semicolon/]<file>.csv`. */
const csvKey = (name: string, separator: ',' | ';', lang: Lang) => `${lang === 'en' ? 'en/' : ''}${separator === ';' ? 'semicolon/' : ''}${name}`;

export interface ReportJobData {
  month: string;
}

@Injectable()
export class Reports implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly queue: Queue<ReportJobData>;
  private events?: QueueEvents;
  private worker?: Worker<ReportJobData>;

  constructor(
    @Inject(SLA_CONFIG) private readonly config: SlaConfig,
    private readonly reports: ReportRepository,
    private readonly facts: SlaFactsRepository,
    private readonly requests: NatsOperationsClient,
    @Inject(SLA_LOGGER) private readonly logger: JsonLogger,
    @Inject(SLA_MEASUREMENTS) private readonly measurements: Measurements,
  ) {
    this.connection = bullConnection(config.REDIS_URL, this.logger, 'reports');
    this.queue = new Queue(ReportQueue.Monthly, { connection: this.connection, prefix: bullPrefix(config.REDIS_PREFIX) });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'monthly-report',
      { pattern: this.config.SLA_REPORT_CRON, tz: this.config.SLA_TIME_ZONE },
      // Fired on the 1st: the month before (the job works it out from its own time).
      { name: 'monthly', data: { month: '' }, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
    );
    this.events = new QueueEvents(ReportQueue.Monthly, { connection: this.connection.duplicate(), prefix: bullPrefix(this.config.REDIS_PREFIX) });
    this.worker = new Worker<ReportJobData>(ReportQueue.Monthly, (job) => this.run(job), {
      connection: this.connection.duplicate(),
      prefix: bullPrefix(this.config.REDIS_PREFIX),
    });
    this.worker.on('failed', (job, err) => this.logger.event('error', 'monthly report failed', { jobId: job?.id, error: err.message }));
    this.worker.on('error', (err) => this.logger.event('warn', 'report worker error', { error: errorMessage(err) }));
    await this.catchUp();
  }

  /**
   * A 1st of the month that passed while no copy was running leaves last month without a
   * report: make it now (one job id per month, so several copies make it once).
   */
  private async catchUp(): Promise<void> {
    const tz = this.config.SLA_TIME_ZONE;
    const previous = localMonth(monthRange(localMonth(Date.now(), tz), tz).from - 1, tz);
    if ((await this.reports.generatedAt(previous)) !== undefined) return;
    this.logger.event('info', 'last month has no report yet: making it', { month: previous });
    await this.queue.add('catch-up', { month: previous }, { jobId: `catch-up-${previous}`, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.events?.close();
    await this.queue.close();
    this.connection.disconnect();
  }

  /** Makes a month's report now (through the queue, so it runs once however many ask) and waits for it. */
  async create(month: string): Promise<{ month: string; generatedAt: string }> {
    if (!this.events) throw new ServiceError('unavailable', 'the report queue is not ready yet');
    const job = await this.queue.add('on-demand', { month }, { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } });
    await job.waitUntilFinished(this.events, 120_000);
    const generatedAt = await this.reports.generatedAt(month);
    if (!generatedAt) throw new Error(`the report of ${month} was not stored`);
    return { month, generatedAt: generatedAt.toISOString() };
  }

  private async run(job: Job<ReportJobData>): Promise<string> {
    // The scheduler's firing carries no month: the one that just ended.
    const month = job.data.month || localMonth(Date.now() - 24 * 3600 * 1000, this.config.SLA_TIME_ZONE);
    await job.updateProgress({ phase: 'availability', month });
    const report = await this.compute(month);
    await job.updateProgress({ phase: 'rendering', month });
    const document = await this.document(month, vietnamDay(report.generatedAt));
    const pdf = await renderReportPdf(report, { document, ...(this.config.SLA_REPORT_FONT_DIR ? { fontDirs: [this.config.SLA_REPORT_FONT_DIR] } : {}) });
    // Every variant is kept: `,` and the ;-separated one (decimal comma, under "semicolon/"),
    // each with Vietnamese headers and with English ones (under "en/").
    const csv = Object.fromEntries(
      (['vi', 'en'] as const).flatMap((lang) =>
        ([',', ';'] as const).flatMap((separator) =>
          Object.entries(reportCsvFiles(report, { separator, lang })).map(([name, text]) => [csvKey(name, separator, lang), text]),
        ),
      ),
    );
    await this.reports.save(month, report.generatedAt, reportJson(report, document), csv, pdf, await reportXlsx(report));
    this.logger.event('info', 'monthly report made', { month, number: document.number, areas: report.areas.length, pdfBytes: pdf.length });
    return month;
  }

  /** The report as a Decree 30 document: the settings, and the number the month was (or is now) given. */
  private async document(month: string, today: string): Promise<ReportDocument> {
    const c = this.config;
    const { number, issuedOn } = await this.reports.issueNumber(month, today);
    return {
      parentBody: c.SLA_REPORT_PARENT_BODY,
      issuer: c.SLA_REPORT_ISSUER,
      number,
      symbol: c.SLA_REPORT_SYMBOL,
      place: c.SLA_REPORT_PLACE,
      issuedOn,
      recipients: c.SLA_REPORT_RECIPIENTS,
      signer: { title: c.SLA_REPORT_SIGNER_TITLE, name: c.SLA_REPORT_SIGNER_NAME },
    };
  }

  async compute(month: string): Promise<MonthlyReport> {
    const period = this.measurements.period(month);
    const devices = await this.measurements.devices(period);
    const byArea = this.measurements.rollUp(devices, 'area');
    const byContractor = this.measurements.rollUp(devices, 'contractor');
    const province = this.measurements.rollUp(devices, 'province').province;
    const response = await this.measurements.response(period);
    const coverage = await this.requests.request('coverage.v1.coverage.areas', { actor: SYSTEM_ACTOR }, AREAS_REPLY).catch(
      (err: unknown) => {
        this.logger.event('warn', 'report without coverage: the coverage service did not answer', { month, error: errorMessage(err) });
        return { items: [] };
      },
    );
    const coverageOf = new Map(coverage.items.map((c) => [c.areaCode, c]));
    const areas = await this.facts.areas();
    const minPct = (c: (typeof coverage.items)[number] | undefined, kind: 'installed' | 'operational') => {
      const figures = c ? [c.purposes.traffic, c.purposes.security].filter((p) => p.applicable).map((p) => p[kind].pct ?? 0) : [];
      return figures.length ? Math.round(Math.min(...figures) * 100) / 100 : null;
    };
    const meeting = (kind: 'installed' | 'operational') =>
      coverage.items.length ? Math.round((coverage.items.filter((c) => c.meetsTarget[kind]).length / coverage.items.length) * 10_000) / 100 : null;
    return {
      month,
      generatedAt: new Date().toISOString(),
      province: {
        availability: pct(province.availability),
        dataCoverage: pct(province.dataCoverage),
        devices: province.contributingDevices,
        incidents: {
          total: response.all.incidents,
          bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, response.bySeverity[s]?.incidents ?? 0])),
        },
        responseCompliance: { ack: compliance(response.all, 'acknowledge'), resolve: compliance(response.all, 'resolve') },
        coverage: { areasMeetingInstalledPct: meeting('installed'), areasMeetingOperationalPct: meeting('operational') },
      },
      areas: areas.map((a) => {
        const c = coverageOf.get(a.code);
        return {
          code: a.code,
          name: a.name,
          district: a.district,
          availability: pct(byArea[a.code]?.availability ?? null),
          dataCoverage: pct(byArea[a.code]?.dataCoverage ?? null),
          devices: byArea[a.code]?.contributingDevices ?? 0,
          incidents: response.byArea[a.code]?.incidents ?? 0,
          ackCompliance: compliance(response.byArea[a.code], 'acknowledge'),
          resolveCompliance: compliance(response.byArea[a.code], 'resolve'),
          coverageInstalledPct: minPct(c, 'installed'),
          coverageOperationalPct: minPct(c, 'operational'),
          meetsTarget: c?.meetsTarget.operational ?? false,
          gaps: c
            ? [c.purposes.traffic, c.purposes.security]
                .filter((p) => p.applicable)
                .map((p) => ({
                  purpose: p.purpose,
                  checkpoints: p.checkpoints,
                  uncoveredInstalled: p.checkpoints - p.installed.covered,
                  uncoveredOperational: p.checkpoints - p.operational.covered,
                }))
            : undefined,
        };
      }),
      contractors: Object.entries(byContractor).map(([name, r]) => ({
        name: name || 'Không rõ nhà thầu',
        devices: r.contributingDevices,
        availability: pct(r.availability),
        dataCoverage: pct(r.dataCoverage),
        incidents: response.byContractor[name]?.incidents ?? 0,
        ackCompliance: compliance(response.byContractor[name], 'acknowledge'),
        resolveCompliance: compliance(response.byContractor[name], 'resolve'),
      })),
      dailyAvailability: this.measurements.daily(devices, period).map((d) => ({ day: d.day, availability: pct(d.availability), dataCoverage: pct(d.dataCoverage) })),
    };
  }

  async list(): Promise<{ month: string; generatedAt: string; files: ('json' | 'csv' | 'pdf' | 'xlsx')[] }[]> {
    const rows = await this.reports.list();
    // A report made before the XLSX annex existed offers it only once it is made again.
    return rows.map((r) => ({ month: r.month, generatedAt: r.generated_at.toISOString(), files: r.has_xlsx ? ['json', 'csv', 'pdf', 'xlsx'] : ['json', 'csv', 'pdf'] }));
  }

  async file(month: string, format: 'json' | 'csv' | 'pdf' | 'xlsx', file: 'province' | 'areas' | 'contractors' | 'daily', separator: ',' | ';' = ',', lang: Lang = 'vi') {
    const row = await this.reports.files(month);
    if (!row) throw new ServiceError('not_found', `no report for ${month} yet: make it with POST /api/v1/reports`);
    const remake = `the report of ${month} was made before this file existed: make it again with POST /api/v1/reports`;
    if (format === 'pdf') return { month, format, contentType: 'application/pdf', base64: row.pdf.toString('base64') };
    if (format === 'xlsx') {
      if (!row.xlsx) throw new ServiceError('not_found', remake);
      return { month, format, contentType: XLSX_CONTENT_TYPE, base64: row.xlsx.toString('base64') };
    }
    if (format === 'json') return { month, format, contentType: 'application/json', base64: Buffer.from(JSON.stringify(row.json)).toString('base64') };
    // A report made before the English files existed has the stable (English) headers under the plain names.
    const csv = row.csv[csvKey(`${file}.csv`, separator, lang)] ?? (lang === 'en' ? row.csv[csvKey(`${file}.csv`, separator, 'vi')] : undefined);
    if (csv === undefined) throw new ServiceError('not_found', remake);
    return { month, format, contentType: 'text/csv; charset=utf-8', base64: Buffer.from(csv, 'utf8').toString('base64') };
  }
}
