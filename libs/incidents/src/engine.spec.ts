import { DeviceMessage, DeviceStatusChanged, Incident } from '@ioc/contracts';
import { applySystemAction, awaitingTick, ConditionState, DecisionContext, IncidentAction, onSignal, onTick, restatesCondition } from './engine';
import { applyOperatorAction } from './lifecycle';
import { defaultPolicy, IncidentPolicy } from './policy';
import { decommissionSignals, gatewayKey, Signal, signalFromPresence, signalFromStatusChange, signalsFromDeviceMessage } from './signals';

const T0 = Date.parse('2026-11-27T08:00:00Z');
const s = (n: number) => T0 + n * 1000;
const iso = (n: number) => new Date(s(n)).toISOString();

interface Window {
  target: string;
  from: number;
  to: number;
}

/**
 * The incident service in miniature: one condition per key, incidents by id, the periodic
 * tick, maintenance windows; it stores what the engine returns and applies its actions the
 * way the real service does (version-checked for auto-resolve and reopen).
 */
class Service {
  conditions = new Map<string, ConditionState>();
  incidents = new Map<string, Incident>();
  windows: Window[] = [];
  actions: IncidentAction[] = [];
  writes = 0;
  /** Signals fed that `restatesCondition` says change nothing (and were checked to). */
  restatements = 0;
  constructor(public policy: IncidentPolicy = defaultPolicy()) {}

  private ctx(c: { type: string; gatewayId: string; deviceId: string | null; areaCode: string }, now: number): DecisionContext {
    const targets = [c.deviceId, c.gatewayId, c.areaCode];
    return {
      policy: this.policy,
      now,
      suppressed: this.windows.some((w) => targets.includes(w.target) && now >= w.from && now < w.to),
      gatewayDown: c.type === 'device_offline' && this.conditions.get(gatewayKey(c.gatewayId, 'gateway_offline'))?.standing === true,
      newIncidentId: `inc-${this.incidents.size + 1}`,
    };
  }

  private incidentOf(c: ConditionState | undefined): Incident | undefined {
    return c?.incidentId ? this.incidents.get(c.incidentId) : undefined;
  }

  feed(signals: Signal | Signal[] | null, now?: number): IncidentAction[] {
    const list = signals === null ? [] : Array.isArray(signals) ? signals : [signals];
    const out: IncidentAction[] = [];
    for (const signal of list) {
      const cond = this.conditions.get(signal.key);
      const d = onSignal(cond, this.incidentOf(cond), signal, this.ctx(signal, now ?? signal.at));
      // The service leaves these out without loading the condition: they must change nothing.
      if (restatesCondition(signal, cond)) {
        this.restatements++;
        expect(d).toEqual({ condition: cond, changed: false, actions: [] });
      }
      if (d.changed && d.condition) {
        this.conditions.set(signal.key, d.condition);
        this.writes++;
      }
      if (!d.changed) expect(d.condition).toBe(cond ?? null);
      out.push(...this.apply(d.actions));
    }
    return out;
  }

  tick(now: number): IncidentAction[] {
    const out: IncidentAction[] = [];
    for (const cond of [...this.conditions.values()]) {
      if (!awaitingTick(cond)) continue;
      const d = onTick(cond, this.incidentOf(cond), this.ctx(cond, now));
      if (d.changed && d.condition) this.conditions.set(cond.key, d.condition);
      out.push(...this.apply(d.actions));
    }
    return out;
  }

  /** Ticks every second from `from` to `to` (inclusive), like the service's timer. */
  ticks(from: number, to: number): IncidentAction[] {
    const out: IncidentAction[] = [];
    for (let t = from; t <= to; t++) out.push(...this.tick(s(t)));
    return out;
  }

  private apply(actions: IncidentAction[]): IncidentAction[] {
    for (const a of actions) {
      if (a.kind === 'open') {
        expect(this.incidents.has(a.incident.id)).toBe(false);
        this.incidents.set(a.incident.id, { ...a.incident, timeline: [a.entry] });
      } else {
        const inc = this.incidents.get(a.incidentId);
        if (!inc) throw new Error(`no incident ${a.incidentId}`);
        if (a.kind !== 'repeat') expect(inc.version).toBe(a.expectedVersion);
        this.incidents.set(inc.id, applySystemAction(inc, a));
      }
    }
    this.actions.push(...actions);
    return actions;
  }

  operator(id: string, action: Parameters<typeof applyOperatorAction>[1], now: number): Incident {
    const inc = this.incidents.get(id);
    if (!inc) throw new Error(`no incident ${id}`);
    const r = applyOperatorAction(inc, action, now);
    if (!r.ok) throw new Error(r.message);
    this.incidents.set(id, r.incident);
    return r.incident;
  }

  get all(): Incident[] {
    return [...this.incidents.values()];
  }
  get active(): Incident[] {
    return this.all.filter((i) => i.status === 'open' || i.status === 'acknowledged');
  }
  the(id = 'inc-1'): Incident {
    const inc = this.incidents.get(id);
    if (!inc) throw new Error(`no incident ${id}`);
    return inc;
  }
}

// ── inputs, built the way the service receives them ───────────────────────────────────

