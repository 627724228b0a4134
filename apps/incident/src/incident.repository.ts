// The incident aggregate's SQL: incidents and their timeline, read as the contract's
// shape (IncidentV1) with filters and paging, and written by the signal processor and by
// operator actions. Writes are statements (`SqlStatement`) the signal processor writes as
// one with the batch's conditions and outbox rows (`writeAll`): the incidents it changes are
// checked against the version read in the same statement (`updates`), and the timeline entries
// of those changes are written only for the incidents the check let through.
import type { Incident, IncidentQuery, TimelineEntry } from '@ioc/contracts';
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

  /**
   * The incidents (without timeline, by id) of the conditions of `keys` (the id each condition
   * holds), and those of `ids`: one round trip, beside the conditions' own read, not after it.
   */
  async ofConditions(keys: string[], ids: string[] = []): Promise<Map<string, Incident>> {
    if (keys.length === 0 && ids.length === 0) return new Map();
    const rows: IncidentRow[] = await this.ds.query(
      `SELECT * FROM ${this.s}.incidents
       WHERE id = ANY($2::uuid[]) OR id IN (SELECT (state->>'incidentId')::uuid FROM ${this.s}.conditions WHERE key = ANY($1::text[]) AND state->>'incidentId' IS NOT NULL)`,
      [keys, ids],
    );
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

  /**
   * Writes the mutable fields of several incidents in one statement part named `name` (a
   * burst of repeated alarms updates one incident each); with an `expectedVersion`, an
   * incident only if it still has it. Returns (`RETURNING id`) the ids written.
   */
  updates(updates: { incident: Incident; expectedVersion: number | null }[], name: string): SqlStatement | undefined {
    if (updates.length === 0) return undefined;
    const column = <T>(pick: (i: Incident) => T) => updates.map((u) => pick(u.incident));
    return {
      name,
      sql: `UPDATE ${this.s}.incidents AS i SET status = v.status, count = v.count, last_seen_at = v.last_seen_at, acknowledged_at = v.acknowledged_at,
          acknowledged_by = v.acknowledged_by, assigned_to = v.assigned_to, resolved_at = v.resolved_at, resolved_by = v.resolved_by,
          resolution_code = v.resolution_code, resolution_note = v.resolution_note, closed_at = v.closed_at, reopen_count = v.reopen_count,
          escalation_level = v.escalation_level, version = v.version, snapshot_url = v.snapshot_url, updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::int[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::text[], $8::timestamptz[], $9::text[],
          $10::text[], $11::text[], $12::timestamptz[], $13::int[], $14::int[], $15::int[], $16::text[], $17::int[])
          AS v(id, status, count, last_seen_at, acknowledged_at, acknowledged_by, assigned_to, resolved_at, resolved_by, resolution_code,
          resolution_note, closed_at, reopen_count, escalation_level, version, snapshot_url, expected_version)
       WHERE i.id = v.id AND (v.expected_version IS NULL OR i.version = v.expected_version)
       RETURNING i.id`,
      params: [
        column((i) => i.id),
        column((i) => i.status),
        column((i) => i.count),
        column((i) => i.lastSeenAt),
        column((i) => i.acknowledgedAt),
        column((i) => i.acknowledgedBy),
        column((i) => i.assignedTo),
        column((i) => i.resolvedAt),
        column((i) => i.resolvedBy),
        column((i) => i.resolutionCode),
        column((i) => i.resolutionNote),
        column((i) => i.closedAt),
        column((i) => i.reopenCount),
        column((i) => i.escalationLevel),
        column((i) => i.version),
        column((i) => i.snapshotUrl),
        updates.map((u) => u.expectedVersion),
      ],
    };
  }

  /**
   * Appends timeline entries in one statement (a batch may add many); with `onlyIfIn`, only
   * those of the incidents the part of that name returned (`updates`: the changes let through).
   */
  addTimeline(entries: { incidentId: string; entry: TimelineEntry }[], onlyIfIn?: string): SqlStatement | undefined {
    if (entries.length === 0) return undefined;
    const guard = onlyIfIn ? ` AS t(incident_id, at, actor, action, note) WHERE t.incident_id IN (SELECT id FROM ${onlyIfIn})` : '';
    return {
      sql: `INSERT INTO ${this.s}.incident_timeline (incident_id, at, actor, action, note)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[])${guard}`,
      params: [entries.map((t) => t.incidentId), entries.map((t) => t.entry.at), entries.map((t) => t.entry.actor), entries.map((t) => t.entry.action), entries.map((t) => t.entry.note)],
    };
  }
}
