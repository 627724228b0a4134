// Incident response (DESIGN.md §4 "SLA"): time to acknowledge and time to resolve against
// per-severity targets, compliance per incident and per group, and the escalation of a
// missed acknowledgement.
//
// Decisions:
// - Targets (defaults from DESIGN): critical 5 min / 4 h, major 15 min / 24 h, minor
//   60 min / 72 h. `info` has no target: its incidents are `no_target`, never breach and
//   never escalate.
// - A clock is measured from `openedAt` (for a reopened incident the caller passes when it
//   reopened, since reopening clears the acknowledgement). It is met when the elapsed time
//   is ≤ the target: an acknowledgement exactly at the deadline is compliant, 1 ms later
//   is a breach.
// - A resolution also stops the acknowledgement clock: an incident resolved (by an
//   operator or automatically) before anyone acknowledged it can no longer be
//   acknowledged, so it is judged by when it was resolved.
// - Judged as of the report's end (`asOf`): a timestamp after `asOf` has not happened yet,
//   so a report run again later gives the same figures. An incident still waiting at
//   `asOf` is a breach once its deadline has passed (asOf > deadline), else `pending`.
// - Compliance = compliant ÷ decided, where decided = compliant + breached; null when
//   nothing is decided.
// - Escalation: level 0 before the acknowledgement deadline, level k from openedAt + k ×
//   the acknowledgement target (level 1 at the deadline, level 2 at twice the target after
//   opening, …) up to `maxEscalationLevel` (default 3; 0 turns escalation off).
import type { Severity } from '@ioc/contracts';
import { SEVERITIES } from '@ioc/contracts';
import { localDate, localMonth, PROVINCE_TIME_ZONE } from './periods';
import { assertInstant, SlaError } from './sla.error';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Response targets of one severity, in ms; null: no target. */
export interface ResponseTarget {
  acknowledgeMs: number | null;
  resolveMs: number | null;
}

export interface ResponsePolicy {
  targets: Record<Severity, ResponseTarget>;
  /** The highest escalation level; 0 never escalates. */
  maxEscalationLevel: number;
}

export const DEFAULT_RESPONSE_POLICY: ResponsePolicy = Object.freeze({
  targets: Object.freeze({
    critical: Object.freeze({ acknowledgeMs: 5 * MINUTE, resolveMs: 4 * HOUR }),
    major: Object.freeze({ acknowledgeMs: 15 * MINUTE, resolveMs: 24 * HOUR }),
    minor: Object.freeze({ acknowledgeMs: 60 * MINUTE, resolveMs: 72 * HOUR }),
    info: Object.freeze({ acknowledgeMs: null, resolveMs: null }),
  }),
  maxEscalationLevel: 3,
});

export interface ResponsePolicyOverrides {
  targets?: Partial<Record<Severity, Partial<ResponseTarget>>>;
  maxEscalationLevel?: number;
}

const MAX_TARGET_MS = 365 * 24 * HOUR;
const MAX_ESCALATION_LEVEL = 100;

function checkTarget(value: unknown, path: string): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0 || value > MAX_TARGET_MS) {
    throw new SlaError('invalid_policy', `${path}: must be null (no target) or whole ms from 1 to ${MAX_TARGET_MS} (got ${String(value)})`);
  }
  return value;
}

/**
 * The defaults with overrides merged on, checked: a target is null or whole ms (≤ 1 year),
 * a resolution target is not shorter than the acknowledgement target, the maximum level is
 * a whole number from 0 to 100. Throws `invalid_policy` naming the key.
 */
export function responsePolicy(overrides: ResponsePolicyOverrides = {}): ResponsePolicy {
  const targets = {} as Record<Severity, ResponseTarget>;
  for (const severity of SEVERITIES) {
    const base = DEFAULT_RESPONSE_POLICY.targets[severity];
    const override = overrides.targets?.[severity] ?? {};
    const acknowledgeMs = checkTarget(override.acknowledgeMs === undefined ? base.acknowledgeMs : override.acknowledgeMs, `targets.${severity}.acknowledgeMs`);
    const resolveMs = checkTarget(override.resolveMs === undefined ? base.resolveMs : override.resolveMs, `targets.${severity}.resolveMs`);
    if (acknowledgeMs !== null && resolveMs !== null && resolveMs < acknowledgeMs) {
      throw new SlaError('invalid_policy', `targets.${severity}.resolveMs: must not be shorter than acknowledgeMs (${resolveMs} < ${acknowledgeMs})`);
    }
    targets[severity] = { acknowledgeMs, resolveMs };
  }
  for (const key of Object.keys(overrides.targets ?? {})) {
    if (!(SEVERITIES as readonly string[]).includes(key)) {
      throw new SlaError('invalid_policy', `targets.${key}: not a severity (one of ${SEVERITIES.join(', ')})`);
    }
  }
  const maxEscalationLevel = overrides.maxEscalationLevel ?? DEFAULT_RESPONSE_POLICY.maxEscalationLevel;
  if (!Number.isSafeInteger(maxEscalationLevel) || maxEscalationLevel < 0 || maxEscalationLevel > MAX_ESCALATION_LEVEL) {
    throw new SlaError('invalid_policy', `maxEscalationLevel: must be a whole number from 0 to ${MAX_ESCALATION_LEVEL} (got ${String(maxEscalationLevel)})`);
  }
  return { targets, maxEscalationLevel };
}