let seq = 0;
const msg = (deviceId: string, channel: DeviceMessage['channel'], at: number, payload: Record<string, unknown>, id = `m-${++seq}`): DeviceMessage => ({
  messageId: id,
  areaCode: 'DH-LTK',
  gatewayId: deviceId.startsWith('CAM-9') ? 'GW-9' : 'GW-1',
  deviceId,
  channel,
  receivedAt: new Date(s(at)).toISOString(),
  payload: { id, ts: new Date(s(at)).toISOString(), ...payload },
});
const policy = defaultPolicy();
const event = (deviceId: string, type: string, state: 'start' | 'end' | 'instant', at: number, extra: Record<string, unknown> = {}, id?: string) =>
  signalsFromDeviceMessage(msg(deviceId, 'event', at, { type, state, ...extra }, id), policy);
const status = (deviceId: string, at: number, payload: Record<string, unknown>) => signalsFromDeviceMessage(msg(deviceId, 'status', at, payload), policy);
const flow = (deviceId: string, at: number, payload: Record<string, unknown>) =>
  signalsFromDeviceMessage(msg(deviceId, 'telemetry', at, { intervalS: 60, intensity: 10, ...payload }), policy);
const statusChange = (deviceId: string, from: DeviceStatusChanged['from'], to: DeviceStatusChanged['to'], reason: string, at: number) =>
  signalFromStatusChange({ transitionId: `t-${++seq}`, deviceId, gatewayId: 'GW-1', areaCode: 'DH-LTK', from, to, reason, at: new Date(s(at)).toISOString() });
const presence = (state: 'online' | 'offline', at: number, gatewayId = 'GW-1') =>
  signalFromPresence({ areaCode: 'DH-LTK', gatewayId, state, receivedAt: new Date(s(at)).toISOString() });

// ── behaviour ────────────────────────────────────────────────────────────────────────

describe('incident dedup', () => {
  it('opens one critical incident when a camera reports tamper', () => {
    const svc = new Service();
    const [open] = svc.feed(event('CAM-1', 'tamper', 'start', 0, { confidence: 0.93 }));
    expect(open.kind).toBe('open');
    expect(svc.all).toHaveLength(1);
    expect(svc.the()).toMatchObject({
      id: 'inc-1',
      dedupKey: 'device:CAM-1:tamper',
      type: 'tamper',
      severity: 'critical',
      status: 'open',
      areaCode: 'DH-LTK',
      gatewayId: 'GW-1',
      deviceId: 'CAM-1',
      title: 'Phá hoại / che camera: CAM-1',
      count: 1,
      firstSeenAt: iso(0),
      lastSeenAt: iso(0),
      openedAt: iso(0),
      reopenCount: 0,
      version: 1,
      timeline: [{ at: iso(0), actor: 'system', action: 'opened', note: 'tamper detected by the camera (confidence 0.93)' }],
    });
  });

  it('updates the open incident instead of opening a second one: ten repeats leave count 11', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'tamper', 'start', 0));
    for (let i = 1; i <= 10; i++) svc.feed(event('CAM-1', 'tamper', 'start', i * 5));
    expect(svc.all).toHaveLength(1);
    expect(svc.the()).toMatchObject({ count: 11, lastSeenAt: iso(50), status: 'open', version: 1 });
    expect(svc.the().timeline?.filter((e) => e.action === 'repeated')).toHaveLength(10);
  });

  it('repeats into an acknowledged incident too, without invalidating the version the operator holds', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'intrusion', 'start', 0));
    svc.operator('inc-1', { kind: 'acknowledge', actor: 'operator', note: '', expectedVersion: 1 }, s(1));
    svc.feed(event('CAM-1', 'intrusion', 'start', 2));
    expect(svc.the()).toMatchObject({ status: 'acknowledged', count: 2, version: 2 });
    expect(() => svc.operator('inc-1', { kind: 'comment', actor: 'operator', note: 'on my way', expectedVersion: 2 }, s(3))).not.toThrow();
  });

  it('changes nothing when a message is redelivered with the same id', () => {
    const svc = new Service();
    const start = event('CAM-1', 'tamper', 'start', 0, {}, 'dup-1');
    svc.feed(start);
    const writes = svc.writes;
    expect(svc.feed(start)).toEqual([]);
    expect(svc.the().count).toBe(1);
    expect(svc.writes).toBe(writes);
  });

  it('does not reopen when the start that opened an incident is redelivered after the end', () => {
    const svc = new Service();
    const start = event('CAM-1', 'tamper', 'start', 0, {}, 'first');
    svc.feed(start);
    svc.feed(event('CAM-1', 'tamper', 'end', 10));
    expect(svc.feed(start, s(20))).toEqual([]);
    expect(svc.the().status).toBe('resolved');
  });

  it('ignores a start or end older than the last change of its condition', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'tamper', 'start', 10));
    expect(svc.feed(event('CAM-1', 'tamper', 'end', 5), s(11))).toEqual([]);
    expect(svc.the().status).toBe('open');
  });

  it('keeps one incident per key: different devices and different conditions get their own', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'tamper', 'start', 0));
    svc.feed(event('CAM-2', 'tamper', 'start', 0));
    svc.feed(event('CAM-1', 'intrusion', 'start', 0));
    expect(svc.all.map((i) => i.dedupKey).sort()).toEqual(['device:CAM-1:intrusion', 'device:CAM-1:tamper', 'device:CAM-2:tamper']);
  });
});

