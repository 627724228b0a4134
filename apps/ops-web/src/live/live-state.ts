// The live state of the operations room, as the /ops pushes build it: every key area in
// the user's scope with its devices' status, the standing (open or acknowledged)
// incidents, the latest coverage figures. Pure: no socket, no React. The socket layer feeds
// it a snapshot and then pushes, in arrival order; it applies each area's pushes strictly
// in sequence and reports a gap, after which the caller subscribes again for a fresh
// snapshot (DESIGN.md §3). Pushes that arrive before the snapshot they follow are held and
// applied over it, since the server joins the rooms before it reads the sequence numbers.
import type {
  DeviceSummary,
  Incident,
  OpsCoverage,
  OpsDeviceStatus,
  OpsIncident,
  OpsSlaBreach,
  OpsSnapshot,
} from '@ioc/contracts';

export type LiveIncident = Omit<Incident, 'timeline'>;

export interface LiveDevice extends DeviceSummary {
  areaCode: string;
}

export interface LiveArea {
  areaCode: string;
  name: string;
  district: string;
  seq: number;
  devices: Map<string, LiveDevice>;
}

export type Push =
  | { event: 'device.status'; data: OpsDeviceStatus }
  | { event: 'incident.opened' | 'incident.updated' | 'incident.resolved'; data: OpsIncident }
  | { event: 'coverage.updated'; data: OpsCoverage }
  | { event: 'sla.breach'; data: OpsSlaBreach };

/** What applying one push did. */
export type PushOutcome = 'applied' | 'duplicate' | 'gap' | 'held' | 'unknown_area';

/**
 * The area state shown on the map: the worst thing standing in it. `unknown` is an area
 * whose devices the platform has not heard from yet (none online, degraded or offline).
 */
export type AreaState = 'critical' | 'offline' | 'degraded' | 'online' | 'unknown' | 'no_devices';

/** A critical incident that arrived live (not in a snapshot): flashed until acknowledged or `flashUntil`. */
export interface Alarm {
  incidentId: string;
  areaCode: string;
  deviceId: string | null;
  at: number;
}

const STANDING = new Set(['open', 'acknowledged']);
const ALARM_FLASH_MS = 60_000;

export class LiveState {
  readonly areas = new Map<string, LiveArea>();
  readonly incidents = new Map<string, LiveIncident>();
  readonly coverage = new Map<string, OpsCoverage>();
  /** Live critical alarms by incident id, newest last. */
  readonly alarms = new Map<string, Alarm>();
  /** Bumped on every change, so views can tell that something moved. */
  version = 0;
  /** True once a snapshot has been applied and no gap has been seen since. */
  synced = false;
  private held: Push[] = [];

  /** Replaces the whole state with a snapshot, then applies the pushes held while waiting for it. */
  applySnapshot(snapshot: OpsSnapshot): PushOutcome[] {
    this.areas.clear();
    this.incidents.clear();
    for (const a of snapshot.areas) {
      const devices = new Map<string, LiveDevice>();
      for (const d of a.devices) devices.set(d.deviceId, { ...d, areaCode: a.areaCode });
      this.areas.set(a.areaCode, { areaCode: a.areaCode, name: a.name, district: a.district, seq: a.seq, devices });
      for (const i of a.incidents ?? []) if (STANDING.has(i.status)) this.incidents.set(i.id, i);
    }
    for (const id of [...this.alarms.keys()]) if (!this.incidents.has(id)) this.alarms.delete(id);
    this.synced = true;
    this.version++;
    const held = this.held.sort((x, y) => x.data.seq - y.data.seq);
    this.held = [];
    return held.map((p) => this.apply(p));
  }

  /** Forgets the sync: pushes are held until the next snapshot (a reconnect, or after a gap). */
  desync(): void {
    if (!this.synced) return;
    this.synced = false;
    this.held = [];
    this.version++;
  }

