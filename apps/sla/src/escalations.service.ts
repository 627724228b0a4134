// Escalation of missed acknowledgements (DESIGN.md §4): one BullMQ delayed job per
// incident and level, due at openedAt + level × the severity's acknowledgement target.
// Acknowledging (or resolving) removes the pending job; a job that fires on an incident
// still open and unacknowledged raises its level through the incident service (which
// records it on the timeline and pushes incident.updated) and publishes `sla.breach`.
//
// Exactly once per level: the job id is `<incident>-L<level>`, so every copy of the
// service adding it adds one job; BullMQ runs a job on one worker; the incident service's
// escalate is idempotent per level; and `sla.breach` carries a message id JetStream
// deduplicates. Jobs live in Redis (they survive a restart of the service, and fire late
// if the deadline passed while it was down); a reconciliation from the incidents in
// Postgres at start and every SLA_RECONCILE_INTERVAL_MS re-adds any that Redis lost.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import type Redis from 'ioredis';
import type { NatsConnection } from 'nats';
import { defineContract, INCIDENT_OPERATIONS, natsSubjects, type Incident, type SlaBreach } from '@ioc/contracts';
import { escalationAt, type ResponsePolicy } from '@ioc/sla';
import { bullConnection, bullPrefix, errorMessage, Health, JsonLogger, Metrics, pingHealthCheck, NatsOperationsClient, publishJson } from '@ioc/platform';
import type { Counter } from 'prom-client';
import { SlaFactsRepository, type IncidentFactRow } from './facts.repository';
import { SLA_CONFIG, SLA_LOGGER, SLA_NATS, SLA_POLICY } from './sla.tokens';
import type { SlaConfig } from './sla.config';

export enum SlaQueue {
  Escalation = 'sla-escalation',
}

export interface EscalationJobData {
  incidentId: string;
  level: number;
}

const ESCALATE_REPLY = defineContract('incident.incidents.escalate.reply', 1, INCIDENT_OPERATIONS['incidents.escalate'].reply);
const DAY_S = 24 * 3600;

/** The part of an incident escalation needs (from an event or from the SLA service's copy). */
type Waiting = Pick<Incident, 'id' | 'status' | 'severity' | 'openedAt' | 'acknowledgedAt' | 'escalationLevel'>;

const jobId = (incidentId: string, level: number) => `${incidentId}-L${level}`;

