// The SQL of device status keeping: the status columns of devices and gateway presence
// (loaded into the working set, written back in batches), the status transitions (history
// and outbox of `device.status.changed`) and gateway presence transitions. One batch's
// writes share the transaction the caller opens with `transaction`.
import type { EntityManager } from 'typeorm';
import type { DegradingCondition, DeviceStatus } from '@ioc/device-status';
import { SchemaRepository } from '@ioc/platform';

/** What the working set keeps of a device. */
export interface DeviceStatusRow {
  id: string;
  gateway_id: string;
  area_code: string;
  heartbeat_timeout_s: number;
  status: DeviceStatus;
  status_since: Date | null;
  conditions: DegradingCondition[];
  last_seen_at: Date | null;
  decommissioned_at: Date | null;
}

export interface GatewayPresenceRow {
  id: string;
  area_code: string;
  presence: 'unknown' | 'online' | 'offline';
}

export interface TransitionRecord {
  id: string;
  deviceId: string;
  gatewayId: string;
  areaCode: string;
  from: string;
  to: string;
  reason: string;
  at: string;
  messageId: string | null;
}

export interface DeviceStateRecord {
  id: string;
  status: string;
  statusSince: string | null;
  lastSeenAt: string | null;
  conditions: string[];
}

export interface PresenceChange {
  gatewayId: string;
  from: string;
  to: 'online' | 'offline';
  at: string;
}

export class DeviceStatusRepository extends SchemaRepository {

  /** Devices as the working set keeps them: all, or those with these ids. */
  devices(ids?: string[]): Promise<DeviceStatusRow[]> {
    return ids
      ? this.ds.query(`SELECT * FROM ${this.s}.devices WHERE id = ANY($1)`, [ids])
      : this.ds.query(`SELECT * FROM ${this.s}.devices`);
  }

  /** Devices of these key areas (a partition's, when it is taken). */
  devicesOfAreas(areaCodes: string[]): Promise<DeviceStatusRow[]> {
    return this.ds.query(`SELECT * FROM ${this.s}.devices WHERE area_code = ANY($1)`, [areaCodes]);
  }

  /** Every key area's code (to find a partition's areas). */
  async areaCodes(): Promise<string[]> {
    const rows: { code: string }[] = await this.ds.query(`SELECT code FROM ${this.s}.key_areas`);
    return rows.map((r) => r.code);
  }

  /** Gateways' presence: all, those with these ids, or those of these key areas. */
  gateways(ids?: string[], areaCodes?: string[]): Promise<GatewayPresenceRow[]> {
    if (ids) return this.ds.query(`SELECT id, area_code, presence FROM ${this.s}.gateways WHERE id = ANY($1)`, [ids]);
    if (areaCodes) return this.ds.query(`SELECT id, area_code, presence FROM ${this.s}.gateways WHERE area_code = ANY($1)`, [areaCodes]);
    return this.ds.query(`SELECT id, area_code, presence FROM ${this.s}.gateways`);
  }

  async insertTransitions(em: EntityManager, transitions: TransitionRecord[]): Promise<void> {
    if (transitions.length === 0) return;
    await em.query(
      `INSERT INTO ${this.s}.device_status_transitions (id, device_id, gateway_id, area_code, from_status, to_status, reason, at, message_id)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[])`,
      [
        transitions.map((t) => t.id),
        transitions.map((t) => t.deviceId),
        transitions.map((t) => t.gatewayId),
        transitions.map((t) => t.areaCode),
        transitions.map((t) => t.from),
        transitions.map((t) => t.to),
        transitions.map((t) => t.reason),
        transitions.map((t) => t.at),
        transitions.map((t) => t.messageId),
      ],
    );
  }

  /** Writes devices' status, last-seen time and conditions in one statement; decommissioning is kept for good. */
  async saveStates(em: EntityManager, devices: DeviceStateRecord[]): Promise<void> {
    if (devices.length === 0) return;
    await em.query(
      `UPDATE ${this.s}.devices d SET status = u.status, status_since = u.status_since, last_seen_at = u.last_seen_at,
              conditions = string_to_array(u.conditions, ',')::text[],
              decommissioned_at = COALESCE(d.decommissioned_at, CASE WHEN u.status = 'decommissioned' THEN u.status_since END)
       FROM unnest($1::varchar[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[])
            AS u(id, status, status_since, last_seen_at, conditions)
       WHERE d.id = u.id`,
      [
        devices.map((d) => d.id),
        devices.map((d) => d.status),
        devices.map((d) => d.statusSince),
        devices.map((d) => d.lastSeenAt),
        devices.map((d) => d.conditions.join(',')),
      ],
    );
  }

  /** A gateway's new presence and its transition (presence changes are rare: one statement each). */
  async recordPresence(em: EntityManager, changes: PresenceChange[]): Promise<void> {
    for (const g of changes) {
      await em.query(`UPDATE ${this.s}.gateways SET presence = $2, presence_changed_at = $3 WHERE id = $1`, [g.gatewayId, g.to, g.at]);
      await em.query(`INSERT INTO ${this.s}.gateway_presence_transitions (gateway_id, from_state, to_state, at) VALUES ($1, $2, $3, $4)`, [
        g.gatewayId,
        g.from,
        g.to,
        g.at,
      ]);
    }
  }

  /** Transitions written but not yet published, oldest first. */
  unpublishedTransitions(): Promise<{ id: string; device_id: string; gateway_id: string; area_code: string; from_status: string; to_status: string; reason: string; at: Date }[]> {
    return this.ds.query(
      `SELECT id, device_id, gateway_id, area_code, from_status, to_status, reason, at
       FROM ${this.s}.device_status_transitions WHERE published_at IS NULL ORDER BY at LIMIT 100000`,
    );
  }

  async markTransitionsPublished(ids: string[]): Promise<void> {
    await this.ds.query(`UPDATE ${this.s}.device_status_transitions SET published_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  }
}
