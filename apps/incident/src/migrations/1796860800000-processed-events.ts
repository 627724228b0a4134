import type { MigrationInterface, QueryRunner } from 'typeorm';

const schemaOf = (q: QueryRunner) => `"${(q.connection.options as { schema?: string }).schema ?? 'incident'}"`;

/**
 * The device events (edges: each one counts on its incident) already applied, kept two days,
 * so an event redelivered after a crash between commit and ack is not counted twice.
 */
export class ProcessedEvents1796860800000 implements MigrationInterface {
  name = 'ProcessedEvents1796860800000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`CREATE TABLE ${s}.processed_events (message_id text PRIMARY KEY, processed_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX processed_events_at ON ${s}.processed_events (processed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${schemaOf(q)}.processed_events`);
  }
}
