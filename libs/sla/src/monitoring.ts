// When the platform itself was monitoring (docs/availability.md, decision 0022). The
// services a device's status depends on (ingest receives the messages, the registry judges
// them) each publish a monitoring beat every `intervalMs` while they do their job; the SLA
// service keeps the beats as sessions: a run of beats with no gap longer than
// MISSED_BEATS × intervalMs. The platform monitors while every required service does; the
// rest of the period is "no data" for every device. Pure: `asOf` is the caller's now.
import { assertPeriod, type Period } from './periods';
import { assertInstant, SlaError } from './sla.error';
import type { MaintenanceWindowSpan } from './availability';

/** The services that must all be monitoring for the platform to be. */
export const MONITORING_SERVICES = ['ingest', 'registry'] as const;

/**
 * Beats a service may miss before it counts as not monitoring: with beats every 10 s, a
 * silence over 30 s is a gap (two late or lost beats are not).
 */
export const MISSED_BEATS = 3;

/** A run of one service's monitoring beats: from its first beat to its last. */
export interface MonitoringSession {
  service: string;
  start: number;
  lastBeat: number;
  /** The interval the service beats at (from its beats). */
  intervalMs: number;
}

export interface MonitoringOptions {
  /** The services that must all be monitoring; default MONITORING_SERVICES. */
  services?: readonly string[];
  /**
   * Now: a session whose last beat is at most MISSED_BEATS intervals before `asOf` is still
   * running, so it covers up to `asOf` (its next beat is not overdue yet).
   */
  asOf: number;
}

type Span = MaintenanceWindowSpan;

function checked(session: MonitoringSession): void {
  assertInstant(session.start, 'monitoring session start');
  assertInstant(session.lastBeat, 'monitoring session last beat');
  if (session.lastBeat < session.start) {
    throw new SlaError('invalid_window', `monitoring session of ${session.service} [${session.start}, ${session.lastBeat}] ends before it starts`);
  }
  if (!(session.intervalMs > 0)) throw new SlaError('invalid_window', `monitoring session of ${session.service}: intervalMs must be > 0`);
}

/** The spans one service was monitoring: sessions joined across gaps it is allowed, the running one up to `asOf`. */
export function serviceMonitoredSpans(sessions: readonly MonitoringSession[], asOf: number): Span[] {
  const sorted = [...sessions].sort((a, b) => a.start - b.start);
  const spans: (Span & { allowedGap: number })[] = [];
  for (const s of sorted) {
    checked(s);
    const allowedGap = MISSED_BEATS * s.intervalMs;
    const last = spans[spans.length - 1];
    if (last && s.start - last.end <= last.allowedGap) {
      last.end = Math.max(last.end, s.lastBeat);
      last.allowedGap = allowedGap;
    } else spans.push({ start: s.start, end: s.lastBeat, allowedGap });
  }
  const last = spans[spans.length - 1];
  if (last && asOf >= last.end && asOf - last.end <= last.allowedGap) last.end = asOf;
  return spans.map(({ start, end }) => ({ start, end }));
}

function intersect(a: Span[], b: Span[]): Span[] {
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i].start, b[j].start);
    const end = Math.min(a[i].end, b[j].end);
    if (start < end) out.push({ start, end });
    if (a[i].end < b[j].end) i++;
    else j++;
  }
  return out;
}

/** The spans of `period` in which the platform was monitoring: every required service was. */
export function platformMonitoredSpans(sessions: readonly MonitoringSession[], period: Period, options: MonitoringOptions): Span[] {
  assertPeriod(period);
  assertInstant(options.asOf, 'asOf');
  let monitored: Span[] = [{ start: period.from, end: period.to }];
  for (const service of options.services ?? MONITORING_SERVICES) {
    monitored = intersect(monitored, serviceMonitoredSpans(sessions.filter((s) => s.service === service), options.asOf));
  }
  return monitored;
}

/**
 * The spans of `period` in which the platform was NOT monitoring (before go-live, while
 * ingest or the registry was down): `DeviceTimeline.notMonitored` for every device.
 */
export function platformNotMonitoring(sessions: readonly MonitoringSession[], period: Period, options: MonitoringOptions): Span[] {
  const gaps: Span[] = [];
  let cursor = period.from;
  for (const m of platformMonitoredSpans(sessions, period, options)) {
    if (m.start > cursor) gaps.push({ start: cursor, end: m.start });
    cursor = Math.max(cursor, m.end);
  }
  if (cursor < period.to) gaps.push({ start: cursor, end: period.to });
  return gaps;
}
