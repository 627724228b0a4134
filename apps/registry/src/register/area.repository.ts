// The key areas' SQL, with their checkpoints: reads as the contract's shape (KeyArea,
// Checkpoint; geometry leaves Postgres as GeoJSON, so nothing here parses WKB), writes,
// boundary validity and the placement query of checkpoints. `in(em)` gives the same
// repository inside a transaction.
import type { Checkpoint, CheckpointImportRow, KeyArea, KeyAreaInput, KeyAreaPatch, PointGeometry, PolygonGeometry } from '@ioc/contracts';
import type { EntityManager } from 'typeorm';
import { SchemaRepository } from '@ioc/platform';


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

export interface CheckpointPlacementRow {
  i: number;
  area: string | null;
  district: string | null;
  taken: string | null;
  distance_m: number | null;
}

export interface AreaSeed {
  code: string;
  name: string;
  district: string;
  category: string;
  /** Closed ring of [lon, lat]. */
  boundary?: [number, number][];
  coverageTargetPct?: number;
  checkpoints?: { id: string; purposes: string[]; location: [number, number]; description?: string }[];
}

export class AreaRepository extends SchemaRepository {
  /** The same repository inside a transaction. */
  in(em: EntityManager): AreaRepository {
    return new AreaRepository(em, this.schema);
  }

