// Bulk imports of devices and checkpoints (CSV or GeoJSON) as BullMQ jobs. A job parses
// the file (@ioc/register-import), checks every row against the register in batches (the
// same checks as a single registration), and then, unless it is a dry run or a row is bad
// and skipping was not asked for, writes the good rows in one transaction with an audit
// entry each. Progress goes to the job and, through NATS and realtime, to the caller.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import type Redis from 'ioredis';
import type { NatsConnection } from 'nats';
import {
  IMPORT_ISSUES_KEPT,
  IMPORT_LIMITS,
  IMPORT_REPORT_HEAD,
  natsSubjects,
  type Actor,
  type CheckpointImportRow,
  type DeviceInput,
  type ImportFormat,
  type ImportIssue,
  type ImportIssuesPage,
  type ImportJob,
  type ImportProgress,
  type ImportRequestOptions,
  type ImportResult,
} from '@ioc/contracts';
import { bullConnection, bullPrefix, encodeJson, errorMessage, Health, JsonLogger, Metrics, pingHealthCheck, requirePermission, ServiceError } from '@ioc/platform';
import { importFileIssues, parseCheckpointImport, parseDeviceImport, type ParsedImport } from '@ioc/register-import';
import { RegistryQueue } from '../queues';
import type { RegistryConfig } from '../registry.config';
import { AuditRepository, type AuditRecord } from '../register/audit.repository';
import { checkCheckpointPlacements, checkDevicePlacements, type PlacementIssue } from '../register/placement';
import { AreaRepository } from '../register/area.repository';
import { DeviceRepository } from '../register/device.repository';
import { StatusProcessor } from '../status-processor.service';
import type { RegisterImportJobData, RegisterImportJobResult, RegisterImportProgress } from './register-import.job';
import { REGISTRY_CONFIG, REGISTRY_LOGGER, REGISTRY_NATS } from '../registry.tokens';

/** Rows checked against the register per query (and per progress report). */
const CHECK_BATCH = 100;
const WRITE_BATCH = 500;
const DAY_S = 24 * 3600;

/** Where a register check's field shows in the caller's file. */
/** Longest reason and field kept in a report: a reason may quote a cell, and cells can be long. */
const MAX_REASON_CHARS = 500;
const MAX_FIELD_CHARS = 100;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Someone else's import is as invisible as one that does not exist, but to an admin of the
 * whole province (a district's admin would read other districts' rows in it). The job and
 * its report pages are seen by the same people.
 */
function visibleTo(actor: Actor, job: { data: RegisterImportJobData }): boolean {
  return job.data.actor.userId === actor.userId || (actor.role === 'admin' && actor.scope.all);
}

/** What the job's view carries of the whole report: the counts and the first problems. */
export function reportHead(result: RegisterImportJobResult): ImportResult {
  return {
    rows: result.rows,
    valid: result.valid,
    imported: result.imported,
    issues: result.issues.slice(0, IMPORT_REPORT_HEAD),
    issueCount: result.issueCount ?? result.issues.length,
    badLines: result.badLines.slice(0, IMPORT_REPORT_HEAD),
    badLineCount: result.badLines.length,
    outcome: result.outcome,
  };
}

