import type { MigrationInterface, QueryRunner } from 'typeorm';

const schemaOf = (q: QueryRunner) => `"${(q.connection.options as { schema?: string }).schema ?? 'sla'}"`;

/**
 * The SLA service's own copies of what it measures (device status transitions, devices,
 * key areas, incidents), filled from the bus, and the monthly reports it made.
 */
export class InitialSla1764662400000 implements MigrationInterface {
  name = 'InitialSla1764662400000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`
      CREATE TABLE ${s}.transitions (
        id text PRIMARY KEY,
        device_id varchar(64) NOT NULL,
        from_status text NOT NULL,
        to_status text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX transitions_device_at_idx ON ${s}.transitions (device_id, at)`);
    await q.query(`
      CREATE TABLE ${s}.devices (
        id varchar(64) PRIMARY KEY,
        area_code varchar(64) NOT NULL,
        gateway_id varchar(64) NOT NULL,
        contractor text NOT NULL,
        installed_on date,
        decommissioned_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE ${s}.areas (
        code varchar(64) PRIMARY KEY,
        name text NOT NULL,
        district text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE ${s}.incidents (
        id uuid PRIMARY KEY,
        type text NOT NULL,
        severity text NOT NULL,
        status text NOT NULL,
        area_code varchar(64) NOT NULL,
        gateway_id varchar(64) NOT NULL,
        device_id varchar(64),
        opened_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        resolved_at timestamptz,
        escalation_level integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX incidents_opened_idx ON ${s}.incidents (opened_at)`);
    await q.query(`CREATE INDEX incidents_waiting_ack_idx ON ${s}.incidents (opened_at) WHERE acknowledged_at IS NULL AND status = 'open'`);
    await q.query(`
      CREATE TABLE ${s}.reports (
        month char(7) PRIMARY KEY,
        generated_at timestamptz NOT NULL,
        json jsonb NOT NULL,
        -- province.csv, areas.csv, contractors.csv, daily.csv
        csv jsonb NOT NULL,
        pdf bytea NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    for (const t of ['reports', 'incidents', 'areas', 'devices', 'transitions']) await q.query(`DROP TABLE ${s}.${t}`);
  }
}
