// The coverage history's SQL: one row a day for each key area, district and the province
// (the planners' trend), written by the daily snapshot and read by `coverage.history`.
import { SchemaRepository } from '@ioc/platform';

export interface DailyFigures {
  scope: 'area' | 'district' | 'province';
  /** Area code or district name; '' for the province. */
  key: string;
  installedPct: number | null;
  operationalPct: number | null;
  meetsInstalled: boolean | null;
  meetsOperational: boolean | null;
  figures: unknown;
}

export interface DailyPoint {
  day: string;
  installed_pct: string | null;
  operational_pct: string | null;
  meets_installed: boolean | null;
  meets_operational: boolean | null;
}

export class CoverageDailyRepository extends SchemaRepository {
  /** Records a day's figures in one statement; taking the same day again replaces them. */
  async save(day: string, rows: DailyFigures[]): Promise<void> {
    await this.ds.query(
      `INSERT INTO ${this.s}.coverage_daily (day, scope, key, installed_pct, operational_pct, meets_installed, meets_operational, figures)
       SELECT $1::date, u.scope, u.key, u.ip, u.op, u.mi, u.mo, u.figures
       FROM unnest($2::text[], $3::text[], $4::numeric[], $5::numeric[], $6::boolean[], $7::boolean[], $8::jsonb[]) AS u(scope, key, ip, op, mi, mo, figures)
       ON CONFLICT (scope, key, day) DO UPDATE SET installed_pct = EXCLUDED.installed_pct, operational_pct = EXCLUDED.operational_pct,
         meets_installed = EXCLUDED.meets_installed, meets_operational = EXCLUDED.meets_operational, figures = EXCLUDED.figures, taken_at = now()`,
      [
        day,
        rows.map((r) => r.scope),
        rows.map((r) => r.key),
        rows.map((r) => r.installedPct),
        rows.map((r) => r.operationalPct),
        rows.map((r) => r.meetsInstalled),
        rows.map((r) => r.meetsOperational),
        rows.map((r) => JSON.stringify(r.figures)),
      ],
    );
  }

  /** One scope's days in [from, to] (either open), oldest first. */
  trend(scope: DailyFigures['scope'], key: string, from: string | null, to: string | null): Promise<DailyPoint[]> {
    return this.ds.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, installed_pct, operational_pct, meets_installed, meets_operational
       FROM ${this.s}.coverage_daily
       WHERE scope = $1 AND key = $2 AND ($3::date IS NULL OR day >= $3) AND ($4::date IS NULL OR day <= $4) ORDER BY day`,
      [scope, key, from, to],
    );
  }
}
