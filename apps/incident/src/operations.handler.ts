// Answers the incident service's request/reply operations (INCIDENT_OPERATIONS): the
// operator's queue and actions, and maintenance windows. Actions run in turn with the
// signal batches, so an operator and the system never write the same incident at once:
// with several copies, on the copy that owns the incident's partition (decision 0024),
// whichever copy the request reached. Reads are answered by any copy, from Postgres.
import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { INCIDENT_OPERATIONS, partitionOfArea, type Actor, type Incident } from '@ioc/contracts';
import { applyOperatorAction, type OperatorAction } from '@ioc/incidents';
import { OperationErrorFilter, type OperationHandlers, type OperationRequest, PartitionOwnerCalls, requirePermission, ServiceError } from '@ioc/platform';
import { AreaDirectory } from './area-directory';
import { IncidentRepository } from './incident.repository';
import { MaintenanceWindows } from './maintenance';
import { SignalProcessor } from './signal-processor.service';

type Handlers = OperationHandlers<typeof INCIDENT_OPERATIONS>;
type In<O extends keyof typeof INCIDENT_OPERATIONS> = OperationRequest<typeof INCIDENT_OPERATIONS, O>;

@Controller()
@UseFilters(new OperationErrorFilter())
export class OperationsController implements Handlers {
  constructor(
    private readonly processor: SignalProcessor,
    private readonly maintenance: MaintenanceWindows,
    private readonly areas: AreaDirectory,
    private readonly incidents: IncidentRepository,
    private readonly ownerCalls: PartitionOwnerCalls,
  ) {
    ownerCalls.handle('incidents.act', (r: { actor: Actor; id: string; action: Omit<OperatorAction, 'actor'> }) => this.actHere(r.actor, r.id, r.action));
    ownerCalls.handle('incidents.escalate', (r: In<'incidents.escalate'>) => this.escalateHere(r));
  }

  /** Runs `work` on the copy that owns the incident's partition. */
  private async onOwner<T>(id: string, operation: string, request: unknown): Promise<T> {
    const incident = await this.processor.read(id);
    if (!incident) throw new ServiceError('not_found', `no incident ${id}`);
    return this.ownerCalls.call<T>(partitionOfArea(incident.areaCode), operation, request);
  }

  private async visible(actor: Actor, id: string): Promise<Incident> {
    requirePermission(actor, 'incidents.read', 'read incidents');
    const incident = await this.processor.read(id);
    // Outside the scope is the same as not there.
    if (!incident || !(await this.areas.allows(actor, incident.areaCode))) throw new ServiceError('not_found', `no incident ${id}`);
    return incident;
  }

  private async act(actor: Actor, id: string, action: Omit<OperatorAction, 'actor'>): Promise<Incident> {
    requirePermission(actor, 'incidents.act', 'act on incidents');
    await this.visible(actor, id);
    return this.onOwner<Incident>(id, 'incidents.act', { actor, id, action });
  }

  private async actHere(actor: Actor, id: string, action: Omit<OperatorAction, 'actor'>): Promise<Incident> {
    return this.processor.inTurn(async () => {
      const before = await this.visible(actor, id);
      const result = applyOperatorAction(before, { ...action, actor: actor.username }, Date.now());
      if (!result.ok) throw new ServiceError(result.error === 'invalid_input' ? 'invalid' : 'conflict', result.message);
      const event = result.incident.status === 'resolved' && before.status !== 'resolved' ? 'incident.resolved' : 'incident.updated';
      if (!(await this.processor.record(result.incident, before.version, result.entry, event))) {
        throw new ServiceError('conflict', `incident ${id} was changed meanwhile; reload it and try again`);
      }
      await this.processor.publishPending().catch(() => undefined);
      return this.visible(actor, id);
    });
  }

  @MessagePattern('incident.v1.incidents.list')
  async 'incidents.list'(r: In<'incidents.list'>) {
    requirePermission(r.actor, 'incidents.read', 'read incidents');
    if (r.query.areaCode && !(await this.areas.allows(r.actor, r.query.areaCode))) {
      throw new ServiceError('forbidden', `key area ${r.query.areaCode} is outside your scope`);
    }
    return this.incidents.list(r.query, await this.areas.scoped(r.actor));
  }

