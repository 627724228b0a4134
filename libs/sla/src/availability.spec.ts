import type { DeviceStatus } from '@ioc/contracts';
import { dailyAvailability, DeviceTimeline, deviceAvailability, mergeWindows, StatusTransition } from './availability';
import { monthRange, startOfLocalDay } from './periods';
import { local, slaErrorCode } from './sla.fixture';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const go = (wall: string, from: DeviceStatus, to: DeviceStatus): StatusTransition => ({ at: local(wall), from, to });

const OCTOBER = monthRange('2026-10'); // 31 days = 744 h
const NOVEMBER = monthRange('2026-11'); // 30 days = 720 h
const INSTALLED_LONG_AGO = startOfLocalDay('2025-06-01');
const FIRST_HEARD = go('2025-06-01T08:00:00', 'unknown', 'online');

/** A device installed in 2025, online since, with the given extra transitions and windows. */
function camera(extra: StatusTransition[] = [], maintenance: DeviceTimeline['maintenance'] = []): DeviceTimeline {
  return { transitions: [FIRST_HEARD, ...extra], installedAt: INSTALLED_LONG_AGO, decommissionedAt: null, maintenance };
}

describe('device availability', () => {
  it('charges an outage across a month boundary to each month for its own part', () => {
    // Offline from 31 Oct 23:00 to 1 Nov 02:00 local (Nov starts at 00:00 local = 31 Oct 17:00Z).
    // October: 744 h eligible, 1 h offline → 743 h available, 743/744.
    // November: 720 h eligible, 2 h offline → 718 h available, 718/720.
    const device = camera([go('2026-10-31T23:00:00', 'online', 'offline'), go('2026-11-01T02:00:00', 'offline', 'online')]);

    const october = deviceAvailability(device, OCTOBER);
    expect(october.periodMs).toBe(744 * HOUR);
    expect(october.eligibleMs).toBe(744 * HOUR);
    expect(october.eligibleByStatusMs.offline).toBe(1 * HOUR);
    expect(october.availableMs).toBe(743 * HOUR);
    expect(october.availability).toBe(743 / 744);

    const november = deviceAvailability(device, NOVEMBER);
    expect(november.eligibleMs).toBe(720 * HOUR);
    expect(november.eligibleByStatusMs.offline).toBe(2 * HOUR);
    expect(november.availableMs).toBe(718 * HOUR);
    expect(november.availability).toBe(718 / 720);
  });

  it('does not count the part of an outage inside a maintenance window against the device', () => {
    // Offline 10 Nov 10:00–14:00 (4 h); maintenance 12:00–16:00 (4 h).
    // Excluded 4 h → eligible 720 − 4 = 716 h. Offline outside the window: 10:00–12:00 = 2 h.
    // Available 716 − 2 = 714 h (14:00–16:00 online but in maintenance: excluded, not credited).
    const device = camera(
      [go('2026-11-10T10:00:00', 'online', 'offline'), go('2026-11-10T14:00:00', 'offline', 'online')],
      [{ start: local('2026-11-10T12:00:00'), end: local('2026-11-10T16:00:00') }],
    );
    const result = deviceAvailability(device, NOVEMBER);
    expect(result.excludedMs).toEqual({ notInstalled: 0, decommissioned: 0, maintenance: 4 * HOUR, noData: 0, total: 4 * HOUR });
    expect(result.eligibleMs).toBe(716 * HOUR);
    expect(result.eligibleByStatusMs.offline).toBe(2 * HOUR);
    expect(result.availableMs).toBe(714 * HOUR);
    expect(result.availability).toBe(714 / 716);
  });

  it('starts a device installed mid-month at the start of its local installation day, and judges it from when it was first heard', () => {
    // installedOn 2026-11-16 → 16 Nov 00:00 local. 1–15 Nov (15 d = 360 h) not installed.
    // Accountable 16–30 Nov = 15 d = 360 h. First heard 16 Nov 09:30: 9.5 h no data (before
    // first heard). Eligible 360 − 9.5 = 350.5 h, all online: availability 1.
    // Data coverage 350.5 / 360.
    const device: DeviceTimeline = {
      transitions: [go('2026-11-16T09:30:00', 'unknown', 'online')],
      installedAt: startOfLocalDay('2026-11-16'),
      decommissionedAt: null,
      maintenance: [],
    };
    const result = deviceAvailability(device, NOVEMBER);
    expect(result.excludedMs.notInstalled).toBe(360 * HOUR);
    expect(result.accountableMs).toBe(360 * HOUR);
    expect(result.noDataMs).toEqual({ platformNotMonitoring: 0, beforeFirstHeard: 9.5 * HOUR, total: 9.5 * HOUR });
    expect(result.eligibleMs).toBe(350.5 * HOUR);
    expect(result.availableMs).toBe(350.5 * HOUR);
    expect(result.availability).toBe(1);
    expect(result.dataCoverage).toBe(350.5 / 360);
  });

  it('ends the period of a decommissioned device at its decommissioning', () => {
    // Decommissioned 20 Nov 15:00 local. Eligible 1 Nov 00:00 → 20 Nov 15:00 = 19 d + 15 h = 471 h,
    // all online. Excluded 720 − 471 = 249 h.
    const device: DeviceTimeline = {
      ...camera([go('2026-11-20T15:00:00', 'online', 'decommissioned')]),
      decommissionedAt: local('2026-11-20T15:00:00'),
    };
    const result = deviceAvailability(device, NOVEMBER);
    expect(result.eligibleMs).toBe(471 * HOUR);
    expect(result.excludedMs.decommissioned).toBe(249 * HOUR);
    expect(result.availableMs).toBe(471 * HOUR);
    expect(result.availability).toBe(1);
  });

  it('excludes time in status decommissioned even without a decommissioning instant', () => {
    // Same as above with decommissionedAt missing: the status alone excludes the 249 h.
    const device = camera([go('2026-11-20T15:00:00', 'online', 'decommissioned')]);
    const result = deviceAvailability(device, NOVEMBER);
    expect(result.excludedMs.decommissioned).toBe(249 * HOUR);
    expect(result.availability).toBe(1);
  });

  it('subtracts overlapping maintenance windows of the device, its gateway and its area once', () => {
    // 3 Nov: device 09:00–12:00, gateway 10:00–14:00, area 13:00–15:00, and 10:30–11:00 inside.
    // Union 09:00–15:00 = 6 h (the windows add up to 3 + 4 + 2 + 0.5 = 9.5 h).
    // Offline 08:00–16:00: outside the union 08:00–09:00 and 15:00–16:00 = 2 h.
    // Eligible 720 − 6 = 714 h, available 714 − 2 = 712 h.
    const device = camera(
      [go('2026-11-03T08:00:00', 'online', 'offline'), go('2026-11-03T16:00:00', 'offline', 'online')],
      [
        { start: local('2026-11-03T09:00:00'), end: local('2026-11-03T12:00:00') },
        { start: local('2026-11-03T10:00:00'), end: local('2026-11-03T14:00:00') },
        { start: local('2026-11-03T13:00:00'), end: local('2026-11-03T15:00:00') },
        { start: local('2026-11-03T10:30:00'), end: local('2026-11-03T11:00:00') },
      ],
    );
    const result = deviceAvailability(device, NOVEMBER);
    expect(result.excludedMs.maintenance).toBe(6 * HOUR);
    expect(result.eligibleMs).toBe(714 * HOUR);
    expect(result.eligibleByStatusMs.offline).toBe(2 * HOUR);
    expect(result.availableMs).toBe(712 * HOUR);
  });

  it('merges touching windows and clips them to the period', () => {
    const merged = mergeWindows(
      [
        { start: 50, end: 70 },
        { start: 0, end: 20 },
        { start: 20, end: 30 },
        { start: 90, end: 200 },
        { start: 40, end: 40 },
      ],
      { from: 10, to: 100 },
    );
    expect(merged).toEqual([
      { start: 10, end: 30 },
      { start: 50, end: 70 },
      { start: 90, end: 100 },
    ]);
  });

  it('carries the status in from before the period when nothing changes inside it', () => {
    // Online since 12 Sep: all 720 h of November available.
    const up = camera([go('2026-09-12T10:00:00', 'offline', 'online')]);
    expect(deviceAvailability(up, NOVEMBER)).toMatchObject({ eligibleMs: 720 * HOUR, availableMs: 720 * HOUR, availability: 1 });
    // Offline since 28 Oct: all 720 h of November offline.
    const down = camera([go('2026-10-28T10:00:00', 'online', 'offline')]);
    const result = deviceAvailability(down, NOVEMBER);
    expect(result).toMatchObject({ eligibleMs: 720 * HOUR, availableMs: 0, availability: 0 });
    expect(result.eligibleByStatusMs.offline).toBe(720 * HOUR);
  });

  it('takes the status before the period from the caller when given, over earlier transitions', () => {
    // The transitions before November say online (since 2025), the caller says offline at the
    // start (e.g. it loaded only November's transitions and the status at 1 Nov from elsewhere).
    // Online from 2 Nov 00:00 → 24 h offline, 696 h available.
    const device: DeviceTimeline = {
      transitions: [FIRST_HEARD, go('2026-11-02T00:00:00', 'offline', 'online')],
      statusAtFrom: 'offline',
      installedAt: INSTALLED_LONG_AGO,
      decommissionedAt: null,
      maintenance: [],
    };
    expect(deviceAvailability(device, NOVEMBER).availableMs).toBe(696 * HOUR);
    // Derived instead: online since 2025 → all 720 h.
    expect(deviceAvailability({ ...device, statusAtFrom: undefined }, NOVEMBER).availableMs).toBe(720 * HOUR);
  });

  it('derives the starting status from the first transition when none is earlier', () => {
    // Only November's transitions: the first one (offline → online on 2 Nov) says it was offline. 696 h.
    const device: DeviceTimeline = {
      transitions: [go('2026-11-02T00:00:00', 'offline', 'online')],
      installedAt: INSTALLED_LONG_AGO,
      decommissionedAt: null,
      maintenance: [],
    };
    expect(deviceAvailability(device, NOVEMBER).availableMs).toBe(696 * HOUR);
  });

  it('has no data, not downtime, for a device never heard from (unknown): availability "—", data coverage 0', () => {
    const silent: DeviceTimeline = { transitions: [], installedAt: INSTALLED_LONG_AGO, decommissionedAt: null, maintenance: [] };
    const result = deviceAvailability(silent, NOVEMBER);
    expect(result).toMatchObject({ eligibleMs: 0, availableMs: 0, availability: null, accountableMs: 720 * HOUR, dataCoverage: 0 });
    expect(result.noDataMs.beforeFirstHeard).toBe(720 * HOUR);
  });

  it('counts degraded as not available unless asked to', () => {
    // Video loss 5 Nov 10:00–12:00: 2 h degraded. Default: 718/720; degraded counted: 720/720.
    const device = camera([go('2026-11-05T10:00:00', 'online', 'degraded'), go('2026-11-05T12:00:00', 'degraded', 'online')]);
    const strict = deviceAvailability(device, NOVEMBER);
    expect(strict.eligibleByStatusMs.degraded).toBe(2 * HOUR);
    expect(strict.availableMs).toBe(718 * HOUR);
    const lenient = deviceAvailability(device, NOVEMBER, { degradedCountsAsAvailable: true });
    expect(lenient.availableMs).toBe(720 * HOUR);
  });

  it('sorts the transitions itself; of two at the same instant, the later given wins', () => {
    // Offline 7 Nov 06:00–06:45 (45 min), given newest first. At 06:45 two transitions share
    // the millisecond (degraded, then online, in that order): online from 06:45.
    // Available 720 h − 45 min.
    const transitions = [
      go('2026-11-07T06:45:00', 'offline', 'degraded'),
      go('2026-11-07T06:00:00', 'online', 'offline'),
      go('2026-11-07T06:45:00', 'degraded', 'online'),
      FIRST_HEARD,
    ];
    const device: DeviceTimeline = { transitions, installedAt: INSTALLED_LONG_AGO, decommissionedAt: null, maintenance: [] };
    const result = deviceAvailability(device, NOVEMBER);
    expect(result.availableMs).toBe(720 * HOUR - 45 * 60_000);
    expect(result.eligibleByStatusMs.degraded).toBe(0);
  });

  it('applies a transition at the very start of the period to the period', () => {
    const device = camera([go('2026-10-20T00:00:00', 'online', 'offline'), go('2026-11-01T00:00:00', 'offline', 'online')]);
    expect(deviceAvailability(device, NOVEMBER).availability).toBe(1);
  });

  it('counts to the millisecond', () => {
    // Offline for 1 ms at 15 Nov 12:00:00.000.
    const device = camera([go('2026-11-15T12:00:00.000', 'online', 'offline'), go('2026-11-15T12:00:00.001', 'offline', 'online')]);
    const result = deviceAvailability(device, NOVEMBER);
    expect(result.availableMs).toBe(30 * DAY - 1);
    expect(result.eligibleByStatusMs.offline).toBe(1);
  });

  it('has nothing to judge (null) when no time is eligible', () => {
    // All of November in maintenance.
    const serviced = camera([], [{ start: NOVEMBER.from - HOUR, end: NOVEMBER.to + HOUR }]);
    expect(deviceAvailability(serviced, NOVEMBER)).toMatchObject({ eligibleMs: 0, availableMs: 0, availability: null });
    expect(deviceAvailability(serviced, NOVEMBER).excludedMs.maintenance).toBe(720 * HOUR);
    // Installed in December.
    const later: DeviceTimeline = { transitions: [], installedAt: startOfLocalDay('2026-12-03'), decommissionedAt: null, maintenance: [] };
    expect(deviceAvailability(later, NOVEMBER)).toMatchObject({ eligibleMs: 0, availability: null });
    // No installation date.
    const undated: DeviceTimeline = { ...camera(), installedAt: null };
    expect(deviceAvailability(undated, NOVEMBER).excludedMs.notInstalled).toBe(720 * HOUR);
    expect(deviceAvailability(undated, NOVEMBER).availability).toBeNull();
    // An empty period.
    expect(deviceAvailability(camera(), { from: NOVEMBER.from, to: NOVEMBER.from })).toMatchObject({ periodMs: 0, availability: null });
  });

  it('excludes each millisecond for one reason: not installed, then decommissioned, then maintenance', () => {
    // Installed 10 Nov, decommissioned 20 Nov 00:00; a window 5–25 Nov.
    // Not installed 1–10 Nov = 9 d; decommissioned 20 Nov–1 Dec = 11 d; maintenance 10–20 Nov = 10 d; eligible 0.
    const device: DeviceTimeline = {
      transitions: [],
      installedAt: startOfLocalDay('2026-11-10'),
      decommissionedAt: startOfLocalDay('2026-11-20'),
      maintenance: [{ start: startOfLocalDay('2026-11-05'), end: startOfLocalDay('2026-11-25') }],
    };
    const result = deviceAvailability(device, NOVEMBER);
    expect(result.excludedMs).toEqual({ notInstalled: 9 * DAY, decommissioned: 11 * DAY, maintenance: 10 * DAY, noData: 0, total: 30 * DAY });
    expect(result.eligibleMs).toBe(0);
  });

  it('keeps periodMs = excluded + eligible and eligible = Σ by status', () => {
    const device: DeviceTimeline = {
      transitions: [
        go('2026-11-02T03:00:00', 'unknown', 'online'),
        go('2026-11-04T05:17:00', 'online', 'degraded'),
        go('2026-11-04T09:00:00', 'degraded', 'offline'),
        go('2026-11-06T00:00:00', 'offline', 'online'),
        go('2026-11-28T12:00:00', 'online', 'decommissioned'),
      ],
      installedAt: startOfLocalDay('2026-11-02'),
      decommissionedAt: local('2026-11-28T12:00:00'),
      maintenance: [{ start: local('2026-11-04T08:00:00'), end: local('2026-11-05T08:00:00') }],
    };
    const r = deviceAvailability(device, NOVEMBER);
    expect(r.excludedMs.total + r.eligibleMs).toBe(r.periodMs);
    const s = r.eligibleByStatusMs;
    expect(s.online + s.degraded + s.offline).toBe(r.eligibleMs);
    expect(r.eligibleMs + r.noDataMs.total).toBe(r.accountableMs);
    expect(r.noDataMs.total).toBe(r.excludedMs.noData);
  });

  it('refuses a reversed period, a reversed window and a fractional instant', () => {
    expect(slaErrorCode(() => deviceAvailability(camera(), { from: NOVEMBER.to, to: NOVEMBER.from }))).toBe('invalid_period');
    expect(slaErrorCode(() => deviceAvailability(camera([], [{ start: 10, end: 5 }]), NOVEMBER))).toBe('invalid_window');
    expect(slaErrorCode(() => deviceAvailability(camera([{ at: 1.5, from: 'online', to: 'offline' }]), NOVEMBER))).toBe('invalid_instant');
  });
});