export function fileField(format: ImportFormat, path: string): string {
  if (path === 'location') return format === 'csv' ? 'lon,lat' : 'geometry';
  if (format === 'geojson') return path;
  return path.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

type ImportJobHandle = Job<RegisterImportJobData, RegisterImportJobResult>;

@Injectable()
export class RegisterImportService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly queue: Queue<RegisterImportJobData, RegisterImportJobResult>;
  private worker?: Worker<RegisterImportJobData, RegisterImportJobResult>;
  private readonly connection: Redis;
  private readonly progressSubject: string;
  private readonly rejectedRows;

  constructor(
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    @Inject(REGISTRY_NATS) private readonly nc: NatsConnection,
    @Inject(REGISTRY_LOGGER) private readonly logger: JsonLogger,
    private readonly processor: StatusProcessor,
    private readonly audit: AuditRepository,
    private readonly areas: AreaRepository,
    private readonly devices: DeviceRepository,
    metrics: Metrics,
    health: Health,
  ) {
    // BullMQ's blocking reads need maxRetriesPerRequest: null.
    this.connection = bullConnection(config.REDIS_URL, this.logger, 'imports');
    this.queue = new Queue(RegistryQueue.RegisterImport, { connection: this.connection, prefix: bullPrefix(config.REDIS_PREFIX) });
    this.progressSubject = natsSubjects(config.NATS_PREFIX).importProgress;
    health.register('redis', pingHealthCheck(this.connection));
    this.rejectedRows = metrics.counter('ioc_registry_import_rejected_rows_total', 'Rows of bulk imports refused, by kind', ['kind']);
  }

  onApplicationBootstrap(): void {
    this.worker = new Worker(RegistryQueue.RegisterImport, (job) => this.run(job), {
      connection: this.connection.duplicate(),
      prefix: bullPrefix(this.config.REDIS_PREFIX),
      concurrency: 1,
    });
    this.worker.on('completed', (job) => void this.announce(job, 'completed'));
    this.worker.on('failed', (job, err) => {
      this.logger.event('error', 'import failed', { jobId: job?.id, error: err.message });
      if (job) void this.announce(job, 'failed');
    });
    this.worker.on('error', (err) => this.logger.event('warn', 'import worker error', { error: err.message }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    this.connection.disconnect();
  }

  async create(actor: Actor, options: ImportRequestOptions, content: string): Promise<ImportJob> {
    requirePermission(actor, 'register.write', `import ${options.kind}`);
    // A file over a limit, or one that cannot be read at all, is refused now with its reason
    // instead of becoming a job whose report says so (decision: the file is the field at fault).
    const fileIssues = importFileIssues(options.kind, options.format, content, this.limits());
    if (fileIssues.length > 0) {
      const fields = fileIssues.slice(0, 10).map((i) => ({ path: 'file', message: clip(i.line > 0 ? `line ${i.line}: ${i.reason}` : i.reason, MAX_REASON_CHARS) }));
      throw new ServiceError('invalid', fields.map((f) => `file: ${f.message}`).join('; '), fields);
    }
    const data: RegisterImportJobData = { actor, options, content, createdAt: new Date().toISOString() };
    const job = await this.queue.add(options.kind, data, {
      jobId: randomUUID(),
      // The import is one transaction, so a retry after a crash cannot import twice.
      attempts: 2,
      backoff: { type: 'fixed', delay: 5000 },
      removeOnComplete: { age: 7 * DAY_S },
      removeOnFail: { age: 30 * DAY_S },
    });
    await job.updateProgress({ phase: 'queued', processed: 0, total: 0 } satisfies RegisterImportProgress);
    return this.view(job);
  }

  /** A page of the import's problems, in line order. */
  async issues(actor: Actor, id: string, offset: number, limit: number): Promise<ImportIssuesPage> {
    const job = await this.visibleJob(actor, id);
    const issues = job.returnvalue?.issues ?? [];
    return { items: issues.slice(offset, offset + limit), total: issues.length, offset };
  }

  private async visibleJob(actor: Actor, id: string): Promise<ImportJobHandle> {
    const job = await this.queue.getJob(id);
    if (!job || !visibleTo(actor, job)) throw new ServiceError('not_found', `no import ${id}`);
    return job;
  }

  private limits() {
    return { maxRows: this.config.REGISTRY_IMPORT_MAX_ROWS, maxColumns: IMPORT_LIMITS.maxColumns, maxRowChars: IMPORT_LIMITS.maxRowChars };
  }

  async get(actor: Actor, id: string): Promise<ImportJob> {
    // The state is read before the job's hash: BullMQ writes the result and the state in
    // one step, so a job read after its state said `completed` always carries its result.
    // (Read the other way round, a job finishing in between looked completed without one.)
    const state = await this.queue.getJobState(id);
    const job = await this.queue.getJob(id);
    if (!job || !visibleTo(actor, job)) throw new ServiceError('not_found', `no import ${id}`);
    return this.view(job, state);
  }

  private async view(job: ImportJobHandle, state?: string): Promise<ImportJob> {
    state ??= await job.getState();
    const progress = (typeof job.progress === 'object' ? job.progress : { phase: 'queued', processed: 0, total: 0 }) as RegisterImportProgress;
    return {
      id: String(job.id),
      state: state === 'completed' || state === 'failed' || state === 'active' ? state : 'waiting',
      kind: job.data.options.kind,
      format: job.data.options.format,
      dryRun: job.data.options.dryRun,
      skipInvalid: job.data.options.skipInvalid,
      requestedBy: job.data.actor.username,
      progress,
      result: job.returnvalue ? reportHead(job.returnvalue) : null,
      failedReason: job.failedReason ?? null,
      createdAt: job.data.createdAt,
      finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    };
  }

  private async report(job: ImportJobHandle, progress: RegisterImportProgress): Promise<void> {
    await job.updateProgress(progress);
    this.publish({ jobId: String(job.id), userId: job.data.actor.userId, state: 'active', progress, result: null });
  }

  private async announce(job: ImportJobHandle, state: 'completed' | 'failed'): Promise<void> {
    try {
      const view = await this.view(job);
      this.publish({ jobId: view.id, userId: job.data.actor.userId, state, progress: view.progress, result: view.result });
    } catch (e) {
      this.logger.event('warn', 'cannot announce the end of an import', { jobId: job.id, error: errorMessage(e) });
    }
  }

  private publish(progress: ImportProgress): void {
    // Core NATS: best effort; the job itself (GET /imports/{id}) is the record.
    this.nc.publish(this.progressSubject, encodeJson(progress));
  }

  private async run(job: ImportJobHandle): Promise<RegisterImportJobResult> {
    const { actor, options, content } = job.data;
    await this.report(job, { phase: 'parsing', processed: 0, total: 0 });
    const limits = this.limits();
    const result =
      options.kind === 'devices'
        ? await this.importRows(job, parseDeviceImport(options.format, content, limits), (rows) =>
            checkDevicePlacements(this.devices, rows, this.placement(actor)),
          )
        : await this.importRows(job, parseCheckpointImport(options.format, content, limits), (rows) =>
            checkCheckpointPlacements(this.areas, rows, this.placement(actor)),
          );
    await this.report(job, { phase: 'done', processed: result.rows, total: result.rows });
    if (result.badLines.length > 0) this.rejectedRows.inc({ kind: options.kind }, result.badLines.length);
    await job.updateData({ ...job.data, content: '' });
    this.logger.event('info', 'import finished', {
      jobId: job.id,
      user: actor.username,
      kind: options.kind,
      outcome: result.outcome,
      rows: result.rows,
      imported: result.imported,
      badRows: result.badLines.length,
    });
    return result;
  }

  private placement(actor: Actor) {
    return { actor, toleranceM: this.config.REGISTRY_AREA_TOLERANCE_M, extent: this.config.REGISTRY_PROVINCE_EXTENT, marginDeg: this.config.REGISTRY_PROVINCE_MARGIN_DEG };
  }

  private async importRows<T extends DeviceInput | CheckpointImportRow>(
    job: ImportJobHandle,
    parsed: ParsedImport<T>,
    check: (rows: T[]) => Promise<PlacementIssue[]>,
  ): Promise<RegisterImportJobResult> {
    const { actor, options } = job.data;
    const issues: ImportIssue[] = [...parsed.issues];
    const badLines = new Set(parsed.badLines);
    const total = parsed.rows;
    // Rows bad in themselves are already counted as processed.
    let processed = total - parsed.valid.length;
    await this.report(job, { phase: 'checking', processed, total });
    for (let i = 0; i < parsed.valid.length; i += CHECK_BATCH) {
      const batch = parsed.valid.slice(i, i + CHECK_BATCH);
      for (const issue of await check(batch.map((r) => r.value))) {
        const row = batch[issue.index];
        if (!row) continue;
        issues.push({ line: row.line, field: fileField(options.format, issue.path), reason: issue.message });
        badLines.add(row.line);
      }
      processed += batch.length;
      await this.report(job, { phase: 'checking', processed, total });
    }
    issues.sort((a, b) => a.line - b.line);
    const good = parsed.valid.filter((r) => !badLines.has(r.line)).map((r) => r.value);
    const kept = issues.slice(0, IMPORT_ISSUES_KEPT).map((i) => ({ line: i.line, field: clip(i.field, MAX_FIELD_CHARS), reason: clip(i.reason, MAX_REASON_CHARS) }));
    const summary = { rows: total, valid: good.length, issues: kept, issueCount: issues.length, badLines: [...badLines].sort((a, b) => a - b) };
    // A problem with the file as a whole (encoding, header, size) leaves nothing to import.
    const fileLevel = parsed.fileRejected;
    if (options.dryRun) return { ...summary, imported: 0, outcome: 'checked' };
    if (fileLevel || (badLines.size > 0 && !options.skipInvalid)) return { ...summary, imported: 0, outcome: 'rejected' };

    await this.report(job, { phase: 'writing', processed: total, total });
    const devices = options.kind === 'devices' ? (good as DeviceInput[]) : [];
    const checkpoints = options.kind === 'checkpoints' ? (good as CheckpointImportRow[]) : [];
    await this.devices.transaction(async (em) => {
      for (let i = 0; i < good.length; i += WRITE_BATCH) {
        await this.devices.in(em).insert(devices.slice(i, i + WRITE_BATCH));
        await this.areas.in(em).insertCheckpoints(checkpoints.slice(i, i + WRITE_BATCH));
      }
      // The audit entries (and the register.changed facts made from them) carry the records
      // as stored, like single registrations do.
      const storedDevices = devices.length ? (await this.devices.in(em).list({ ids: devices.map((d) => d.id) })).items : [];
      const storedCheckpoints = await Promise.all(checkpoints.map((c) => this.areas.in(em).checkpoint(c.areaCode, c.id)));
      const records: AuditRecord[] = [
        ...storedDevices.map((d): AuditRecord => ({ action: 'device.create', entityType: 'device', entityId: d.id, areaCode: d.areaCode, before: null, after: { ...d, importId: job.id } })),
        ...storedCheckpoints.flatMap((c): AuditRecord[] =>
          c ? [{ action: 'checkpoint.create', entityType: 'checkpoint', entityId: `${c.areaCode}/${c.id}`, areaCode: c.areaCode, before: null, after: { ...c, importId: job.id } }] : [],
        ),
        {
          action: 'import.run',
          entityType: 'import',
          entityId: String(job.id),
          areaCode: null,
          before: null,
          after: { kind: options.kind, format: options.format, rows: total, imported: good.length, skippedLines: summary.badLines },
        },
      ];
      await this.audit.record(em, actor, records);
    });
    if (devices.length > 0) await this.processor.reloadDevices(devices.map((d) => d.id));
    return { ...summary, imported: good.length, outcome: 'imported' };
  }
}
