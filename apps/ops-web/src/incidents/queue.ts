// The incident queue's rules, pure: the SLA clocks of an incident (deadlines from the SLA
// policy the sla service enforces, GET /api/v1/sla/policy, computed by @ioc/sla's own
// ackDeadline/resolveDeadline), the queue's order, and its filters as they are kept in the
// URL (`?severity=critical,major&district=…&area=…&type=…`).
//
// Order (decided for the duty officer; what needs a hand first comes first):
//   1. severity: critical, major, minor, info;
//   2. within a severity, open before acknowledged: an open incident has nobody on it yet,
//      an acknowledged one has an owner;
//   3. open ones by their acknowledgement deadline, acknowledged ones by their resolution
//      deadline, soonest (or longest overdue) first; a severity without a target (info) and
//      a policy not loaded yet fall back to opening time, which gives the same order since
//      a severity's target is the same for all its incidents;
//   4. then opening time, then id, so that equal rows never swap places between renders.
// Clocks run from `openedAt`, as the sla service's escalation does (a reopened incident
// keeps its first opening time, so its acknowledgement clock is already overdue).
import { ackDeadline, resolveDeadline } from '@ioc/sla';
import { INCIDENT_TYPES, SEVERITIES, type Incident, type IncidentType, type ResponsePolicyDto, type Severity } from '@ioc/contracts';

export type QueueIncident = Omit<Incident, 'timeline'>;

/** One SLA clock of an incident. */
export type SlaClock =
  /** Still running: time left to the deadline (negative: overdue). */
  | { state: 'running'; deadline: number; remainingMs: number; breached: boolean }
  /** Stopped (acknowledged, resolved): whether it stopped in time. */
  | { state: 'met' | 'missed'; deadline: number; stoppedAt: number }
  /** The severity has no target, or the policy is not known. */
  | { state: 'none' };

export interface SlaClocks {
  acknowledge: SlaClock;
  resolve: SlaClock;
}

const parse = (at: string | null): number | null => {
  if (at === null) return null;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? null : ms;
};

function clock(deadline: number | null, stoppedAt: number | null, now: number): SlaClock {
  if (deadline === null) return { state: 'none' };
  if (stoppedAt !== null) return { state: stoppedAt <= deadline ? 'met' : 'missed', deadline, stoppedAt };
  const remainingMs = deadline - now;
  return { state: 'running', deadline, remainingMs, breached: remainingMs < 0 };
}

/**
 * Both clocks of an incident at `now`. The acknowledgement clock stops when it is
 * acknowledged, or resolved if that came first (as @ioc/sla judges it); the resolution
 * clock stops when it is resolved.
 */
export function slaClocks(incident: QueueIncident, policy: ResponsePolicyDto | null | undefined, now: number): SlaClocks {
  const openedAt = parse(incident.openedAt);
  if (!policy || openedAt === null) return { acknowledge: { state: 'none' }, resolve: { state: 'none' } };
  const acknowledgedAt = parse(incident.acknowledgedAt);
  const resolvedAt = parse(incident.resolvedAt);
  const ackStop = acknowledgedAt !== null && resolvedAt !== null ? Math.min(acknowledgedAt, resolvedAt) : (acknowledgedAt ?? resolvedAt);
  return {
    acknowledge: clock(ackDeadline(openedAt, incident.severity, policy), ackStop, now),
    resolve: clock(resolveDeadline(openedAt, incident.severity, policy), resolvedAt, now),
  };
}

/** The clock a queue row shows: acknowledgement while open, resolution once acknowledged. */
export function queueClock(incident: QueueIncident, policy: ResponsePolicyDto | null | undefined, now: number): { kind: 'acknowledge' | 'resolve'; clock: SlaClock } {
  const clocks = slaClocks(incident, policy, now);
  return incident.status === 'open' ? { kind: 'acknowledge', clock: clocks.acknowledge } : { kind: 'resolve', clock: clocks.resolve };
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, major: 1, minor: 2, info: 3 };
const STATUS_RANK: Record<Incident['status'], number> = { open: 0, acknowledged: 1, resolved: 2, closed: 3 };

