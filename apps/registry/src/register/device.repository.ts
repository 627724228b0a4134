// The devices' SQL: reads as the contract's shape (Device, with its status and conditions),
// their status history, registration writes (batched: one statement for a whole import
// batch) and the placement query of devices. Status columns are written by status keeping
// (DeviceStatusRepository). `in(em)` gives the same repository inside a transaction.
import type { Device, DeviceInput, DeviceTransition, PointGeometry } from '@ioc/contracts';
import type { EntityManager } from 'typeorm';
import { SchemaRepository } from '@ioc/platform';


const iso = (d: Date | null) => (d === null ? null : d.toISOString());
const day = (d: Date | string | null) => (d === null ? null : typeof d === 'string' ? d : d.toISOString().slice(0, 10));

interface DeviceRow {
  id: string;
  serial: string;
  kind: Device['kind'];
  camera_type: Device['cameraType'];
  name: string;
  vendor: string;
  model: string;
  purposes: Device['purposes'];
  area_code: string;
  gateway_id: string;
  location: PointGeometry | null;
  bearing_deg: number | null;
  fov_deg: number | null;
  range_m: number | null;
  installed_on: Date | string | null;
  contractor: string;
  heartbeat_timeout_s: number;
  frigate_camera: string | null;
  onvif_profile: string | null;
  status: Device['status'];
  status_since: Date | null;
  conditions: string[];
  last_seen_at: Date | null;
  decommissioned_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface DeviceFilter {
  ids?: string[];
  areaCodes?: string[];
  gatewayId?: string;
  status?: Device['status'];
  kind?: Device['kind'];
  /** Keyset paging by id (then ordered by id). */
  afterId?: string;
  limit?: number;
  offset?: number;
}

interface TransitionRow {
  id: string;
  device_id: string;
  from_status: DeviceTransition['from'];
  to_status: DeviceTransition['to'];
  reason: string;
  at: Date;
}

export interface DevicePlacementRow {
  i: number;
  area: string | null;
  district: string | null;
  gw_area: string | null;
  gw: string | null;
  taken_id: string | null;
  serial_owner: string | null;
  distance_m: number | null;
}

export interface DeviceSeed {
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

export class DeviceRepository extends SchemaRepository {
  /** The same repository inside a transaction. */
  in(em: EntityManager): DeviceRepository {
    return new DeviceRepository(em, this.schema);
  }

