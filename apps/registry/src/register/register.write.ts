// Batched inserts of registrations (one statement per batch, as the hot paths do), shared
// by single registrations and bulk imports.
import type { CheckpointImportRow, DeviceInput } from '@ioc/contracts';
import type { Db } from './register.read';

export async function insertDevices(db: Db, schema: string, devices: DeviceInput[]): Promise<void> {
  if (devices.length === 0) return;
  const col = <T>(f: (d: DeviceInput) => T) => devices.map(f);
  await db.query(
    `INSERT INTO "${schema}".devices (id, serial, kind, camera_type, name, vendor, model, purposes, area_code, gateway_id, location,
        bearing_deg, fov_deg, range_m, installed_on, contractor, heartbeat_timeout_s, frigate_camera, onvif_profile)
     SELECT u.id, u.serial, u.kind, u.camera_type, u.name, u.vendor, u.model, string_to_array(u.purposes, ','), u.area_code, u.gateway_id,
        ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326), u.bearing_deg, u.fov_deg, u.range_m, u.installed_on, u.contractor,
        u.heartbeat_timeout_s, u.frigate_camera, u.onvif_profile
     FROM unnest($1::varchar[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::varchar[],
                 $10::varchar[], $11::float8[], $12::float8[], $13::float8[], $14::float8[], $15::float8[], $16::date[], $17::text[],
                 $18::int[], $19::text[], $20::text[])
       AS u(id, serial, kind, camera_type, name, vendor, model, purposes, area_code, gateway_id, lon, lat, bearing_deg, fov_deg, range_m,
            installed_on, contractor, heartbeat_timeout_s, frigate_camera, onvif_profile)`,
    [
      col((d) => d.id),
      col((d) => d.serial),
      col((d) => d.kind),
      col((d) => d.cameraType ?? null),
      col((d) => d.name),
      col((d) => d.vendor),
      col((d) => d.model),
      col((d) => d.purposes.join(',')),
      col((d) => d.areaCode),
      col((d) => d.gatewayId),
      col((d) => d.location.coordinates[0]),
      col((d) => d.location.coordinates[1]),
      col((d) => d.bearingDeg ?? null),
      col((d) => d.fovDeg ?? null),
      col((d) => d.rangeM ?? null),
      col((d) => d.installedOn),
      col((d) => d.contractor),
      col((d) => d.heartbeatTimeoutS),
      col((d) => d.externalRefs.frigateCamera ?? null),
      col((d) => d.externalRefs.onvifProfile ?? null),
    ],
  );
}

export async function insertCheckpoints(db: Db, schema: string, checkpoints: CheckpointImportRow[]): Promise<void> {
  if (checkpoints.length === 0) return;
  await db.query(
    `INSERT INTO "${schema}".checkpoints (area_code, id, purposes, location, description)
     SELECT u.area_code, u.id, string_to_array(u.purposes, ','), ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326), u.description
     FROM unnest($1::varchar[], $2::varchar[], $3::text[], $4::float8[], $5::float8[], $6::text[]) AS u(area_code, id, purposes, lon, lat, description)`,
    [
      checkpoints.map((c) => c.areaCode),
      checkpoints.map((c) => c.id),
      checkpoints.map((c) => c.purposes.join(',')),
      checkpoints.map((c) => c.location.coordinates[0]),
      checkpoints.map((c) => c.location.coordinates[1]),
      checkpoints.map((c) => c.description),
    ],
  );
}