  async list(
    filter: { codes?: string[]; district?: string; /** Keyset paging by code. */ afterCode?: string; limit?: number } = {},
  ): Promise<KeyArea[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.codes) where.push(`code = ANY($${params.push(filter.codes)})`);
    if (filter.district) where.push(`district = $${params.push(filter.district)}`);
    if (filter.afterCode !== undefined) where.push(`code > $${params.push(filter.afterCode)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const order = filter.afterCode !== undefined ? 'code' : 'district, code';
    const areas: AreaRow[] = await this.ds.query(
      `SELECT ${AREA_COLUMNS} FROM ${this.s}.key_areas ${clause} ORDER BY ${order} LIMIT ${filter.limit ?? 'ALL'}`,
      params,
    );
    if (areas.length === 0) return [];
    const checkpoints: CheckpointRow[] = await this.ds.query(
      `SELECT ${CHECKPOINT_COLUMNS} FROM ${this.s}.checkpoints WHERE area_code = ANY($1) ORDER BY area_code, id`,
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

  async get(code: string): Promise<KeyArea | undefined> {
    return (await this.list({ codes: [code] }))[0];
  }

  async checkpoint(areaCode: string, id: string): Promise<Checkpoint | undefined> {
    const rows: CheckpointRow[] = await this.ds.query(`SELECT ${CHECKPOINT_COLUMNS} FROM ${this.s}.checkpoints WHERE area_code = $1 AND id = $2`, [
      areaCode,
      id,
    ]);
    return rows[0] && toCheckpoint(rows[0]);
  }

  /** Code and district of every key area (small: a province has hundreds). */
  async districts(): Promise<Map<string, string>> {
    const rows: { code: string; district: string }[] = await this.ds.query(`SELECT code, district FROM ${this.s}.key_areas`);
    return new Map(rows.map((r) => [r.code, r.district]));
  }

  /** The district of a key area; undefined if there is none with that code. */
  async districtOf(code: string): Promise<string | undefined> {
    const rows: { district: string }[] = await this.ds.query(`SELECT district FROM ${this.s}.key_areas WHERE code = $1`, [code]);
    return rows[0]?.district;
  }

  /** Code, name and district of some key areas (all if `codes` is undefined), by district and name. */
  summaries(codes?: string[]): Promise<{ code: string; name: string; district: string }[]> {
    return this.ds.query(`SELECT code, name, district FROM ${this.s}.key_areas a ${codes ? 'WHERE a.code = ANY($1)' : ''} ORDER BY district, name`, codes ? [codes] : []);
  }

  /** Fails with Postgres' unique violation (23505) if the code is taken. */
  async insert(area: KeyAreaInput): Promise<void> {
    await this.ds.query(
      `INSERT INTO ${this.s}.key_areas (code, name, district, category, boundary, coverage_target_pct)
       VALUES ($1, $2, $3, $4, ST_SetSRID(ST_GeomFromGeoJSON($5), 4326), $6)`,
      [area.code, area.name, area.district, area.category, JSON.stringify(area.boundary), area.coverageTargetPct],
    );
  }

  /** Fields absent from the patch stay as they are. */
  async update(code: string, patch: KeyAreaPatch): Promise<void> {
    await this.ds.query(
      `UPDATE ${this.s}.key_areas SET name = COALESCE($2, name), district = COALESCE($3, district), category = COALESCE($4, category),
          boundary = COALESCE(ST_SetSRID(ST_GeomFromGeoJSON($5), 4326), boundary), coverage_target_pct = COALESCE($6, coverage_target_pct),
          updated_at = now()
       WHERE code = $1`,
      [code, patch.name ?? null, patch.district ?? null, patch.category ?? null, patch.boundary ? JSON.stringify(patch.boundary) : null, patch.coverageTargetPct ?? null],
    );
  }

  /** Why the area's stored boundary is not a valid polygon; undefined if it is. */
  async boundaryProblem(code: string): Promise<string | undefined> {
    const [row]: { valid: boolean; reason: string }[] = await this.ds.query(
      `SELECT ST_IsValid(boundary) AS valid, ST_IsValidReason(boundary) AS reason FROM ${this.s}.key_areas WHERE code = $1`,
      [code],
    );
    return row && !row.valid ? row.reason : undefined;
  }

  /** Inserts checkpoints in one statement (single registrations and imports alike). */
  async insertCheckpoints(checkpoints: CheckpointImportRow[]): Promise<void> {
    if (checkpoints.length === 0) return;
    await this.ds.query(
      `INSERT INTO ${this.s}.checkpoints (area_code, id, purposes, location, description)
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

  /** Purposes and description left null stay as they are. */
  async updateCheckpoint(areaCode: string, id: string, change: { purposes: string[] | null; description: string | null; location: PointGeometry }): Promise<void> {
    await this.ds.query(
      `UPDATE ${this.s}.checkpoints SET purposes = COALESCE($3::text[], purposes), description = COALESCE($4, description),
          location = ST_SetSRID(ST_MakePoint($5, $6), 4326), updated_at = now()
       WHERE area_code = $1 AND id = $2`,
      [areaCode, id, change.purposes, change.description, change.location.coordinates[0], change.location.coordinates[1]],
    );
  }

  async deleteCheckpoint(areaCode: string, id: string): Promise<void> {
    await this.ds.query(`DELETE FROM ${this.s}.checkpoints WHERE area_code = $1 AND id = $2`, [areaCode, id]);
  }

  /** For each checkpoint (by index): its area and district, whether the id is taken, its distance outside the boundary. */
  checkpointPlacements(checkpoints: { id: string; areaCode: string; location: { coordinates: [number, number] } }[]): Promise<CheckpointPlacementRow[]> {
    return this.ds.query(
      `SELECT u.i, a.code AS area, a.district, cp.id AS taken,
              CASE WHEN a.boundary IS NULL THEN NULL
                   ELSE ST_Distance(a.boundary::geography, ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326)::geography) END AS distance_m
       FROM unnest($1::int[], $2::text[], $3::text[], $4::float8[], $5::float8[]) AS u(i, id, area, lon, lat)
       LEFT JOIN ${this.s}.key_areas a ON a.code = u.area
       LEFT JOIN ${this.s}.checkpoints cp ON cp.area_code = u.area AND cp.id = u.id
       ORDER BY u.i`,
      [
        checkpoints.map((_, i) => i),
        checkpoints.map((c) => c.id),
        checkpoints.map((c) => c.areaCode),
        checkpoints.map((c) => c.location.coordinates[0]),
        checkpoints.map((c) => c.location.coordinates[1]),
      ],
    );
  }

  /** For maintenance windows: the area itself, if it exists. */
  async locate(code: string): Promise<{ areaCode: string | null; gatewayId: string | null }> {
    const rows: { code: string }[] = await this.ds.query(`SELECT code FROM ${this.s}.key_areas WHERE code = $1`, [code]);
    return { areaCode: rows[0]?.code ?? null, gatewayId: null };
  }

  /** Idempotent upsert of a whole register file (the demo seed, test fixtures); registrations through the API go through RegisterService (checks, audit). */
  async upsert(areas: AreaSeed[]): Promise<void> {
    for (const a of areas) {
      const boundary = a.boundary ? JSON.stringify({ type: 'Polygon', coordinates: [a.boundary] }) : null;
      await this.ds.query(
        `INSERT INTO ${this.s}.key_areas (code, name, district, category, boundary, coverage_target_pct)
         VALUES ($1, $2, $3, $4, ST_SetSRID(ST_GeomFromGeoJSON($5), 4326), $6)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, district = EXCLUDED.district, category = EXCLUDED.category,
           boundary = EXCLUDED.boundary, coverage_target_pct = EXCLUDED.coverage_target_pct, updated_at = now()`,
        [a.code, a.name, a.district, a.category, boundary, a.coverageTargetPct ?? 100],
      );
      for (const c of a.checkpoints ?? []) {
        await this.ds.query(
          `INSERT INTO ${this.s}.checkpoints (area_code, id, purposes, location, description)
           VALUES ($1, $2, $3::text[], ST_SetSRID(ST_MakePoint($4, $5), 4326), $6)
           ON CONFLICT (area_code, id) DO UPDATE SET purposes = EXCLUDED.purposes, location = EXCLUDED.location,
             description = EXCLUDED.description, updated_at = now()`,
          [a.code, c.id, c.purposes, c.location[0], c.location[1], c.description ?? ''],
        );
      }
    }
  }
}
