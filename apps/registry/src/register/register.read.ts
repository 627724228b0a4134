// Reads of the register, as the contracts' shapes (KeyArea, Gateway, Device). Geometry
// leaves Postgres as GeoJSON (ST_AsGeoJSON), so nothing here parses WKB.
import type { Checkpoint, Device, DeviceTransition, Gateway, KeyArea, PointGeometry, PolygonGeometry } from '@ioc/contracts';
import type { DataSource, EntityManager } from 'typeorm';

export type Db = DataSource | EntityManager;

const iso = (d: Date | null) => (d === null ? null : d.toISOString());
const day = (d: Date | string | null) => (d === null ? null : typeof d === 'string' ? d : d.toISOString().slice(0, 10));

interface AreaRow {
  code: string;
  name: string;
  district: string;
  category: string;
  boundary: PolygonGeometry | null;
  coverage_target_pct: string;
  created_at: Date;
  updated_at: Date;
}

interface CheckpointRow {
  area_code: string;
  id: string;
  purposes: Checkpoint['purposes'];
  location: PointGeometry;
  description: string;
}

const AREA_COLUMNS = `code, name, district, category, ST_AsGeoJSON(boundary, 15)::json AS boundary, coverage_target_pct, created_at, updated_at`;
const CHECKPOINT_COLUMNS = `area_code, id, purposes, ST_AsGeoJSON(location, 15)::json AS location, description`;

const toCheckpoint = (r: CheckpointRow): Checkpoint => ({
  id: r.id,
  areaCode: r.area_code,
  purposes: r.purposes,
  location: r.location,
  description: r.description,
});

export async function readAreas(
  db: Db,
  schema: string,
  filter: { codes?: string[]; district?: string; /** Keyset paging by code. */ afterCode?: string; limit?: number } = {},
): Promise<KeyArea[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.codes) where.push(`code = ANY($${params.push(filter.codes)})`);
  if (filter.district) where.push(`district = $${params.push(filter.district)}`);
  if (filter.afterCode !== undefined) where.push(`code > $${params.push(filter.afterCode)}`);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const order = filter.afterCode !== undefined ? 'code' : 'district, code';
  const areas: AreaRow[] = await db.query(
    `SELECT ${AREA_COLUMNS} FROM "${schema}".key_areas ${clause} ORDER BY ${order} LIMIT ${filter.limit ?? 'ALL'}`,
    params,
  );
  if (areas.length === 0) return [];
  const checkpoints: CheckpointRow[] = await db.query(
    `SELECT ${CHECKPOINT_COLUMNS} FROM "${schema}".checkpoints WHERE area_code = ANY($1) ORDER BY area_code, id`,
    [areas.map((a) => a.code)],
  );
  const byArea = new Map<string, Checkpoint[]>();
  for (const c of checkpoints) {
    const list = byArea.get(c.area_code) ?? [];
    list.push(toCheckpoint(c));
    byArea.set(c.area_code, list);
  }
  return areas.map((a) => ({
    code: a.code,
    name: a.name,
    district: a.district,
    category: a.category,
    boundary: a.boundary,
    coverageTargetPct: Number(a.coverage_target_pct),
    checkpoints: byArea.get(a.code) ?? [],
    createdAt: a.created_at.toISOString(),
    updatedAt: a.updated_at.toISOString(),
  }));
}

export async function readArea(db: Db, schema: string, code: string): Promise<KeyArea | undefined> {
  return (await readAreas(db, schema, { codes: [code] }))[0];
}

export async function readCheckpoint(db: Db, schema: string, areaCode: string, id: string): Promise<Checkpoint | undefined> {
  const rows: CheckpointRow[] = await db.query(`SELECT ${CHECKPOINT_COLUMNS} FROM "${schema}".checkpoints WHERE area_code = $1 AND id = $2`, [
    areaCode,
    id,
  ]);
  return rows[0] && toCheckpoint(rows[0]);
}

/** Code and district of every key area (small: a province has hundreds). */
export async function readAreaDistricts(db: Db, schema: string): Promise<Map<string, string>> {
  const rows: { code: string; district: string }[] = await db.query(`SELECT code, district FROM "${schema}".key_areas`);
  return new Map(rows.map((r) => [r.code, r.district]));
}

