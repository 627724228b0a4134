import type { MigrationInterface, QueryRunner } from 'typeorm';

const schemaOf = (q: QueryRunner) => `"${(q.connection.options as { schema?: string }).schema ?? 'registry'}"`;

/**
 * The audit log doubles as the outbox of register changes: every change to key areas,
 * checkpoints, gateways and devices is published (`register.changed.v1`) once committed.
 */
export class RegisterEvents1764489600000 implements MigrationInterface {
  name = 'RegisterEvents1764489600000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`ALTER TABLE ${s}.audit_log ADD COLUMN published_at timestamptz`);
    // What happened before this migration is in the register already; nothing to announce.
    await q.query(`UPDATE ${s}.audit_log SET published_at = at`);
    await q.query(`CREATE INDEX audit_log_unpublished_idx ON ${s}.audit_log (id) WHERE published_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`DROP INDEX ${s}.audit_log_unpublished_idx`);
    await q.query(`ALTER TABLE ${s}.audit_log DROP COLUMN published_at`);
  }
}
