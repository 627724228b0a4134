import type { MigrationInterface, QueryRunner } from 'typeorm';

const schemaOf = (q: QueryRunner) => `"${(q.connection.options as { schema?: string }).schema ?? 'incident'}"`;

/** The latest snapshot image an event carried, shown beside the incident (null: none did). */
export class IncidentSnapshotUrl1765065600000 implements MigrationInterface {
  name = 'IncidentSnapshotUrl1765065600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${schemaOf(q)}.incidents ADD COLUMN snapshot_url text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${schemaOf(q)}.incidents DROP COLUMN snapshot_url`);
  }
}
