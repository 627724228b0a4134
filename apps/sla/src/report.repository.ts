// The monthly reports' SQL: one row a month with the report as JSON, its CSV files and
// the PDF; making a month again replaces it. And the register of issued numbers: a
// month's report gets the next number of its issue year the first time it is made, and
// keeps that number and date when it is made again (docs/decisions/0021).
import { SchemaRepository } from '@ioc/platform';

export class ReportRepository extends SchemaRepository {
  async generatedAt(month: string): Promise<Date | undefined> {
    const [row]: { generated_at: Date }[] = await this.ds.query(`SELECT generated_at FROM ${this.s}.reports WHERE month = $1`, [month]);
    return row?.generated_at;
  }

  async save(month: string, generatedAt: string, json: unknown, csv: unknown, pdf: Buffer, xlsx: Buffer): Promise<void> {
    await this.ds.query(
      `INSERT INTO ${this.s}.reports (month, generated_at, json, csv, pdf, xlsx) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (month) DO UPDATE SET generated_at = EXCLUDED.generated_at, json = EXCLUDED.json, csv = EXCLUDED.csv, pdf = EXCLUDED.pdf, xlsx = EXCLUDED.xlsx`,
      [month, generatedAt, JSON.stringify(json), JSON.stringify(csv), pdf, xlsx],
    );
  }

  /** Every report made, newest month first. */
  list(): Promise<{ month: string; generated_at: Date; has_xlsx: boolean }[]> {
    return this.ds.query(`SELECT month, generated_at, xlsx IS NOT NULL AS has_xlsx FROM ${this.s}.reports ORDER BY month DESC`);
  }

  async files(month: string): Promise<{ json: unknown; csv: Record<string, string>; pdf: Buffer; xlsx: Buffer | null } | undefined> {
    const rows: { json: unknown; csv: Record<string, string>; pdf: Buffer; xlsx: Buffer | null }[] = await this.ds.query(
      `SELECT json, csv, pdf, xlsx FROM ${this.s}.reports WHERE month = $1`,
      [month],
    );
    return rows[0];
  }

  /**
   * The number and day of issue of a month's report: the ones it was given, or the next
   * number of `issuedOn`'s year. Two copies issuing at once cannot take the same number
   * (UNIQUE (year, number)): the loser tries again with the next one.
   */
  async issueNumber(month: string, issuedOn: string): Promise<{ number: number; issuedOn: string }> {
    const year = Number(issuedOn.slice(0, 4));
    for (let attempt = 1; ; attempt++) {
      try {
        await this.ds.query(
          `INSERT INTO ${this.s}.report_numbers (month, year, number, issued_on)
           SELECT $1, $2, COALESCE(MAX(number), 0) + 1, $3 FROM ${this.s}.report_numbers WHERE year = $2
           ON CONFLICT (month) DO NOTHING`,
          [month, year, issuedOn],
        );
        break;
      } catch (err) {
        // 23505: another copy took this number for another month at the same moment.
        if ((err as { code?: string }).code !== '23505' || attempt >= 5) throw err;
      }
    }
    const [row]: { number: number; issued_on: string }[] = await this.ds.query(
      `SELECT number, to_char(issued_on, 'YYYY-MM-DD') AS issued_on FROM ${this.s}.report_numbers WHERE month = $1`,
      [month],
    );
    return { number: row.number, issuedOn: row.issued_on };
  }
}
