// Idempotent upserts of a whole register (key areas with checkpoints, gateways, devices),
// for the demo seed and test fixtures. Registrations through the API go through
// RegisterService instead (checks, audit).
import type { DataSource, EntityManager } from 'typeorm';

export interface AreaInput {
  code: string;
  name: string;
  district: string;
  category: string;
  /** Closed ring of [lon, lat]. */
  boundary?: [number, number][];
  coverageTargetPct?: number;
  checkpoints?: { id: string; purposes: string[]; location: [number, number]; description?: string }[];
}

export interface GatewayInput {
  id: string;
  areaCode: string;
  name: string;
}

export interface DeviceInput {
  id: string;
  gatewayId: string;
  areaCode: string;
  kind: 'camera' | 'traffic_sensor';
  cameraType?: string;
  name: string;
  vendor?: string;
  model?: string;
  purposes?: string[];
  location?: [number, number];
  bearingDeg?: number;
  fovDeg?: number;
  rangeM?: number;
  heartbeatTimeoutS?: number;
  /** Defaults to `SN-<id>`. */
  serial?: string;
  contractor?: string;
  installedOn?: string;
  /** Name of the camera in its gateway's Frigate NVR; unique per gateway. Absent leaves a stored name as it is. */
  frigateCamera?: string;
}

type Db = DataSource | EntityManager;

export async function upsertAreas(db: Db, schema: string, areas: AreaInput[]): Promise<void> {
  for (const a of areas) {
    const boundary = a.boundary ? JSON.stringify({ type: 'Polygon', coordinates: [a.boundary] }) : null;
    await db.query(
      `INSERT INTO "${schema}".key_areas (code, name, district, category, boundary, coverage_target_pct)
       VALUES ($1, $2, $3, $4, ST_SetSRID(ST_GeomFromGeoJSON($5), 4326), $6)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, district = EXCLUDED.district, category = EXCLUDED.category,
         boundary = EXCLUDED.boundary, coverage_target_pct = EXCLUDED.coverage_target_pct, updated_at = now()`,
      [a.code, a.name, a.district, a.category, boundary, a.coverageTargetPct ?? 100],
    );
    for (const c of a.checkpoints ?? []) {
      await db.query(
        `INSERT INTO "${schema}".checkpoints (area_code, id, purposes, location, description)
         VALUES ($1, $2, $3::text[], ST_SetSRID(ST_MakePoint($4, $5), 4326), $6)
         ON CONFLICT (area_code, id) DO UPDATE SET purposes = EXCLUDED.purposes, location = EXCLUDED.location,
           description = EXCLUDED.description, updated_at = now()`,
        [a.code, c.id, c.purposes, c.location[0], c.location[1], c.description ?? ''],
      );
    }
  }
}

export async function upsertGateways(db: Db, schema: string, gateways: GatewayInput[]): Promise<void> {
  if (gateways.length === 0) return;
  await db.query(
    `INSERT INTO "${schema}".gateways (id, area_code, name)
     SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::text[])
     ON CONFLICT (id) DO UPDATE SET area_code = EXCLUDED.area_code, name = EXCLUDED.name`,
    [gateways.map((g) => g.id), gateways.map((g) => g.areaCode), gateways.map((g) => g.name)],
  );
}

export async function upsertDevices(db: Db, schema: string, devices: DeviceInput[]): Promise<void> {
  if (devices.length === 0) return;
  await db.query(
    `INSERT INTO "${schema}".devices (id, gateway_id, area_code, kind, camera_type, name, vendor, model, purposes, location,
        bearing_deg, fov_deg, range_m, heartbeat_timeout_s, serial, contractor, installed_on, frigate_camera)
     SELECT u.id, u.gateway_id, u.area_code, u.kind, u.camera_type, u.name, u.vendor, u.model,
        string_to_array(u.purposes, ','),
        CASE WHEN u.lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326) END,
        u.bearing_deg, u.fov_deg, u.range_m, u.heartbeat_timeout_s, u.serial, u.contractor, u.installed_on, u.frigate_camera
     FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                 $10::float8[], $11::float8[], $12::float8[], $13::float8[], $14::float8[], $15::int[], $16::text[], $17::text[], $18::date[],
                 $19::text[])
       AS u(id, gateway_id, area_code, kind, camera_type, name, vendor, model, purposes, lon, lat, bearing_deg, fov_deg, range_m, heartbeat_timeout_s,
            serial, contractor, installed_on, frigate_camera)
     ON CONFLICT (id) DO UPDATE SET gateway_id = EXCLUDED.gateway_id, area_code = EXCLUDED.area_code, kind = EXCLUDED.kind,
        camera_type = EXCLUDED.camera_type, name = EXCLUDED.name, vendor = EXCLUDED.vendor, model = EXCLUDED.model,
        purposes = EXCLUDED.purposes, location = EXCLUDED.location, bearing_deg = EXCLUDED.bearing_deg, fov_deg = EXCLUDED.fov_deg,
        range_m = EXCLUDED.range_m, heartbeat_timeout_s = EXCLUDED.heartbeat_timeout_s, serial = EXCLUDED.serial,
        contractor = EXCLUDED.contractor, installed_on = EXCLUDED.installed_on, frigate_camera = COALESCE(EXCLUDED.frigate_camera, devices.frigate_camera), updated_at = now()`,
    [
      devices.map((d) => d.id),
      devices.map((d) => d.gatewayId),
      devices.map((d) => d.areaCode),
      devices.map((d) => d.kind),
      devices.map((d) => d.cameraType ?? null),
      devices.map((d) => d.name),
      devices.map((d) => d.vendor ?? ''),
      devices.map((d) => d.model ?? ''),
      devices.map((d) => (d.purposes ?? []).join(',')),
      devices.map((d) => d.location?.[0] ?? null),
      devices.map((d) => d.location?.[1] ?? null),
      devices.map((d) => d.bearingDeg ?? null),
      devices.map((d) => d.fovDeg ?? null),
      devices.map((d) => d.rangeM ?? null),
      devices.map((d) => d.heartbeatTimeoutS ?? 90),
      devices.map((d) => d.serial ?? `SN-${d.id}`),
      devices.map((d) => d.contractor ?? ''),
      devices.map((d) => d.installedOn ?? null),
      devices.map((d) => d.frigateCamera ?? null),
    ],
  );
}
