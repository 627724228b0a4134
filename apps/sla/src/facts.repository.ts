// The SLA service's copies of the facts it measures (key areas, devices, status
// transitions, incidents), kept from the bus by FactsFollower, and the reads of them:
// a month's device timelines, the platform's monitoring sessions (decision 0022), the incidents opened in it, the incidents waiting for
// acknowledgement and the escalation level they reached. The batched unnest upserts are
// idempotent, so a redelivered batch changes nothing, and versioned (an incident's version,
// the register's updatedAt): copies applying batches side by side, or a batch redelivered
// after newer ones, never put an older fact over a newer one (decision 0024).
import type { DataSource, EntityManager } from 'typeorm';
import type { Device, DeviceStatus, Incident, KeyArea, MonitoringBeat, Severity } from '@ioc/contracts';
import { MISSED_BEATS, type MonitoringSession } from '@ioc/sla';
import { SchemaRepository } from '@ioc/platform';

type Db = DataSource | EntityManager;

export interface DeviceFactRow {
  id: string;
  area_code: string;
  gateway_id: string;
  contractor: string;
  installed_on: string | null;
  decommissioned_at: Date | null;
  district: string | null;
}

export interface IncidentFactRow {
  id: string;
  status: Incident['status'];
  severity: Incident['severity'];
  area_code: string;
  gateway_id: string;
  device_id: string | null;
  opened_at: Date;
  acknowledged_at: Date | null;
  escalation_level: number;
}

export interface TransitionFact {
  transitionId: string;
  deviceId: string;
  from: string;
  to: string;
  at: string;
}

export class SlaFactsRepository extends SchemaRepository {

  async addTransitions(em: EntityManager, transitions: TransitionFact[]): Promise<void> {
    if (transitions.length === 0) return;
    await em.query(
      `INSERT INTO ${this.s}.transitions (id, device_id, from_status, to_status, at)
       SELECT * FROM unnest($1::text[], $2::varchar[], $3::text[], $4::text[], $5::timestamptz[]) ON CONFLICT (id) DO NOTHING`,
      [transitions.map((t) => t.transitionId), transitions.map((t) => t.deviceId), transitions.map((t) => t.from), transitions.map((t) => t.to), transitions.map((t) => t.at)],
    );
  }

  async putAreas(areas: KeyArea[], db: Db = this.ds): Promise<void> {
    if (areas.length === 0) return;
    await db.query(
      `INSERT INTO ${this.s}.areas (code, name, district, register_updated_at) SELECT * FROM unnest($1::varchar[], $2::text[], $3::text[], $4::timestamptz[])
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, district = EXCLUDED.district, register_updated_at = EXCLUDED.register_updated_at
       WHERE areas.register_updated_at IS NULL OR areas.register_updated_at <= EXCLUDED.register_updated_at`,
      [areas.map((a) => a.code), areas.map((a) => a.name), areas.map((a) => a.district), areas.map((a) => a.updatedAt)],
    );
  }

  async putDevices(devices: Device[], db: Db = this.ds): Promise<void> {
    if (devices.length === 0) return;
    await db.query(
      `INSERT INTO ${this.s}.devices (id, area_code, gateway_id, contractor, installed_on, decommissioned_at, register_updated_at)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::text[], $5::date[], $6::timestamptz[], $7::timestamptz[])
       ON CONFLICT (id) DO UPDATE SET area_code = EXCLUDED.area_code, gateway_id = EXCLUDED.gateway_id, contractor = EXCLUDED.contractor,
         installed_on = EXCLUDED.installed_on, decommissioned_at = COALESCE(EXCLUDED.decommissioned_at, devices.decommissioned_at),
         register_updated_at = EXCLUDED.register_updated_at, updated_at = now()
       WHERE devices.register_updated_at IS NULL OR devices.register_updated_at <= EXCLUDED.register_updated_at`,
      [
        devices.map((d) => d.id),
        devices.map((d) => d.areaCode),
        devices.map((d) => d.gatewayId),
        devices.map((d) => d.contractor),
        devices.map((d) => d.installedOn),
        devices.map((d) => d.decommissionedAt ?? (d.status === 'decommissioned' ? d.statusSince : null)),
        devices.map((d) => d.updatedAt),
      ],
    );
  }