describe('auto-resolve', () => {
  it('resolves the open incident when its condition ends, recording the reason', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'tamper', 'start', 0));
    const [resolve] = svc.feed(event('CAM-1', 'tamper', 'end', 30));
    expect(resolve).toMatchObject({ kind: 'auto_resolve', incidentId: 'inc-1', reason: 'tamper cleared', expectedVersion: 1, version: 2 });
    expect(svc.the()).toMatchObject({
      status: 'resolved',
      resolvedAt: iso(30),
      resolvedBy: 'system',
      resolutionCode: 'auto_cleared',
      resolutionNote: 'tamper cleared',
      version: 2,
    });
    expect(svc.the().timeline?.at(-1)).toEqual({ at: iso(30), actor: 'system', action: 'auto_resolved', note: 'tamper cleared' });
  });

  it('resolves an acknowledged incident as well', () => {
    const svc = new Service();
    svc.feed(statusChange('CAM-1', 'online', 'offline', 'no message for 90 s (heartbeat timeout)', 0));
    svc.operator('inc-1', { kind: 'acknowledge', actor: 'operator', note: '', expectedVersion: 1 }, s(5));
    svc.feed(statusChange('CAM-1', 'offline', 'online', 'status received', 60));
    expect(svc.the()).toMatchObject({ status: 'resolved', resolutionNote: 'device back online', acknowledgedBy: 'operator', version: 3 });
  });

  it('stores nothing for a healthy heartbeat about a condition that never stood', () => {
    const svc = new Service();
    const [recordingOn] = status('CAM-1', 0, { recording: true });
    const d = onSignal(undefined, undefined, recordingOn, { policy, now: s(0), suppressed: false, gatewayDown: false, newIncidentId: 'x' });
    expect(d).toEqual({ condition: null, changed: false, actions: [] });
    svc.feed(status('CAM-1', 0, { recording: true, storageOk: true }));
    expect(svc.conditions.size).toBe(0);
  });

  it('leaves an incident an operator already resolved alone when the condition ends', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'tamper', 'start', 0));
    svc.operator('inc-1', { kind: 'resolve', actor: 'operator', note: 'lens cleaned', resolutionCode: 'fixed_on_site', expectedVersion: 1 }, s(10));
    expect(svc.feed(event('CAM-1', 'tamper', 'end', 20))).toEqual([]);
    expect(svc.the()).toMatchObject({ status: 'resolved', resolvedBy: 'operator', resolutionCode: 'fixed_on_site' });
    expect(svc.conditions.get('device:CAM-1:tamper')?.standing).toBe(false);
  });
});

describe('debounce', () => {
  it('never opens for video loss shorter than its debounce (10 s)', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'video_loss', 'start', 0));
    svc.ticks(0, 8);
    expect(svc.feed(event('CAM-1', 'video_loss', 'end', 9))).toEqual([]);
    svc.ticks(9, 60);
    expect(svc.all).toEqual([]);
    expect(svc.conditions.get('device:CAM-1:video_loss')).toMatchObject({ standing: false, raised: false, pendingCount: 0 });
  });

  it('opens video loss at the first tick after it has stood for its debounce, first seen when it began', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'video_loss', 'start', 0));
    expect(svc.ticks(0, 9)).toEqual([]);
    const [open] = svc.tick(s(10));
    expect(open).toMatchObject({ kind: 'open', reason: 'video signal lost' });
    expect(svc.the()).toMatchObject({ type: 'video_loss', severity: 'critical', firstSeenAt: iso(0), openedAt: iso(10), count: 1 });
    expect(svc.ticks(11, 30)).toEqual([]);
  });

  it('never opens while flapping faster than the debounce', () => {
    const svc = new Service();
    for (let t = 0; t < 300; t += 8) {
      svc.feed(event('CAM-1', 'video_loss', 'start', t));
      svc.ticks(t, t + 5);
      svc.feed(event('CAM-1', 'video_loss', 'end', t + 6));
      svc.ticks(t + 6, t + 7);
    }
    expect(svc.all).toEqual([]);
  });

  it('counts the repeats that arrived while debouncing once it opens', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'video_loss', 'start', 0));
    svc.feed(event('CAM-1', 'video_loss', 'start', 3));
    svc.feed(event('CAM-1', 'video_loss', 'start', 6));
    svc.ticks(7, 10);
    expect(svc.the()).toMatchObject({ count: 3, firstSeenAt: iso(0), lastSeenAt: iso(6) });
  });

  it('opens when a repeat arrives after the debounce, without waiting for the tick', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'video_loss', 'start', 0));
    const [open] = svc.feed(event('CAM-1', 'video_loss', 'start', 12));
    expect(open.kind).toBe('open');
    expect(svc.the().count).toBe(2);
  });

  it('does not count status heartbeats restating recording off as repeats, and writes nothing for them', () => {
    const svc = new Service();
    svc.feed(status('CAM-1', 0, { recording: false }));
    svc.ticks(0, 30);
    expect(svc.the()).toMatchObject({ type: 'recording_off', severity: 'major', count: 1, firstSeenAt: iso(0) });
    const writes = svc.writes;
    for (let t = 60; t <= 600; t += 30) expect(svc.feed(status('CAM-1', t, { recording: false }))).toEqual([]);
    expect(svc.writes).toBe(writes);
    expect(svc.the()).toMatchObject({ count: 1, version: 1 });
    // Each of those was known to change nothing without loading the condition (19 heartbeats).
    expect(svc.restatements).toBe(19);
    svc.feed(status('CAM-1', 630, { recording: true }));
    expect(svc.the()).toMatchObject({ status: 'resolved', resolutionNote: 'recording again' });
    // Recording again, restated: nothing to load either; a debouncing start is not a restatement.
    svc.feed(status('CAM-1', 660, { recording: true }));
    expect(svc.restatements).toBe(20);
    svc.feed(status('CAM-1', 690, { recording: false }));
    svc.feed(status('CAM-1', 695, { recording: false }));
    expect(svc.restatements).toBe(20);
  });

  it('lets a heartbeat restating the condition open it once the debounce has passed', () => {
    const svc = new Service();
    svc.feed(status('CAM-1', 0, { storageOk: false }));
    const [open] = svc.feed(status('CAM-1', 30, { storageOk: false }));
    expect(open).toMatchObject({ kind: 'open', incident: { type: 'storage_failure', count: 1, firstSeenAt: iso(0) } });
  });

  it('applies the debounce configured in the policy', () => {
    const svc = new Service({ ...defaultPolicy(), debounceS: { ...defaultPolicy().debounceS, tamper: 5 } });
    svc.feed(event('CAM-1', 'tamper', 'start', 0));
    expect(svc.all).toEqual([]);
    svc.ticks(1, 5);
    expect(svc.all).toHaveLength(1);
  });
});

