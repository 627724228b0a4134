// Reads of incidents as the contract's shape (IncidentV1), with filters and paging.
import type { Incident, IncidentQuery, TimelineEntry } from '@ioc/contracts';
import type { DataSource, EntityManager } from 'typeorm';

export type Db = DataSource | EntityManager;

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

export function toIncident(r: IncidentRow): Incident {
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

export async function readIncident(db: Db, schema: string, id: string, withTimeline = false): Promise<Incident | undefined> {
  const rows: IncidentRow[] = await db.query(`SELECT * FROM "${schema}".incidents WHERE id = $1`, [id]);
  const row = rows[0];
  if (!row) return undefined;
  if (!withTimeline) return toIncident(row);
  const timeline: { at: Date; actor: string; action: TimelineEntry['action']; note: string }[] = await db.query(
    `SELECT at, actor, action, note FROM "${schema}".incident_timeline WHERE incident_id = $1 ORDER BY id`,
    [id],
  );
  return { ...toIncident(row), timeline: timeline.map((t) => ({ at: t.at.toISOString(), actor: t.actor, action: t.action, note: t.note })) };
}

export async function listIncidents(db: Db, schema: string, q: IncidentQuery, areaCodes: string[] | undefined): Promise<{ items: Incident[]; total: number }> {
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
  const [{ total }]: { total: number }[] = await db.query(`SELECT count(*)::int AS total FROM "${schema}".incidents ${clause}`, params);
  const rows: IncidentRow[] = await db.query(
    `SELECT * FROM "${schema}".incidents ${clause}
     ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'major' THEN 1 WHEN 'minor' THEN 2 ELSE 3 END, opened_at DESC
     LIMIT ${q.limit} OFFSET ${q.offset}`,
    params,
  );
  return { items: rows.map(toIncident), total };
}
