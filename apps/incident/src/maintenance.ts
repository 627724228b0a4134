// Maintenance windows (device, gateway or key area; start and end): while one covers a
// target no incident opens for it; a condition still standing at its end opens then
// (SignalProcessor's tick). SLA will exclude them from availability.
import { defineContract, REGISTRY_OPERATIONS, type Actor, type MaintenanceWindow, type MaintenanceWindowInput } from '@ioc/contracts';
import { requirePermission, ServiceError, type NatsOperationsClient } from '@ioc/platform';
import type { AreaDirectory } from './area-directory';
import type { MaintenanceWindowRepository } from './maintenance-window.repository';

const LOCATE_REPLY = defineContract('registry.targets.locate.reply', 1, REGISTRY_OPERATIONS['targets.locate'].reply);

export interface Target {
  deviceId: string | null;
  gatewayId: string;
  areaCode: string;
}

/** The windows in force at some time, as a quick lookup. */
export class ActiveWindows {
  constructor(private readonly windows: { type: string; id: string; startsAt: number; endsAt: number }[]) {}

  covers(target: Target, at: number): boolean {
    return this.windows.some(
      (w) =>
        w.startsAt <= at &&
        at < w.endsAt &&
        ((w.type === 'device' && w.id === target.deviceId) || (w.type === 'gateway' && w.id === target.gatewayId) || (w.type === 'area' && w.id === target.areaCode)),
    );
  }
}

export class MaintenanceWindows {
  constructor(
    private readonly windows: MaintenanceWindowRepository,
    private readonly requests: NatsOperationsClient,
    private readonly areas: AreaDirectory,
  ) {}

  /** Windows not cancelled that overlap [from, to]: those that matter now and soon. */
  async around(from: number, to: number): Promise<ActiveWindows> {
    const windows = await this.windows.overlapping(new Date(from).toISOString(), new Date(to).toISOString());
    return new ActiveWindows(windows.map((w) => ({ type: w.targetType, id: w.targetId, startsAt: Date.parse(w.startsAt), endsAt: Date.parse(w.endsAt) })));
  }

  /** Every window (not cancelled) overlapping [from, to), for SLA. */
  between(from: string, to: string): Promise<MaintenanceWindow[]> {
    return this.windows.between(from, to);
  }

  async list(actor: Actor, areaCode: string | undefined, activeAt: string | undefined): Promise<MaintenanceWindow[]> {
    const areaCodes = areaCode ? [areaCode] : await this.areas.scoped(actor);
    if (areaCode && !(await this.areas.allows(actor, areaCode))) throw new ServiceError('forbidden', `key area ${areaCode} is outside your scope`);
    return this.windows.list(areaCodes, activeAt);
  }

  async create(actor: Actor, input: MaintenanceWindowInput): Promise<MaintenanceWindow> {
    requirePermission(actor, 'maintenance.write', 'open maintenance windows');
    const where = await this.requests.request('registry.v1.targets.locate', { targetType: input.targetType, targetId: input.targetId }, LOCATE_REPLY);
    if (!where.areaCode) {
      throw new ServiceError('invalid', `no ${input.targetType} ${input.targetId} in the register`, [{ path: 'targetId', message: `no ${input.targetType} ${input.targetId}` }]);
    }
    if (!(await this.areas.allows(actor, where.areaCode))) throw new ServiceError('forbidden', `key area ${where.areaCode} is outside your scope`);
    return this.windows.insert({
      targetType: input.targetType,
      targetId: input.targetId,
      areaCode: where.areaCode,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      reason: input.reason,
      createdBy: actor.username,
    });
  }

  /**
   * Ends a running window now (its past stays, for SLA) or cancels one not yet begun;
   * standing conditions open at the next tick.
   */
  async cancel(actor: Actor, id: string): Promise<MaintenanceWindow> {
    requirePermission(actor, 'maintenance.write', 'end maintenance windows');
    const window = await this.windows.get(id);
    if (!window || !(await this.areas.allows(actor, window.areaCode))) throw new ServiceError('not_found', `no maintenance window ${id}`);
    if (window.cancelledAt || Date.parse(window.endsAt) <= Date.now()) throw new ServiceError('conflict', `maintenance window ${id} is already over`);
    return this.windows.endNow(id);
  }
}
