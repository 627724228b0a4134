// The registry's working set: every device's status state and every gateway's presence,
// held in memory so that heartbeats (most of the traffic) cost no query. Postgres is the
// system of record: the store is loaded from it at start, devices registered later are
// fetched on first sight, and every change is written back by StatusProcessor in batches.
import { initialDeviceState, type DeviceState } from '@ioc/device-status';
import type { DeviceStatusRepository, DeviceStatusRow } from './device-status.repository';

export interface TrackedDevice {
  id: string;
  gatewayId: string;
  areaCode: string;
  heartbeatTimeoutS: number;
  state: DeviceState;
  statusSince: number | null;
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

  constructor(private readonly repository: DeviceStatusRepository) {}

  /** (Re)loads everything; memory is replaced only once both queries have succeeded. */
  async loadAll(): Promise<void> {
    const gateways = await this.queryGateways();
    const rows = await this.repository.devices();
    this.devices.clear();
    this.devicesByGateway.clear();
    this.gateways.clear();
    for (const g of gateways) this.gateways.set(g.id, g);
    for (const row of rows) this.track(row);
  }

  /** Fetches devices and gateways not yet in memory (registered after start). */
  async ensureLoaded(deviceIds: Iterable<string>, gatewayIds: Iterable<string>): Promise<void> {
    const now = Date.now();
    const missingDevices = [...new Set(deviceIds)].filter((id) => !this.devices.has(id) && (this.unknownUntil.get(id) ?? 0) < now);
    const missingGateways = [...new Set(gatewayIds)].filter((id) => !this.gateways.has(id) && (this.unknownUntil.get(id) ?? 0) < now);
    if (missingGateways.length) await this.loadGateways(missingGateways);
    if (missingDevices.length) {
      for (const row of await this.repository.devices(missingDevices)) this.track(row);
    }
    for (const id of [...missingDevices, ...missingGateways]) {
      if (!this.devices.has(id) && !this.gateways.has(id)) this.unknownUntil.set(id, now + NEGATIVE_CACHE_MS);
    }
  }

  /** Re-reads devices from Postgres (after a change to their registration). */
  async reload(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    for (const row of await this.repository.devices(ids)) this.track(row);
  }

  devicesOf(gatewayId: string): TrackedDevice[] {
    const ids = [...(this.devicesByGateway.get(gatewayId) ?? [])];
    return ids.map((id) => this.devices.get(id)).filter((d): d is TrackedDevice => d !== undefined);
  }

  private async loadGateways(ids: string[]): Promise<void> {
    for (const g of await this.queryGateways(ids)) this.gateways.set(g.id, g);
  }

  private async queryGateways(ids?: string[]): Promise<TrackedGateway[]> {
    const rows = await this.repository.gateways(ids);
    return rows.map((r) => ({ id: r.id, areaCode: r.area_code, presence: r.presence }));
  }

  private track(row: DeviceStatusRow): void {
    const previous = this.devices.get(row.id);
    if (previous && previous.gatewayId !== row.gateway_id) this.devicesByGateway.get(previous.gatewayId)?.delete(row.id);
    const state: DeviceState = {
      ...initialDeviceState(),
      status: row.status,
      reachable: row.status === 'unknown' ? null : row.status !== 'offline',
      conditions: row.conditions,
      lastSeenAt: row.last_seen_at?.getTime() ?? null,
      decommissioned: row.decommissioned_at !== null || row.status === 'decommissioned',
    };
    this.devices.set(row.id, {
      id: row.id,
      gatewayId: row.gateway_id,
      areaCode: row.area_code,
      heartbeatTimeoutS: row.heartbeat_timeout_s,
      state,
      statusSince: row.status_since?.getTime() ?? null,
    });
    let set = this.devicesByGateway.get(row.gateway_id);
    if (!set) this.devicesByGateway.set(row.gateway_id, (set = new Set()));
    set.add(row.id);
    this.unknownUntil.delete(row.id);
  }
}
