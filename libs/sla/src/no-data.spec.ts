// "No data" is not downtime (docs/availability.md): hand-computed timelines for the cases an
// auditor tries first. All times are local (Asia/Ho_Chi_Minh).
import type { DeviceStatus } from '@ioc/contracts';
import { dailyAvailability, DeviceTimeline, deviceAvailability, StatusTransition } from './availability';
import { MonitoringSession, platformMonitoredSpans, platformNotMonitoring, serviceMonitoredSpans } from './monitoring';
import { monthRange, startOfLocalDay } from './periods';
import { rollUpAvailability } from './roll-up';
import { local, slaErrorCode } from './sla.fixture';

const SECOND = 1000;
const HOUR = 3_600_000;
const BEAT = 10 * SECOND;
const go = (wall: string, from: DeviceStatus, to: DeviceStatus): StatusTransition => ({ at: local(wall), from, to });
const NOVEMBER = monthRange('2026-11'); // 30 days = 720 h
const DECEMBER = monthRange('2026-12'); // 31 days = 744 h

/** Both services beating every 10 s over each [start, lastBeat] given. */
const running = (...spans: [number, number][]): MonitoringSession[] =>
  spans.flatMap(([start, lastBeat]) => ['ingest', 'registry'].map((service) => ({ service, start, lastBeat, intervalMs: BEAT })));

describe('no data: time before the platform first heard from a device', () => {
  it('counts a month that started before go-live only from go-live, with the data coverage beside it', () => {
    // The platform goes live on 6 Dec at 09:00 (first beats of ingest and the registry) and
    // runs to the end of the month. The camera, installed in 2025, is first heard at 09:30;
    // its gateway loses power 20 Dec 10:00–12:00 while the platform runs (an outage).
    //   period                     744 h
    //   platform not monitoring    1 Dec 00:00 → 6 Dec 09:00 = 5 d 9 h = 129 h
    //   before first heard         09:00 → 09:30 = 0.5 h
    //   no data                    129.5 h
    //   eligible                   744 − 129.5 = 614.5 h; offline 2 h; available 612.5 h
    //   availability               612.5 / 614.5 ≈ 99.67 %   (the old rule: 612.5 / 744 ≈ 82.3 %)
    //   data coverage              614.5 / 744 ≈ 82.59 %
    const sessions = running([local('2026-12-06T09:00:00'), DECEMBER.to]);
    const device: DeviceTimeline = {
      transitions: [
        go('2026-12-06T09:30:00', 'unknown', 'online'),
        go('2026-12-20T10:00:00', 'online', 'offline'),
        go('2026-12-20T12:00:00', 'offline', 'online'),
      ],
      installedAt: startOfLocalDay('2025-03-01'),
      decommissionedAt: null,
      maintenance: [],
      notMonitored: platformNotMonitoring(sessions, DECEMBER, { asOf: DECEMBER.to }),
    };
    const r = deviceAvailability(device, DECEMBER);
    expect(r.noDataMs).toEqual({ platformNotMonitoring: 129 * HOUR, beforeFirstHeard: 0.5 * HOUR, total: 129.5 * HOUR });
    expect(r.accountableMs).toBe(744 * HOUR);
    expect(r.eligibleMs).toBe(614.5 * HOUR);
    expect(r.eligibleByStatusMs.offline).toBe(2 * HOUR);
    expect(r.availableMs).toBe(612.5 * HOUR);
    expect(r.availability).toBe(612.5 / 614.5);
    expect(r.dataCoverage).toBe(614.5 / 744);
    expect(r.excludedMs.total + r.eligibleMs).toBe(r.periodMs);
  });

  it('shows the days before go-live as no data (null), not 0 %', () => {
    // Same camera: days 1–5 have no data at all; day 6 has 09:30–24:00 = 14.5 h eligible of 24.
    const sessions = running([local('2026-12-06T09:00:00'), DECEMBER.to]);
    const device: DeviceTimeline = {
      transitions: [go('2026-12-06T09:30:00', 'unknown', 'online')],
      installedAt: startOfLocalDay('2025-03-01'),
      decommissionedAt: null,
      maintenance: [],
      notMonitored: platformNotMonitoring(sessions, DECEMBER, { asOf: DECEMBER.to }),
    };
    const days = dailyAvailability(device, DECEMBER);
    expect(days.slice(0, 5).map((d) => [d.availability, d.dataCoverage])).toEqual(Array(5).fill([null, 0]));
    expect(days[5]).toMatchObject({ date: '2026-12-06', eligibleMs: 14.5 * HOUR, availability: 1, dataCoverage: 14.5 / 24 });
    expect(days[6]).toMatchObject({ availability: 1, dataCoverage: 1 });
  });
});