  /** Upserts incidents, each only over an older version; answers the ids written (the newest known). */
  async putIncidents(em: EntityManager, incidents: Incident[]): Promise<Set<string>> {
    if (incidents.length === 0) return new Set();
    const rows: { id: string }[] = await em.query(
      `INSERT INTO ${this.s}.incidents (id, type, severity, status, area_code, gateway_id, device_id, opened_at, acknowledged_at, resolved_at, escalation_level, version)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::varchar[], $6::varchar[], $7::varchar[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::int[], $12::int[])
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, severity = EXCLUDED.severity, opened_at = EXCLUDED.opened_at,
         acknowledged_at = EXCLUDED.acknowledged_at, resolved_at = EXCLUDED.resolved_at,
         escalation_level = GREATEST(incidents.escalation_level, EXCLUDED.escalation_level), version = EXCLUDED.version, updated_at = now()
       WHERE incidents.version IS NULL OR incidents.version <= EXCLUDED.version
       RETURNING id`,
      [
        incidents.map((i) => i.id),
        incidents.map((i) => i.type),
        incidents.map((i) => i.severity),
        incidents.map((i) => i.status),
        incidents.map((i) => i.areaCode),
        incidents.map((i) => i.gatewayId),
        incidents.map((i) => i.deviceId),
        incidents.map((i) => i.openedAt),
        incidents.map((i) => i.acknowledgedAt),
        incidents.map((i) => i.resolvedAt),
        incidents.map((i) => i.escalationLevel),
        incidents.map((i) => i.version),
      ],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Adds monitoring beats to their service's sessions: a beat within MISSED_BEATS intervals
   * of a session's last beat extends it, any other starts a session. A redelivered beat
   * falls inside its session and changes nothing. Beats are applied in time order.
   */
  async addBeats(em: EntityManager, beats: MonitoringBeat[]): Promise<void> {
    const sorted = [...beats].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    for (const b of sorted) {
      // An UPDATE answers [rows, count].
      const [, extended]: [unknown[], number] = await em.query(
        `UPDATE ${this.s}.monitoring_sessions SET last_beat_at = GREATEST(last_beat_at, $2), interval_ms = $3
         WHERE service = $1 AND started_at <= $2 AND last_beat_at >= $2::timestamptz - make_interval(secs => $4::double precision / 1000)
         RETURNING service`,
        [b.service, b.at, b.intervalMs, MISSED_BEATS * b.intervalMs],
      );
      if (extended > 0) continue;
      await em.query(
        `INSERT INTO ${this.s}.monitoring_sessions (service, started_at, last_beat_at, interval_ms) VALUES ($1, $2, $2, $3) ON CONFLICT (service, started_at) DO NOTHING`,
        [b.service, b.at, b.intervalMs],
      );
    }
  }

  /** The monitoring sessions that touch [from, to), and the one before it (it may run into the period). */
  async monitoringSessions(from: string, to: string): Promise<MonitoringSession[]> {
    const rows: { service: string; started_at: Date; last_beat_at: Date; interval_ms: number }[] = await this.ds.query(
      `SELECT service, started_at, last_beat_at, interval_ms FROM ${this.s}.monitoring_sessions
       WHERE started_at < $2 AND last_beat_at >= $1::timestamptz - interval '1 day' ORDER BY service, started_at`,
      [from, to],
    );
    return rows.map((r) => ({ service: r.service, start: r.started_at.getTime(), lastBeat: r.last_beat_at.getTime(), intervalMs: r.interval_ms }));
  }

  /** Code, name and district of every key area, by district and code. */
  areas(): Promise<{ code: string; name: string; district: string }[]> {
    return this.ds.query(`SELECT code, name, district FROM ${this.s}.areas ORDER BY district, code`);
  }

  /** Every device with its area's district. */
  devices(): Promise<DeviceFactRow[]> {
    return this.ds.query(
      `SELECT d.id, d.area_code, d.gateway_id, d.contractor, to_char(d.installed_on, 'YYYY-MM-DD') AS installed_on, d.decommissioned_at, a.district
       FROM ${this.s}.devices d LEFT JOIN ${this.s}.areas a ON a.code = d.area_code ORDER BY d.id`,
    );
  }

  /** The transitions in [from, to), and each device's last one before (its status at the start). */
  transitionsAround(from: string, to: string): Promise<{ device_id: string; from_status: DeviceStatus; to_status: DeviceStatus; at: Date }[]> {
    return this.ds.query(
      `SELECT device_id, from_status, to_status, at FROM ${this.s}.transitions WHERE at >= $1 AND at < $2
       UNION ALL
       SELECT DISTINCT ON (device_id) device_id, from_status, to_status, at FROM ${this.s}.transitions WHERE at < $1 ORDER BY device_id, at DESC`,
      [from, to],
    );
  }

  /** Incidents opened in [from, to), with their device's contractor. */
  incidentsOpened(
    from: string,
    to: string,
  ): Promise<{ area_code: string; contractor: string | null; severity: Severity; opened_at: Date; acknowledged_at: Date | null; resolved_at: Date | null }[]> {
    return this.ds.query(
      `SELECT i.area_code, d.contractor, i.severity, i.opened_at, i.acknowledged_at, i.resolved_at
       FROM ${this.s}.incidents i LEFT JOIN ${this.s}.devices d ON d.id = i.device_id
       WHERE i.opened_at >= $1 AND i.opened_at < $2`,
      [from, to],
    );
  }

  /** Open incidents nobody has acknowledged yet. */
  unacknowledged(): Promise<IncidentFactRow[]> {
    return this.ds.query(`SELECT * FROM ${this.s}.incidents WHERE status = 'open' AND acknowledged_at IS NULL`);
  }

  async incident(id: string): Promise<IncidentFactRow | undefined> {
    const rows: IncidentFactRow[] = await this.ds.query(`SELECT * FROM ${this.s}.incidents WHERE id = $1`, [id]);
    return rows[0];
  }

  /** What the incident service answered to an escalation; the level never goes down. */
  /** The incident as the incident service answered an escalation: the level always, the rest only over an older version. */
  async escalated(id: string, level: number, status: Incident['status'], acknowledgedAt: string | null, version: number): Promise<void> {
    await this.ds.query(
      `UPDATE ${this.s}.incidents SET escalation_level = GREATEST(escalation_level, $2),
         status = CASE WHEN version IS NULL OR version <= $5 THEN $3 ELSE status END,
         acknowledged_at = CASE WHEN version IS NULL OR version <= $5 THEN $4::timestamptz ELSE acknowledged_at END,
         version = GREATEST(version, $5)
       WHERE id = $1`,
      [id, level, status, acknowledgedAt, version],
    );
  }
}