interface GatewayRow {
  id: string;
  area_code: string;
  name: string;
  presence: Gateway['presence'];
  presence_changed_at: Date | null;
  mqtt_username: string | null;
  credentials_issued_at: Date | null;
  credentials_revoked_at: Date | null;
  created_at: Date;
}

export async function readGateways(
  db: Db,
  schema: string,
  topicRoot: string,
  filter: { ids?: string[]; areaCodes?: string[]; limit?: number; offset?: number } = {},
): Promise<{ items: Gateway[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.ids) where.push(`id = ANY($${params.push(filter.ids)})`);
  if (filter.areaCodes) where.push(`area_code = ANY($${params.push(filter.areaCodes)})`);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [{ total }]: { total: number }[] = await db.query(`SELECT count(*)::int AS total FROM "${schema}".gateways ${clause}`, params);
  const rows: GatewayRow[] = await db.query(
    `SELECT * FROM "${schema}".gateways ${clause} ORDER BY area_code, id LIMIT ${filter.limit ?? 'ALL'} OFFSET ${filter.offset ?? 0}`,
    params,
  );
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      areaCode: r.area_code,
      name: r.name,
      presence: r.presence,
      presenceChangedAt: iso(r.presence_changed_at),
      credentials: {
        state: r.mqtt_username === null ? 'none' : r.credentials_revoked_at !== null ? 'revoked' : 'active',
        username: r.mqtt_username,
        publishFilter: gatewayPublishFilter(topicRoot, r.area_code, r.id),
        issuedAt: iso(r.credentials_issued_at),
        revokedAt: iso(r.credentials_revoked_at),
      },
      createdAt: r.created_at.toISOString(),
    })),
  };
}

export async function readGateway(db: Db, schema: string, topicRoot: string, id: string): Promise<Gateway | undefined> {
  return (await readGateways(db, schema, topicRoot, { ids: [id] })).items[0];
}

/** The only topics a gateway may publish to (DESIGN.md §3). */
export function gatewayPublishFilter(topicRoot: string, areaCode: string, gatewayId: string): string {
  return `${topicRoot}/${areaCode}/${gatewayId}/#`;
}

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

export async function readDevices(db: Db, schema: string, filter: DeviceFilter = {}): Promise<{ items: Device[]; total: number }> {
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
  const [{ total }]: { total: number }[] = await db.query(`SELECT count(*)::int AS total FROM "${schema}".devices ${clause}`, params);
  const rows: DeviceRow[] = await db.query(
    `SELECT id, serial, kind, camera_type, name, vendor, model, purposes, area_code, gateway_id, ST_AsGeoJSON(location, 15)::json AS location,
            bearing_deg, fov_deg, range_m, to_char(installed_on, 'YYYY-MM-DD') AS installed_on, contractor, heartbeat_timeout_s,
            frigate_camera, onvif_profile, status, status_since, conditions, last_seen_at, decommissioned_at, created_at, updated_at
     FROM "${schema}".devices ${clause} ORDER BY ${order} LIMIT ${filter.limit ?? 'ALL'} OFFSET ${filter.offset ?? 0}`,
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

export async function readDevice(db: Db, schema: string, id: string): Promise<Device | undefined> {
  return (await readDevices(db, schema, { ids: [id] })).items[0];
}

interface TransitionRow {
  id: string;
  device_id: string;
  from_status: DeviceTransition['from'];
  to_status: DeviceTransition['to'];
  reason: string;
  at: Date;
}

/** A device's status transitions, newest first, `at` in [from, to) (the (device_id, at) index serves it). */
export async function readDeviceTransitions(
  db: Db,
  schema: string,
  deviceId: string,
  filter: { from?: string; to?: string; limit: number },
): Promise<DeviceTransition[]> {
  const where = ['device_id = $1'];
  const params: unknown[] = [deviceId];
  if (filter.from) where.push(`at >= $${params.push(filter.from)}`);
  if (filter.to) where.push(`at < $${params.push(filter.to)}`);
  const rows: TransitionRow[] = await db.query(
    `SELECT id, device_id, from_status, to_status, reason, at FROM "${schema}".device_status_transitions
     WHERE ${where.join(' AND ')} ORDER BY at DESC, id LIMIT $${params.push(filter.limit)}`,
    params,
  );
  return rows.map((r) => ({ id: r.id, deviceId: r.device_id, from: r.from_status, to: r.to_status, reason: r.reason, at: r.at.toISOString() }));
}