describe('maintenance windows', () => {
  it('opens nothing inside a window but remembers the condition as standing', () => {
    const svc = new Service();
    svc.windows.push({ target: 'CAM-1', from: s(0), to: s(600) });
    svc.feed(event('CAM-1', 'tamper', 'start', 10));
    svc.ticks(10, 599);
    expect(svc.all).toEqual([]);
    expect(svc.conditions.get('device:CAM-1:tamper')).toMatchObject({ standing: true, raised: false, heldByMaintenance: true, standingSince: s(10) });
  });

  it('opens a condition still standing at the first tick after the window ends, saying so', () => {
    const svc = new Service();
    svc.windows.push({ target: 'GW-1', from: s(0), to: s(600) });
    svc.feed(event('CAM-1', 'tamper', 'start', 10));
    svc.feed(event('CAM-1', 'tamper', 'start', 20));
    svc.ticks(10, 599);
    const [open] = svc.tick(s(600));
    expect(open).toMatchObject({ kind: 'open', reason: 'tamper detected by the camera; still standing after the maintenance window' });
    expect(svc.the()).toMatchObject({ firstSeenAt: iso(10), openedAt: iso(600), count: 2 });
  });

  it('never opens a condition that cleared inside the window', () => {
    const svc = new Service();
    svc.windows.push({ target: 'DH-LTK', from: s(0), to: s(600) });
    svc.feed(event('CAM-1', 'tamper', 'start', 10));
    svc.feed(event('CAM-1', 'tamper', 'end', 300));
    svc.ticks(10, 700);
    expect(svc.all).toEqual([]);
  });

  it('still updates and auto-resolves an incident opened before the window', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'tamper', 'start', 0));
    svc.windows.push({ target: 'CAM-1', from: s(5), to: s(600) });
    svc.feed(event('CAM-1', 'tamper', 'start', 10));
    svc.feed(event('CAM-1', 'tamper', 'end', 20));
    expect(svc.the()).toMatchObject({ count: 2, status: 'resolved' });
  });

  it('drops an instant event inside a window: nothing stands to open later', () => {
    const svc = new Service();
    svc.windows.push({ target: 'CAM-1', from: s(0), to: s(600) });
    svc.feed(event('CAM-1', 'speeding', 'instant', 10));
    svc.ticks(600, 610);
    expect(svc.all).toEqual([]);
  });
});

