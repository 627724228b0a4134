// Device status rules (DESIGN.md §4), as pure functions over a device's state and one
// observation at a time. The registry feeds every message, every silence check and every
// gateway presence change through `observe` and stores the transitions it returns:
// availability is later computed from those transitions, never from sampling.
//
//   online        status messages arrive, no degrading condition stands
//   degraded      reachable, but video loss, tamper, storage failure or recording off stands
//   offline       silent for longer than heartbeatTimeoutS, reported offline by its
//                 gateway, or its gateway's presence went offline
//   decommissioned  final; nothing brings it back
//   unknown       registered, never heard from

import type { DeviceStatus } from '@ioc/contracts';

// The statuses are the contract's (one declaration for the bus, the REST API and these rules).
export type { DeviceStatus };

export const DEGRADING_CONDITIONS = ['video_loss', 'tamper', 'storage_failure', 'recording_off'] as const;
export type DegradingCondition = (typeof DEGRADING_CONDITIONS)[number];

export interface DeviceState {
  status: DeviceStatus;
  /** null until the device is first heard from. */
  reachable: boolean | null;
  /** Degrading conditions standing now, sorted. */
  conditions: DegradingCondition[];
  /** Epoch ms of the last message from the device, null if never. */
  lastSeenAt: number | null;
  decommissioned: boolean;
}

export type Observation =
  | { kind: 'status'; at: number; online?: boolean; recording?: boolean; storageOk?: boolean }
  | { kind: 'event'; at: number; type: string; state: 'start' | 'end' | 'instant' }
  | { kind: 'telemetry'; at: number }
  | {
      kind: 'silence_check';
      at: number;
      heartbeatTimeoutS: number;
      /**
       * How much later than `lastSeenAt` the device may really have been heard from: a
       * last-seen time read back from storage, which keeps it only every
       * `lastSeenStoreIntervalMs` (0 when the time is this process's own observation).
       */
      lastSeenSlackMs?: number;
    }
  | { kind: 'gateway_offline'; at: number }
  | { kind: 'decommission'; at: number };

export interface Transition {
  from: DeviceStatus;
  to: DeviceStatus;
  reason: string;
  at: number;
}

export const initialDeviceState = (): DeviceState => ({
  status: 'unknown',
  reachable: null,
  conditions: [],
  lastSeenAt: null,
  decommissioned: false,
});

export function deriveStatus(state: Omit<DeviceState, 'status'>): DeviceStatus {
  if (state.decommissioned) return 'decommissioned';
  if (state.reachable === null) return 'unknown';
  if (!state.reachable) return 'offline';
  return state.conditions.length > 0 ? 'degraded' : 'online';
}

/** True when a reachable device has been silent for at least its heartbeat timeout. */
export function isSilent(lastSeenAt: number | null, heartbeatTimeoutS: number, now: number): boolean {
  return lastSeenAt !== null && now - lastSeenAt >= heartbeatTimeoutS * 1000;
}

/** The longest a stored last-seen time may lag: LAST_SEEN_STORE_MAX_MS, or a quarter of the timeout if shorter. */
export const LAST_SEEN_STORE_MAX_MS = 15_000;

/**
 * How far a device's last-seen time may advance before it must be stored again. Storing every
 * message's time rewrote every device's row on every batch (a device under load reports many
 * times a second); a quarter of the heartbeat timeout keeps a copy that reads the stored time
 * back (a restart, a partition taken over) from taking the device offline more than a quarter
 * of its timeout early, and the silence check's `lastSeenSlackMs` removes even that.
 */
export function lastSeenStoreIntervalMs(heartbeatTimeoutS: number): number {
  return Math.min(LAST_SEEN_STORE_MAX_MS, (heartbeatTimeoutS * 1000) / 4);
}

const EVENT_CONDITIONS: Record<string, DegradingCondition> = {
  video_loss: 'video_loss',
  tamper: 'tamper',
  storage_failure: 'storage_failure',
};

/** The conditions with one set or cleared; the same array when that changes nothing (the registry writes a device whose conditions are a new array). */
function withCondition(conditions: DegradingCondition[], condition: DegradingCondition, on: boolean): DegradingCondition[] {
  if (conditions.includes(condition) === on) return conditions;
  const set = new Set(conditions);
  if (on) set.add(condition);
  else set.delete(condition);
  return DEGRADING_CONDITIONS.filter((c) => set.has(c));
}

function describeChange(before: DeviceState, after: Omit<DeviceState, 'status'>, fallback: string): string {
  const added = after.conditions.filter((c) => !before.conditions.includes(c));
  const removed = before.conditions.filter((c) => !after.conditions.includes(c));
  if (added.length) return `${added.join(', ')} started`;
  if (removed.length && after.reachable) return `${removed.join(', ')} cleared`;
  return fallback;
}

/** Applies one observation; returns the new state and the transition it caused, if any. */
export function observe(state: DeviceState, obs: Observation): { state: DeviceState; transition?: Transition } {
  if (state.decommissioned) return { state };

  let next: Omit<DeviceState, 'status'> = { ...state };
  let reason: string;
  switch (obs.kind) {
    case 'status': {
      let conditions = state.conditions;
      if (obs.recording !== undefined) conditions = withCondition(conditions, 'recording_off', !obs.recording);
      if (obs.storageOk !== undefined) conditions = withCondition(conditions, 'storage_failure', !obs.storageOk);
      const reachable = obs.online !== false;
      next = { ...next, reachable, conditions, lastSeenAt: obs.at };
      reason = reachable ? 'status received' : 'reported offline by its gateway';
      break;
    }
    case 'event': {
      const condition = EVENT_CONDITIONS[obs.type];
      const conditions =
        condition && obs.state !== 'instant' ? withCondition(state.conditions, condition, obs.state === 'start') : state.conditions;
      next = { ...next, reachable: true, conditions, lastSeenAt: obs.at };
      reason = 'event received';
      break;
    }
    case 'telemetry':
      next = { ...next, reachable: true, lastSeenAt: obs.at };
      reason = 'telemetry received';
      break;
    case 'silence_check':
      if (state.reachable !== true || !isSilent(state.lastSeenAt === null ? null : state.lastSeenAt + (obs.lastSeenSlackMs ?? 0), obs.heartbeatTimeoutS, obs.at)) return { state };
      next = { ...next, reachable: false };
      reason = `no message for ${obs.heartbeatTimeoutS} s (heartbeat timeout)`;
      break;
    case 'gateway_offline':
      if (state.reachable === false) return { state };
      next = { ...next, reachable: false };
      reason = 'gateway went offline';
      break;
    case 'decommission':
      next = { ...next, decommissioned: true };
      reason = 'decommissioned';
      break;
  }

  const status = deriveStatus(next);
  const newState: DeviceState = { ...next, status };
  if (status === state.status) return { state: newState };
  return {
    state: newState,
    transition: { from: state.status, to: status, reason: describeChange(state, next, reason), at: obs.at },
  };
}