/** The deadline the row is ordered by (see the header); null without a target or policy. */
function orderDeadline(incident: QueueIncident, policy: ResponsePolicyDto | null | undefined): number | null {
  const openedAt = parse(incident.openedAt);
  if (!policy || openedAt === null) return null;
  return incident.status === 'open' ? ackDeadline(openedAt, incident.severity, policy) : resolveDeadline(openedAt, incident.severity, policy);
}

/** The queue order (see the header). Returns a new array. */
export function orderQueue<T extends QueueIncident>(incidents: Iterable<T>, policy: ResponsePolicyDto | null | undefined): T[] {
  const keyed = [...incidents].map((incident) => ({ incident, deadline: orderDeadline(incident, policy), openedAt: parse(incident.openedAt) ?? 0 }));
  keyed.sort((a, b) => {
    const x = a.incident;
    const y = b.incident;
    return (
      SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity] ||
      STATUS_RANK[x.status] - STATUS_RANK[y.status] ||
      compareDeadlines(a.deadline, b.deadline) ||
      a.openedAt - b.openedAt ||
      (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)
    );
  });
  return keyed.map((k) => k.incident);
}

function compareDeadlines(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a - b;
}

// ── filters, as kept in the URL ───────────────────────────────────────────────────────

export interface QueueFilters {
  district: string[];
  area: string[];
  type: IncidentType[];
  severity: Severity[];
}

export const FILTER_KEYS = ['district', 'area', 'type', 'severity'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const NO_FILTERS: QueueFilters = { district: [], area: [], type: [], severity: [] };

/** Every value of a parameter, repeated (`?severity=a&severity=b`) or comma-separated (`?severity=a,b`). */
function values(params: URLSearchParams, key: string): string[] {
  const out: string[] = [];
  for (const raw of params.getAll(key)) {
    for (const v of raw.split(',')) {
      const s = v.trim();
      if (s && !out.includes(s)) out.push(s);
    }
  }
  return out;
}

const only = <T extends string>(allowed: readonly T[], list: string[]): T[] => list.filter((v): v is T => (allowed as readonly string[]).includes(v));

/** The filters in a query string; unknown types and severities are dropped (an old or mistyped link still opens). */
export function parseFilters(params: URLSearchParams): QueueFilters {
  return {
    district: values(params, 'district'),
    area: values(params, 'area'),
    type: only(INCIDENT_TYPES, values(params, 'type')),
    severity: only(SEVERITIES, values(params, 'severity')),
  };
}

/**
 * The query string with `filters` written in (comma-separated, in a stable order), other
 * parameters left as they were. District names keep their diacritics (URL-encoded).
 */
export function writeFilters(params: URLSearchParams, filters: QueueFilters): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of FILTER_KEYS) {
    next.delete(key);
    const list = filters[key];
    if (list.length > 0) next.set(key, list.join(','));
  }
  return next;
}

export function hasFilters(filters: QueueFilters): boolean {
  return FILTER_KEYS.some((k) => filters[k].length > 0);
}

/**
 * The incidents a filter lets through. `districtOf` names an area's district (from the
 * live state); `fixedArea` is the area the operator opened (only its incidents, whatever
 * the area and district filters say).
 */
export function filterQueue<T extends QueueIncident>(incidents: Iterable<T>, filters: QueueFilters, districtOf: (areaCode: string) => string | undefined, fixedArea?: string): T[] {
  const out: T[] = [];
  for (const i of incidents) {
    if (fixedArea !== undefined) {
      if (i.areaCode !== fixedArea) continue;
    } else {
      if (filters.area.length > 0 && !filters.area.includes(i.areaCode)) continue;
      if (filters.district.length > 0 && !filters.district.includes(districtOf(i.areaCode) ?? '')) continue;
    }
    if (filters.type.length > 0 && !filters.type.includes(i.type)) continue;
    if (filters.severity.length > 0 && !filters.severity.includes(i.severity)) continue;
    out.push(i);
  }
  return out;
}

/** Alarm ids not heard before, added to `heard` (so that each new critical alarm sounds once). */
export function newAlarms(current: Iterable<string>, heard: Set<string>): string[] {
  const fresh: string[] = [];
  for (const id of current) {
    if (heard.has(id)) continue;
    heard.add(id);
    fresh.push(id);
  }
  return fresh;
}
