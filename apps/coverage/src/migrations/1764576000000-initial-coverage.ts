import type { MigrationInterface, QueryRunner } from 'typeorm';

const schemaOf = (q: QueryRunner) => `"${(q.connection.options as { schema?: string }).schema ?? 'coverage'}"`;

/** Daily snapshots of coverage per key area, district and province: the planners' trend. */
export class InitialCoverage1764576000000 implements MigrationInterface {
  name = 'InitialCoverage1764576000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`
      CREATE TABLE ${s}.coverage_daily (
        day date NOT NULL,
        scope text NOT NULL CHECK (scope IN ('area', 'district', 'province')),
        key text NOT NULL,
        installed_pct numeric(6,2),
        operational_pct numeric(6,2),
        meets_installed boolean,
        meets_operational boolean,
        figures jsonb NOT NULL,
        taken_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key, day)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${schemaOf(q)}.coverage_daily`);
  }
}