describe('gateway offline', () => {
  /** A gateway with three cameras goes offline; the registry takes each device offline. */
  function gatewayGoesDown(svc: Service, at: number) {
    svc.feed(presence('offline', at));
    for (const id of ['CAM-1', 'CAM-2', 'CAM-3']) svc.feed(statusChange(id, 'online', 'offline', 'gateway went offline', at));
  }

  it('opens one gateway incident and none for the devices behind it', () => {
    const svc = new Service();
    gatewayGoesDown(svc, 0);
    svc.ticks(0, 600);
    expect(svc.all).toHaveLength(1);
    expect(svc.the()).toMatchObject({
      dedupKey: 'gateway:GW-1:gateway_offline',
      type: 'gateway_offline',
      severity: 'critical',
      deviceId: null,
      title: 'Gateway mất kết nối: GW-1',
    });
    expect(svc.conditions.get('device:CAM-2:device_offline')).toMatchObject({ standing: true, raised: false, heldByGateway: true });
  });

  it('opens nothing more when the gateway and its devices come back', () => {
    const svc = new Service();
    gatewayGoesDown(svc, 0);
    svc.ticks(0, 100);
    svc.feed(presence('online', 101));
    expect(svc.the()).toMatchObject({ status: 'resolved', resolutionNote: 'gateway GW-1 back online' });
    svc.ticks(101, 105);
    for (const id of ['CAM-1', 'CAM-2', 'CAM-3']) svc.feed(statusChange(id, 'offline', 'online', 'status received', 106));
    svc.ticks(106, 1000);
    expect(svc.all).toHaveLength(1);
  });

  it('opens the own incident of a device still offline once the gateway has been back for the grace period', () => {
    const svc = new Service();
    gatewayGoesDown(svc, 0);
    svc.ticks(0, 100);
    svc.feed(presence('online', 101));
    svc.ticks(101, 110);
    svc.feed(statusChange('CAM-1', 'offline', 'online', 'status received', 111));
    svc.feed(statusChange('CAM-2', 'offline', 'online', 'status received', 112));
    expect(svc.ticks(111, 101 + 89)).toEqual([]);
    const [open] = svc.ticks(191, 191);
    expect(open).toMatchObject({
      kind: 'open',
      reason: 'device offline: gateway went offline; still offline after its gateway came back',
      incident: { dedupKey: 'device:CAM-3:device_offline', severity: 'major', firstSeenAt: iso(0), openedAt: iso(191) },
    });
    svc.ticks(192, 1000);
    expect(svc.active.map((i) => i.dedupKey)).toEqual(['device:CAM-3:device_offline']);
  });

  it('holds a device taken offline by its gateway even when the gateway presence has not been seen yet', () => {
    const svc = new Service();
    svc.feed(statusChange('CAM-1', 'online', 'offline', 'gateway went offline', 0));
    expect(svc.all).toEqual([]);
    svc.feed(presence('offline', 0.2));
    svc.ticks(1, 300);
    expect(svc.all.map((i) => i.type)).toEqual(['gateway_offline']);
  });

  it('opens a device incident at once when the device went silent with its gateway up', () => {
    const svc = new Service();
    svc.feed(statusChange('CAM-1', 'online', 'offline', 'no message for 90 s (heartbeat timeout)', 0));
    expect(svc.the()).toMatchObject({ type: 'device_offline', severity: 'major', status: 'open' });
  });

  it('keeps the incident of a device that was already offline when its gateway went down', () => {
    const svc = new Service();
    svc.feed(statusChange('CAM-1', 'online', 'offline', 'no message for 90 s (heartbeat timeout)', 0));
    svc.feed(presence('offline', 50));
    expect(svc.active.map((i) => i.type).sort()).toEqual(['device_offline', 'gateway_offline']);
  });

  it('does not count a retained presence seen again as a repeat', () => {
    const svc = new Service();
    svc.feed(presence('offline', 0));
    svc.feed(presence('offline', 30));
    expect(svc.the()).toMatchObject({ count: 1 });
  });

  it('holds only device_offline for a down gateway, not other conditions', () => {
    const svc = new Service();
    svc.feed(presence('offline', 0));
    svc.feed(event('CAM-1', 'tamper', 'start', 1));
    expect(svc.all.map((i) => i.type)).toEqual(['gateway_offline', 'tamper']);
  });
});