describe('no data: time the platform itself was not monitoring', () => {
  it('takes a platform outage overlapping a device outage out of the outage', () => {
    // November, platform live all month except the registry, down 10 Nov 12:00–16:00.
    // The camera is offline 10:00–14:00. Offline while monitored: 10:00–12:00 = 2 h.
    //   no data 4 h (12:00–16:00); eligible 720 − 4 = 716 h; available 716 − 2 = 714 h
    //   availability 714 / 716; data coverage 716 / 720
    const sessions: MonitoringSession[] = [
      { service: 'ingest', start: NOVEMBER.from - HOUR, lastBeat: NOVEMBER.to, intervalMs: BEAT },
      { service: 'registry', start: NOVEMBER.from - HOUR, lastBeat: local('2026-11-10T12:00:00'), intervalMs: BEAT },
      { service: 'registry', start: local('2026-11-10T16:00:00'), lastBeat: NOVEMBER.to, intervalMs: BEAT },
    ];
    const device: DeviceTimeline = {
      transitions: [go('2025-06-01T08:00:00', 'unknown', 'online'), go('2026-11-10T10:00:00', 'online', 'offline'), go('2026-11-10T14:00:00', 'offline', 'online')],
      installedAt: startOfLocalDay('2025-06-01'),
      decommissionedAt: null,
      maintenance: [],
      notMonitored: platformNotMonitoring(sessions, NOVEMBER, { asOf: NOVEMBER.to }),
    };
    const r = deviceAvailability(device, NOVEMBER);
    expect(device.notMonitored).toEqual([{ start: local('2026-11-10T12:00:00'), end: local('2026-11-10T16:00:00') }]);
    expect(r.noDataMs.platformNotMonitoring).toBe(4 * HOUR);
    expect(r.eligibleByStatusMs.offline).toBe(2 * HOUR);
    expect(r.eligibleMs).toBe(716 * HOUR);
    expect(r.availableMs).toBe(714 * HOUR);
    expect(r.availability).toBe(714 / 716);
    expect(r.dataCoverage).toBe(716 / 720);
  });

  it('starts a device installed during a platform outage at its installation, with no data until the platform heard it', () => {
    // Platform down (power cut) 14 Nov 20:00 → 16 Nov 08:00. The camera is installed on
    // 15 Nov (00:00, inside the outage) and first heard 16 Nov 08:00:30.
    //   not installed        1 Nov → 15 Nov = 14 d = 336 h (14 Nov 20:00–24:00 too: it comes first)
    //   accountable          15 Nov 00:00 → 1 Dec = 16 d = 384 h
    //   platform not monit.  15 Nov 00:00 → 16 Nov 08:00 = 32 h
    //   before first heard   08:00:00 → 08:00:30 = 30 s
    //   eligible             384 h − 32 h − 30 s, all online: availability 1
    const sessions = running([NOVEMBER.from - HOUR, local('2026-11-14T20:00:00')], [local('2026-11-16T08:00:00'), NOVEMBER.to]);
    const device: DeviceTimeline = {
      transitions: [go('2026-11-16T08:00:30', 'unknown', 'online')],
      installedAt: startOfLocalDay('2026-11-15'),
      decommissionedAt: null,
      maintenance: [],
      notMonitored: platformNotMonitoring(sessions, NOVEMBER, { asOf: NOVEMBER.to }),
    };
    const r = deviceAvailability(device, NOVEMBER);
    expect(r.excludedMs.notInstalled).toBe(336 * HOUR);
    expect(r.accountableMs).toBe(384 * HOUR);
    expect(r.noDataMs).toEqual({ platformNotMonitoring: 32 * HOUR, beforeFirstHeard: 30 * SECOND, total: 32 * HOUR + 30 * SECOND });
    expect(r.eligibleMs).toBe(352 * HOUR - 30 * SECOND);
    expect(r.availability).toBe(1);
    expect(r.dataCoverage).toBe((352 * HOUR - 30 * SECOND) / (384 * HOUR));
  });

  it('still counts a gateway down while the platform runs, and a device offline when the platform stops stays judged only while watched', () => {
    // The camera's gateway goes down 5 Nov 08:00 and comes back 6 Nov 08:00 (24 h offline).
    // The platform is down 5 Nov 20:00–22:00 in the middle: 2 h no data, 22 h of outage.
    const sessions = running([NOVEMBER.from, local('2026-11-05T20:00:00')], [local('2026-11-05T22:00:00'), NOVEMBER.to]);
    const device: DeviceTimeline = {
      transitions: [go('2025-06-01T08:00:00', 'unknown', 'online'), go('2026-11-05T08:00:00', 'online', 'offline'), go('2026-11-06T08:00:00', 'offline', 'online')],
      installedAt: startOfLocalDay('2025-06-01'),
      decommissionedAt: null,
      maintenance: [],
      notMonitored: platformNotMonitoring(sessions, NOVEMBER, { asOf: NOVEMBER.to }),
    };
    const r = deviceAvailability(device, NOVEMBER);
    expect(r.eligibleByStatusMs.offline).toBe(22 * HOUR);
    expect(r.availability).toBe((718 - 22) / 718);
  });

  it('reports a month with no data at all as "—" (null), neither 0 nor 100 %, with data coverage 0', () => {
    // The platform went live in December: nothing of October was watched.
    const sessions = running([local('2026-12-06T09:00:00'), DECEMBER.to]);
    const october = monthRange('2026-10');
    const device: DeviceTimeline = {
      transitions: [go('2026-12-06T09:30:00', 'unknown', 'online')],
      installedAt: startOfLocalDay('2025-03-01'),
      decommissionedAt: null,
      maintenance: [],
      notMonitored: platformNotMonitoring(sessions, october, { asOf: DECEMBER.to }),
    };
    const r = deviceAvailability(device, october);
    expect(r).toMatchObject({ eligibleMs: 0, availableMs: 0, availability: null, accountableMs: 744 * HOUR, dataCoverage: 0 });
    expect(r.noDataMs.platformNotMonitoring).toBe(744 * HOUR);
    const province = rollUpAvailability([r, r]);
    expect(province).toMatchObject({ devices: 2, contributingDevices: 0, availability: null, dataCoverage: 0 });
    expect(province.noDataMs.total).toBe(2 * 744 * HOUR);
  });

  it('rolls data coverage up time-weighted, like availability', () => {
    // A: 720 h eligible, no gap. B: 360 h eligible, 360 h no data. Coverage (720 + 360) / 1440 = 0.75.
    const a = { eligibleMs: 720 * HOUR, availableMs: 720 * HOUR, noDataMs: { platformNotMonitoring: 0, beforeFirstHeard: 0, total: 0 } };
    const b = { eligibleMs: 360 * HOUR, availableMs: 351 * HOUR, noDataMs: { platformNotMonitoring: 300 * HOUR, beforeFirstHeard: 60 * HOUR, total: 360 * HOUR } };
    const group = rollUpAvailability([a, b]);
    expect(group.dataCoverage).toBe(0.75);
    expect(group.availability).toBe(1071 / 1080);
    expect(group.noDataMs).toEqual({ platformNotMonitoring: 300 * HOUR, beforeFirstHeard: 60 * HOUR, total: 360 * HOUR });
  });
});

