// Maintenance windows (device, gateway or key area; start and end): while one covers a
// target no incident opens for it; a condition still standing at its end opens then
// (SignalProcessor's tick). SLA will exclude them from availability.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { defineContract, REGISTRY_OPERATIONS, type Actor, type MaintenanceWindow, type MaintenanceWindowInput } from '@ioc/contracts';
import { requirePermission, ServiceError, type NatsOperationsClient } from '@ioc/platform';
import type { AreaDirectory } from './area-directory';

const LOCATE_REPLY = defineContract('registry.targets.locate.reply', 1, REGISTRY_OPERATIONS['targets.locate'].reply);

interface WindowRow {
  id: string;
  target_type: MaintenanceWindow['targetType'];
  target_id: string;
  area_code: string;
  starts_at: Date;
  ends_at: Date;
  reason: string;
  created_by: string;
  created_at: Date;
  cancelled_at: Date | null;
}

const toWindow = (r: WindowRow): MaintenanceWindow => ({
  id: r.id,
  targetType: r.target_type,
  targetId: r.target_id,
  areaCode: r.area_code,
  startsAt: r.starts_at.toISOString(),
  endsAt: r.ends_at.toISOString(),
  reason: r.reason,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  cancelledAt: r.cancelled_at?.toISOString() ?? null,
});

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
    private readonly ds: DataSource,
    private readonly schema: string,
    private readonly requests: NatsOperationsClient,
    private readonly areas: AreaDirectory,
  ) {}

  /** Windows not cancelled that overlap [from, to]: those that matter now and soon. */
  async around(from: number, to: number): Promise<ActiveWindows> {
    const rows: WindowRow[] = await this.ds.query(
      `SELECT * FROM "${this.schema}".maintenance_windows WHERE cancelled_at IS NULL AND starts_at <= $2 AND ends_at > $1`,
      [new Date(from).toISOString(), new Date(to).toISOString()],
    );
    return new ActiveWindows(rows.map((r) => ({ type: r.target_type, id: r.target_id, startsAt: r.starts_at.getTime(), endsAt: r.ends_at.getTime() })));
  }

  /** Every window (not cancelled) overlapping [from, to), for SLA. */
  async between(from: string, to: string): Promise<MaintenanceWindow[]> {
    const rows: WindowRow[] = await this.ds.query(
      `SELECT * FROM "${this.schema}".maintenance_windows WHERE cancelled_at IS NULL AND starts_at < $2 AND ends_at > $1 ORDER BY starts_at`,
      [from, to],
    );
    return rows.map(toWindow);
  }

  async list(actor: Actor, areaCode: string | undefined, activeAt: string | undefined): Promise<MaintenanceWindow[]> {
    const areaCodes = areaCode ? [areaCode] : await this.areas.scoped(actor);
    if (areaCode && !(await this.areas.allows(actor, areaCode))) throw new ServiceError('forbidden', `key area ${areaCode} is outside your scope`);
    const where = ['true'];
    const params: unknown[] = [];
    if (areaCodes) where.push(`area_code = ANY($${params.push(areaCodes)})`);
    if (activeAt) where.push(`cancelled_at IS NULL AND starts_at <= $${params.push(activeAt)} AND ends_at > $${params.length}`);
    const rows: WindowRow[] = await this.ds.query(
      `SELECT * FROM "${this.schema}".maintenance_windows WHERE ${where.join(' AND ')} ORDER BY starts_at DESC LIMIT 1000`,
      params,
    );
    return rows.map(toWindow);
  }

  async create(actor: Actor, input: MaintenanceWindowInput): Promise<MaintenanceWindow> {
    requirePermission(actor, 'maintenance.write', 'open maintenance windows');
    const where = await this.requests.request('registry.v1.targets.locate', { targetType: input.targetType, targetId: input.targetId }, LOCATE_REPLY);
    if (!where.areaCode) {
      throw new ServiceError('invalid', `no ${input.targetType} ${input.targetId} in the register`, [{ path: 'targetId', message: `no ${input.targetType} ${input.targetId}` }]);
    }
    if (!(await this.areas.allows(actor, where.areaCode))) throw new ServiceError('forbidden', `key area ${where.areaCode} is outside your scope`);
    const rows: WindowRow[] = await this.ds.query(
      `INSERT INTO "${this.schema}".maintenance_windows (id, target_type, target_id, area_code, starts_at, ends_at, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [randomUUID(), input.targetType, input.targetId, where.areaCode, input.startsAt, input.endsAt, input.reason, actor.username],
    );
    return toWindow(rows[0] as WindowRow);
  }

  /**
   * Ends a running window now (its past stays, for SLA) or cancels one not yet begun;
   * standing conditions open at the next tick.
   */
  async cancel(actor: Actor, id: string): Promise<MaintenanceWindow> {
    requirePermission(actor, 'maintenance.write', 'end maintenance windows');
    const existing: WindowRow[] = await this.ds.query(`SELECT * FROM "${this.schema}".maintenance_windows WHERE id = $1`, [id]);
    const row = existing[0];
    if (!row || !(await this.areas.allows(actor, row.area_code))) throw new ServiceError('not_found', `no maintenance window ${id}`);
    if (row.cancelled_at || row.ends_at.getTime() <= Date.now()) throw new ServiceError('conflict', `maintenance window ${id} is already over`);
    // An UPDATE answers [rows, count].
    const [rows]: [WindowRow[], number] = await this.ds.query(
      `UPDATE "${this.schema}".maintenance_windows
       SET cancelled_at = CASE WHEN starts_at > now() THEN now() END, ends_at = CASE WHEN starts_at > now() THEN ends_at ELSE now() END
       WHERE id = $1 RETURNING *`,
      [id],
    );
    return toWindow(rows[0] as WindowRow);
  }
}
