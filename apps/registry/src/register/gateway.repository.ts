// The gateways' SQL: reads as the contract's shape (Gateway, with the state of its MQTT
// credentials) and the registration and credential writes. Presence is written by status
// keeping (DeviceStatusRepository). `in(em)` gives the same repository inside a transaction.
import type { Gateway } from '@ioc/contracts';
import type { EntityManager } from 'typeorm';
import { SchemaRepository, type Db } from '@ioc/platform';


const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** The only topics a gateway may publish to (DESIGN.md §3). */
export function gatewayPublishFilter(topicRoot: string, areaCode: string, gatewayId: string): string {
  return `${topicRoot}/${areaCode}/${gatewayId}/#`;
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

export interface GatewaySeed {
  id: string;
  areaCode: string;
  name: string;
}

export class GatewayRepository extends SchemaRepository {
  constructor(
    db: Db,
    schema: string,
    /** MQTT topic root, for each gateway's publish filter. */
    private readonly topicRoot: string,
  ) {
    super(db, schema);
  }

  /** The same repository inside a transaction. */
  in(em: EntityManager): GatewayRepository {
    return new GatewayRepository(em, this.schema, this.topicRoot);
  }

  async list(
    filter: { ids?: string[]; areaCodes?: string[]; limit?: number; offset?: number } = {},
  ): Promise<{ items: Gateway[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.ids) where.push(`id = ANY($${params.push(filter.ids)})`);
    if (filter.areaCodes) where.push(`area_code = ANY($${params.push(filter.areaCodes)})`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.ds.query(`SELECT count(*)::int AS total FROM ${this.s}.gateways ${clause}`, params);
    const rows: GatewayRow[] = await this.ds.query(
      `SELECT * FROM ${this.s}.gateways ${clause} ORDER BY area_code, id LIMIT ${filter.limit ?? 'ALL'} OFFSET ${filter.offset ?? 0}`,
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
          publishFilter: gatewayPublishFilter(this.topicRoot, r.area_code, r.id),
          issuedAt: iso(r.credentials_issued_at),
          revokedAt: iso(r.credentials_revoked_at),
        },
        createdAt: r.created_at.toISOString(),
      })),
    };
  }

  async get(id: string): Promise<Gateway | undefined> {
    return (await this.list({ ids: [id] })).items[0];
  }

  /** Registers a gateway with its MQTT username; fails with Postgres' unique violation (23505) if the id is taken. */
  async insert(g: { id: string; areaCode: string; name: string; mqttUsername: string }): Promise<void> {
    await this.ds.query(`INSERT INTO ${this.s}.gateways (id, area_code, name, mqtt_username, credentials_issued_at) VALUES ($1, $2, $3, $4, now())`, [
      g.id,
      g.areaCode,
      g.name,
      g.mqttUsername,
    ]);
  }

  /** Credentials issued now (a rotation, or again after a revocation). */
  async credentialsIssued(id: string, mqttUsername: string): Promise<void> {
    await this.ds.query(
      `UPDATE ${this.s}.gateways SET mqtt_username = $2, credentials_issued_at = now(), credentials_revoked_at = NULL, updated_at = now() WHERE id = $1`,
      [id, mqttUsername],
    );
  }

  async credentialsRevoked(id: string): Promise<void> {
    await this.ds.query(`UPDATE ${this.s}.gateways SET credentials_revoked_at = now(), updated_at = now() WHERE id = $1`, [id]);
  }

  /** For maintenance windows: the gateway's area, if it exists. */
  async locate(id: string): Promise<{ areaCode: string | null; gatewayId: string | null }> {
    const rows: { area_code: string; id: string }[] = await this.ds.query(`SELECT area_code, id FROM ${this.s}.gateways WHERE id = $1`, [id]);
    return { areaCode: rows[0]?.area_code ?? null, gatewayId: rows[0]?.id ?? null };
  }

  /** Idempotent upsert of a whole register file (the demo seed, test fixtures); registrations through the API go through RegisterService (checks, audit). */
  async upsert(gateways: GatewaySeed[]): Promise<void> {
    if (gateways.length === 0) return;
    await this.ds.query(
      `INSERT INTO ${this.s}.gateways (id, area_code, name)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::text[])
       ON CONFLICT (id) DO UPDATE SET area_code = EXCLUDED.area_code, name = EXCLUDED.name`,
      [gateways.map((g) => g.id), gateways.map((g) => g.areaCode), gateways.map((g) => g.name)],
    );
  }
}
