// Device availability (DESIGN.md §4 "SLA"): online time ÷ (period − maintenance windows −
// time before installation − time after decommissioning − time with no data), computed
// exactly from the stored status transitions, never by sampling. The registry writes a transition for every status
// change, including the ones a gateway outage causes (each device behind it goes offline),
// so a gateway outage needs no input of its own.
//
// Decisions (the module's defaults, each stated where it applies):
// - `degraded` is NOT available by default: it means a video_loss, tamper, storage_failure
//   or recording-off condition stands, so the camera is not doing its job. An SLA that only
//   asks "does the device answer" can pass `degradedCountsAsAvailable: true`.
// - `offline` is not available: a gateway that is down while the platform runs takes its
//   devices offline, and that is an outage.
// - "No data" (docs/availability.md) is neither available nor unavailable: it leaves the
//   denominator and is reported as data coverage = judged time ÷ (judged + no data). It is
//   time when the platform itself was not monitoring (`platformNotMonitoring`, spans the
//   caller derives from the platform's monitoring sessions, see monitoring.ts), and time in
//   status `unknown`, i.e. before the platform first heard from the device
//   (`beforeFirstHeard`).
// - Time is excluded in this order, each millisecond once: before installation
//   (`notInstalled`), then after decommissioning (`decommissioned`), then maintenance, then
//   the platform not monitoring, then before first heard. So a maintenance window before
//   installation counts as "not installed", overlapping windows (device, gateway, area)
//   count once, and a planned window is never called "no data".
// - `installedAt` null means the register has no installation date: the device is not
//   installed for the whole period (all of it `notInstalled`), as coverage treats it, so
//   SLA never holds a contractor to a device the register does not call installed.
// - Time in status `decommissioned` is excluded as decommissioned even if
//   `decommissionedAt` is missing, so an inconsistent record cannot count against anyone.
import type { DeviceStatus } from '@ioc/contracts';
import { assertPeriod, DayPeriod, Period, PROVINCE_TIME_ZONE, splitByLocalDay } from './periods';
import { assertInstant, SlaError } from './sla.error';

/** One stored status change of a device: at `at` it went from `from` to `to`. */
export interface StatusTransition {
  at: number;
  from: DeviceStatus;
  to: DeviceStatus;
}

/** A maintenance window [start, end), in epoch ms. */
export interface MaintenanceWindowSpan {
  start: number;
  end: number;
}

/** What availability needs to know about one device. */
export interface DeviceTimeline {
  /** Its status transitions, in any order; ties on `at` keep their given order (the last wins). */
  transitions: readonly StatusTransition[];
  /**
   * Its status before the first transition inside the period. When omitted it is derived:
   * the `to` of the last transition at or before the period's start, else the `from` of
   * the first transition after it, else `unknown`.
   */
  statusAtFrom?: DeviceStatus;
  /** When it was installed: the start of its local installation day (`startOfLocalDay(installedOn)`); null: no date, never installed. */
  installedAt: number | null;
  /** When it was decommissioned; null: still in service. */
  decommissionedAt: number | null;
  /** Maintenance windows that apply to it: its own, its gateway's and its area's, overlapping or not. */
  maintenance: readonly MaintenanceWindowSpan[];
  /**
   * When the platform itself was not monitoring (the same spans for every device; see
   * `platformNotMonitoring` in monitoring.ts). Omitted: it monitored the whole period.
   */
  notMonitored?: readonly MaintenanceWindowSpan[];
}

export interface AvailabilityOptions {
  /** Count `degraded` time as available. Default false: a degraded camera is not working. */
  degradedCountsAsAvailable?: boolean;
}

/** Time with no data, by reason (each millisecond in one). */
export interface NoDataTime {
  /** The platform (ingest or registry) was not monitoring. */
  platformNotMonitoring: number;
  /** Installed, but the platform had not yet heard from the device (status `unknown`). */
  beforeFirstHeard: number;
  total: number;
}

