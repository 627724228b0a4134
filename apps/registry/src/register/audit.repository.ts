// The audit log: who changed what in the register or among the users, when, with the
// record before and after. Entries are written in the same transaction as the change, so
// there is never a change without its entry, nor an entry for a change rolled back. The
// log is also the outbox of register changes (`published_at`, RegisterEventsPublisher).
import type { EntityManager } from 'typeorm';
import type { Actor, AuditEntry, RegisterChanged } from '@ioc/contracts';
import { SchemaRepository } from '@ioc/platform';

export interface AuditRecord {
  action: string;
  entityType: 'key_area' | 'checkpoint' | 'gateway' | 'device' | 'user' | 'import';
  entityId: string;
  areaCode: string | null;
  before: unknown;
  after: unknown;
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

export interface UnpublishedChange {
  id: string;
  at: Date;
  action: string;
  entity_type: RegisterChanged['entityType'] | 'user';
  entity_id: string;
  area_code: string | null;
  after: unknown;
}

export class AuditRepository extends SchemaRepository {
  /** Appends entries in one statement, in the transaction of the change they record. */
  async record(em: EntityManager, actor: Actor, records: AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
    await em.query(
      `INSERT INTO ${this.s}.audit_log (actor_id, actor_username, action, entity_type, entity_id, area_code, before, after)
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

  /** Newest first, keyset-paged by id. */
  async read(q: AuditQuery): Promise<{ items: AuditEntry[]; nextBeforeId: string | null }> {
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
    }[] = await this.ds.query(
      `SELECT * FROM ${this.s}.audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${q.limit + 1}`,
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

  /** Entries not yet published, oldest first. */
  unpublished(limit: number): Promise<UnpublishedChange[]> {
    return this.ds.query(`SELECT id, at, action, entity_type, entity_id, area_code, after FROM ${this.s}.audit_log WHERE published_at IS NULL ORDER BY id LIMIT ${limit}`);
  }

  async markPublished(ids: string[]): Promise<void> {
    if (ids.length) await this.ds.query(`UPDATE ${this.s}.audit_log SET published_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }
}