  /** Applies one push in its area's order. */
  apply(push: Push, now = Date.now()): PushOutcome {
    if (!this.synced) {
      this.held.push(push);
      return 'held';
    }
    const code = areaOf(push);
    const area = this.areas.get(code);
    if (!area) return 'unknown_area';
    const seq = push.data.seq;
    if (seq <= area.seq) return 'duplicate';
    if (seq > area.seq + 1) {
      this.desync();
      return 'gap';
    }
    area.seq = seq;
    this.version++;
    switch (push.event) {
      case 'device.status': {
        const d = push.data;
        const known = area.devices.get(d.deviceId);
        area.devices.set(d.deviceId, {
          deviceId: d.deviceId,
          gatewayId: d.gatewayId,
          kind: known?.kind ?? 'camera',
          name: known?.name ?? d.deviceId,
          status: d.to,
          statusSince: d.at,
          areaCode: code,
        });
        break;
      }
      case 'incident.opened':
      case 'incident.updated':
      case 'incident.resolved': {
        const incident = push.data.incident;
        const { timeline: _timeline, ...summary } = incident as Incident;
        // Older than what is shown: the incident service republished it after a failure (publishPending).
        if ((this.incidents.get(summary.id)?.version ?? -1) > summary.version) break;
        if (STANDING.has(summary.status)) {
          const isNew = !this.incidents.has(summary.id);
          this.incidents.set(summary.id, summary);
          if (summary.severity === 'critical' && summary.status === 'open' && (isNew || push.event === 'incident.opened')) {
            this.alarms.set(summary.id, { incidentId: summary.id, areaCode: code, deviceId: summary.deviceId, at: now });
          }
          if (summary.status !== 'open') this.alarms.delete(summary.id);
        } else {
          this.incidents.delete(summary.id);
          this.alarms.delete(summary.id);
        }
        break;
      }
      case 'coverage.updated':
        this.coverage.set(code, push.data);
        break;
      case 'sla.breach': {
        const incident = this.incidents.get(push.data.incidentId);
        if (incident && push.data.level > incident.escalationLevel) {
          this.incidents.set(incident.id, { ...incident, escalationLevel: push.data.level });
        }
        break;
      }
    }
    return 'applied';
  }

  /** Drops alarms older than the flash period; true when one was dropped. */
  expireAlarms(now = Date.now()): boolean {
    let dropped = false;
    for (const [id, alarm] of this.alarms) {
      if (now - alarm.at > ALARM_FLASH_MS) {
        this.alarms.delete(id);
        dropped = true;
      }
    }
    if (dropped) this.version++;
    return dropped;
  }

  /** The state an area is shaded by: an open critical incident first, then offline, degraded, online. */
  areaState(areaCode: string): AreaState {
    const area = this.areas.get(areaCode);
    if (!area) return 'no_devices';
    for (const i of this.incidents.values()) if (i.areaCode === areaCode && i.severity === 'critical' && i.status === 'open') return 'critical';
    return worstDeviceState(area.devices.values());
  }

  /** Device counts by status over the whole scope. */
  deviceCounts(): Record<DeviceSummary['status'], number> {
    const counts = { unknown: 0, online: 0, degraded: 0, offline: 0, decommissioned: 0 };
    for (const area of this.areas.values()) for (const d of area.devices.values()) counts[d.status]++;
    return counts;
  }

  /** Standing incidents by severity. */
  incidentCounts(): Record<Incident['severity'], number> {
    const counts = { critical: 0, major: 0, minor: 0, info: 0 };
    for (const i of this.incidents.values()) counts[i.severity]++;
    return counts;
  }
}

export function areaOf(push: Push): string {
  switch (push.event) {
    case 'device.status':
      return push.data.areaCode;
    case 'coverage.updated':
      return push.data.coverage.areaCode;
    case 'sla.breach':
      return push.data.areaCode;
    default:
      return push.data.incident.areaCode;
  }
}

const AREA_RANK: Record<AreaState, number> = { no_devices: 0, unknown: 1, online: 2, degraded: 3, offline: 4, critical: 5 };

/** The worst status among an area's devices (decommissioned ones do not count). */
export function worstDeviceState(devices: Iterable<{ status: DeviceSummary['status'] }>): AreaState {
  let worst: AreaState = 'no_devices';
  for (const d of devices) {
    const s: AreaState | undefined = d.status === 'decommissioned' ? undefined : d.status;
    if (s && AREA_RANK[s] > AREA_RANK[worst]) worst = s;
  }
  return worst;
}
