import { localDate } from './local-time';

describe('local dates in Asia/Ho_Chi_Minh (UTC+7)', () => {
  it('is already the next day at 17:00 UTC', () => {
    expect(localDate(new Date('2026-11-30T17:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-12-01');
  });

  it('is still the same day one millisecond before', () => {
    expect(localDate(new Date('2026-11-30T16:59:59.999Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-11-30');
  });
});