/** When an incident must be acknowledged by; null when its severity has no target. */
export function ackDeadline(openedAt: number, severity: Severity, policy: ResponsePolicy = DEFAULT_RESPONSE_POLICY): number | null {
  assertInstant(openedAt, 'openedAt');
  const target = policy.targets[severity].acknowledgeMs;
  return target === null ? null : openedAt + target;
}

/** When an incident must be resolved by; null when its severity has no target. */
export function resolveDeadline(openedAt: number, severity: Severity, policy: ResponsePolicy = DEFAULT_RESPONSE_POLICY): number | null {
  assertInstant(openedAt, 'openedAt');
  const target = policy.targets[severity].resolveMs;
  return target === null ? null : openedAt + target;
}

/**
 * The escalation level of an incident still unacknowledged at `now`: 0 before its
 * acknowledgement deadline, k from openedAt + k × target, at most `maxEscalationLevel`.
 * Always 0 for a severity without an acknowledgement target. The caller stops asking once
 * the incident is acknowledged or resolved.
 */
export function escalationLevelAt(openedAt: number, severity: Severity, now: number, policy: ResponsePolicy = DEFAULT_RESPONSE_POLICY): number {
  assertInstant(openedAt, 'openedAt');
  assertInstant(now, 'now');
  const target = policy.targets[severity].acknowledgeMs;
  if (target === null || now < openedAt) return 0;
  return Math.min(policy.maxEscalationLevel, Math.floor((now - openedAt) / target));
}

/**
 * When an unacknowledged incident reaches `level` (for scheduling the escalation job):
 * openedAt + level × target; null for a level outside 1..maxEscalationLevel or a severity
 * without an acknowledgement target.
 */
export function escalationAt(openedAt: number, severity: Severity, level: number, policy: ResponsePolicy = DEFAULT_RESPONSE_POLICY): number | null {
  assertInstant(openedAt, 'openedAt');
  const target = policy.targets[severity].acknowledgeMs;
  if (target === null || !Number.isInteger(level) || level < 1 || level > policy.maxEscalationLevel) return null;
  return openedAt + level * target;
}

/** How one clock of one incident stands. */
export type ComplianceOutcome = 'compliant' | 'breached' | 'pending' | 'no_target';

/** What response needs to know about one incident (epoch ms). */
export interface IncidentTimes {
  severity: Severity;
  openedAt: number;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
}

export interface IncidentResponse {
  severity: Severity;
  acknowledgeDeadline: number | null;
  resolveDeadline: number | null;
  /** Elapsed until acknowledged, or resolved if that came first (see `acknowledgeStoppedBy`); null while waiting. */
  timeToAcknowledgeMs: number | null;
  acknowledgeStoppedBy: 'acknowledgement' | 'resolution' | null;
  /** Elapsed until resolved; null while unresolved. */
  timeToResolveMs: number | null;
  acknowledge: ComplianceOutcome;
  resolve: ComplianceOutcome;
}

function judge(elapsed: number | null, target: number | null, openedAt: number, asOf: number): ComplianceOutcome {
  if (target === null) return 'no_target';
  if (elapsed !== null) return elapsed <= target ? 'compliant' : 'breached';
  return asOf > openedAt + target ? 'breached' : 'pending';
}

/** One incident's response, judged as of `asOf` (the report's end). */
export function incidentResponse(incident: IncidentTimes, asOf: number, policy: ResponsePolicy = DEFAULT_RESPONSE_POLICY): IncidentResponse {
  const { severity, openedAt } = incident;
  assertInstant(openedAt, 'openedAt');
  assertInstant(asOf, 'asOf');
  if (openedAt > asOf) {
    throw new SlaError('invalid_incident', `incident opened at ${openedAt}, after the instant it is judged at (${asOf})`);
  }
  const known = (at: number | null, what: string): number | null => {
    if (at === null) return null;
    assertInstant(at, what);
    if (at < openedAt) throw new SlaError('invalid_incident', `${what} ${at} is before openedAt ${openedAt}`);
    return at <= asOf ? at : null;
  };
  const acknowledgedAt = known(incident.acknowledgedAt, 'acknowledgedAt');
  const resolvedAt = known(incident.resolvedAt, 'resolvedAt');

  let acknowledgeStoppedBy: IncidentResponse['acknowledgeStoppedBy'] = null;
  let stoppedAt: number | null = null;
  if (acknowledgedAt !== null && (resolvedAt === null || acknowledgedAt <= resolvedAt)) {
    acknowledgeStoppedBy = 'acknowledgement';
    stoppedAt = acknowledgedAt;
  } else if (resolvedAt !== null) {
    acknowledgeStoppedBy = 'resolution';
    stoppedAt = resolvedAt;
  }

  const targets = policy.targets[severity];
  const timeToAcknowledgeMs = stoppedAt === null ? null : stoppedAt - openedAt;
  const timeToResolveMs = resolvedAt === null ? null : resolvedAt - openedAt;
  return {
    severity,
    acknowledgeDeadline: ackDeadline(openedAt, severity, policy),
    resolveDeadline: resolveDeadline(openedAt, severity, policy),
    timeToAcknowledgeMs,
    acknowledgeStoppedBy,
    timeToResolveMs,
    acknowledge: judge(timeToAcknowledgeMs, targets.acknowledgeMs, openedAt, asOf),
    resolve: judge(timeToResolveMs, targets.resolveMs, openedAt, asOf),
  };
}

