// Answers the incident service's request/reply operations (INCIDENT_OPERATIONS): the
// operator's queue and actions, and maintenance windows. Actions run in turn with the
// signal batches, so an operator and the system never write the same incident at once.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection, Subscription } from 'nats';
import type { DataSource } from 'typeorm';
import { INCIDENT_OPERATIONS, natsSubjects, type Actor, type Incident } from '@ioc/contracts';
import { applyOperatorAction, type OperatorAction } from '@ioc/incidents';
import { JsonLogger, type OperationHandlers, requirePermission, serveOperations, ServiceError } from '@ioc/platform';
import { AreaDirectory } from './area-directory';
import { INCIDENT_DATA_SOURCE } from './database';
import { INCIDENT_CONFIG, type IncidentConfig } from './incident.config';
import { listIncidents } from './incident.read';
import { MaintenanceWindows } from './maintenance';
import { INCIDENT_LOGGER, INCIDENT_NATS, SignalProcessor, updateIncident } from './signal-processor.service';

type Handlers = OperationHandlers<typeof INCIDENT_OPERATIONS>;

@Injectable()
export class OperationsHandler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly subscriptions: Subscription[] = [];

  constructor(
    @Inject(INCIDENT_CONFIG) private readonly config: IncidentConfig,
    @Inject(INCIDENT_NATS) private readonly nc: NatsConnection,
    @Inject(INCIDENT_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(INCIDENT_LOGGER) private readonly logger: JsonLogger,
    private readonly processor: SignalProcessor,
    private readonly maintenance: MaintenanceWindows,
    private readonly areas: AreaDirectory,
  ) {}

  private async visible(actor: Actor, id: string): Promise<Incident> {
    requirePermission(actor, 'incidents.read', 'read incidents');
    const incident = await this.processor.read(id);
    // Outside the scope is the same as not there.
    if (!incident || !(await this.areas.allows(actor, incident.areaCode))) throw new ServiceError('not_found', `no incident ${id}`);
    return incident;
  }

  private async act(actor: Actor, id: string, action: Omit<OperatorAction, 'actor'>): Promise<Incident> {
    requirePermission(actor, 'incidents.act', 'act on incidents');
    return this.processor.inTurn(async () => {
      const before = await this.visible(actor, id);
      const result = applyOperatorAction(before, { ...action, actor: actor.username }, Date.now());
      if (!result.ok) throw new ServiceError(result.error === 'invalid_input' ? 'invalid' : 'conflict', result.message);
      const s = `"${this.config.DB_SCHEMA}"`;
      await this.ds.transaction(async (em) => {
        if (!(await updateIncident(em, s, result.incident, before.version))) {
          throw new ServiceError('conflict', `incident ${id} was changed meanwhile; reload it and try again`);
        }
        await em.query(`INSERT INTO ${s}.incident_timeline (incident_id, at, actor, action, note) VALUES ($1, $2, $3, $4, $5)`, [
          id,
          result.entry.at,
          result.entry.actor,
          result.entry.action,
          result.entry.note,
        ]);
        await this.processor.enqueue(em, [{ name: result.incident.status === 'resolved' && before.status !== 'resolved' ? 'incident.resolved' : 'incident.updated', incident: result.incident }]);
      });
      await this.processor.publishPending().catch(() => undefined);
      return this.visible(actor, id);
    });
  }

  private readonly handlers: Handlers = {
    'incidents.list': async (r) => {
      requirePermission(r.actor, 'incidents.read', 'read incidents');
      if (r.query.areaCode && !(await this.areas.allows(r.actor, r.query.areaCode))) {
        throw new ServiceError('forbidden', `key area ${r.query.areaCode} is outside your scope`);
      }
      return listIncidents(this.ds, this.config.DB_SCHEMA, r.query, await this.areas.scoped(r.actor));
    },
    'incidents.get': (r) => this.visible(r.actor, r.id),
    'incidents.acknowledge': (r) => this.act(r.actor, r.id, { kind: 'acknowledge', note: r.body.note, expectedVersion: r.body.version }),
    'incidents.assign': (r) => this.act(r.actor, r.id, { kind: 'assign', note: r.body.note, assignee: r.body.assignee, expectedVersion: r.body.version }),
    'incidents.comment': (r) => this.act(r.actor, r.id, { kind: 'comment', note: r.body.note, expectedVersion: r.body.version }),
    'incidents.resolve': (r) =>
      this.act(r.actor, r.id, { kind: 'resolve', note: r.body.note, resolutionCode: r.body.resolutionCode, expectedVersion: r.body.version }),
    'incidents.close': (r) => this.act(r.actor, r.id, { kind: 'close', note: r.body.note, expectedVersion: r.body.version }),
    'incidents.standing': async (r) =>
      listIncidents(this.ds, this.config.DB_SCHEMA, { status: ['open', 'acknowledged'], limit: 10_000, offset: 0 }, r.areas),
    'incidents.escalate': (r) =>
      this.processor.inTurn(async () => {
        const before = await this.processor.read(r.id);
        if (!before) throw new ServiceError('not_found', `no incident ${r.id}`);
        if (before.status !== 'open' || before.escalationLevel >= r.level) return { escalated: false, incident: before };
        const after = { ...before, escalationLevel: r.level, version: before.version + 1 };
        const s = `"${this.config.DB_SCHEMA}"`;
        await this.ds.transaction(async (em) => {
          if (!(await updateIncident(em, s, after, before.version))) throw new ServiceError('conflict', `incident ${r.id} changed meanwhile`);
          await em.query(`INSERT INTO ${s}.incident_timeline (incident_id, at, actor, action, note) VALUES ($1, now(), 'system', 'escalated', $2)`, [
            r.id,
            `escalation level ${r.level}: ${r.reason}`,
          ]);
          await this.processor.enqueue(em, [{ name: 'incident.updated', incident: after }]);
        });
        await this.processor.publishPending().catch(() => undefined);
        const incident = await this.processor.read(r.id);
        if (!incident) throw new ServiceError('not_found', `no incident ${r.id}`);
        return { escalated: true, incident };
      }),
    'maintenance.between': async (r) => ({ items: await this.maintenance.between(r.from, r.to) }),
    'maintenance.list': async (r) => {
      requirePermission(r.actor, 'incidents.read', 'read maintenance windows');
      return { items: await this.maintenance.list(r.actor, r.areaCode, r.activeAt) };
    },
    'maintenance.create': (r) => this.maintenance.create(r.actor, r.window),
    'maintenance.cancel': (r) => this.maintenance.cancel(r.actor, r.id),
  };

  onApplicationBootstrap(): void {
    this.subscriptions.push(...serveOperations(this.nc, natsSubjects(this.config.NATS_PREFIX).incidentOperation, 'incident', INCIDENT_OPERATIONS, this.handlers, this.logger));
  }

  onApplicationShutdown(): void {
    for (const s of this.subscriptions) s.unsubscribe();
  }
}
