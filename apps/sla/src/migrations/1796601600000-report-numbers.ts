import type { MigrationInterface, QueryRunner } from 'typeorm';

const schemaOf = (q: QueryRunner) => `"${(q.connection.options as { schema?: string }).schema ?? 'sla'}"`;

/**
 * The register of issued report numbers (Decree 30/2020/NĐ-CP: numbers run from 01 each
 * calendar year): one number per month's report, given the first time it is made and kept
 * when it is made again.
 */
export class ReportNumbers1796601600000 implements MigrationInterface {
  name = 'ReportNumbers1796601600000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`
      CREATE TABLE ${s}.report_numbers (
        month char(7) PRIMARY KEY,
        year integer NOT NULL,
        number integer NOT NULL CHECK (number >= 1),
        issued_on date NOT NULL,
        UNIQUE (year, number)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${schemaOf(q)}.report_numbers`);
  }
}
