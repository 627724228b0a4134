import {
  addDays,
  daysOf,
  localDate,
  localDay,
  localMonth,
  monthRange,
  splitByLocalDay,
  startOfLocalDay,
  utcOffsetMs,
} from './periods';
import { local, slaErrorCode } from './sla.fixture';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const utc = (iso: string): number => Date.parse(iso);

describe('local days in Asia/Ho_Chi_Minh', () => {
  it('is 7 hours ahead of UTC all year (no daylight saving)', () => {
    expect(utcOffsetMs(utc('2026-01-15T00:00:00Z'))).toBe(7 * HOUR);
    expect(utcOffsetMs(utc('2026-07-15T00:00:00Z'))).toBe(7 * HOUR);
  });

  it('starts a calendar date at local midnight, 17:00 UTC the day before', () => {
    expect(startOfLocalDay('2026-11-15')).toBe(utc('2026-11-14T17:00:00Z'));
  });

  it('turns the date over at 17:00 UTC', () => {
    // 16:59:59.999Z is 23:59:59.999 local on the 30th; 17:00Z is 00:00 local on the 1st.
    expect(localDate(utc('2026-11-30T16:59:59.999Z'))).toBe('2026-11-30');
    expect(localDate(utc('2026-11-30T17:00:00.000Z'))).toBe('2026-12-01');
    expect(localMonth(utc('2026-11-30T17:00:00.000Z'))).toBe('2026-12');
  });

  it('gives the day of a date or of an instant as [from, to) of 24 hours', () => {
    const day = { from: utc('2026-11-14T17:00:00Z'), to: utc('2026-11-15T17:00:00Z') };
    expect(localDay('2026-11-15')).toEqual(day);
    expect(localDay(day.from)).toEqual(day);
    expect(localDay(day.to - 1)).toEqual(day);
    expect(localDay(local('2026-11-15T12:34:56.789'))).toEqual(day);
  });

  it('crosses a year', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(localDay('2026-12-31')).toEqual({ from: local('2026-12-31T00:00:00'), to: local('2027-01-01T00:00:00') });
  });

  it('refuses what is not a calendar date', () => {
    expect(slaErrorCode(() => localDay('2026-02-30'))).toBe('invalid_date');
    expect(slaErrorCode(() => startOfLocalDay('2026-11-5'))).toBe('invalid_date');
    expect(slaErrorCode(() => localDate(1.5))).toBe('invalid_instant');
  });

  it('refuses a time zone it does not know', () => {
    expect(slaErrorCode(() => localDay('2026-11-15', 'Asia/Quang_Binh'))).toBe('invalid_time_zone');
  });
});

describe('local months', () => {
  it('cuts November 2026 at local midnights: [31 Oct 17:00Z, 30 Nov 17:00Z)', () => {
    const november = monthRange('2026-11');
    expect(november).toEqual({ from: utc('2026-10-31T17:00:00Z'), to: utc('2026-11-30T17:00:00Z') });
    // 30 days × 24 h.
    expect(november.to - november.from).toBe(30 * DAY);
  });

  it('joins consecutive months without a gap or an overlap', () => {
    expect(monthRange('2026-10').to).toBe(monthRange('2026-11').from);
    expect(monthRange('2026-12').to).toBe(monthRange('2027-01').from);
  });

  it('lists the days of a month', () => {
    const november = daysOf('2026-11');
    expect(november).toHaveLength(30);
    expect(november[0]).toBe('2026-11-01');
    expect(november[29]).toBe('2026-11-30');
    expect(daysOf('2028-02')).toHaveLength(29);
    expect(daysOf('2026-02')).toHaveLength(28);
    expect(daysOf('2026-12')[30]).toBe('2026-12-31');
  });

  it('refuses what is not a month', () => {
    expect(slaErrorCode(() => monthRange('2026-13'))).toBe('invalid_month');
    expect(slaErrorCode(() => daysOf('2026-1'))).toBe('invalid_month');
  });
});

describe('splitting a period into local days', () => {
  it('clips the first and last day to the period', () => {
    const days = splitByLocalDay({ from: local('2026-11-01T10:00:00'), to: local('2026-11-03T05:00:00') });
    expect(days).toEqual([
      { date: '2026-11-01', from: local('2026-11-01T10:00:00'), to: local('2026-11-02T00:00:00') },
      { date: '2026-11-02', from: local('2026-11-02T00:00:00'), to: local('2026-11-03T00:00:00') },
      { date: '2026-11-03', from: local('2026-11-03T00:00:00'), to: local('2026-11-03T05:00:00') },
    ]);
  });

  it('gives a month as its days, whole', () => {
    const days = splitByLocalDay(monthRange('2026-11'));
    expect(days.map((d) => d.date)).toEqual(daysOf('2026-11'));
    expect(days.every((d) => d.to - d.from === DAY)).toBe(true);
  });

  it('gives no day for an empty period and refuses a reversed one', () => {
    expect(splitByLocalDay({ from: 5, to: 5 })).toEqual([]);
    expect(slaErrorCode(() => splitByLocalDay({ from: 6, to: 5 }))).toBe('invalid_period');
  });
});

describe('the same helpers in a zone with daylight saving', () => {
  it('gives Berlin a 23-hour day when the clocks go forward', () => {
    // 29 March 2026: 02:00 CET becomes 03:00 CEST. Midnight is 23:00Z before, 22:00Z after.
    expect(localDay('2026-03-29', 'Europe/Berlin')).toEqual({ from: utc('2026-03-28T23:00:00Z'), to: utc('2026-03-29T22:00:00Z') });
    expect(monthRange('2026-03', 'Europe/Berlin')).toEqual({ from: utc('2026-02-28T23:00:00Z'), to: utc('2026-03-31T22:00:00Z') });
  });

  it('starts a Santiago day after the gap when midnight is skipped', () => {
    // 6 September 2026: 00:00 -04 does not happen, the clocks show 01:00 -03 at 04:00Z.
    expect(startOfLocalDay('2026-09-06', 'America/Santiago')).toBe(utc('2026-09-06T04:00:00Z'));
    expect(localDate(utc('2026-09-06T03:59:59.999Z'), 'America/Santiago')).toBe('2026-09-05');
  });
});
