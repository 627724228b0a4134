// The registry's working set: the status state of every device, and the presence of every
// gateway, of the partitions this copy owns (decision 0024), held in memory so that
// heartbeats (most of the traffic) cost no query. Postgres is the system of record: a
// partition's devices and gateways are loaded from it when the partition is taken and
// forgotten when it is given up, devices registered later are fetched on first sight, and
// every change is written back by StatusProcessor in batches. A device or gateway of a
// partition this copy does not own is never held: another copy sweeps and writes it.
import { partitionOfArea } from '@ioc/contracts';
import { initialDeviceState, lastSeenStoreIntervalMs, type DeviceState } from '@ioc/device-status';
import type { DeviceStatusRepository, DeviceStatusRow } from './device-status.repository';

export interface TrackedDevice {
  id: string;
  gatewayId: string;
  areaCode: string;
  heartbeatTimeoutS: number;
  state: DeviceState;
  statusSince: number | null;
  /** The last-seen time Postgres has (it is stored every `lastSeenStoreIntervalMs` at most). */
  storedLastSeenAt: number | null;
  /** How much later than its last-seen time read from Postgres the device may have been heard from; 0 once heard from here. */
  lastSeenSlackMs: number;
}

export interface TrackedGateway {
  id: string;
  areaCode: string;
  presence: 'unknown' | 'online' | 'offline';
}

const NEGATIVE_CACHE_MS = 10_000;

export class DeviceRegistryStore {
  readonly devices = new Map<string, TrackedDevice>();
  readonly gateways = new Map<string, TrackedGateway>();
  private readonly devicesByGateway = new Map<string, Set<string>>();
  private readonly unknownUntil = new Map<string, number>();

  /** Partitions whose devices and gateways this store holds. */
  private readonly partitions = new Set<number>();

  constructor(private readonly repository: DeviceStatusRepository) {}

  /** Whether a key area's devices belong in this copy's working set. */
  holds(areaCode: string): boolean {
    return this.partitions.has(partitionOfArea(areaCode));
  }

  /**
   * (Re)loads the devices and gateways of these partitions; their memory is replaced only once
   * both queries have succeeded.
   */
  async loadPartitions(partitions: number[]): Promise<void> {
    if (partitions.length === 0) return;
    const wanted = new Set(partitions);
    const areas = (await this.repository.areaCodes()).filter((code) => wanted.has(partitionOfArea(code)));
    const gateways = await this.queryGateways(undefined, areas);
    const rows = await this.repository.devicesOfAreas(areas);
    this.forget(partitions);
    for (const p of partitions) this.partitions.add(p);
    for (const g of gateways) this.gateways.set(g.id, g);
    for (const row of rows) this.track(row);
  }

  /** Forgets the devices and gateways of partitions given up. */
  forget(partitions: number[]): void {
    const gone = new Set(partitions);
    for (const p of partitions) this.partitions.delete(p);
    for (const [id, device] of this.devices) if (gone.has(partitionOfArea(device.areaCode))) this.untrack(id);
    for (const [id, gateway] of this.gateways) if (gone.has(partitionOfArea(gateway.areaCode))) this.gateways.delete(id);
  }

  /** The partitions held. */
  get held(): number[] {
    return [...this.partitions].sort((a, b) => a - b);
  }

  /** Fetches devices and gateways not yet in memory (registered after start). */
  async ensureLoaded(deviceIds: Iterable<string>, gatewayIds: Iterable<string>): Promise<void> {
    const now = Date.now();
    const missingDevices = [...new Set(deviceIds)].filter((id) => !this.devices.has(id) && (this.unknownUntil.get(id) ?? 0) < now);
    const missingGateways = [...new Set(gatewayIds)].filter((id) => !this.gateways.has(id) && (this.unknownUntil.get(id) ?? 0) < now);
    if (missingGateways.length) await this.loadGateways(missingGateways);
    if (missingDevices.length) {
      for (const row of await this.repository.devices(missingDevices)) if (this.holds(row.area_code)) this.track(row);
    }
    for (const id of [...missingDevices, ...missingGateways]) {
      if (!this.devices.has(id) && !this.gateways.has(id)) this.unknownUntil.set(id, now + NEGATIVE_CACHE_MS);
    }
  }

  /**
   * Re-reads devices from Postgres (after a change to their registration): those of held
   * partitions are tracked; one that moved to an area of another partition is forgotten.
   */
  async reload(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    for (const row of await this.repository.devices(ids)) {
      if (this.holds(row.area_code)) this.track(row);
      else if (this.devices.has(row.id)) this.untrack(row.id);
    }
  }

  devicesOf(gatewayId: string): TrackedDevice[] {
    const ids = [...(this.devicesByGateway.get(gatewayId) ?? [])];
    return ids.map((id) => this.devices.get(id)).filter((d): d is TrackedDevice => d !== undefined);
  }

  private async loadGateways(ids: string[]): Promise<void> {
    for (const g of await this.queryGateways(ids)) if (this.holds(g.areaCode)) this.gateways.set(g.id, g);
  }

  private async queryGateways(ids?: string[], areaCodes?: string[]): Promise<TrackedGateway[]> {
    const rows = await this.repository.gateways(ids, areaCodes);
    return rows.map((r) => ({ id: r.id, areaCode: r.area_code, presence: r.presence }));
  }

  private untrack(id: string): void {
    const device = this.devices.get(id);
    if (!device) return;
    this.devices.delete(id);
    this.devicesByGateway.get(device.gatewayId)?.delete(id);
  }

  private track(row: DeviceStatusRow): void {
    const previous = this.devices.get(row.id);
    if (previous && previous.gatewayId !== row.gateway_id) this.devicesByGateway.get(previous.gatewayId)?.delete(row.id);
    const stored = row.last_seen_at?.getTime() ?? null;
    // A device re-read after a change to its registration keeps the last-seen time heard here, newer than the stored one.
    const heard = previous?.state.lastSeenAt != null && (stored === null || previous.state.lastSeenAt > stored) ? previous : undefined;
    const state: DeviceState = {
      ...initialDeviceState(),
      status: row.status,
      reachable: row.status === 'unknown' ? null : row.status !== 'offline',
      conditions: row.conditions,
      lastSeenAt: heard ? heard.state.lastSeenAt : stored,
      decommissioned: row.decommissioned_at !== null || row.status === 'decommissioned',
    };
    this.devices.set(row.id, {
      id: row.id,
      gatewayId: row.gateway_id,
      areaCode: row.area_code,
      heartbeatTimeoutS: row.heartbeat_timeout_s,
      state,
      statusSince: row.status_since?.getTime() ?? null,
      storedLastSeenAt: stored,
      lastSeenSlackMs: heard ? heard.lastSeenSlackMs : stored === null ? 0 : lastSeenStoreIntervalMs(row.heartbeat_timeout_s),
    });
    let set = this.devicesByGateway.get(row.gateway_id);
    if (!set) this.devicesByGateway.set(row.gateway_id, (set = new Set()));
    set.add(row.id);
    this.unknownUntil.delete(row.id);
  }
}
