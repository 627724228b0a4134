import { currentMonth, formatClock, formatCount, formatDateTime, formatPct, formatTime } from './time';

describe('times shown in the operations room', () => {
  it('shows a UTC instant as dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh (UTC+7)', () => {
    expect(formatDateTime('2026-12-06T18:05:00Z')).toBe('07/12/2026 01:05');
    expect(formatDateTime('2026-12-31T16:59:00Z')).toBe('31/12/2026 23:59');
    expect(formatDateTime('2026-12-31T17:00:00Z')).toBe('01/01/2027 00:00');
  });

  it('shows a dash for nothing or a value that is not a time', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a time')).toBe('—');
    expect(formatTime(undefined)).toBe('—');
  });

  it('gives the local month, which starts at 17:00 UTC the day before', () => {
    expect(currentMonth(new Date('2026-11-30T16:59:59Z'))).toBe('2026-11');
    expect(currentMonth(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12');
  });

  it('counts down an SLA clock and shows an overrun with a minus sign', () => {
    expect(formatClock(5 * 60_000)).toBe('05:00');
    expect(formatClock(59_999)).toBe('00:59');
    expect(formatClock(3_725_000)).toBe('1:02:05');
    expect(formatClock(-61_000)).toBe('-01:01');
    expect(formatClock(0)).toBe('00:00');
  });

  it('shows percentages with one decimal, a decimal comma in Vietnamese, and a dash when not applicable', () => {
    expect(formatPct(99.94)).toBe('99,9 %');
    expect(formatPct(99.94, 'en')).toBe('99.9 %');
    expect(formatPct(null)).toBe('—');
  });

  it('groups thousands the way each language does', () => {
    expect(formatCount(12345)).toBe('12.345');
    expect(formatCount(12345, 'en')).toBe('12,345');
  });
});
