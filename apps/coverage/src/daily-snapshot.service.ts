// The daily coverage snapshot: a BullMQ job scheduler fires at local midnight
// (COVERAGE_SNAPSHOT_CRON in COVERAGE_TIME_ZONE) and records, for the day that just ended,
// every key area's figures, each district's and the province's: the planners' trend.
// The scheduler lives in Redis, so it survives restarts; several copies of the service
// share one scheduler (same id) and BullMQ runs each firing once.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type Redis from 'ioredis';
import { kpiOf, type AreaCoverage, type CoverageKpi } from '@ioc/coverage';
import { bullConnection, bullPrefix, errorMessage, Health, JsonLogger, pingHealthCheck } from '@ioc/platform';
import type { CoverageConfig } from './coverage.config';
import { CoverageState } from './coverage-state.service';
import { CoverageDailyRepository, type DailyFigures } from './coverage-daily.repository';
import { localDate } from './local-time';
import { COVERAGE_CONFIG, COVERAGE_LOGGER } from './coverage.tokens';

export enum CoverageQueue {
  DailySnapshot = 'coverage-daily-snapshot',
}
const SCHEDULER_ID = 'daily-snapshot';

/** An area's headline figure: the lower of its two purposes (both must reach the target). */
function areaPct(a: AreaCoverage, kind: 'installed' | 'operational'): number | null {
  const pcts = [a.purposes.traffic, a.purposes.security].filter((p) => p.applicable).map((p) => p[kind].pct ?? 0);
  return a.assessed && pcts.length ? Math.min(...pcts) : null;
}

const kpiRow = (scope: 'district' | 'province', key: string, k: CoverageKpi): DailyFigures => ({
  scope,
  key,
  installedPct: k.installed.pct,
  operationalPct: k.operational.pct,
  meetsInstalled: null,
  meetsOperational: null,
  figures: k,
});

@Injectable()
export class DailySnapshot implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker?: Worker;

  constructor(
    @Inject(COVERAGE_CONFIG) private readonly config: CoverageConfig,
    @Inject(COVERAGE_LOGGER) private readonly logger: JsonLogger,
    private readonly state: CoverageState,
    private readonly history: CoverageDailyRepository,
    health: Health,
  ) {
    this.connection = bullConnection(config.REDIS_URL, this.logger, 'snapshots');
    this.queue = new Queue(CoverageQueue.DailySnapshot, { connection: this.connection, prefix: bullPrefix(config.REDIS_PREFIX) });
    health.register('redis', pingHealthCheck(this.connection));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      SCHEDULER_ID,
      { pattern: this.config.COVERAGE_SNAPSHOT_CRON, tz: this.config.COVERAGE_TIME_ZONE },
      { name: 'snapshot', opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
    );
    // The time it runs, not job.timestamp (BullMQ stamps a scheduled job when it is planned).
    this.worker = new Worker(CoverageQueue.DailySnapshot, async () => this.take(new Date()), {
      connection: this.connection.duplicate(),
      prefix: bullPrefix(this.config.REDIS_PREFIX),
    });
    this.worker.on('failed', (job, err) => this.logger.event('error', 'daily coverage snapshot failed', { jobId: job?.id, error: err.message }));
    this.worker.on('error', (err) => this.logger.event('warn', 'snapshot worker error', { error: errorMessage(err) }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    this.connection.disconnect();
  }

  /**
   * Records the figures for a day: at local midnight, the day that just ended (the figures
   * as they stood at its end); on demand, today so far. Taking it again replaces the day.
   */
  async take(firedAt: Date, onDemand = false): Promise<{ day: string; areas: number }> {
    const tz = this.config.COVERAGE_TIME_ZONE;
    const day = onDemand ? localDate(firedAt, tz) : localDate(new Date(firedAt.getTime() - 60_000), tz);
    // On demand: today's figures. At midnight: the figures as the day ended, then the new
    // day begins (devices installed today start counting).
    if (onDemand) await this.state.refreshDay(firedAt);
    const areas = this.state.index.allAreaCoverage();
    const byDistrict = new Map<string, AreaCoverage[]>();
    for (const a of areas) byDistrict.set(a.district, [...(byDistrict.get(a.district) ?? []), a]);
    const rows: DailyFigures[] = [
      ...areas.map(
        (a): DailyFigures => ({
          scope: 'area',
          key: a.areaCode,
          installedPct: areaPct(a, 'installed'),
          operationalPct: areaPct(a, 'operational'),
          meetsInstalled: a.meetsTarget.installed,
          meetsOperational: a.meetsTarget.operational,
          figures: a,
        }),
      ),
      ...[...byDistrict].map(([district, list]) => kpiRow('district', district, kpiOf(list))),
      kpiRow('province', '', kpiOf(areas)),
    ];
    await this.history.save(day, rows);
    this.logger.event('info', 'coverage snapshot taken', { day, areas: areas.length, onDemand });
    if (!onDemand) await this.state.refreshDay(firedAt);
    return { day, areas: areas.length };
  }
}
