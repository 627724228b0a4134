import { dayLabel, historyFrom, historySeries, localToday } from './history';

describe('coverage trend', () => {
  it('writes local days as dd/MM/yyyy without shifting them', () => {
    expect(dayLabel('2026-01-01')).toBe('01/01/2026');
  });

  it('orders the days and keeps a day without a figure as a gap', () => {
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

describe('today', () => {
  it('is the calendar day in Asia/Ho_Chi_Minh', () => {
    expect(localToday(new Date('2026-11-30T17:30:00Z'))).toBe('2026-12-01');
    expect(localToday(new Date('2026-11-30T16:59:00Z'))).toBe('2026-11-30');
  });
});
