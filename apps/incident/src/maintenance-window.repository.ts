// The maintenance windows' SQL. A window is never deleted: ending one early shortens it
// (its past stays, for SLA) and one not yet begun is cancelled.
import { randomUUID } from 'node:crypto';
import type { MaintenanceWindow } from '@ioc/contracts';
import { SchemaRepository } from '@ioc/platform';

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

export class MaintenanceWindowRepository extends SchemaRepository {
  /** Windows not cancelled that overlap [from, to]. */
  async overlapping(from: string, to: string): Promise<MaintenanceWindow[]> {
    const rows: WindowRow[] = await this.ds.query(`SELECT * FROM ${this.s}.maintenance_windows WHERE cancelled_at IS NULL AND starts_at <= $2 AND ends_at > $1`, [
      from,
      to,
    ]);
    return rows.map(toWindow);
  }

  /** Windows not cancelled overlapping [from, to), oldest first. */
  async between(from: string, to: string): Promise<MaintenanceWindow[]> {
    const rows: WindowRow[] = await this.ds.query(
      `SELECT * FROM ${this.s}.maintenance_windows WHERE cancelled_at IS NULL AND starts_at < $2 AND ends_at > $1 ORDER BY starts_at`,
      [from, to],
    );
    return rows.map(toWindow);
  }

  /** The latest 1000 windows, of some areas (undefined: all), optionally only those in force at `activeAt`. */
  async list(areaCodes: string[] | undefined, activeAt: string | undefined): Promise<MaintenanceWindow[]> {
    const where = ['true'];
    const params: unknown[] = [];
    if (areaCodes) where.push(`area_code = ANY($${params.push(areaCodes)})`);
    if (activeAt) where.push(`cancelled_at IS NULL AND starts_at <= $${params.push(activeAt)} AND ends_at > $${params.length}`);
    const rows: WindowRow[] = await this.ds.query(`SELECT * FROM ${this.s}.maintenance_windows WHERE ${where.join(' AND ')} ORDER BY starts_at DESC LIMIT 1000`, params);
    return rows.map(toWindow);
  }

  async get(id: string): Promise<MaintenanceWindow | undefined> {
    const rows: WindowRow[] = await this.ds.query(`SELECT * FROM ${this.s}.maintenance_windows WHERE id = $1`, [id]);
    return rows[0] && toWindow(rows[0]);
  }

  async insert(w: Omit<MaintenanceWindow, 'id' | 'createdAt' | 'cancelledAt'>): Promise<MaintenanceWindow> {
    const rows: WindowRow[] = await this.ds.query(
      `INSERT INTO ${this.s}.maintenance_windows (id, target_type, target_id, area_code, starts_at, ends_at, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [randomUUID(), w.targetType, w.targetId, w.areaCode, w.startsAt, w.endsAt, w.reason, w.createdBy],
    );
    return toWindow(rows[0] as WindowRow);
  }

  /** Ends a running window now, or cancels one not yet begun (by the database's clock). */
  async endNow(id: string): Promise<MaintenanceWindow> {
    // An UPDATE answers [rows, count].
    const [rows]: [WindowRow[], number] = await this.ds.query(
      `UPDATE ${this.s}.maintenance_windows
       SET cancelled_at = CASE WHEN starts_at > now() THEN now() END, ends_at = CASE WHEN starts_at > now() THEN ends_at ELSE now() END
       WHERE id = $1 RETURNING *`,
      [id],
    );
    return toWindow(rows[0] as WindowRow);
  }
}
