// Roll-ups of device availability (DESIGN.md §4 "SLA": per area, district, contractor and
// province, time-weighted). A group's availability is Σ availableMs ÷ Σ eligibleMs of its
// devices, never the mean of their ratios: a camera installed on the last afternoon of the
// month weighs a few hours, not as much as one that served the whole month. A device with
// no eligible time adds nothing (it is counted in `devices`, not in `contributingDevices`).
// Data coverage rolls up the same way: Σ eligibleMs ÷ Σ (eligibleMs + noDataMs), so a
// province's figure says how much of the time its devices should have been watched had data.
// Sums stay exact: 10,000 devices × a 31-day month is about 2.7·10¹³ ms, far below 2⁵³.
import type { DeviceAvailability, NoDataTime } from './availability';

/** The part of a device's result a roll-up needs (no `noDataMs`: none). */
export type AvailabilityFigures = Pick<DeviceAvailability, 'eligibleMs' | 'availableMs'> & { noDataMs?: NoDataTime };

export interface AvailabilityRollUp {
  /** Devices in the group. */
  devices: number;
  /** Devices with eligible time (the ones that weigh in). */
  contributingDevices: number;
  eligibleMs: number;
  availableMs: number;
  /** availableMs ÷ eligibleMs; null when the group has no eligible time. */
  availability: number | null;
  /** No data, by reason, summed over the devices. */
  noDataMs: NoDataTime;
  /** eligibleMs ÷ (eligibleMs + noDataMs.total); null when neither is > 0. */
  dataCoverage: number | null;
}

/** One device's result with the groups it belongs to. */
export interface DeviceAvailabilityRow {
  deviceId: string;
  areaCode: string;
  district: string;
  contractor: string;
  availability: AvailabilityFigures;
}

export interface AvailabilityReport {
  province: AvailabilityRollUp;
  byArea: Record<string, AvailabilityRollUp>;
  byDistrict: Record<string, AvailabilityRollUp>;
  byContractor: Record<string, AvailabilityRollUp>;
}

function emptyRollUp(): AvailabilityRollUp {
  return {
    devices: 0,
    contributingDevices: 0,
    eligibleMs: 0,
    availableMs: 0,
    availability: null,
    noDataMs: { platformNotMonitoring: 0, beforeFirstHeard: 0, total: 0 },
    dataCoverage: null,
  };
}

function add(into: AvailabilityRollUp, figures: AvailabilityFigures): void {
  into.devices += 1;
  if (figures.eligibleMs > 0) {
    into.contributingDevices += 1;
    into.eligibleMs += figures.eligibleMs;
    into.availableMs += figures.availableMs;
  }
  if (figures.noDataMs) {
    into.noDataMs.platformNotMonitoring += figures.noDataMs.platformNotMonitoring;
    into.noDataMs.beforeFirstHeard += figures.noDataMs.beforeFirstHeard;
    into.noDataMs.total += figures.noDataMs.total;
  }
  into.availability = into.eligibleMs > 0 ? into.availableMs / into.eligibleMs : null;
  const accountable = into.eligibleMs + into.noDataMs.total;
  into.dataCoverage = accountable > 0 ? into.eligibleMs / accountable : null;
}

/** Time-weighted availability of a set of devices. */
export function rollUpAvailability(results: Iterable<AvailabilityFigures>): AvailabilityRollUp {
  const total = emptyRollUp();
  for (const figures of results) add(total, figures);
  return total;
}

/** Time-weighted availability per group, keyed by `keyOf`, in key order. */
export function rollUpAvailabilityBy<T>(
  items: Iterable<T>,
  keyOf: (item: T) => string,
  figuresOf: (item: T) => AvailabilityFigures,
): Record<string, AvailabilityRollUp> {
  const groups = new Map<string, AvailabilityRollUp>();
  for (const item of items) {
    const key = keyOf(item);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = emptyRollUp()));
    add(group, figuresOf(item));
  }
  return Object.fromEntries([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Province, area, district and contractor roll-ups of one period's device results. */
export function availabilityReport(rows: readonly DeviceAvailabilityRow[]): AvailabilityReport {
  const figures = (row: DeviceAvailabilityRow): AvailabilityFigures => row.availability;
  return {
    province: rollUpAvailability(rows.map(figures)),
    byArea: rollUpAvailabilityBy(rows, (r) => r.areaCode, figures),
    byDistrict: rollUpAvailabilityBy(rows, (r) => r.district, figures),
    byContractor: rollUpAvailabilityBy(rows, (r) => r.contractor, figures),
  };
}
