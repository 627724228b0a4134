import type { DeviceStatus } from '@ioc/contracts';
import { DeviceTimeline, deviceAvailability, StatusTransition } from './availability';
import { monthRange, startOfLocalDay } from './periods';
import { availabilityReport, DeviceAvailabilityRow, rollUpAvailability, rollUpAvailabilityBy } from './roll-up';
import { local } from './sla.fixture';

const HOUR = 3_600_000;
const go = (wall: string, from: DeviceStatus, to: DeviceStatus): StatusTransition => ({ at: local(wall), from, to });
const NOVEMBER = monthRange('2026-11'); // 720 h

function camera(extra: StatusTransition[] = [], installedOn = '2025-06-01'): DeviceTimeline {
  return {
    transitions: [go('2025-06-01T08:00:00', 'unknown', 'online'), ...extra],
    installedAt: startOfLocalDay(installedOn),
    decommissionedAt: null,
    maintenance: [],
  };
}

describe('availability roll-ups', () => {
  it('weighs each device by its eligible time, not as an equal share', () => {
    // A: the whole month online: 720 of 720 h. B: installed on 30 Nov, offline that day: 0 of 24 h.
    // C: installed in December: nothing eligible, adds nothing.
    // Time-weighted: 720 / (720 + 24) = 720/744 ≈ 0.968; a mean of ratios would say 0.5.
    const a = deviceAvailability(camera(), NOVEMBER);
    const b = deviceAvailability(
      { transitions: [go('2026-11-30T00:00:00', 'unknown', 'offline')], installedAt: startOfLocalDay('2026-11-30'), decommissionedAt: null, maintenance: [] },
      NOVEMBER,
    );
    const c = deviceAvailability(camera([], '2026-12-05'), NOVEMBER);
    expect([a.eligibleMs, b.eligibleMs, c.eligibleMs]).toEqual([720 * HOUR, 24 * HOUR, 0]);

    const total = rollUpAvailability([a, b, c]);
    expect(total).toMatchObject({ devices: 3, contributingDevices: 2, eligibleMs: 744 * HOUR, availableMs: 720 * HOUR, availability: 720 / 744 });
  });

  it('has nothing to judge for a group without eligible time', () => {
    expect(rollUpAvailability([{ eligibleMs: 0, availableMs: 0 }])).toEqual({
      devices: 1,
      contributingDevices: 0,
      eligibleMs: 0,
      availableMs: 0,
      availability: null,
      noDataMs: { platformNotMonitoring: 0, beforeFirstHeard: 0, total: 0 },
      dataCoverage: null,
    });
    expect(rollUpAvailability([]).availability).toBeNull();
  });

  it('groups by any key, in key order', () => {
    const groups = rollUpAvailabilityBy(
      [
        { k: 'b', eligibleMs: 10, availableMs: 5 },
        { k: 'a', eligibleMs: 4, availableMs: 4 },
        { k: 'b', eligibleMs: 30, availableMs: 30 },
      ],
      (x) => x.k,
      (x) => x,
    );
    expect(Object.keys(groups)).toEqual(['a', 'b']);
    // b: (5 + 30) / (10 + 30) = 35/40.
    expect(groups['b'].availability).toBe(35 / 40);
  });

  it('takes three devices behind a gateway offline for the 30 minutes of its outage', () => {
    // Gateway GW-DH-01 loses power 5 Nov 08:00–08:30; the registry writes offline/online for each
    // of its 3 cameras (its Last Will, then their first status). Each: 720 h eligible, 719.5 h available.
    // Area DH-LTK: 3 × 719.5 / (3 × 720) = 1439/1440.
    // Camera QN-01 in Quảng Ninh district, another gateway, stays online: 720/720.
    // Province: (3 × 719.5 + 720) / (4 × 720) = 2878.5/2880.
    // District Đồng Hới = area DH-LTK; contractor VNPT has 2 of the gateway's cameras and QN-01:
    // (2 × 719.5 + 720) / (3 × 720) = 2159/2160; Viettel has the third: 719.5/720.
    const outage = [go('2026-11-05T08:00:00', 'online', 'offline'), go('2026-11-05T08:30:00', 'offline', 'online')];
    const rows: DeviceAvailabilityRow[] = [
      { deviceId: 'CAM-DH-01', areaCode: 'DH-LTK', district: 'Đồng Hới', contractor: 'VNPT Quảng Bình', availability: deviceAvailability(camera(outage), NOVEMBER) },
      { deviceId: 'CAM-DH-02', areaCode: 'DH-LTK', district: 'Đồng Hới', contractor: 'VNPT Quảng Bình', availability: deviceAvailability(camera(outage), NOVEMBER) },
      { deviceId: 'CAM-DH-03', areaCode: 'DH-LTK', district: 'Đồng Hới', contractor: 'Viettel Quảng Bình', availability: deviceAvailability(camera(outage), NOVEMBER) },
      { deviceId: 'CAM-QN-01', areaCode: 'QN-CHO', district: 'Quảng Ninh', contractor: 'VNPT Quảng Bình', availability: deviceAvailability(camera(), NOVEMBER) },
    ];
    for (const row of rows.slice(0, 3)) expect(row.availability.availableMs).toBe(719.5 * HOUR);

    const report = availabilityReport(rows);
    expect(report.byArea['DH-LTK']).toMatchObject({ devices: 3, eligibleMs: 2160 * HOUR, availableMs: 2158.5 * HOUR, availability: 1439 / 1440 });
    expect(report.byArea['QN-CHO'].availability).toBe(1);
    expect(report.byDistrict['Đồng Hới'].availability).toBe(1439 / 1440);
    expect(report.byContractor['VNPT Quảng Bình'].availability).toBe(2159 / 2160);
    expect(report.byContractor['Viettel Quảng Bình'].availability).toBe(719.5 / 720);
    expect(report.province).toMatchObject({ devices: 4, eligibleMs: 2880 * HOUR, availableMs: 2878.5 * HOUR, availability: 2878.5 / 2880 });
  });
});
