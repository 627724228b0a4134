import type { MigrationInterface, QueryRunner } from 'typeorm';

const schemaOf = (q: QueryRunner) => `"${(q.connection.options as { schema?: string }).schema ?? 'registry'}"`;

/**
 * What technicians and planners register (checkpoints, serials, installation, contractor,
 * adapter references), gateway credentials, users, and the audit log.
 */
export class RegisterDetails1764316800000 implements MigrationInterface {
  name = 'RegisterDetails1764316800000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`
      CREATE TABLE ${s}.checkpoints (
        area_code varchar(64) NOT NULL REFERENCES ${s}.key_areas(code),
        id varchar(64) NOT NULL,
        purposes text[] NOT NULL CHECK (cardinality(purposes) > 0),
        location public.geometry(Point, 4326) NOT NULL,
        description text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (area_code, id)
      )`);
    await q.query(`CREATE INDEX checkpoints_location_gix ON ${s}.checkpoints USING gist (location)`);

    await q.query(`
      ALTER TABLE ${s}.devices
        ADD COLUMN serial text,
        ADD COLUMN installed_on date,
        ADD COLUMN contractor text NOT NULL DEFAULT '',
        ADD COLUMN frigate_camera text,
        ADD COLUMN onvif_profile text,
        ADD COLUMN decommission_reason text,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    // Devices registered before serials were recorded get a placeholder a technician can see.
    await q.query(`UPDATE ${s}.devices SET serial = 'UNKNOWN-' || id WHERE serial IS NULL`);
    await q.query(`ALTER TABLE ${s}.devices ALTER COLUMN serial SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX devices_serial_key ON ${s}.devices (serial)`);
    await q.query(`CREATE UNIQUE INDEX devices_frigate_camera_key ON ${s}.devices (gateway_id, frigate_camera) WHERE frigate_camera IS NOT NULL`);

    await q.query(`
      ALTER TABLE ${s}.gateways
        ADD COLUMN mqtt_username text UNIQUE,
        ADD COLUMN credentials_issued_at timestamptz,
        ADD COLUMN credentials_revoked_at timestamptz,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);

    await q.query(`
      CREATE TABLE ${s}.users (
        id uuid PRIMARY KEY,
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'operator', 'technician', 'planner')),
        scope jsonb NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        token_version integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE ${s}.audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id text NOT NULL,
        actor_username text NOT NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        area_code varchar(64),
        before jsonb,
        after jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON ${s}.audit_log (entity_type, entity_id, id)`);
    await q.query(`CREATE INDEX audit_log_area_idx ON ${s}.audit_log (area_code, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`DROP TABLE ${s}.audit_log`);
    await q.query(`DROP TABLE ${s}.users`);
    await q.query(`ALTER TABLE ${s}.gateways DROP COLUMN mqtt_username, DROP COLUMN credentials_issued_at, DROP COLUMN credentials_revoked_at, DROP COLUMN updated_at`);
    await q.query(`DROP INDEX ${s}.devices_frigate_camera_key`);
    await q.query(`DROP INDEX ${s}.devices_serial_key`);
    await q.query(
      `ALTER TABLE ${s}.devices DROP COLUMN serial, DROP COLUMN installed_on, DROP COLUMN contractor, DROP COLUMN frigate_camera,
         DROP COLUMN onvif_profile, DROP COLUMN decommission_reason, DROP COLUMN updated_at`,
    );
    await q.query(`DROP TABLE ${s}.checkpoints`);
  }
}
