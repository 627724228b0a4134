import type { ResponsePolicyDto } from '@ioc/contracts';
import { sampleIncident } from '../testing/incident.fixture';
import { filterQueue, newAlarms, NO_FILTERS, orderQueue, parseFilters, queueClock, slaClocks, writeFilters, type QueueIncident } from './queue';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.parse('2026-12-06T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

const POLICY: ResponsePolicyDto = {
  targets: {
    critical: { acknowledgeMs: 5 * MIN, resolveMs: 4 * HOUR },
    major: { acknowledgeMs: 15 * MIN, resolveMs: 24 * HOUR },
    minor: { acknowledgeMs: 60 * MIN, resolveMs: 72 * HOUR },
    info: { acknowledgeMs: null, resolveMs: null },
  },
  maxEscalationLevel: 3,
};

function incident(id: string, over: Partial<QueueIncident> = {}): QueueIncident {
  return sampleIncident({ id, dedupKey: `device:${id}:tamper`, firstSeenAt: at(0), lastSeenAt: at(0), openedAt: at(0), ...over });
}

describe('SLA clocks', () => {
  it('counts down to the acknowledgement deadline of an open incident: critical 5 min after opening', () => {
    const c = slaClocks(incident('a'), POLICY, T0 + 2 * MIN);
    expect(c.acknowledge).toEqual({ state: 'running', deadline: T0 + 5 * MIN, remainingMs: 3 * MIN, breached: false });
    expect(c.resolve).toMatchObject({ state: 'running', deadline: T0 + 4 * HOUR });
  });

  it('is breached one moment after the deadline, not at it', () => {
    expect(slaClocks(incident('a'), POLICY, T0 + 5 * MIN).acknowledge).toMatchObject({ remainingMs: 0, breached: false });
    expect(slaClocks(incident('a'), POLICY, T0 + 5 * MIN + 1000).acknowledge).toMatchObject({ remainingMs: -1000, breached: true });
  });

  it('uses the targets of the severity: major 15 min / 24 h, minor 60 min / 72 h', () => {
    expect(slaClocks(incident('a', { severity: 'major' }), POLICY, T0).acknowledge).toMatchObject({ deadline: T0 + 15 * MIN });
    expect(slaClocks(incident('a', { severity: 'minor' }), POLICY, T0).resolve).toMatchObject({ deadline: T0 + 72 * HOUR });
  });

  it('stops the acknowledgement clock when acknowledged, and says whether it was in time', () => {
    const inTime = incident('a', { status: 'acknowledged', acknowledgedAt: at(4 * MIN) });
    expect(slaClocks(inTime, POLICY, T0 + HOUR).acknowledge).toEqual({ state: 'met', deadline: T0 + 5 * MIN, stoppedAt: T0 + 4 * MIN });
    const late = incident('a', { status: 'acknowledged', acknowledgedAt: at(6 * MIN) });
    expect(slaClocks(late, POLICY, T0 + HOUR).acknowledge).toMatchObject({ state: 'missed' });
  });

  it('stops the acknowledgement clock at the resolution when nobody acknowledged first', () => {
    const resolved = incident('a', { status: 'resolved', resolvedAt: at(3 * MIN) });
    expect(slaClocks(resolved, POLICY, T0 + HOUR)).toEqual({
      acknowledge: { state: 'met', deadline: T0 + 5 * MIN, stoppedAt: T0 + 3 * MIN },
      resolve: { state: 'met', deadline: T0 + 4 * HOUR, stoppedAt: T0 + 3 * MIN },
    });
  });

  it('has no clock for info, nor before the policy is known', () => {
    expect(slaClocks(incident('a', { severity: 'info' }), POLICY, T0)).toEqual({ acknowledge: { state: 'none' }, resolve: { state: 'none' } });
    expect(slaClocks(incident('a'), null, T0)).toEqual({ acknowledge: { state: 'none' }, resolve: { state: 'none' } });
  });

  it('shows the acknowledgement clock in the queue while open, the resolution clock once acknowledged', () => {
    expect(queueClock(incident('a'), POLICY, T0).kind).toBe('acknowledge');
    const acked = queueClock(incident('a', { status: 'acknowledged', acknowledgedAt: at(MIN) }), POLICY, T0 + 2 * MIN);
    expect(acked).toEqual({ kind: 'resolve', clock: { state: 'running', deadline: T0 + 4 * HOUR, remainingMs: 4 * HOUR - 2 * MIN, breached: false } });
  });
});

describe('queue order', () => {
  const ids = (list: QueueIncident[]) => list.map((i) => i.id);

  it('puts critical first, then major, minor and info, whatever their age', () => {
    const list = [
      incident('info', { severity: 'info', openedAt: at(-10 * HOUR) }),
      incident('minor', { severity: 'minor', openedAt: at(-5 * HOUR) }),
      incident('critical', { severity: 'critical', openedAt: at(0) }),
      incident('major', { severity: 'major', openedAt: at(-HOUR) }),
    ];
    expect(ids(orderQueue(list, POLICY))).toEqual(['critical', 'major', 'minor', 'info']);
  });

  it('within a severity, puts the soonest (or most overdue) acknowledgement deadline first', () => {
    const list = [incident('new', { openedAt: at(0) }), incident('overdue', { openedAt: at(-10 * MIN) }), incident('older', { openedAt: at(-2 * MIN) })];
    expect(ids(orderQueue(list, POLICY))).toEqual(['overdue', 'older', 'new']);
  });

  it('puts acknowledged incidents after the open ones of the same severity, ordered by resolution deadline', () => {
    const list = [
      incident('ack-late', { status: 'acknowledged', openedAt: at(-HOUR), acknowledgedAt: at(-50 * MIN) }),
      incident('open', { openedAt: at(0) }),
      incident('ack-early', { status: 'acknowledged', openedAt: at(-3 * HOUR), acknowledgedAt: at(-3 * HOUR) }),
      incident('major-open', { severity: 'major', openedAt: at(-5 * HOUR) }),
    ];
    expect(ids(orderQueue(list, POLICY))).toEqual(['open', 'ack-early', 'ack-late', 'major-open']);
  });

  it('orders by opening time without a policy, and by id when all else is equal', () => {
    const list = [incident('b'), incident('c', { openedAt: at(-MIN) }), incident('a')];
    expect(ids(orderQueue(list, null))).toEqual(['c', 'a', 'b']);
    expect(ids(orderQueue(list, POLICY))).toEqual(['c', 'a', 'b']);
  });

  it('does not change the list it is given', () => {
    const list = [incident('b', { severity: 'minor' }), incident('a')];
    orderQueue(list, POLICY);
    expect(ids(list)).toEqual(['b', 'a']);
  });
});

describe('queue filters in the URL', () => {
  it('reads repeated and comma-separated values, and drops unknown types and severities', () => {
    const f = parseFilters(new URLSearchParams('severity=critical,major&severity=bogus&type=tamper&district=Th%E1%BB%8B%20x%C3%A3%20Ba%20%C4%90%E1%BB%93n&area=BD-TT,BD-CHO'));
    expect(f).toEqual({ severity: ['critical', 'major'], type: ['tamper'], district: ['Thị xã Ba Đồn'], area: ['BD-TT', 'BD-CHO'] });
  });

  it('opens the overview strip’s link /ops?severity=critical as a critical-only queue', () => {
    expect(parseFilters(new URLSearchParams('?severity=critical'))).toEqual({ ...NO_FILTERS, severity: ['critical'] });
  });

  it('writes filters back, keeping other parameters and dropping empty ones', () => {
    const next = writeFilters(new URLSearchParams('foo=1&severity=minor'), { ...NO_FILTERS, type: ['tamper', 'video_loss'], district: ['Thị xã Ba Đồn'] });
    expect(next.get('foo')).toBe('1');
    expect(next.get('severity')).toBeNull();
    expect(next.get('type')).toBe('tamper,video_loss');
    expect(parseFilters(next)).toEqual({ ...NO_FILTERS, type: ['tamper', 'video_loss'], district: ['Thị xã Ba Đồn'] });
  });

  it('filters by district, area, type and severity together', () => {
    const districts: Record<string, string> = { 'DH-TT': 'Thành phố Đồng Hới', 'BD-TT': 'Thị xã Ba Đồn', 'BD-CHO': 'Thị xã Ba Đồn' };
    const list = [
      incident('dh', { areaCode: 'DH-TT' }),
      incident('bd-tamper', { areaCode: 'BD-TT' }),
      incident('bd-minor', { areaCode: 'BD-CHO', severity: 'minor', type: 'crowd' }),
    ];
    const of = (f: Partial<typeof NO_FILTERS>, fixed?: string) => filterQueue(list, { ...NO_FILTERS, ...f }, (c) => districts[c], fixed).map((i) => i.id);
    expect(of({})).toEqual(['dh', 'bd-tamper', 'bd-minor']);
    expect(of({ district: ['Thị xã Ba Đồn'] })).toEqual(['bd-tamper', 'bd-minor']);
    expect(of({ area: ['BD-CHO'] })).toEqual(['bd-minor']);
    expect(of({ district: ['Thị xã Ba Đồn'], severity: ['critical'] })).toEqual(['bd-tamper']);
    expect(of({ type: ['crowd', 'tamper'], severity: ['minor'] })).toEqual(['bd-minor']);
    // An opened area shows only its incidents, whatever the area filter says.
    expect(of({ area: ['BD-CHO'] }, 'DH-TT')).toEqual(['dh']);
  });
});

describe('alarm sound', () => {
  it('sounds each new alarm once', () => {
    const heard = new Set<string>();
    expect(newAlarms(['a', 'b'], heard)).toEqual(['a', 'b']);
    expect(newAlarms(['a', 'b', 'c'], heard)).toEqual(['c']);
    expect(newAlarms([], heard)).toEqual([]);
  });
});
