// The monthly reports' SQL: one row a month with the report as JSON, its CSV files and
// the PDF; making a month again replaces it.
import type { DataSource } from 'typeorm';

export class ReportRepository {
  private readonly s: string;

  constructor(
    private readonly ds: DataSource,
    schema: string,
  ) {
    this.s = `"${schema}"`;
  }

  async generatedAt(month: string): Promise<Date | undefined> {
    const [row]: { generated_at: Date }[] = await this.ds.query(`SELECT generated_at FROM ${this.s}.reports WHERE month = $1`, [month]);
    return row?.generated_at;
  }

  async save(month: string, generatedAt: string, json: unknown, csv: unknown, pdf: Buffer): Promise<void> {
    await this.ds.query(
      `INSERT INTO ${this.s}.reports (month, generated_at, json, csv, pdf) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (month) DO UPDATE SET generated_at = EXCLUDED.generated_at, json = EXCLUDED.json, csv = EXCLUDED.csv, pdf = EXCLUDED.pdf`,
      [month, generatedAt, JSON.stringify(json), JSON.stringify(csv), pdf],
    );
  }

  /** Every report made, newest month first. */
  list(): Promise<{ month: string; generated_at: Date }[]> {
    return this.ds.query(`SELECT month, generated_at FROM ${this.s}.reports ORDER BY month DESC`);
  }

  async files(month: string): Promise<{ json: unknown; csv: Record<string, string>; pdf: Buffer } | undefined> {
    const rows: { json: unknown; csv: Record<string, string>; pdf: Buffer }[] = await this.ds.query(`SELECT json, csv, pdf FROM ${this.s}.reports WHERE month = $1`, [month]);
    return rows[0];
  }
}
