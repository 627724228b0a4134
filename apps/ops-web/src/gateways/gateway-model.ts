// The pure part of the gateway screens: a device's status with the live /ops state laid
// over the REST answer (whichever is newer wins: the REST list is fetched once, the pushes
// keep coming), each gateway's device counts, the list's order and filter, and a proposed
// id for a new gateway of an area.
import type { Device, DeviceStatus, Gateway } from '@ioc/contracts';

/** What the live state knows of a device (LiveDevice's fields that matter here). */
export interface LiveStatus {
  gatewayId: string;
  status: DeviceStatus;
  statusSince: string | null;
}

export interface DeviceRow {
  device: Device;
  status: DeviceStatus;
  statusSince: string | null;
  /** The status came from a live push newer than the REST answer. */
  live: boolean;
}

function time(at: string | null | undefined): number {
  const t = at ? Date.parse(at) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
}

/** A device's status: the live one when it is at least as recent as the REST one (or REST has no time). */
export function mergeStatus(device: Device, live: LiveStatus | undefined): DeviceRow {
  if (device.status === 'decommissioned') return { device, status: 'decommissioned', statusSince: device.statusSince, live: false };
  if (live && time(live.statusSince) >= time(device.statusSince)) return { device, status: live.status, statusSince: live.statusSince, live: true };
  return { device, status: device.status, statusSince: device.statusSince, live: false };
}

export interface GatewayCounts {
  /** Devices in service (not decommissioned). */
  devices: number;
  online: number;
}

/**
 * Per gateway: its devices in service and how many of them are online now. Devices the live
 * state knows but the (cached) REST list does not yet — registered since it was fetched —
 * count too.
 */
export function countsByGateway(devices: readonly Device[], live: ReadonlyMap<string, LiveStatus>): Map<string, GatewayCounts> {
  const out = new Map<string, GatewayCounts>();
  const add = (gatewayId: string, status: DeviceStatus) => {
    if (status === 'decommissioned') return;
    const c = out.get(gatewayId) ?? { devices: 0, online: 0 };
    c.devices++;
    if (status === 'online') c.online++;
    out.set(gatewayId, c);
  };
  const known = new Set<string>();
  for (const d of devices) {
    known.add(d.id);
    add(d.gatewayId, mergeStatus(d, live.get(d.id)).status);
  }
  for (const [id, l] of live) if (!known.has(id)) add(l.gatewayId, l.status);
  return out;
}

const STATUS_ORDER: Record<DeviceStatus, number> = { offline: 0, degraded: 1, unknown: 2, online: 3, decommissioned: 4 };

/** A gateway's devices, worst first (offline, degraded, never heard from, online, decommissioned), then by id. */
export function sortDeviceRows(rows: DeviceRow[]): DeviceRow[] {
  return [...rows].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.device.id.localeCompare(b.device.id));
}

export interface GatewayFilter {
  areaCode: string;
  /** Free text, matched against id, name and area code, without regard to case or Vietnamese diacritics. */
  text: string;
}

/** Lower case without diacritics, `đ` included, so "dong hoi" finds "Đồng Hới". */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** The gateways the filter lets through, by area then id. */
export function filterGateways(gateways: readonly Gateway[], filter: GatewayFilter, areaNames: ReadonlyMap<string, string> = new Map()): Gateway[] {
  const text = fold(filter.text.trim());
  return gateways
    .filter((g) => !filter.areaCode || g.areaCode === filter.areaCode)
    .filter((g) => !text || [g.id, g.name, g.areaCode, areaNames.get(g.areaCode) ?? ''].some((s) => fold(s).includes(text)))
    .sort((a, b) => a.areaCode.localeCompare(b.areaCode) || a.id.localeCompare(b.id));
}

/** `GW-{area}-NN`, the next number after the area's gateways that follow that pattern (the demo's and the docs' convention). */
export function suggestGatewayId(areaCode: string, existingIds: readonly string[]): string {
  const prefix = `GW-${areaCode}-`;
  let max = 0;
  for (const id of existingIds) {
    if (!id.startsWith(prefix)) continue;
    const n = Number(id.slice(prefix.length));
    if (Number.isInteger(n) && n > max) max = n;
  }
  return `${prefix}${String(max + 1).padStart(2, '0')}`;
}
