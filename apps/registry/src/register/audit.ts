// The audit log: who changed what in the register or among the users, when, with the
// record before and after. Entries are written in the same transaction as the change, so
// there is never a change without its entry, nor an entry for a change rolled back.
import type { Actor, AuditEntry } from '@ioc/contracts';
import type { Db } from './register.read';

export interface AuditRecord {
  action: string;
  entityType: 'key_area' | 'checkpoint' | 'gateway' | 'device' | 'user' | 'import';
  entityId: string;
  areaCode: string | null;
  before: unknown;
  after: unknown;
}

export async function recordAudit(db: Db, schema: string, actor: Actor, records: AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  await db.query(
    `INSERT INTO "${schema}".audit_log (actor_id, actor_username, action, entity_type, entity_id, area_code, before, after)
     SELECT $1, $2, u.action, u.entity_type, u.entity_id, u.area_code, u.before::jsonb, u.after::jsonb
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS u(action, entity_type, entity_id, area_code, before, after)`,
    [
      actor.userId,
      actor.username,
      records.map((r) => r.action),
      records.map((r) => r.entityType),
      records.map((r) => r.entityId),
      records.map((r) => r.areaCode),
      records.map((r) => json(r.before)),
      records.map((r) => json(r.after)),
    ],
  );
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  areaCode?: string;
  actorUsername?: string;
  beforeId?: string;
  limit: number;
  /** Only entries of these areas (a scoped reader); user entries are then left out. */
  areaCodes?: string[];
}

export async function readAudit(db: Db, schema: string, q: AuditQuery): Promise<{ items: AuditEntry[]; nextBeforeId: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.entityType) where.push(`entity_type = $${params.push(q.entityType)}`);
  if (q.entityId) where.push(`entity_id = $${params.push(q.entityId)}`);
  if (q.areaCode) where.push(`area_code = $${params.push(q.areaCode)}`);
  if (q.actorUsername) where.push(`actor_username = $${params.push(q.actorUsername)}`);
  if (q.beforeId) where.push(`id < $${params.push(q.beforeId)}`);
  if (q.areaCodes) where.push(`area_code = ANY($${params.push(q.areaCodes)})`);
  const rows: {
    id: string;
    at: Date;
    actor_id: string;
    actor_username: string;
    action: string;
    entity_type: string;
    entity_id: string;
    area_code: string | null;
    before: unknown;
    after: unknown;
  }[] = await db.query(
    `SELECT * FROM "${schema}".audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${q.limit + 1}`,
    params,
  );
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      actorId: r.actor_id,
      actorUsername: r.actor_username,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      areaCode: r.area_code,
      before: r.before,
      after: r.after,
    })),
    nextBeforeId: rows.length > q.limit ? String(page[page.length - 1]?.id) : null,
  };
}
