// The device events already applied (their message ids), written in the statement that
// applies them. A batch redelivered after the service died between commit and ack skips
// them, however many events one condition had in it (a condition remembers only its last
// few ids). Kept two days: a redelivery comes within minutes of the service's return.
import { SchemaRepository, type SqlStatement } from '@ioc/platform';

export class ProcessedEventRepository extends SchemaRepository {
  /** Which of `ids` were applied already. */
  async seen(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { message_id: string }[] = await this.ds.query(`SELECT message_id FROM ${this.s}.processed_events WHERE message_id = ANY($1)`, [ids]);
    return new Set(rows.map((r) => r.message_id));
  }

  add(ids: string[]): SqlStatement | undefined {
    if (ids.length === 0) return undefined;
    return { sql: `INSERT INTO ${this.s}.processed_events (message_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, params: [ids] };
  }

  async pruneOlderThanTwoDays(): Promise<void> {
    await this.ds.query(`DELETE FROM ${this.s}.processed_events WHERE processed_at < now() - interval '2 days'`);
  }
}
