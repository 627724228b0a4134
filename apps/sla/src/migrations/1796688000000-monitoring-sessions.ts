import type { MigrationInterface, QueryRunner } from 'typeorm';

const schemaOf = (q: QueryRunner) => `"${(q.connection.options as { schema?: string }).schema ?? 'sla'}"`;

/**
 * When the platform was monitoring (decision 0022): each service's runs of monitoring beats
 * (first beat, last beat, the interval it beats at). Time outside them is "no data".
 */
export class MonitoringSessions1796688000000 implements MigrationInterface {
  name = 'MonitoringSessions1796688000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`
      CREATE TABLE ${s}.monitoring_sessions (
        service text NOT NULL,
        started_at timestamptz NOT NULL,
        last_beat_at timestamptz NOT NULL,
        interval_ms integer NOT NULL,
        PRIMARY KEY (service, started_at)
      )`);
    await q.query(`CREATE INDEX monitoring_sessions_last_beat_idx ON ${s}.monitoring_sessions (service, last_beat_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${schemaOf(q)}.monitoring_sessions`);
  }
}
