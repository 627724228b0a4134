import { complianceShort, dayMonth, formatHours, monthParts, targetDuration, toPct } from './sla-view';

describe('SLA figures on the page', () => {
  it('shows fractions as percentages and keeps "no figure" apart from 0', () => {
    expect(toPct(0.9693486590038314)).toBeCloseTo(96.93486590038314, 10);
    expect(toPct(0)).toBe(0);
    expect(toPct(null)).toBeNull();
  });

  it('shows milliseconds as hours with one decimal in the language', () => {
    expect(formatHours(1_879_200_000, 'vi')).toBe('522,0');
    expect(formatHours(5_400_000, 'en')).toBe('1.5');
    expect(formatHours(36_000_000_000, 'en')).toBe('10,000.0');
  });

  it('splits a month for its label and flags a clock with a breach', () => {
    expect(monthParts('2026-03')).toEqual({ month: '03', year: '2026' });
    const clock = { compliant: 3, breached: 0, pending: 1, noTarget: 0, decided: 3, compliance: 1 };
    expect(complianceShort(clock)).toBe(false);
    expect(complianceShort({ ...clock, breached: 1 })).toBe(true);
  });

  it('labels a day of the daily chart as dd/MM', () => {
    expect(dayMonth('2026-12-06')).toBe('06/12');
  });
});

describe('response targets', () => {
  it('are stated in minutes, hours or days as a contract would', () => {
    expect(targetDuration(5 * 60_000)).toEqual({ value: 5, unit: 'min' });
    expect(targetDuration(60 * 60_000)).toEqual({ value: 60, unit: 'min' });
    expect(targetDuration(90 * 60_000)).toEqual({ value: 90, unit: 'min' });
    expect(targetDuration(4 * 3_600_000)).toEqual({ value: 4, unit: 'h' });
    expect(targetDuration(72 * 3_600_000)).toEqual({ value: 72, unit: 'h' });
    expect(targetDuration(7 * 86_400_000)).toEqual({ value: 7, unit: 'd' });
    expect(targetDuration(null)).toBeNull();
  });
});
