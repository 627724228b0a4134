import type { MigrationInterface, QueryRunner } from 'typeorm';

const schemaOf = (q: QueryRunner) => `"${(q.connection.options as { schema?: string }).schema ?? 'sla'}"`;

/**
 * The version of each copied fact (decision 0024): an incident's `version`, a device's and a
 * key area's register `updatedAt`. Copies of the service apply batches side by side, and a
 * redelivered batch comes after newer ones: an older fact must never replace a newer one.
 */
export class FactVersions1796947200000 implements MigrationInterface {
  name = 'FactVersions1796947200000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`ALTER TABLE ${s}.incidents ADD COLUMN version integer`);
    await q.query(`ALTER TABLE ${s}.devices ADD COLUMN register_updated_at timestamptz`);
    await q.query(`ALTER TABLE ${s}.areas ADD COLUMN register_updated_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`ALTER TABLE ${s}.incidents DROP COLUMN version`);
    await q.query(`ALTER TABLE ${s}.devices DROP COLUMN register_updated_at`);
    await q.query(`ALTER TABLE ${s}.areas DROP COLUMN register_updated_at`);
  }
}