describe('reopen', () => {
  it('reopens the resolved incident when its condition returns within the window', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'tamper', 'start', 0));
    svc.operator('inc-1', { kind: 'acknowledge', actor: 'operator', note: '', expectedVersion: 1 }, s(5));
    svc.operator('inc-1', { kind: 'assign', actor: 'operator', assignee: 'tech1', note: '', expectedVersion: 2 }, s(6));
    svc.feed(event('CAM-1', 'tamper', 'end', 60));
    const [reopen] = svc.feed(event('CAM-1', 'tamper', 'start', 60 + 1799));
    expect(reopen).toMatchObject({ kind: 'reopen', incidentId: 'inc-1', reopenCount: 1, count: 2, expectedVersion: 4, version: 5 });
    expect(svc.all).toHaveLength(1);
    expect(svc.the()).toMatchObject({
      status: 'open',
      reopenCount: 1,
      count: 2,
      acknowledgedAt: null,
      acknowledgedBy: null,
      assignedTo: 'tech1',
      resolvedAt: null,
      resolutionCode: null,
      lastSeenAt: iso(1859),
    });
    expect(svc.the().timeline?.map((e) => e.action)).toEqual(['opened', 'acknowledged', 'assigned', 'auto_resolved', 'reopened']);
  });

  it('opens a new incident when the condition returns after the window', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'tamper', 'start', 0));
    svc.feed(event('CAM-1', 'tamper', 'end', 60));
    const [open] = svc.feed(event('CAM-1', 'tamper', 'start', 60 + 1801));
    expect(open).toMatchObject({ kind: 'open', incident: { id: 'inc-2', count: 1, reopenCount: 0 } });
    expect(svc.the('inc-1').status).toBe('resolved');
    expect(svc.conditions.get('device:CAM-1:tamper')?.incidentId).toBe('inc-2');
  });

  it('measures the window to when the condition returned, not to when its debounce let it open', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'video_loss', 'start', 0));
    svc.ticks(0, 10);
    svc.feed(event('CAM-1', 'video_loss', 'end', 20));
    svc.feed(event('CAM-1', 'video_loss', 'start', 20 + 1795));
    svc.ticks(1815, 1830);
    expect(svc.all).toHaveLength(1);
    expect(svc.the()).toMatchObject({ status: 'open', reopenCount: 1 });
  });

  it('never reopens a closed incident', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'tamper', 'start', 0));
    svc.feed(event('CAM-1', 'tamper', 'end', 60));
    svc.operator('inc-1', { kind: 'close', actor: 'operator', note: 'checked', expectedVersion: 2 }, s(70));
    const [open] = svc.feed(event('CAM-1', 'tamper', 'start', 80));
    expect(open.kind).toBe('open');
    expect(svc.the('inc-1').status).toBe('closed');
    expect(svc.the('inc-2').status).toBe('open');
  });

  it('never reopens when the window is 0', () => {
    const svc = new Service({ ...defaultPolicy(), reopenWindowS: 0 });
    svc.feed(event('CAM-1', 'tamper', 'start', 0));
    svc.feed(event('CAM-1', 'tamper', 'end', 60));
    svc.feed(event('CAM-1', 'tamper', 'start', 61));
    expect(svc.all).toHaveLength(2);
  });

  it('reopens an incident an operator resolved when the device reports the condition again', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'tamper', 'start', 0));
    svc.operator('inc-1', { kind: 'resolve', actor: 'operator', note: '', resolutionCode: 'false_alarm', expectedVersion: 1 }, s(10));
    const [reopen] = svc.feed(event('CAM-1', 'tamper', 'start', 20, { confidence: 0.99 }));
    expect(reopen).toMatchObject({ kind: 'reopen', reason: 'tamper detected by the camera (confidence 0.99)' });
    expect(svc.the()).toMatchObject({ status: 'open', reopenCount: 1 });
  });

  it('treats a report long after an operator resolved a still-standing condition as a new episode', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'video_loss', 'start', 0));
    svc.ticks(1, 10);
    svc.operator('inc-1', { kind: 'resolve', actor: 'operator', note: '', resolutionCode: 'referred', expectedVersion: 1 }, s(20));
    expect(svc.feed(event('CAM-1', 'video_loss', 'start', 3620))).toEqual([]);
    const [open] = svc.ticks(3621, 3630);
    expect(open).toMatchObject({ kind: 'open', incident: { id: 'inc-2', firstSeenAt: iso(3620), openedAt: iso(3630), count: 1 } });
  });

  it('does not reopen on a heartbeat restating a condition an operator resolved', () => {
    const svc = new Service();
    svc.feed(status('CAM-1', 0, { recording: false }));
    svc.ticks(1, 30);
    svc.operator('inc-1', { kind: 'resolve', actor: 'operator', note: 'planned', resolutionCode: 'no_action_needed', expectedVersion: 1 }, s(40));
    for (let t = 60; t < 600; t += 30) svc.feed(status('CAM-1', t, { recording: false }));
    svc.ticks(40, 600);
    expect(svc.the().status).toBe('resolved');
  });
});

describe('instant events', () => {
  it('opens at once, with no debounce, and is never auto-resolved', () => {
    const svc = new Service({ ...defaultPolicy(), debounceS: { ...defaultPolicy().debounceS, speeding: 60 } });
    svc.feed(event('CAM-1', 'speeding', 'instant', 0, { plate: '73A-123.45' }));
    expect(svc.the()).toMatchObject({ type: 'speeding', severity: 'minor', status: 'open', count: 1 });
    svc.feed(event('CAM-1', 'speeding', 'end', 10));
    svc.ticks(0, 4000);
    expect(svc.the().status).toBe('open');
    expect(svc.conditions.get('device:CAM-1:speeding')?.standing).toBe(false);
  });

  it('repeats into the open incident', () => {
    const svc = new Service();
    for (let i = 0; i < 5; i++) svc.feed(event('CAM-1', 'red_light', 'instant', i));
    expect(svc.all).toHaveLength(1);
    expect(svc.the()).toMatchObject({ count: 5, lastSeenAt: iso(4) });
  });

  it('reopens a recently resolved incident and opens a new one after the window', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'wrong_way', 'instant', 0));
    svc.operator('inc-1', { kind: 'resolve', actor: 'operator', note: '', resolutionCode: 'referred', expectedVersion: 1 }, s(100));
    expect(svc.feed(event('CAM-1', 'wrong_way', 'instant', 200))[0].kind).toBe('reopen');
    svc.operator('inc-1', { kind: 'resolve', actor: 'operator', note: '', resolutionCode: 'referred', expectedVersion: 3 }, s(300));
    expect(svc.feed(event('CAM-1', 'wrong_way', 'instant', 300 + 1801))[0].kind).toBe('open');
  });

  it('opens at once a condition of the same key that was still debouncing, taking its count', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'congestion', 'start', 0));
    svc.feed(event('CAM-1', 'congestion', 'instant', 5));
    expect(svc.the()).toMatchObject({ count: 2, firstSeenAt: iso(0) });
    svc.ticks(0, 200);
    expect(svc.all).toHaveLength(1);
    svc.feed(event('CAM-1', 'congestion', 'end', 300));
    expect(svc.the().status).toBe('resolved');
  });
});

