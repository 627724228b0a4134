import type { MaintenanceWindow } from '@ioc/contracts';
import { defaultPeriod, groupWindows, localInputToUtc, localToday, phaseOf, touchesDevice, utcToLocalInput } from './maintenance';

const window = (id: string, startsAt: string, endsAt: string, over: Partial<MaintenanceWindow> = {}): MaintenanceWindow => ({
  id,
  targetType: 'device',
  targetId: 'CAM-1',
  areaCode: 'DH-TT',
  startsAt,
  endsAt,
  reason: 'Thay ổ cứng',
  createdBy: 'technician',
  createdAt: startsAt,
  cancelledAt: null,
  ...over,
});

describe('local times of maintenance windows', () => {
  it('reads a typed time in Asia/Ho_Chi_Minh and sends it in UTC, whatever the browser’s zone', () => {
    expect(localInputToUtc('2026-12-07T08:30')).toBe('2026-12-07T01:30:00.000Z');
    expect(localInputToUtc('2027-01-01T03:00')).toBe('2026-12-31T20:00:00.000Z');
  });

  it('refuses an empty or malformed time', () => {
    expect(localInputToUtc('')).toBeUndefined();
    expect(localInputToUtc('07/12/2026 08:30')).toBeUndefined();
  });

  it('shows a UTC time back as the local value it was typed as', () => {
    expect(utcToLocalInput('2026-12-06T18:54:49.000Z')).toBe('2026-12-07T01:54');
    expect(localToday(Date.parse('2026-12-06T18:54:49.000Z'))).toBe('2026-12-07');
    expect(localInputToUtc(utcToLocalInput('2026-03-10T05:07:00.000Z'))).toBe('2026-03-10T05:07:00.000Z');
  });

  it('proposes two hours from this minute', () => {
    expect(defaultPeriod(Date.parse('2026-12-07T01:30:20.000Z'))).toEqual({ start: '2026-12-07T08:30', end: '2026-12-07T10:30' });
  });
});

describe('running, upcoming and past windows', () => {
  const now = Date.parse('2026-12-07T02:00:00.000Z');
  const running = window('run', '2026-12-07T01:00:00.000Z', '2026-12-07T03:00:00.000Z');
  const runningLonger = window('run2', '2026-12-06T01:00:00.000Z', '2026-12-08T03:00:00.000Z');
  const upcoming = window('up', '2026-12-08T01:00:00.000Z', '2026-12-08T03:00:00.000Z');
  const endedEarly = window('early', '2026-12-06T01:00:00.000Z', '2026-12-06T02:00:00.000Z');
  const cancelled = window('cancelled', '2026-12-09T01:00:00.000Z', '2026-12-09T03:00:00.000Z', { cancelledAt: '2026-12-07T01:00:00.000Z' });
  const old = window('old', '2026-10-01T01:00:00.000Z', '2026-10-01T03:00:00.000Z');

  it('tells the phase of each window', () => {
    expect([running, upcoming, endedEarly, cancelled].map((w) => phaseOf(w, now))).toEqual(['running', 'upcoming', 'past', 'past']);
  });

  it('groups them, soonest end and soonest start first, recent past newest first, older past left out', () => {
    const g = groupWindows([old, cancelled, endedEarly, upcoming, runningLonger, running], now);
    expect(g.running.map((w) => w.id)).toEqual(['run', 'run2']);
    expect(g.upcoming.map((w) => w.id)).toEqual(['up']);
    expect(g.past.map((w) => w.id)).toEqual(['cancelled', 'early']);
  });

  it('applies to a device through its own id, its gateway and its key area', () => {
    const dev = { id: 'CAM-1', gatewayId: 'GW-1', areaCode: 'DH-TT' };
    expect(touchesDevice(running, dev)).toBe(true);
    expect(touchesDevice(window('g', '', '', { targetType: 'gateway', targetId: 'GW-1' }), dev)).toBe(true);
    expect(touchesDevice(window('a', '', '', { targetType: 'area', targetId: 'DH-TT' }), dev)).toBe(true);
    expect(touchesDevice(window('o', '', '', { targetType: 'gateway', targetId: 'GW-2' }), dev)).toBe(false);
    expect(touchesDevice(window('x', '', '', { targetId: 'CAM-2' }), dev)).toBe(false);
  });
});
