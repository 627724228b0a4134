import { dayLabel, daysBetween, historyFrom, historySeries, localToday } from './history';

describe('coverage trend', () => {
  it('writes local days as dd/MM/yyyy without shifting them', () => {
    expect(dayLabel('2026-01-01')).toBe('01/01/2026');
  });

  it('orders the recorded days and keeps a figure the day lacks as a gap', () => {
    const s = historySeries(
      [
        { day: '2026-11-28', installedPct: 80, operationalPct: null, meetsInstalled: null, meetsOperational: null },
        { day: '2026-11-27', installedPct: 75, operationalPct: 70.37, meetsInstalled: null, meetsOperational: null },
      ],
      100,
    );
    expect(s.labels).toEqual(['27/11/2026', '28/11/2026']);
    expect(s.installed).toEqual([75, 80]);
    expect(s.operational).toEqual([70.37, null]);
    expect(s.target).toEqual([100, 100]);
  });

  it('starts a trend of n days n-1 days before today, across months and years', () => {
    expect(historyFrom('2026-03-01', 2)).toBe('2026-02-28');
    expect(historyFrom('2027-01-05', 90)).toBe('2026-10-08');
  });
});

describe('the time axis', () => {
  it('has every day of the period, a day without a record being a gap', () => {
    const s = historySeries([{ day: '2026-03-01', installedPct: 50, operationalPct: 40, meetsInstalled: null, meetsOperational: null }], 100, '2026-02-27', '2026-03-02');
    expect(s.labels).toEqual(['27/02/2026', '28/02/2026', '01/03/2026', '02/03/2026']);
    expect(s.installed).toEqual([null, null, 50, null]);
    expect(s.target).toEqual([100, 100, 100, 100]);
    expect(daysBetween('2026-12-31', '2027-01-01')).toEqual(['2026-12-31', '2027-01-01']);
    expect(historySeries([], 100)).toEqual({ labels: [], installed: [], operational: [], target: [] });
  });
});

describe('today', () => {
  it('is the calendar day in Asia/Ho_Chi_Minh', () => {
    expect(localToday(new Date('2026-11-30T17:30:00Z'))).toBe('2026-12-01');
    expect(localToday(new Date('2026-11-30T16:59:00Z'))).toBe('2026-11-30');
  });
});
