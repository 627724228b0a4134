import { localDateStartUtc, toUtcIso } from './timestamps';

describe('export timestamps', () => {
  it('writes an instant in UTC whatever its offset', () => {
    expect(toUtcIso('2026-11-27T15:05:00+07:00', 'at')).toBe('2026-11-27T08:05:00.000Z');
    expect(toUtcIso('2026-11-27T08:05:00Z', 'at')).toBe('2026-11-27T08:05:00.000Z');
  });

  it('refuses a timestamp without Z or an offset, naming the field', () => {
    expect(() => toUtcIso('2026-11-27T08:05:00', 'lastSeenAt')).toThrow(expect.objectContaining({ code: 'invalid_timestamp', message: expect.stringContaining('lastSeenAt') }));
    expect(() => toUtcIso('yesterday', 'at')).toThrow(/not an ISO 8601 timestamp/);
  });

  it('starts a calendar date at midnight in Asia/Ho_Chi_Minh', () => {
    expect(localDateStartUtc('2025-03-15', 'installedOn')).toBe('2025-03-14T17:00:00.000Z');
    expect(localDateStartUtc('2024-02-29', 'installedOn')).toBe('2024-02-28T17:00:00.000Z');
  });

  it('refuses a date that is not on the calendar', () => {
    expect(() => localDateStartUtc('2025-02-29', 'installedOn')).toThrow(/not a calendar date/);
    expect(() => localDateStartUtc('2025-13-01', 'installedOn')).toThrow(/installedOn/);
  });

  it('converts a full timestamp given where a date was expected', () => {
    expect(localDateStartUtc('2025-03-15T01:00:00+07:00', 'installedOn')).toBe('2025-03-14T18:00:00.000Z');
  });
});