/** Counts of one clock over a set of incidents. */
export interface ComplianceTally {
  compliant: number;
  breached: number;
  pending: number;
  noTarget: number;
  /** compliant + breached. */
  decided: number;
  /** compliant ÷ decided; null when nothing is decided. */
  compliance: number | null;
}

export interface ResponseSummary {
  incidents: number;
  acknowledge: ComplianceTally;
  resolve: ComplianceTally;
}

function emptyTally(): ComplianceTally {
  return { compliant: 0, breached: 0, pending: 0, noTarget: 0, decided: 0, compliance: null };
}

function count(tally: ComplianceTally, outcome: ComplianceOutcome): void {
  if (outcome === 'compliant') tally.compliant += 1;
  else if (outcome === 'breached') tally.breached += 1;
  else if (outcome === 'pending') tally.pending += 1;
  else tally.noTarget += 1;
  tally.decided = tally.compliant + tally.breached;
  tally.compliance = tally.decided > 0 ? tally.compliant / tally.decided : null;
}

function emptySummary(): ResponseSummary {
  return { incidents: 0, acknowledge: emptyTally(), resolve: emptyTally() };
}

function addTo(summary: ResponseSummary, response: Pick<IncidentResponse, 'acknowledge' | 'resolve'>): void {
  summary.incidents += 1;
  count(summary.acknowledge, response.acknowledge);
  count(summary.resolve, response.resolve);
}

/** Compliance of a set of judged incidents. */
export function summarizeResponse(responses: Iterable<Pick<IncidentResponse, 'acknowledge' | 'resolve'>>): ResponseSummary {
  const summary = emptySummary();
  for (const response of responses) addTo(summary, response);
  return summary;
}

/** Compliance per group, keyed by `keyOf` (an item with a null key joins no group), in key order. */
export function summarizeResponseBy<T>(
  items: Iterable<T>,
  keyOf: (item: T) => string | null,
  responseOf: (item: T) => Pick<IncidentResponse, 'acknowledge' | 'resolve'>,
): Record<string, ResponseSummary> {
  const groups = new Map<string, ResponseSummary>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = emptySummary()));
    addTo(group, responseOf(item));
  }
  return Object.fromEntries([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** An incident with the groups it is reported in. `contractor` null: no contractor answers for it. */
export interface IncidentResponseRow extends IncidentTimes {
  areaCode: string;
  contractor: string | null;
}

export interface ResponseReport {
  overall: ResponseSummary;
  bySeverity: Record<string, ResponseSummary>;
  byArea: Record<string, ResponseSummary>;
  byContractor: Record<string, ResponseSummary>;
  /** By the local month the incident opened in (`YYYY-MM`). */
  byMonth: Record<string, ResponseSummary>;
  /** By the local date the incident opened on (`YYYY-MM-DD`). */
  byDate: Record<string, ResponseSummary>;
}

/** Every incident judged as of `asOf`, then summarized overall and per severity, area, contractor, month and day. */
export function responseReport(
  rows: readonly IncidentResponseRow[],
  asOf: number,
  policy: ResponsePolicy = DEFAULT_RESPONSE_POLICY,
  timeZone: string = PROVINCE_TIME_ZONE,
): ResponseReport {
  const judged = rows.map((row) => ({ row, response: incidentResponse(row, asOf, policy) }));
  type Judged = (typeof judged)[number];
  const responseOf = (j: Judged): IncidentResponse => j.response;
  return {
    overall: summarizeResponse(judged.map(responseOf)),
    bySeverity: summarizeResponseBy(judged, (j) => j.row.severity, responseOf),
    byArea: summarizeResponseBy(judged, (j) => j.row.areaCode, responseOf),
    byContractor: summarizeResponseBy(judged, (j) => j.row.contractor, responseOf),
    byMonth: summarizeResponseBy(judged, (j) => localMonth(j.row.openedAt, timeZone), responseOf),
    byDate: summarizeResponseBy(judged, (j) => localDate(j.row.openedAt, timeZone), responseOf),
  };
}