describe('the platform monitoring sessions', () => {
  const t0 = local('2026-11-10T08:00:00');

  it('joins runs of beats up to three intervals apart, and calls a longer silence a gap', () => {
    // ingest beats every 10 s: runs 08:00–08:10, 08:10:30–08:15 (30 s after: joined) and
    // 08:20:31–08:25 (5 min 31 s after 08:15: a gap).
    const spans = serviceMonitoredSpans(
      [
        { service: 'ingest', start: t0, lastBeat: t0 + 600 * SECOND, intervalMs: BEAT },
        { service: 'ingest', start: t0 + 630 * SECOND, lastBeat: t0 + 900 * SECOND, intervalMs: BEAT },
        { service: 'ingest', start: t0 + 1231 * SECOND, lastBeat: t0 + 1500 * SECOND, intervalMs: BEAT },
      ],
      t0 + 1500 * SECOND,
    );
    expect(spans).toEqual([
      { start: t0, end: t0 + 900 * SECOND },
      { start: t0 + 1231 * SECOND, end: t0 + 1500 * SECOND },
    ]);
  });

  it('carries a running session up to now, but not one whose beats are overdue', () => {
    const session: MonitoringSession = { service: 'ingest', start: t0, lastBeat: t0 + 60 * SECOND, intervalMs: BEAT };
    // Now is 25 s after the last beat: still running.
    expect(serviceMonitoredSpans([session], t0 + 85 * SECOND)).toEqual([{ start: t0, end: t0 + 85 * SECOND }]);
    // Now is 31 s after it: stopped at its last beat.
    expect(serviceMonitoredSpans([session], t0 + 91 * SECOND)).toEqual([{ start: t0, end: t0 + 60 * SECOND }]);
  });

  it('monitors only while ingest and the registry both do', () => {
    // ingest 08:00–09:00, registry 08:30–10:00: monitored 08:30–09:00.
    const period = { from: t0, to: t0 + 2 * HOUR };
    const sessions: MonitoringSession[] = [
      { service: 'ingest', start: t0, lastBeat: t0 + HOUR, intervalMs: BEAT },
      { service: 'registry', start: t0 + HOUR / 2, lastBeat: t0 + 2 * HOUR, intervalMs: BEAT },
    ];
    expect(platformMonitoredSpans(sessions, period, { asOf: period.to })).toEqual([{ start: t0 + HOUR / 2, end: t0 + HOUR }]);
    expect(platformNotMonitoring(sessions, period, { asOf: period.to })).toEqual([
      { start: t0, end: t0 + HOUR / 2 },
      { start: t0 + HOUR, end: t0 + 2 * HOUR },
    ]);
    // Nothing ever beat: the whole period is a gap.
    expect(platformNotMonitoring([], period, { asOf: period.to })).toEqual([{ start: period.from, end: period.to }]);
  });

  it('refuses a session that ends before it starts', () => {
    expect(slaErrorCode(() => serviceMonitoredSpans([{ service: 'ingest', start: 10, lastBeat: 5, intervalMs: BEAT }], 20))).toBe('invalid_window');
  });
});