describe('daily availability', () => {
  it('splits an outage across midnight between the two local days', () => {
    // Offline 31 Oct 23:00 → 1 Nov 02:00. 31 Oct: 23/24 h; 1 Nov: 22/24 h; 2 Nov: 24/24 h.
    const device = camera([go('2026-10-31T23:00:00', 'online', 'offline'), go('2026-11-01T02:00:00', 'offline', 'online')]);
    const days = dailyAvailability(device, { from: local('2026-10-31T00:00:00'), to: local('2026-11-03T00:00:00') });
    expect(days.map((d) => [d.date, d.availableMs / HOUR, d.eligibleMs / HOUR])).toEqual([
      ['2026-10-31', 23, 24],
      ['2026-11-01', 22, 24],
      ['2026-11-02', 24, 24],
    ]);
  });

  it('carries a given starting status through the days', () => {
    // Offline at the start (given), online from 2 Nov 06:00: day 1 0 h, day 2 18 h, day 3 24 h.
    const device: DeviceTimeline = {
      transitions: [go('2026-11-02T06:00:00', 'offline', 'online')],
      statusAtFrom: 'offline',
      installedAt: INSTALLED_LONG_AGO,
      decommissionedAt: null,
      maintenance: [],
    };
    const days = dailyAvailability(device, { from: local('2026-11-01T00:00:00'), to: local('2026-11-04T00:00:00') });
    expect(days.map((d) => d.availableMs / HOUR)).toEqual([0, 18, 24]);
  });

  it('adds up to the month', () => {
    const device = camera([go('2026-11-10T10:00:00', 'online', 'offline'), go('2026-11-12T14:00:00', 'offline', 'online')]);
    const days = dailyAvailability(device, NOVEMBER);
    expect(days).toHaveLength(30);
    const month = deviceAvailability(device, NOVEMBER);
    expect(days.reduce((sum, d) => sum + d.availableMs, 0)).toBe(month.availableMs);
  });
});
