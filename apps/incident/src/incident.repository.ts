// The incident aggregate's SQL: incidents and their timeline, read as the contract's
// shape (IncidentV1) with filters and paging, and written by the signal processor and by
// operator actions. New rows are statements (`SqlStatement`) the signal processor writes as
// one with the batch's conditions and outbox rows (`writeAll`); updates, checked against the
// version read, take a transaction's EntityManager.
import type { Incident, IncidentQuery, TimelineEntry } from '@ioc/contracts';
import type { EntityManager } from 'typeorm';
import { SchemaRepository, type SqlStatement } from '@ioc/platform';

export interface IncidentRow {
  id: string;
  dedup_key: string;
  type: Incident['type'];
  severity: Incident['severity'];
  status: Incident['status'];
  area_code: string;
  gateway_id: string;
  device_id: string | null;
  title: string;
  count: number;
  first_seen_at: Date;
  last_seen_at: Date;
  opened_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  assigned_to: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution_code: Incident['resolutionCode'];
  resolution_note: string | null;
  closed_at: Date | null;
  reopen_count: number;
  escalation_level: number;
  snapshot_url: string | null;
  version: number;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function toIncident(r: IncidentRow): Incident {
  return {
    id: r.id,
    dedupKey: r.dedup_key,
    type: r.type,
    severity: r.severity,
    status: r.status,
    areaCode: r.area_code,
    gatewayId: r.gateway_id,
    deviceId: r.device_id,
    title: r.title,
    count: r.count,
    firstSeenAt: r.first_seen_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    openedAt: r.opened_at.toISOString(),
    acknowledgedAt: iso(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
    assignedTo: r.assigned_to,
    resolvedAt: iso(r.resolved_at),
    resolvedBy: r.resolved_by,
    resolutionCode: r.resolution_code,
    resolutionNote: r.resolution_note,
    closedAt: iso(r.closed_at),
    reopenCount: r.reopen_count,
    escalationLevel: r.escalation_level,
    snapshotUrl: r.snapshot_url,
    version: r.version,
  };
}

export class IncidentRepository extends SchemaRepository {

  async read(id: string, withTimeline = false): Promise<Incident | undefined> {
    const rows: IncidentRow[] = await this.ds.query(`SELECT * FROM ${this.s}.incidents WHERE id = $1`, [id]);
    const row = rows[0];
    if (!row) return undefined;
    if (!withTimeline) return toIncident(row);
    const timeline: { at: Date; actor: string; action: TimelineEntry['action']; note: string }[] = await this.ds.query(
      `SELECT at, actor, action, note FROM ${this.s}.incident_timeline WHERE incident_id = $1 ORDER BY id`,
      [id],
    );
    return { ...toIncident(row), timeline: timeline.map((t) => ({ at: t.at.toISOString(), actor: t.actor, action: t.action, note: t.note })) };
  }

  /** The incidents with these ids (without timeline), by id. */
  async byIds(ids: string[]): Promise<Map<string, Incident>> {
    const rows: IncidentRow[] = ids.length ? await this.ds.query(`SELECT * FROM ${this.s}.incidents WHERE id = ANY($1)`, [ids]) : [];
    return new Map(rows.map((r) => [r.id, toIncident(r)]));
  }

  async list(q: IncidentQuery, areaCodes: string[] | undefined): Promise<{ items: Incident[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.status) where.push(`status = ANY($${params.push(q.status)})`);
    if (q.severity) where.push(`severity = ANY($${params.push(q.severity)})`);
    if (q.type) where.push(`type = ANY($${params.push(q.type)})`);
    if (q.areaCode) where.push(`area_code = $${params.push(q.areaCode)}`);
    if (q.deviceId) where.push(`device_id = $${params.push(q.deviceId)}`);
    if (q.gatewayId) where.push(`gateway_id = $${params.push(q.gatewayId)}`);
    if (q.from) where.push(`opened_at >= $${params.push(q.from)}`);
    if (q.to) where.push(`opened_at < $${params.push(q.to)}`);
    if (areaCodes) where.push(`area_code = ANY($${params.push(areaCodes)})`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.ds.query(`SELECT count(*)::int AS total FROM ${this.s}.incidents ${clause}`, params);
    const rows: IncidentRow[] = await this.ds.query(
      `SELECT * FROM ${this.s}.incidents ${clause}
       ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'major' THEN 1 WHEN 'minor' THEN 2 ELSE 3 END, opened_at DESC
       LIMIT ${q.limit} OFFSET ${q.offset}`,
      params,
    );
    return { items: rows.map(toIncident), total };
  }

  /** New incidents, in one statement (a burst of alarms opens dozens in one batch). */
  insert(incidents: Incident[]): SqlStatement | undefined {
    if (incidents.length === 0) return undefined;
    const column = <T>(pick: (i: Incident) => T) => incidents.map(pick);
    return {
      sql: `INSERT INTO ${this.s}.incidents (id, dedup_key, type, severity, status, area_code, gateway_id, device_id, title, count, first_seen_at, last_seen_at,
          opened_at, reopen_count, escalation_level, version, snapshot_url)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[],
          $11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::int[], $15::int[], $16::int[], $17::text[])`,
      params: [
        column((i) => i.id),
        column((i) => i.dedupKey),
        column((i) => i.type),
        column((i) => i.severity),
        column((i) => i.status),
        column((i) => i.areaCode),
        column((i) => i.gatewayId),
        column((i) => i.deviceId),
        column((i) => i.title),
        column((i) => i.count),
        column((i) => i.firstSeenAt),
        column((i) => i.lastSeenAt),
        column((i) => i.openedAt),
        column((i) => i.reopenCount),
        column((i) => i.escalationLevel),
        column((i) => i.version),
        column((i) => i.snapshotUrl),
      ],
    };
  }

  /** Writes an incident's mutable fields; with `expectedVersion`, only if it still has it. */
  async update(em: EntityManager, i: Incident, expectedVersion: number | null): Promise<boolean> {
    const result: [unknown[], number] = await em.query(
      `UPDATE ${this.s}.incidents SET status = $2, count = $3, last_seen_at = $4, acknowledged_at = $5, acknowledged_by = $6, assigned_to = $7,
          resolved_at = $8, resolved_by = $9, resolution_code = $10, resolution_note = $11, closed_at = $12, reopen_count = $13,
          escalation_level = $14, version = $15, snapshot_url = $16, updated_at = now()
       WHERE id = $1 ${expectedVersion === null ? '' : 'AND version = $17'}`,
      [
        i.id,
        i.status,
        i.count,
        i.lastSeenAt,
        i.acknowledgedAt,
        i.acknowledgedBy,
        i.assignedTo,
        i.resolvedAt,
        i.resolvedBy,
        i.resolutionCode,
        i.resolutionNote,
        i.closedAt,
        i.reopenCount,
        i.escalationLevel,
        i.version,
        i.snapshotUrl,
        ...(expectedVersion === null ? [] : [expectedVersion]),
      ],
    );
    return result[1] > 0;
  }

  /** Appends timeline entries in one statement (a batch may add many). */
  addTimeline(entries: { incidentId: string; entry: TimelineEntry }[]): SqlStatement | undefined {
    if (entries.length === 0) return undefined;
    return {
      sql: `INSERT INTO ${this.s}.incident_timeline (incident_id, at, actor, action, note)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[])`,
      params: [entries.map((t) => t.incidentId), entries.map((t) => t.entry.at), entries.map((t) => t.entry.actor), entries.map((t) => t.entry.action), entries.map((t) => t.entry.note)],
    };
  }
}