describe('congestion hysteresis', () => {
  const jam = { occupancy: 0.9, averageVehicleSpeed: 6 };
  const between = { occupancy: 0.7, averageVehicleSpeed: 15 };
  const free = { occupancy: 0.3, averageVehicleSpeed: 40 };

  it('opens after standing for 120 s and stays open while readings sit between the bands', () => {
    const svc = new Service();
    svc.feed(flow('TS-1', 0, { ...jam, laneId: 1 }));
    svc.feed(flow('TS-1', 60, { ...jam, laneId: 1 }));
    svc.ticks(0, 119);
    expect(svc.all).toEqual([]);
    svc.tick(s(120));
    expect(svc.the()).toMatchObject({ type: 'congestion', severity: 'minor', count: 1 });
    for (let t = 180; t <= 600; t += 60) svc.feed(flow('TS-1', t, { ...between, laneId: 1 }));
    expect(svc.the().status).toBe('open');
    svc.feed(flow('TS-1', 660, { ...free, laneId: 1 }));
    expect(svc.the()).toMatchObject({
      status: 'resolved',
      resolutionNote: 'traffic flowing: occupancy 0.3, average speed 40 km/h, 10 vehicles over 60 s (lane 1, all vehicles)',
    });
  });

  it('never opens for a jam that clears within 120 s', () => {
    const svc = new Service();
    svc.feed(flow('TS-1', 0, { ...jam, laneId: 1 }));
    svc.feed(flow('TS-1', 60, { ...between, laneId: 1 }));
    svc.feed(flow('TS-1', 110, { ...free, laneId: 1 }));
    svc.ticks(0, 600);
    expect(svc.all).toEqual([]);
  });

  it('stands while any lane is congested and ends when the last one clears', () => {
    const svc = new Service();
    svc.feed(flow('TS-1', 0, { ...jam, laneId: 1 }));
    svc.feed(flow('TS-1', 0, { ...jam, laneId: 2 }));
    svc.ticks(0, 120);
    expect(svc.the().status).toBe('open');
    svc.feed(flow('TS-1', 180, { ...free, laneId: 1 }));
    svc.feed(flow('TS-1', 180, { ...jam, laneId: 2 }));
    expect(svc.the()).toMatchObject({ status: 'open', count: 1 });
    svc.feed(flow('TS-1', 240, { ...free, laneId: 2 }));
    expect(svc.the().status).toBe('resolved');
  });

  it('does not flap when lanes disagree within one interval', () => {
    const svc = new Service();
    for (let t = 0; t <= 600; t += 60) {
      svc.feed(flow('TS-1', t, { ...jam, laneId: 1 }));
      svc.feed(flow('TS-1', t, { ...free, laneId: 2 }));
    }
    svc.ticks(0, 600);
    expect(svc.all).toHaveLength(1);
    expect(svc.the()).toMatchObject({ status: 'open', count: 1 });
  });
});

describe('decommissioned devices', () => {
  it('resolves the offline incident of a device that is decommissioned', () => {
    const svc = new Service();
    svc.feed(statusChange('CAM-1', 'online', 'offline', 'no message for 90 s (heartbeat timeout)', 0));
    svc.feed(statusChange('CAM-1', 'offline', 'decommissioned', 'decommissioned', 100));
    expect(svc.the()).toMatchObject({ status: 'resolved', resolutionNote: 'device decommissioned' });
  });
});

describe('decommissioned devices: other conditions', () => {
  it('auto-resolves the incidents of every standing condition of the device, not instant ones', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'tamper', 'start', 0));
    svc.feed(event('CAM-1', 'red_light', 'instant', 1));
    const change: DeviceStatusChanged = {
      transitionId: 't-dc',
      deviceId: 'CAM-1',
      gatewayId: 'GW-1',
      areaCode: 'DH-LTK',
      from: 'degraded',
      to: 'decommissioned',
      reason: 'decommissioned',
      at: iso(100),
    };
    const mine = [...svc.conditions.values()].filter((c) => c.deviceId === 'CAM-1');
    svc.feed([...decommissionSignals(change, mine), signalFromStatusChange(change)].filter((x): x is Signal => x !== null));
    expect(svc.the('inc-1')).toMatchObject({ type: 'tamper', status: 'resolved', resolutionNote: 'device decommissioned' });
    expect(svc.the('inc-2')).toMatchObject({ type: 'red_light', status: 'open' });
  });
});

describe('ticks', () => {
  it('leave a condition without a pending decision unchanged', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'tamper', 'start', 0));
    const cond = svc.conditions.get('device:CAM-1:tamper');
    if (!cond) throw new Error('no condition');
    expect(awaitingTick(cond)).toBe(false);
    expect(onTick(cond, svc.the(), { policy, now: s(100), suppressed: false, gatewayDown: false, newIncidentId: 'x' })).toEqual({
      condition: cond,
      changed: false,
      actions: [],
    });
  });

  it('write a held device only when what they learn changes', () => {
    const svc = new Service();
    svc.feed(presence('offline', 0));
    svc.feed(statusChange('CAM-1', 'online', 'offline', 'gateway went offline', 0));
    const cond = svc.conditions.get('device:CAM-1:device_offline');
    if (!cond) throw new Error('no condition');
    const ctx = { policy, now: s(10), suppressed: false, gatewayDown: true, newIncidentId: 'x' };
    expect(onTick(cond, undefined, ctx).changed).toBe(false);
    const back = onTick(cond, undefined, { ...ctx, gatewayDown: false });
    expect(back).toMatchObject({ changed: true, actions: [], condition: { gatewayBackAt: s(10) } });
  });
});

