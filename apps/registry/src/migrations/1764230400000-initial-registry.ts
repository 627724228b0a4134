import type { MigrationInterface, QueryRunner } from 'typeorm';

const schemaOf = (q: QueryRunner) => `"${(q.connection.options as { schema?: string }).schema ?? 'registry'}"`;

/** Key areas, gateways, devices and their status history. PostGIS must be installed. */
export class InitialRegistry1764230400000 implements MigrationInterface {
  name = 'InitialRegistry1764230400000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public`);
    await q.query(`
      CREATE TABLE ${s}.key_areas (
        code varchar(64) PRIMARY KEY,
        name text NOT NULL,
        district text NOT NULL,
        category text NOT NULL,
        boundary public.geometry(Polygon, 4326),
        coverage_target_pct numeric(5,2) NOT NULL DEFAULT 100 CHECK (coverage_target_pct > 0 AND coverage_target_pct <= 100),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX key_areas_boundary_gix ON ${s}.key_areas USING gist (boundary)`);
    await q.query(`CREATE INDEX key_areas_district_idx ON ${s}.key_areas (district)`);
    await q.query(`
      CREATE TABLE ${s}.gateways (
        id varchar(64) PRIMARY KEY,
        area_code varchar(64) NOT NULL REFERENCES ${s}.key_areas(code),
        name text NOT NULL,
        presence text NOT NULL DEFAULT 'unknown' CHECK (presence IN ('unknown', 'online', 'offline')),
        presence_changed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX gateways_area_idx ON ${s}.gateways (area_code)`);
    await q.query(`
      CREATE TABLE ${s}.devices (
        id varchar(64) PRIMARY KEY,
        gateway_id varchar(64) NOT NULL REFERENCES ${s}.gateways(id),
        area_code varchar(64) NOT NULL REFERENCES ${s}.key_areas(code),
        kind text NOT NULL CHECK (kind IN ('camera', 'traffic_sensor')),
        camera_type text CHECK (camera_type IN ('fixed', 'ptz', 'dome', 'bullet', 'anpr')),
        name text NOT NULL,
        vendor text NOT NULL DEFAULT '',
        model text NOT NULL DEFAULT '',
        purposes text[] NOT NULL DEFAULT '{}',
        location public.geometry(Point, 4326),
        bearing_deg double precision CHECK (bearing_deg >= 0 AND bearing_deg < 360),
        fov_deg double precision CHECK (fov_deg > 0 AND fov_deg <= 360),
        range_m double precision CHECK (range_m > 0),
        heartbeat_timeout_s integer NOT NULL DEFAULT 90 CHECK (heartbeat_timeout_s > 0),
        status text NOT NULL DEFAULT 'unknown' CHECK (status IN ('unknown', 'online', 'degraded', 'offline', 'decommissioned')),
        status_since timestamptz,
        conditions text[] NOT NULL DEFAULT '{}',
        last_seen_at timestamptz,
        decommissioned_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX devices_area_idx ON ${s}.devices (area_code)`);
    await q.query(`CREATE INDEX devices_gateway_idx ON ${s}.devices (gateway_id)`);
    await q.query(`CREATE INDEX devices_location_gix ON ${s}.devices USING gist (location)`);
    await q.query(`
      CREATE TABLE ${s}.device_status_transitions (
        id uuid PRIMARY KEY,
        device_id varchar(64) NOT NULL REFERENCES ${s}.devices(id),
        gateway_id varchar(64) NOT NULL,
        area_code varchar(64) NOT NULL,
        from_status text NOT NULL,
        to_status text NOT NULL,
        reason text NOT NULL,
        at timestamptz NOT NULL,
        message_id text,
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX device_status_transitions_device_at_idx ON ${s}.device_status_transitions (device_id, at)`);
    await q.query(
      `CREATE INDEX device_status_transitions_unpublished_idx ON ${s}.device_status_transitions (at) WHERE published_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE ${s}.gateway_presence_transitions (
        id bigserial PRIMARY KEY,
        gateway_id varchar(64) NOT NULL REFERENCES ${s}.gateways(id),
        from_state text NOT NULL,
        to_state text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX gateway_presence_transitions_gateway_at_idx ON ${s}.gateway_presence_transitions (gateway_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    for (const t of ['gateway_presence_transitions', 'device_status_transitions', 'devices', 'gateways', 'key_areas']) {
      await q.query(`DROP TABLE ${s}.${t}`);
    }
  }
}
