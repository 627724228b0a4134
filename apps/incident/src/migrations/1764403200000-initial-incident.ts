import type { MigrationInterface, QueryRunner } from 'typeorm';

const schemaOf = (q: QueryRunner) => `"${(q.connection.options as { schema?: string }).schema ?? 'incident'}"`;

/** Incidents, their timeline, the conditions behind them (one row per dedup key), maintenance windows, an outbox. */
export class InitialIncident1764403200000 implements MigrationInterface {
  name = 'InitialIncident1764403200000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`
      CREATE TABLE ${s}.incidents (
        id uuid PRIMARY KEY,
        dedup_key text NOT NULL,
        type text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('critical', 'major', 'minor', 'info')),
        status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved', 'closed')),
        area_code varchar(64) NOT NULL,
        gateway_id varchar(64) NOT NULL,
        device_id varchar(64),
        title text NOT NULL,
        count integer NOT NULL DEFAULT 1,
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        opened_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        acknowledged_by text,
        assigned_to text,
        resolved_at timestamptz,
        resolved_by text,
        resolution_code text,
        resolution_note text,
        closed_at timestamptz,
        reopen_count integer NOT NULL DEFAULT 0,
        escalation_level integer NOT NULL DEFAULT 0,
        version integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The database, not only the code, keeps one standing incident per dedup key.
    await q.query(`CREATE UNIQUE INDEX incidents_one_standing_per_key ON ${s}.incidents (dedup_key) WHERE status IN ('open', 'acknowledged')`);
    await q.query(`CREATE INDEX incidents_key_resolved_idx ON ${s}.incidents (dedup_key, resolved_at DESC)`);
    await q.query(`CREATE INDEX incidents_area_opened_idx ON ${s}.incidents (area_code, opened_at DESC)`);
    await q.query(`CREATE INDEX incidents_status_opened_idx ON ${s}.incidents (status, opened_at DESC)`);
    await q.query(`CREATE INDEX incidents_device_idx ON ${s}.incidents (device_id, opened_at DESC)`);
    await q.query(`
      CREATE TABLE ${s}.incident_timeline (
        id bigserial PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES ${s}.incidents(id),
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        note text NOT NULL DEFAULT ''
      )`);
    await q.query(`CREATE INDEX incident_timeline_incident_idx ON ${s}.incident_timeline (incident_id, id)`);
    await q.query(`
      CREATE TABLE ${s}.conditions (
        key text PRIMARY KEY,
        standing boolean NOT NULL,
        -- Conditions waiting for something (debounce, a maintenance window's end, the gateway's return).
        waiting boolean NOT NULL,
        state jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX conditions_waiting_idx ON ${s}.conditions (key) WHERE waiting`);
    await q.query(`
      CREATE TABLE ${s}.maintenance_windows (
        id uuid PRIMARY KEY,
        target_type text NOT NULL CHECK (target_type IN ('device', 'gateway', 'area')),
        target_id varchar(64) NOT NULL,
        area_code varchar(64) NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
        reason text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        cancelled_at timestamptz
      )`);
    await q.query(`CREATE INDEX maintenance_windows_target_idx ON ${s}.maintenance_windows (target_type, target_id, ends_at)`);
    await q.query(`CREATE INDEX maintenance_windows_ends_idx ON ${s}.maintenance_windows (ends_at) WHERE cancelled_at IS NULL`);
    await q.query(`
      CREATE TABLE ${s}.outbox (
        event_id uuid PRIMARY KEY,
        subject text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_unpublished_idx ON ${s}.outbox (created_at) WHERE published_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    for (const t of ['outbox', 'maintenance_windows', 'conditions', 'incident_timeline', 'incidents']) {
      await q.query(`DROP TABLE ${s}.${t}`);
    }
  }
}
