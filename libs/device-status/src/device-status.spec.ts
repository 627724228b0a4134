import { DeviceState, initialDeviceState, isSilent, LAST_SEEN_STORE_MAX_MS, lastSeenStoreIntervalMs, observe, Observation } from './device-status';

const T0 = Date.parse('2026-11-27T08:00:00Z');
const s = (n: number) => T0 + n * 1000;

function run(observations: Observation[], state: DeviceState = initialDeviceState()) {
  const transitions = [];
  for (const obs of observations) {
    const r = observe(state, obs);
    state = r.state;
    if (r.transition) transitions.push(r.transition);
  }
  return { state, transitions };
}

describe('device status', () => {
  it('starts unknown and goes online on its first status message', () => {
    const { state, transitions } = run([{ kind: 'status', at: s(0) }]);
    expect(state.status).toBe('online');
    expect(transitions).toEqual([{ from: 'unknown', to: 'online', reason: 'status received', at: s(0) }]);
  });

  it('records no transition for heartbeats that change nothing, but refreshes last seen', () => {
    const { state, transitions } = run([
      { kind: 'status', at: s(0) },
      { kind: 'status', at: s(30) },
      { kind: 'telemetry', at: s(45) },
    ]);
    expect(transitions).toHaveLength(1);
    expect(state.lastSeenAt).toBe(s(45));
  });

  describe('heartbeat timeout', () => {
    it('stays online until exactly the timeout has passed, then goes offline', () => {
      const online = run([{ kind: 'status', at: s(0) }]).state;
      expect(observe(online, { kind: 'silence_check', at: s(89.999), heartbeatTimeoutS: 90 }).transition).toBeUndefined();
      const r = observe(online, { kind: 'silence_check', at: s(90), heartbeatTimeoutS: 90 });
      expect(r.state.status).toBe('offline');
      expect(r.transition).toMatchObject({ from: 'online', to: 'offline', at: s(90) });
      expect(r.transition?.reason).toContain('heartbeat timeout');
    });

    it('does not time out a device that was never heard from', () => {
      const r = observe(initialDeviceState(), { kind: 'silence_check', at: s(1000), heartbeatTimeoutS: 90 });
      expect(r.state.status).toBe('unknown');
      expect(r.transition).toBeUndefined();
    });

    it('does not record a second offline transition for a device already offline', () => {
      const { transitions } = run([
        { kind: 'status', at: s(0) },
        { kind: 'silence_check', at: s(100), heartbeatTimeoutS: 90 },
        { kind: 'silence_check', at: s(200), heartbeatTimeoutS: 90 },
      ]);
      expect(transitions.map((t) => t.to)).toEqual(['online', 'offline']);
    });

    it('keeps the same conditions when a status or event restates them, so that nothing is rewritten', () => {
      const degraded = run([{ kind: 'status', at: s(0), recording: false, storageOk: true }]).state;
      expect(degraded.conditions).toEqual(['recording_off']);
      expect(observe(degraded, { kind: 'status', at: s(1), recording: false, storageOk: true }).state.conditions).toBe(degraded.conditions);
      expect(observe(degraded, { kind: 'event', at: s(1), type: 'tamper', state: 'end' }).state.conditions).toBe(degraded.conditions);
      expect(observe(degraded, { kind: 'status', at: s(2), recording: true }).state.conditions).toEqual([]);
    });

    it('waits out the slack of a stored last-seen time, and then says the timeout, not the slack', () => {
      const online = run([{ kind: 'status', at: s(0) }]).state;
      expect(observe(online, { kind: 'silence_check', at: s(100), heartbeatTimeoutS: 90, lastSeenSlackMs: 15_000 }).transition).toBeUndefined();
      const r = observe(online, { kind: 'silence_check', at: s(105), heartbeatTimeoutS: 90, lastSeenSlackMs: 15_000 });
      expect(r.transition).toMatchObject({ from: 'online', to: 'offline', at: s(105), reason: 'no message for 90 s (heartbeat timeout)' });
      expect(r.state.lastSeenAt).toBe(s(0));
    });

    it('stores a last-seen time at most a quarter of the timeout late, and at most 15 s', () => {
      expect(lastSeenStoreIntervalMs(90)).toBe(15_000);
      expect(lastSeenStoreIntervalMs(60)).toBe(15_000);
      expect(lastSeenStoreIntervalMs(20)).toBe(5_000);
      expect(lastSeenStoreIntervalMs(2)).toBe(500);
      expect(lastSeenStoreIntervalMs(3600)).toBe(LAST_SEEN_STORE_MAX_MS);
    });

    it('isSilent compares elapsed time with the timeout', () => {
      expect(isSilent(null, 90, s(500))).toBe(false);
      expect(isSilent(s(0), 90, s(90))).toBe(true);
      expect(isSilent(s(0), 90, s(89))).toBe(false);
    });
  });

  describe('gateway presence', () => {
    it('takes the device offline at once when its gateway goes offline, and online when it reports again', () => {
      const { state, transitions } = run([
        { kind: 'status', at: s(0) },
        { kind: 'gateway_offline', at: s(5) },
        { kind: 'status', at: s(60) },
      ]);
      expect(transitions.map((t) => [t.to, t.reason])).toEqual([
        ['online', 'status received'],
        ['offline', 'gateway went offline'],
        ['online', 'status received'],
      ]);
      expect(state.status).toBe('online');
    });

    it('ignores a gateway going offline for a device already offline', () => {
      const { transitions } = run([
        { kind: 'status', at: s(0), online: false },
        { kind: 'gateway_offline', at: s(5) },
      ]);
      expect(transitions.map((t) => t.to)).toEqual(['offline']);
    });
  });

  describe('degraded', () => {
    it('is degraded while video loss stands and online again when it ends', () => {
      const { transitions } = run([
        { kind: 'status', at: s(0) },
        { kind: 'event', at: s(10), type: 'video_loss', state: 'start' },
        { kind: 'event', at: s(20), type: 'video_loss', state: 'end' },
      ]);
      expect(transitions.map((t) => [t.from, t.to, t.reason])).toEqual([
        ['unknown', 'online', 'status received'],
        ['online', 'degraded', 'video_loss started'],
        ['degraded', 'online', 'video_loss cleared'],
      ]);
    });

    it('stays degraded until every standing condition has cleared', () => {
      const { state, transitions } = run([
        { kind: 'status', at: s(0), recording: false },
        { kind: 'event', at: s(10), type: 'tamper', state: 'start' },
        { kind: 'status', at: s(20), recording: true },
      ]);
      expect(state.status).toBe('degraded');
      expect(state.conditions).toEqual(['tamper']);
      expect(transitions.map((t) => t.to)).toEqual(['degraded']);
    });

    it('takes storage failure from the status payload', () => {
      const { state } = run([{ kind: 'status', at: s(0), storageOk: false }]);
      expect(state).toMatchObject({ status: 'degraded', conditions: ['storage_failure'] });
    });

    it('ignores instant events and events that are not degrading conditions', () => {
      const { state } = run([
        { kind: 'status', at: s(0) },
        { kind: 'event', at: s(1), type: 'tamper', state: 'instant' },
        { kind: 'event', at: s(2), type: 'intrusion', state: 'start' },
      ]);
      expect(state.status).toBe('online');
    });

    it('is offline, not degraded, when a degraded device falls silent, and degraded again when it returns', () => {
      const { transitions } = run([
        { kind: 'status', at: s(0), recording: false },
        { kind: 'silence_check', at: s(91), heartbeatTimeoutS: 90 },
        { kind: 'status', at: s(120) },
      ]);
      expect(transitions.map((t) => t.to)).toEqual(['degraded', 'offline', 'degraded']);
    });
  });

  describe('decommissioning', () => {
    it('is final: later messages change nothing', () => {
      const { state, transitions } = run([
        { kind: 'status', at: s(0) },
        { kind: 'decommission', at: s(10) },
        { kind: 'status', at: s(20) },
        { kind: 'gateway_offline', at: s(30) },
      ]);
      expect(state.status).toBe('decommissioned');
      expect(transitions.map((t) => t.to)).toEqual(['online', 'decommissioned']);
    });
  });

  it('a device reported offline by its gateway is offline until it reports online', () => {
    const { transitions } = run([
      { kind: 'status', at: s(0) },
      { kind: 'status', at: s(5), online: false },
      { kind: 'status', at: s(6), online: true },
    ]);
    expect(transitions.map((t) => [t.to, t.reason])).toEqual([
      ['online', 'status received'],
      ['offline', 'reported offline by its gateway'],
      ['online', 'status received'],
    ]);
  });
});