/** Excluded time, each millisecond in exactly one reason. */
export interface ExcludedTime {
  notInstalled: number;
  decommissioned: number;
  maintenance: number;
  /** No data (`noDataMs.total`): out of the denominator, reported as data coverage. */
  noData: number;
  total: number;
}

/** Statuses eligible time can be in (decommissioned time is never eligible, unknown time is no data). */
export type EligibleStatus = Exclude<DeviceStatus, 'decommissioned' | 'unknown'>;

/**
 * The figures of one device over one period, in whole ms:
 * periodMs = excludedMs.total + eligibleMs, eligibleMs = Σ eligibleByStatusMs, and
 * accountableMs = eligibleMs + noDataMs.total (the time the device should have been watched).
 */
export interface DeviceAvailability {
  periodMs: number;
  excludedMs: ExcludedTime;
  noDataMs: NoDataTime;
  /** Installed, in service and not in maintenance: eligibleMs + noDataMs.total. */
  accountableMs: number;
  eligibleMs: number;
  /** Eligible time by status, so a report can say what the unavailable time was. */
  eligibleByStatusMs: Record<EligibleStatus, number>;
  availableMs: number;
  /** availableMs ÷ eligibleMs, 0..1; null when nothing is eligible (nothing to judge: "—"). */
  availability: number | null;
  /** eligibleMs ÷ accountableMs, 0..1: how much of the time that counts had data; null when none counts. */
  dataCoverage: number | null;
}

/** Availability of one local day of a longer period (for a daily chart). */
export interface DailyAvailability extends DeviceAvailability {
  date: string;
  from: number;
  to: number;
}

/** Sorted, merged windows clipped to the period: overlapping or touching windows become one. */
export function mergeWindows(windows: readonly MaintenanceWindowSpan[], period: Period): MaintenanceWindowSpan[] {
  const clipped: MaintenanceWindowSpan[] = [];
  for (const w of windows) {
    assertInstant(w.start, 'maintenance window start');
    assertInstant(w.end, 'maintenance window end');
    if (w.end < w.start) {
      throw new SlaError('invalid_window', `maintenance window [${w.start}, ${w.end}) ends before it starts`);
    }
    const start = Math.max(w.start, period.from);
    const end = Math.min(w.end, period.to);
    if (start < end) clipped.push({ start, end });
  }
  clipped.sort((a, b) => a.start - b.start);
  const merged: MaintenanceWindowSpan[] = [];
  for (const w of clipped) {
    const last = merged[merged.length - 1];
    if (last && w.start <= last.end) last.end = Math.max(last.end, w.end);
    else merged.push({ ...w });
  }
  return merged;
}

function sortedTransitions(transitions: readonly StatusTransition[]): StatusTransition[] {
  for (const t of transitions) assertInstant(t.at, 'transition at');
  // Array.prototype.sort is stable: transitions at the same ms keep the caller's order.
  return [...transitions].sort((a, b) => a.at - b.at);
}

/**
 * Availability of one device over [from, to). Exact: the period is cut at every transition,
 * window edge, installation and decommissioning, and each piece is classified whole.
 */
