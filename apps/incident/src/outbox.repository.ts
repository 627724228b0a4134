// The outbox's SQL: incident events written in the same statement as the change they
// announce, then published in order and marked; published rows are kept a day for diagnosis.
import { SchemaRepository, type SqlStatement } from '@ioc/platform';

export interface OutboxEntry {
  eventId: string;
  subject: string;
  /** The event, serialised as JSON. */
  payload: string;
}

export class OutboxRepository extends SchemaRepository {
  /**
   * Adds events, in the statement of the change they announce; with `onlyIfIn`, only those
   * whose incident (`incidentIds`, one per entry) the part of that name returned.
   */
  add(entries: OutboxEntry[], onlyIfIn?: { part: string; incidentIds: string[] }): SqlStatement | undefined {
    if (entries.length === 0) return undefined;
    const params = [entries.map((e) => e.eventId), entries.map((e) => e.subject), entries.map((e) => e.payload)];
    if (!onlyIfIn) return { sql: `INSERT INTO ${this.s}.outbox (event_id, subject, payload) SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[])`, params };
    return {
      sql: `INSERT INTO ${this.s}.outbox (event_id, subject, payload)
       SELECT o.event_id, o.subject, o.payload FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::uuid[]) AS o(event_id, subject, payload, incident_id)
       WHERE o.incident_id IN (SELECT id FROM ${onlyIfIn.part})`,
      params: [...params, onlyIfIn.incidentIds],
    };
  }

  /** Unpublished events, oldest first. */
  pending(limit: number): Promise<{ event_id: string; subject: string; payload: unknown }[]> {
    return this.ds.query(`SELECT event_id, subject, payload FROM ${this.s}.outbox WHERE published_at IS NULL ORDER BY created_at, event_id LIMIT ${limit}`);
  }

  async markPublished(eventIds: string[]): Promise<void> {
    if (eventIds.length) await this.ds.query(`UPDATE ${this.s}.outbox SET published_at = now() WHERE event_id = ANY($1)`, [eventIds]);
  }

  async pruneOlderThanADay(): Promise<void> {
    await this.ds.query(`DELETE FROM ${this.s}.outbox WHERE published_at < now() - interval '1 day'`);
  }
}
