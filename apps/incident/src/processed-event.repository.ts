// The device events already applied (their message ids), written in the transaction that
// applies them. A batch redelivered after the service died between commit and ack skips
// them, however many events one condition had in it (a condition remembers only its last
// few ids). Kept two days: a redelivery comes within minutes of the service's return.
import type { EntityManager } from 'typeorm';
import { SchemaRepository } from '@ioc/platform';

export class ProcessedEventRepository extends SchemaRepository {
  /** Which of `ids` were applied already. */
  async seen(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { message_id: string }[] = await this.ds.query(`SELECT message_id FROM ${this.s}.processed_events WHERE message_id = ANY($1)`, [ids]);
    return new Set(rows.map((r) => r.message_id));
  }

  async add(em: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await em.query(`INSERT INTO ${this.s}.processed_events (message_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, [ids]);
  }

  async pruneOlderThanTwoDays(): Promise<void> {
    await this.ds.query(`DELETE FROM ${this.s}.processed_events WHERE processed_at < now() - interval '2 days'`);
  }
}
