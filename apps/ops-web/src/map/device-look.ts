// What the map last drew for each device and key area, and what changed since, pure. A
// device's "look" (status, critical incident standing on it, live alarm flashing) is one
// small integer, so comparing 5,000 devices every frame allocates nothing; only the
// devices whose look changed are touched on the map (DESIGN.md §6: smooth with 5,000
// devices and 200 changes a second).
import type { DeviceStatus } from '@ioc/contracts';
import type { AreaState, LiveState } from '../live/live-state';
import { deviceLevel, type DeviceLevel } from './map-style';

export type Look = number;

const STATUSES: readonly DeviceStatus[] = ['unknown', 'online', 'degraded', 'offline', 'decommissioned'];
const STATUS_INDEX = new Map(STATUSES.map((s, i) => [s, i]));

export function encodeLook(status: DeviceStatus, critical: boolean, alarm: boolean): Look {
  return (STATUS_INDEX.get(status) ?? 0) * 4 + (critical ? 2 : 0) + (alarm ? 1 : 0);
}

export function lookStatus(look: Look): DeviceStatus {
  return STATUSES[look >> 2] ?? 'unknown';
}

export function lookCritical(look: Look): boolean {
  return (look & 2) !== 0;
}

export function lookAlarm(look: Look): boolean {
  return (look & 1) !== 0;
}

export function lookLevel(look: Look): DeviceLevel {
  return deviceLevel(lookStatus(look), lookCritical(look));
}

export interface LookChange {
  id: string;
  /** undefined: drawn for the first time. */
  from: Look | undefined;
  to: Look;
}

/**
 * The items whose look differs from the one recorded in `drawn`, recording the new looks.
 * Items no longer in `ids` are forgotten (and returned in `gone`), so a device that comes
 * back is drawn afresh.
 */
export function diffLooks<T>(items: Iterable<T>, idOf: (item: T) => string, lookOf: (item: T) => Look, drawn: Map<string, Look>): { changes: LookChange[]; gone: string[] } {
  const changes: LookChange[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const id = idOf(item);
    seen.add(id);
    const to = lookOf(item);
    const from = drawn.get(id);
    if (from === to) continue;
    drawn.set(id, to);
    changes.push({ id, from, to });
  }
  const gone: string[] = [];
  if (seen.size !== drawn.size) {
    for (const id of drawn.keys()) {
      if (!seen.has(id)) {
        drawn.delete(id);
        gone.push(id);
      }
    }
  }
  return { changes, gone };
}

/** The static parts of a device the map needs to find its live status. */
export interface DeviceRef {
  id: string;
  areaCode: string;
  /** The status REST gave: used until the live state knows the device. */
  status: DeviceStatus;
}

/**
 * How to read a device's look from the live state: its live status (or the REST one until
 * the live state has it), whether an open critical incident stands on it, whether it is
 * flashing as a live alarm.
 */
export function deviceLookReader(state: LiveState | undefined): (device: DeviceRef) => Look {
  const critical = new Set<string>();
  const alarmed = new Set<string>();
  if (state) {
    for (const i of state.incidents.values()) if (i.deviceId && i.severity === 'critical' && i.status === 'open') critical.add(i.deviceId);
    for (const a of state.alarms.values()) if (a.deviceId) alarmed.add(a.deviceId);
  }
  return (d) => {
    const live = state?.areas.get(d.areaCode)?.devices.get(d.id);
    return encodeLook(live?.status ?? d.status, critical.has(d.id), alarmed.has(d.id));
  };
}

const AREA_STATE_LIST: readonly AreaState[] = ['no_devices', 'unknown', 'online', 'degraded', 'offline', 'critical'];
const AREA_STATE_INDEX = new Map(AREA_STATE_LIST.map((s, i) => [s, i]));

/** A key area's look: its state and whether a live alarm flashes in it. */
export function encodeAreaLook(state: AreaState, alarm: boolean): Look {
  return (AREA_STATE_INDEX.get(state) ?? 0) * 2 + (alarm ? 1 : 0);
}

export function areaLookState(look: Look): AreaState {
  return AREA_STATE_LIST[look >> 1] ?? 'no_devices';
}

export function areaLookAlarm(look: Look): boolean {
  return (look & 1) !== 0;
}

/** The areas where a live alarm flashes. */
export function alarmedAreas(state: LiveState | undefined): Set<string> {
  const out = new Set<string>();
  if (state) for (const a of state.alarms.values()) out.add(a.areaCode);
  return out;
}