  @MessagePattern('incident.v1.incidents.get')
  async 'incidents.get'(r: In<'incidents.get'>) {
    return this.visible(r.actor, r.id);
  }

  @MessagePattern('incident.v1.incidents.acknowledge')
  async 'incidents.acknowledge'(r: In<'incidents.acknowledge'>) {
    return this.act(r.actor, r.id, { kind: 'acknowledge', note: r.body.note, expectedVersion: r.body.version });
  }

  @MessagePattern('incident.v1.incidents.assign')
  async 'incidents.assign'(r: In<'incidents.assign'>) {
    return this.act(r.actor, r.id, { kind: 'assign', note: r.body.note, assignee: r.body.assignee, expectedVersion: r.body.version });
  }

  @MessagePattern('incident.v1.incidents.comment')
  async 'incidents.comment'(r: In<'incidents.comment'>) {
    return this.act(r.actor, r.id, { kind: 'comment', note: r.body.note, expectedVersion: r.body.version });
  }

  @MessagePattern('incident.v1.incidents.resolve')
  async 'incidents.resolve'(r: In<'incidents.resolve'>) {
    return this.act(r.actor, r.id, { kind: 'resolve', note: r.body.note, resolutionCode: r.body.resolutionCode, expectedVersion: r.body.version });
  }

  @MessagePattern('incident.v1.incidents.close')
  async 'incidents.close'(r: In<'incidents.close'>) {
    return this.act(r.actor, r.id, { kind: 'close', note: r.body.note, expectedVersion: r.body.version });
  }

  @MessagePattern('incident.v1.incidents.standing')
  async 'incidents.standing'(r: In<'incidents.standing'>) {
    return this.incidents.list({ status: ['open', 'acknowledged'], limit: 10_000, offset: 0 }, r.areas);
  }

  @MessagePattern('incident.v1.incidents.escalate')
  async 'incidents.escalate'(r: In<'incidents.escalate'>) {
    return this.onOwner<{ escalated: boolean; incident: Incident }>(r.id, 'incidents.escalate', r);
  }

  private async escalateHere(r: In<'incidents.escalate'>) {
    return this.processor.inTurn(async () => {
      const before = await this.processor.read(r.id);
      if (!before) throw new ServiceError('not_found', `no incident ${r.id}`);
      if (before.status !== 'open' || before.escalationLevel >= r.level) return { escalated: false, incident: before };
      const after = { ...before, escalationLevel: r.level, version: before.version + 1 };
      const entry = { at: new Date().toISOString(), actor: 'system', action: 'escalated' as const, note: `escalation level ${r.level}: ${r.reason}` };
      if (!(await this.processor.record(after, before.version, entry, 'incident.updated'))) throw new ServiceError('conflict', `incident ${r.id} changed meanwhile`);
      await this.processor.publishPending().catch(() => undefined);
      const incident = await this.processor.read(r.id);
      if (!incident) throw new ServiceError('not_found', `no incident ${r.id}`);
      return { escalated: true, incident };
    });
  }

  @MessagePattern('incident.v1.maintenance.between')
  async 'maintenance.between'(r: In<'maintenance.between'>) {
    return { items: await this.maintenance.between(r.from, r.to) };
  }

  @MessagePattern('incident.v1.maintenance.list')
  async 'maintenance.list'(r: In<'maintenance.list'>) {
    requirePermission(r.actor, 'incidents.read', 'read maintenance windows');
    return { items: await this.maintenance.list(r.actor, r.areaCode, r.activeAt) };
  }

  @MessagePattern('incident.v1.maintenance.create')
  async 'maintenance.create'(r: In<'maintenance.create'>) {
    return this.maintenance.create(r.actor, r.window);
  }

  @MessagePattern('incident.v1.maintenance.cancel')
  async 'maintenance.cancel'(r: In<'maintenance.cancel'>) {
    return this.maintenance.cancel(r.actor, r.id);
  }
}