@Injectable()
export class Escalations implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly queue: Queue<EscalationJobData>;
  private worker?: Worker<EscalationJobData>;
  private reconcileTimer?: NodeJS.Timeout;
  private readonly breaches: Counter<'severity' | 'level'>;

  constructor(
    @Inject(SLA_CONFIG) private readonly config: SlaConfig,
    @Inject(SLA_NATS) private readonly nc: NatsConnection,
    private readonly facts: SlaFactsRepository,
    @Inject(SLA_LOGGER) private readonly logger: JsonLogger,
    private readonly requests: NatsOperationsClient,
    @Inject(SLA_POLICY) private readonly policy: ResponsePolicy,
    metrics: Metrics,
    health: Health,
  ) {
    this.connection = bullConnection(config.REDIS_URL, this.logger, 'escalations');
    this.queue = new Queue(SlaQueue.Escalation, { connection: this.connection, prefix: bullPrefix(config.REDIS_PREFIX) });
    this.breaches = metrics.counter('ioc_sla_breaches_total', 'Acknowledgement deadlines missed (escalations), by severity and level', ['severity', 'level']);
    health.register('redis', pingHealthCheck(this.connection));
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker = new Worker<EscalationJobData>(SlaQueue.Escalation, (job) => this.escalate(job), {
      connection: this.connection.duplicate(),
      prefix: bullPrefix(this.config.REDIS_PREFIX),
    });
    this.worker.on('failed', (job, err) => this.logger.event('error', 'escalation failed; BullMQ retries it', { jobId: job?.id, error: err.message }));
    this.worker.on('error', (err) => this.logger.event('warn', 'escalation worker error', { error: errorMessage(err) }));
    await this.reconcile();
    this.reconcileTimer = setInterval(() => {
      this.reconcile().catch((err) => this.logger.event('warn', 'escalation reconciliation failed', { error: errorMessage(err) }));
    }, this.config.SLA_RECONCILE_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.reconcileTimer);
    await this.worker?.close();
    await this.queue.close();
    this.connection.disconnect();
  }

  /** Schedules the next level of an unacknowledged incident, or drops what is pending. */
  async follow(incident: Waiting): Promise<void> {
    if (incident.status === 'open' && incident.acknowledgedAt === null) {
      const level = incident.escalationLevel + 1;
      const openedAt = Date.parse(incident.openedAt);
      const due = escalationAt(openedAt, incident.severity, level, this.policy);
      if (due === null) return;
      // A job that failed all its attempts (the incident service was down) is tried again.
      const existing = await this.queue.getJob(jobId(incident.id, level));
      if (existing && (await existing.isFailed())) {
        await existing.retry();
        return;
      }
      await this.queue.add(
        'escalate',
        { incidentId: incident.id, level },
        { jobId: jobId(incident.id, level), delay: Math.max(0, due - Date.now()), attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { age: DAY_S }, removeOnFail: { age: 7 * DAY_S } },
      );
      return;
    }
    for (let level = 1; level <= this.policy.maxEscalationLevel; level++) {
      const job = await this.queue.getJob(jobId(incident.id, level));
      if (job && (await job.isDelayed())) await job.remove();
    }
  }

  /** Re-adds the jobs of every incident waiting for acknowledgement (Redis may have lost them). */
  async reconcile(): Promise<void> {
    for (const row of await this.facts.unacknowledged()) await this.follow(this.waiting(row));
  }

  private waiting(row: IncidentFactRow): Waiting {
    return {
      id: row.id,
      status: row.status,
      severity: row.severity,
      openedAt: row.opened_at.toISOString(),
      acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
      escalationLevel: row.escalation_level,
    };
  }

  private async escalate(job: Job<EscalationJobData>): Promise<string> {
    const { incidentId, level } = job.data;
    const row = await this.facts.incident(incidentId);
    if (!row || row.status !== 'open' || row.acknowledged_at !== null) return 'no longer waiting';
    const subjects = natsSubjects(this.config.NATS_PREFIX);
    const reply = await this.requests.request(
      'incident.v1.incidents.escalate',
      { id: incidentId, level, reason: `not acknowledged within the ${row.severity} target` },
      ESCALATE_REPLY,
    );
    const incident = reply.incident;
    await this.facts.escalated(incidentId, incident.escalationLevel, incident.status, incident.acknowledgedAt, incident.version);
    // A retry of a run that raised the level but failed before publishing publishes now
    // (JetStream drops a repeat of the same message id).
    if (reply.escalated || (job.attemptsMade > 0 && incident.escalationLevel >= level)) {
      const deadline = escalationAt(Date.parse(incident.openedAt), incident.severity, level, this.policy) ?? Date.now();
      const breach: SlaBreach = {
        incidentId,
        level,
        severity: incident.severity,
        areaCode: incident.areaCode,
        gatewayId: incident.gatewayId,
        deviceId: incident.deviceId,
        openedAt: incident.openedAt,
        deadline: new Date(deadline).toISOString(),
        at: new Date().toISOString(),
      };
      await publishJson(this.nc.jetstream(), subjects.slaBreach(incident.areaCode), breach, `breach-${incidentId}-L${level}`);
      this.breaches.inc({ severity: incident.severity, level: String(level) });
      this.logger.event('warn', 'acknowledgement deadline missed: escalated', { incidentId, escalationLevel: level, areaCode: incident.areaCode });
    }
    // The next level, if the incident still waits (the incident service says how it stands).
    await this.follow(incident);
    return reply.escalated ? `escalated to ${level}` : 'already at this level';
  }
}
