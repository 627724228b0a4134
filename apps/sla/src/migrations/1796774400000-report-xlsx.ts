import type { MigrationInterface, QueryRunner } from 'typeorm';

const schemaOf = (q: QueryRunner) => `"${(q.connection.options as { schema?: string }).schema ?? 'sla'}"`;

/** The report's annex as an XLSX workbook, made with the other files; null for reports made before. */
export class ReportXlsx1796774400000 implements MigrationInterface {
  name = 'ReportXlsx1796774400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${schemaOf(q)}.reports ADD COLUMN xlsx bytea`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${schemaOf(q)}.reports DROP COLUMN xlsx`);
  }
}
