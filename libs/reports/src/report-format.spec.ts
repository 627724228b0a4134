import { daysInMonth, monthPeriod, roundPct, viInteger, viPct, vietnamTimeLabel } from './report-format';

describe('report number formatting', () => {
  it('rounds half-up but never shows an imperfect rate as 100 or a non-zero rate as 0', () => {
    expect(roundPct(99.425, 2)).toBe(99.43);
    expect(roundPct(99.996, 2)).toBe(99.99);
    expect(roundPct(99.96, 1)).toBe(99.9);
    expect(roundPct(100, 2)).toBe(100);
    expect(roundPct(0.0004, 2)).toBe(0.01);
    expect(roundPct(0, 2)).toBe(0);
  });

  it('prints Vietnamese numbers: a point groups thousands, a comma marks decimals, a dash means no data', () => {
    expect(viInteger(1284)).toBe('1.284');
    expect(viInteger(10000000)).toBe('10.000.000');
    expect(viInteger(12)).toBe('12');
    expect(viPct(98.875, 2)).toBe('98,88%');
    expect(viPct(100, 1)).toBe('100,0%');
    expect(viPct(null, 2)).toBe('—');
  });
});

describe('report calendar (Asia/Ho_Chi_Minh)', () => {
  it('knows the length of each month, leap years included', () => {
    expect(daysInMonth('2026-11')).toBe(30);
    expect(daysInMonth('2026-12')).toBe(31);
    expect(daysInMonth('2028-02')).toBe(29);
    expect(daysInMonth('2026-02')).toBe(28);
  });

  it('cuts the month at local midnight, across the year end', () => {
    expect(monthPeriod('2026-12')).toEqual({ start: '2026-12-01T00:00:00+07:00', end: '2027-01-01T00:00:00+07:00' });
  });

  it('shows an instant in Vietnam time', () => {
    expect(vietnamTimeLabel('2026-11-30T17:30:00Z')).toBe('00:30 ngày 01/12/2026');
    expect(vietnamTimeLabel('2026-12-01T08:05:00+08:00')).toBe('07:05 ngày 01/12/2026');
  });
});