describe('late redeliveries', () => {
  const policy = defaultPolicy();
  const ctx = (now: number) => ({ policy, now, suppressed: false, gatewayDown: false, newIncidentId: '11111111-1111-4111-8111-111111111111' });
  const tamper = (messageId: string, at: number, phase: 'start' | 'end' = 'start') => ({
    key: 'device:CAM-1:tamper',
    type: 'tamper' as const,
    phase,
    at,
    areaCode: 'DH-TT',
    gatewayId: 'GW-1',
    deviceId: 'CAM-1',
    messageId,
    reason: 'tamper detected',
    level: false,
    part: null,
    causedByGateway: false,
  });

  it('counts a repeat that arrives after newer ones (a batch redelivered after a crash)', () => {
    const first = onSignal(undefined, undefined, tamper('m1', 1000), ctx(1000));
    const opened = first.actions[0];
    if (opened?.kind !== 'open' || !first.condition) throw new Error('expected an open');
    const incident = { ...opened.incident };
    const third = onSignal(first.condition, incident, tamper('m3', 3000), ctx(3000));
    const afterThird = { ...incident, count: 2, lastSeenAt: new Date(3000).toISOString() };
    if (!third.condition) throw new Error('expected a condition');
    const late = onSignal(third.condition, afterThird, tamper('m2', 2000), ctx(4000));
    expect(late.actions).toEqual([expect.objectContaining({ kind: 'repeat', count: 3, lastSeenAt: new Date(3000).toISOString() })]);
    // ...once: the same message again changes nothing.
    if (!late.condition) throw new Error('expected a condition');
    expect(onSignal(late.condition, { ...afterThird, count: 3 }, tamper('m2', 2000), ctx(5000)).actions).toEqual([]);
  });

  it('ignores a late end: it would undo newer news', () => {
    const first = onSignal(undefined, undefined, tamper('m1', 1000), ctx(1000));
    const opened = first.actions[0];
    if (opened?.kind !== 'open' || !first.condition) throw new Error('expected an open');
    const again = onSignal(first.condition, opened.incident, tamper('m3', 3000), ctx(3000));
    if (!again.condition) throw new Error('expected a condition');
    expect(onSignal(again.condition, opened.incident, tamper('m2', 2000, 'end'), ctx(4000)).actions).toEqual([]);
  });
});

describe('event snapshots', () => {
  const shot = (n: number) => `http://gw-1.gw.local/snapshots/${n}.jpg`;

  it('keeps the snapshot of the event that opened the incident', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'tamper', 'start', 0, { snapshotUrl: shot(1) }));
    expect(svc.the().snapshotUrl).toBe(shot(1));
  });

  it('opens with no snapshot when the event carried none', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'tamper', 'start', 0));
    expect(svc.the().snapshotUrl).toBeNull();
  });

  it('takes the newest snapshot of a repeat, and keeps it through repeats without one', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'intrusion', 'start', 0, { snapshotUrl: shot(1) }));
    svc.feed(event('CAM-1', 'intrusion', 'start', 5, { snapshotUrl: shot(2) }));
    expect(svc.the()).toMatchObject({ count: 2, snapshotUrl: shot(2), version: 1 });
    svc.feed(event('CAM-1', 'intrusion', 'start', 10));
    expect(svc.the()).toMatchObject({ count: 3, snapshotUrl: shot(2) });
  });

  it('keeps the snapshot of a debounced start for the incident the tick opens', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'video_loss', 'start', 0, { snapshotUrl: shot(7) }));
    expect(svc.all).toHaveLength(0);
    svc.ticks(1, 11);
    expect(svc.the()).toMatchObject({ type: 'video_loss', snapshotUrl: shot(7) });
  });

  it('does not carry an ended episode’s snapshot to the next incident', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'tamper', 'start', 0, { snapshotUrl: shot(1) }));
    svc.feed(event('CAM-1', 'tamper', 'end', 5));
    svc.operator('inc-1', { kind: 'close', actor: 'operator', note: '', expectedVersion: 2 }, s(6));
    svc.feed(event('CAM-1', 'tamper', 'start', 4000));
    expect(svc.the('inc-2').snapshotUrl).toBeNull();
  });

  it('keeps a snapshot on an instant event’s incident', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'speeding', 'instant', 0, { plate: '73A-123.45', snapshotUrl: shot(3) }));
    expect(svc.the()).toMatchObject({ type: 'speeding', snapshotUrl: shot(3) });
  });

  it('ignores a snapshot that is not an http(s) URL', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'tamper', 'start', 0, { snapshotUrl: 'javascript:alert(1)' }));
    expect(svc.the().snapshotUrl).toBeNull();
  });

  it('does not let a late redelivered report replace a newer snapshot', () => {
    const svc = new Service();
    svc.feed(event('CAM-1', 'intrusion', 'start', 0, { snapshotUrl: shot(1) }));
    svc.feed(event('CAM-1', 'intrusion', 'start', 10, { snapshotUrl: shot(2) }));
    svc.feed(event('CAM-1', 'intrusion', 'start', 5, { snapshotUrl: shot(9) }));
    expect(svc.the()).toMatchObject({ count: 3, snapshotUrl: shot(2) });
  });
});