export function deviceAvailability(device: DeviceTimeline, period: Period, options: AvailabilityOptions = {}): DeviceAvailability {
  assertPeriod(period);
  const { from, to } = period;
  if (device.installedAt !== null) assertInstant(device.installedAt, 'installedAt');
  if (device.decommissionedAt !== null) assertInstant(device.decommissionedAt, 'decommissionedAt');
  const transitions = sortedTransitions(device.transitions);
  const windows = mergeWindows(device.maintenance, period);
  const gaps = mergeWindows(device.notMonitored ?? [], period);
  const degradedCounts = options.degradedCountsAsAvailable ?? false;

  const cuts = new Set<number>([from, to]);
  const inside = (at: number | null): void => {
    if (at !== null && at > from && at < to) cuts.add(at);
  };
  for (const t of transitions) inside(t.at);
  for (const w of [...windows, ...gaps]) {
    inside(w.start);
    inside(w.end);
  }
  inside(device.installedAt);
  inside(device.decommissionedAt);
  const points = [...cuts].sort((a, b) => a - b);

  // The status sweep: `next` is the first transition not yet applied.
  let status: DeviceStatus;
  let next = 0;
  if (device.statusAtFrom !== undefined) {
    status = device.statusAtFrom;
    while (next < transitions.length && transitions[next].at < from) next++;
  } else {
    status = transitions.length > 0 ? transitions[0].from : 'unknown';
  }
  let window = 0;
  let gap = 0;

  const excluded: ExcludedTime = { notInstalled: 0, decommissioned: 0, maintenance: 0, noData: 0, total: 0 };
  const noData: NoDataTime = { platformNotMonitoring: 0, beforeFirstHeard: 0, total: 0 };
  const byStatus: Record<EligibleStatus, number> = { online: 0, degraded: 0, offline: 0 };
  let availableMs = 0;

  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i];
    const length = points[i + 1] - start;
    while (next < transitions.length && transitions[next].at <= start) status = transitions[next++].to;
    while (window < windows.length && windows[window].end <= start) window++;
    while (gap < gaps.length && gaps[gap].end <= start) gap++;

    const installed = device.installedAt !== null && start >= device.installedAt;
    const decommissioned = (device.decommissionedAt !== null && start >= device.decommissionedAt) || status === 'decommissioned';
    const inMaintenance = window < windows.length && windows[window].start <= start;
    const notMonitored = gap < gaps.length && gaps[gap].start <= start;

    if (!installed) excluded.notInstalled += length;
    else if (decommissioned) excluded.decommissioned += length;
    else if (inMaintenance) excluded.maintenance += length;
    else if (notMonitored) noData.platformNotMonitoring += length;
    else if (status === 'unknown') noData.beforeFirstHeard += length;
    else {
      // `decommissioned` and `unknown` were handled above, so the status is an eligible one here.
      const eligible = status as EligibleStatus;
      byStatus[eligible] += length;
      if (eligible === 'online' || (eligible === 'degraded' && degradedCounts)) availableMs += length;
    }
  }

  noData.total = noData.platformNotMonitoring + noData.beforeFirstHeard;
  excluded.noData = noData.total;
  excluded.total = excluded.notInstalled + excluded.decommissioned + excluded.maintenance + excluded.noData;
  const eligibleMs = byStatus.online + byStatus.degraded + byStatus.offline;
  const accountableMs = eligibleMs + noData.total;
  return {
    periodMs: to - from,
    excludedMs: excluded,
    noDataMs: noData,
    accountableMs,
    eligibleMs,
    eligibleByStatusMs: byStatus,
    availableMs,
    availability: eligibleMs > 0 ? availableMs / eligibleMs : null,
    dataCoverage: accountableMs > 0 ? eligibleMs / accountableMs : null,
  };
}

/**
 * Availability of one device for each local day a period touches (the first and last day
 * clipped to the period), for a daily availability chart. A `statusAtFrom` given for the
 * whole period is carried forward through the transitions to each day's start.
 */
export function dailyAvailability(
  device: DeviceTimeline,
  period: Period,
  options: AvailabilityOptions = {},
  timeZone: string = PROVINCE_TIME_ZONE,
): DailyAvailability[] {
  const days = splitByLocalDay(period, timeZone);
  const transitions = sortedTransitions(device.transitions);
  let status = device.statusAtFrom;
  let next = 0;
  while (next < transitions.length && transitions[next].at < period.from) next++;
  return days.map((day: DayPeriod) => {
    if (status !== undefined) {
      while (next < transitions.length && transitions[next].at < day.from) status = transitions[next++].to;
    }
    const timeline = status === undefined ? device : { ...device, statusAtFrom: status };
    return { date: day.date, from: day.from, to: day.to, ...deviceAvailability(timeline, day, options) };
  });
}