  async list(filter: DeviceFilter = {}): Promise<{ items: Device[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.ids) where.push(`id = ANY($${params.push(filter.ids)})`);
    if (filter.areaCodes) where.push(`area_code = ANY($${params.push(filter.areaCodes)})`);
    if (filter.gatewayId) where.push(`gateway_id = $${params.push(filter.gatewayId)}`);
    if (filter.status) where.push(`status = $${params.push(filter.status)}`);
    if (filter.kind) where.push(`kind = $${params.push(filter.kind)}`);
    if (filter.afterId !== undefined) where.push(`id > $${params.push(filter.afterId)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const order = filter.afterId !== undefined ? 'id' : 'area_code, id';
    const [{ total }]: { total: number }[] = await this.ds.query(`SELECT count(*)::int AS total FROM ${this.s}.devices ${clause}`, params);
    const rows: DeviceRow[] = await this.ds.query(
      `SELECT id, serial, kind, camera_type, name, vendor, model, purposes, area_code, gateway_id, ST_AsGeoJSON(location, 15)::json AS location,
              bearing_deg, fov_deg, range_m, to_char(installed_on, 'YYYY-MM-DD') AS installed_on, contractor, heartbeat_timeout_s,
              frigate_camera, onvif_profile, status, status_since, conditions, last_seen_at, decommissioned_at, created_at, updated_at
       FROM ${this.s}.devices ${clause} ORDER BY ${order} LIMIT ${filter.limit ?? 'ALL'} OFFSET ${filter.offset ?? 0}`,
      params,
    );
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        serial: r.serial,
        kind: r.kind,
        cameraType: r.camera_type,
        name: r.name,
        vendor: r.vendor,
        model: r.model,
        purposes: r.purposes,
        areaCode: r.area_code,
        gatewayId: r.gateway_id,
        location: r.location,
        bearingDeg: r.bearing_deg,
        fovDeg: r.fov_deg,
        rangeM: r.range_m,
        installedOn: day(r.installed_on),
        contractor: r.contractor,
        heartbeatTimeoutS: r.heartbeat_timeout_s,
        externalRefs: {
          ...(r.frigate_camera !== null ? { frigateCamera: r.frigate_camera } : {}),
          ...(r.onvif_profile !== null ? { onvifProfile: r.onvif_profile } : {}),
        },
        status: r.status,
        statusSince: iso(r.status_since),
        conditions: r.conditions,
        lastSeenAt: iso(r.last_seen_at),
        decommissionedAt: iso(r.decommissioned_at),
        createdAt: r.created_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
      })),
    };
  }

  async get(id: string): Promise<Device | undefined> {
    return (await this.list({ ids: [id] })).items[0];
  }

  /** A device's status transitions, newest first, `at` in [from, to) (the (device_id, at) index serves it). */
  async transitions(
    deviceId: string,
    filter: { from?: string; to?: string; limit: number },
  ): Promise<DeviceTransition[]> {
    const where = ['device_id = $1'];
    const params: unknown[] = [deviceId];
    if (filter.from) where.push(`at >= $${params.push(filter.from)}`);
    if (filter.to) where.push(`at < $${params.push(filter.to)}`);
    const rows: TransitionRow[] = await this.ds.query(
      `SELECT id, device_id, from_status, to_status, reason, at FROM ${this.s}.device_status_transitions
       WHERE ${where.join(' AND ')} ORDER BY at DESC, id LIMIT $${params.push(filter.limit)}`,
      params,
    );
    return rows.map((r) => ({ id: r.id, deviceId: r.device_id, from: r.from_status, to: r.to_status, reason: r.reason, at: r.at.toISOString() }));
  }

  async insert(devices: DeviceInput[]): Promise<void> {
    if (devices.length === 0) return;
    const col = <T>(f: (d: DeviceInput) => T) => devices.map(f);
    await this.ds.query(
      `INSERT INTO ${this.s}.devices (id, serial, kind, camera_type, name, vendor, model, purposes, area_code, gateway_id, location,
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

  /** Rewrites a device's registration (not its status). */
  async update(id: string, next: DeviceInput): Promise<void> {
    await this.ds.query(
      `UPDATE ${this.s}.devices SET camera_type = $2, name = $3, vendor = $4, model = $5, purposes = $6::text[], area_code = $7, gateway_id = $8,
          location = ST_SetSRID(ST_MakePoint($9, $10), 4326), bearing_deg = $11, fov_deg = $12, range_m = $13, installed_on = $14, contractor = $15,
          heartbeat_timeout_s = $16, frigate_camera = $17, onvif_profile = $18, updated_at = now()
       WHERE id = $1`,
      [
        id,
        next.cameraType ?? null,
        next.name,
        next.vendor,
        next.model,
        next.purposes,
        next.areaCode,
        next.gatewayId,
        next.location.coordinates[0],
        next.location.coordinates[1],
        next.bearingDeg ?? null,
        next.fovDeg ?? null,
        next.rangeM ?? null,
        next.installedOn,
        next.contractor,
        next.heartbeatTimeoutS,
        next.externalRefs.frigateCamera ?? null,
        next.externalRefs.onvifProfile ?? null,
      ],
    );
  }

  async setDecommissionReason(id: string, reason: string): Promise<void> {
    await this.ds.query(`UPDATE ${this.s}.devices SET decommission_reason = $2, updated_at = now() WHERE id = $1`, [id, reason]);
  }

  /** The working device a gateway's Frigate NVR calls by this camera name. */
  async byFrigateCamera(gatewayId: string, frigateCamera: string): Promise<{ id: string; area_code: string } | undefined> {
    const rows: { id: string; area_code: string }[] = await this.ds.query(
      `SELECT id, area_code FROM ${this.s}.devices WHERE gateway_id = $1 AND frigate_camera = $2 AND decommissioned_at IS NULL`,
      [gatewayId, frigateCamera],
    );
    return rows[0];
  }

  /** For maintenance windows: the device's area and gateway, if it exists. */
  async locate(id: string): Promise<{ areaCode: string | null; gatewayId: string | null }> {
    const rows: { area_code: string; gateway_id: string }[] = await this.ds.query(`SELECT area_code, gateway_id FROM ${this.s}.devices WHERE id = $1`, [id]);
    return { areaCode: rows[0]?.area_code ?? null, gatewayId: rows[0]?.gateway_id ?? null };
  }

  /** Devices' status in some key areas (all if `areaCodes` is undefined), by id: the live snapshot. */
  statuses(areaCodes?: string[]): Promise<{ id: string; gateway_id: string; area_code: string; kind: Device['kind']; name: string; status: Device['status']; status_since: Date | null }[]> {
    return this.ds.query(
      `SELECT d.id, d.gateway_id, d.area_code, d.kind, d.name, d.status, d.status_since FROM ${this.s}.devices d
       ${areaCodes ? 'WHERE d.area_code = ANY($1)' : ''} ORDER BY d.id`,
      areaCodes ? [areaCodes] : [],
    );
  }

  /** For each device (by index): its area and district, its gateway and the gateway's area, whether id or serial is taken, its distance outside the boundary. */
  placements(devices: { id: string; serial?: string; areaCode: string; gatewayId: string; location: { coordinates: [number, number] } }[]): Promise<DevicePlacementRow[]> {
    return this.ds.query(
      `SELECT u.i, a.code AS area, a.district, g.id AS gw, g.area_code AS gw_area, d.id AS taken_id, ds.id AS serial_owner,
              CASE WHEN a.boundary IS NULL THEN NULL
                   ELSE ST_Distance(a.boundary::geography, ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326)::geography) END AS distance_m
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[]) AS u(i, id, serial, area, gw, lon, lat)
       LEFT JOIN ${this.s}.key_areas a ON a.code = u.area
       LEFT JOIN ${this.s}.gateways g ON g.id = u.gw
       LEFT JOIN ${this.s}.devices d ON d.id = u.id
       LEFT JOIN ${this.s}.devices ds ON ds.serial = u.serial AND ds.id <> u.id
       ORDER BY u.i`,
      [
        devices.map((_, i) => i),
        devices.map((d) => d.id),
        devices.map((d) => d.serial ?? null),
        devices.map((d) => d.areaCode),
        devices.map((d) => d.gatewayId),
        devices.map((d) => d.location.coordinates[0]),
        devices.map((d) => d.location.coordinates[1]),
      ],
    );
  }

  /** Idempotent upsert of a whole register file (the demo seed, test fixtures); registrations through the API go through RegisterService (checks, audit). */
  async upsert(devices: DeviceSeed[]): Promise<void> {
    if (devices.length === 0) return;
    await this.ds.query(
      `INSERT INTO ${this.s}.devices (id, gateway_id, area_code, kind, camera_type, name, vendor, model, purposes, location,
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
}
