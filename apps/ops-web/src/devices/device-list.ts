// The technician's device list, pure: the register's devices (REST) with the live status
// (the /ops pushes, newer than any REST answer), availability this month (SLA) and the
// standing incidents laid over them; the filters, sort and page as they travel in the URL
// (`/devices?status=offline` is a link from the header strip), so a list can be shared,
// bookmarked and reloaded as it was. No React, no I/O.
import type { CameraType, Device, DeviceStatus } from '@ioc/contracts';
import { CAMERA_TYPES, DEVICE_STATUSES } from '@ioc/contracts';

export interface DeviceRow {
  device: Device;
  /** Live when the live view knows the device, else the register's. */
  status: DeviceStatus;
  statusSince: string | null;
  lastSeenAt: string | null;
  /** Availability this month, 0…1; null when nothing was eligible or not known. */
  availability: number | null;
  /** Standing (open or acknowledged) incidents of the device. */
  openIncidents: number;
}

/** `camera` (any camera), `camera:<type>` or `traffic_sensor`. */
export type TypeFilter = 'camera' | `camera:${CameraType}` | 'traffic_sensor';
export const TYPE_FILTERS: readonly TypeFilter[] = ['camera', ...CAMERA_TYPES.map((t) => `camera:${t}` as const), 'traffic_sensor'];

export interface DeviceFilters {
  area?: string;
  gateway?: string;
  type?: TypeFilter;
  status?: DeviceStatus;
  /** Free text: id, name, serial, model, contractor. */
  q?: string;
}

export const SORT_KEYS = ['id', 'name', 'area', 'gateway', 'type', 'status', 'lastSeen', 'availability', 'incidents'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

export interface ListQuery {
  filters: DeviceFilters;
  sort: Sort;
  /** 1-based. */
  page: number;
}

export const PAGE_SIZE = 100;
/** Worst first when ascending: what needs a technician comes to the top. */
export const DEFAULT_SORT: Sort = { key: 'status', dir: 'asc' };

const isOneOf = <T extends string>(values: readonly T[], v: string | null): v is T => v !== null && (values as readonly string[]).includes(v);

/** Reads the list's state from the URL; anything unknown is ignored (an old bookmark still opens). */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const filters: DeviceFilters = {};
  const area = params.get('area');
  if (area) filters.area = area;
  const gateway = params.get('gateway');
  if (gateway) filters.gateway = gateway;
  const type = params.get('type');
  if (isOneOf(TYPE_FILTERS, type)) filters.type = type;
  const status = params.get('status');
  if (isOneOf(DEVICE_STATUSES, status)) filters.status = status;
  const q = params.get('q')?.trim();
  if (q) filters.q = q;
  const key = params.get('sort');
  const dir = params.get('dir');
  const sort: Sort = isOneOf(SORT_KEYS, key) ? { key, dir: dir === 'desc' ? 'desc' : 'asc' } : DEFAULT_SORT;
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  return { filters, sort, page };
}

/** The URL query of a list state; defaults are left out so the plain list stays `/devices`. */
export function listQueryString(query: ListQuery): string {
  const params = new URLSearchParams();
  const f = query.filters;
  if (f.area) params.set('area', f.area);
  if (f.gateway) params.set('gateway', f.gateway);
  if (f.type) params.set('type', f.type);
  if (f.status) params.set('status', f.status);
  if (f.q) params.set('q', f.q);
  if (query.sort.key !== DEFAULT_SORT.key || query.sort.dir !== DEFAULT_SORT.dir) {
    params.set('sort', query.sort.key);
    params.set('dir', query.sort.dir);
  }
  if (query.page > 1) params.set('page', String(query.page));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export interface LiveDeviceStatus {
  status: DeviceStatus;
  statusSince: string | null;
}

/** Joins the register's devices with what the live view, SLA and incidents know of each. */
export function buildRows(
  devices: readonly Device[],
  live: ReadonlyMap<string, LiveDeviceStatus>,
  availability: ReadonlyMap<string, number | null>,
  incidents: ReadonlyMap<string, number>,
): DeviceRow[] {
  return devices.map((device) => {
    const l = live.get(device.id);
    return {
      device,
      status: l?.status ?? device.status,
      statusSince: l ? l.statusSince : device.statusSince,
      lastSeenAt: device.lastSeenAt,
      availability: availability.get(device.id) ?? null,
      openIncidents: incidents.get(device.id) ?? 0,
    };
  });
}

/** Standing incidents per device (incidents of a whole gateway have no device and count for none). */
export function incidentsByDevice(incidents: Iterable<{ deviceId: string | null }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const i of incidents) if (i.deviceId) counts.set(i.deviceId, (counts.get(i.deviceId) ?? 0) + 1);
  return counts;
}

export function matchesType(device: Pick<Device, 'kind' | 'cameraType'>, type: TypeFilter): boolean {
  if (type === 'traffic_sensor') return device.kind === 'traffic_sensor';
  if (type === 'camera') return device.kind === 'camera';
  return device.kind === 'camera' && `camera:${device.cameraType}` === type;
}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

export function filterRows(rows: readonly DeviceRow[], f: DeviceFilters): DeviceRow[] {
  // Search ignores diacritics: "nga tu" finds "Ngã tư" (typed on a keyboard without Telex).
  const q = f.q ? fold(f.q) : undefined;
  return rows.filter((r) => {
    const d = r.device;
    if (f.area && d.areaCode !== f.area) return false;
    if (f.gateway && d.gatewayId !== f.gateway) return false;
    if (f.type && !matchesType(d, f.type)) return false;
    if (f.status && r.status !== f.status) return false;
    if (q && !fold(`${d.id} ${d.name} ${d.serial} ${d.model} ${d.vendor} ${d.contractor}`).includes(q)) return false;
    return true;
  });
}

const STATUS_RANK: Record<DeviceStatus, number> = { offline: 0, degraded: 1, unknown: 2, online: 3, decommissioned: 4 };
const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });
const typeLabel = (d: Device) => (d.kind === 'camera' ? `camera:${d.cameraType ?? ''}` : d.kind);

/** Compares two rows by one key; null and missing values go last whichever the direction. */
function compareBy(key: SortKey, a: DeviceRow, b: DeviceRow): number | null {
  switch (key) {
    case 'id':
      return collator.compare(a.device.id, b.device.id);
    case 'name':
      return collator.compare(a.device.name, b.device.name);
    case 'area':
      return collator.compare(a.device.areaCode, b.device.areaCode);
    case 'gateway':
      return collator.compare(a.device.gatewayId, b.device.gatewayId);
    case 'type':
      return collator.compare(typeLabel(a.device), typeLabel(b.device));
    case 'status':
      return STATUS_RANK[a.status] - STATUS_RANK[b.status];
    case 'lastSeen':
      return nullable(a.lastSeenAt && Date.parse(a.lastSeenAt), b.lastSeenAt && Date.parse(b.lastSeenAt));
    case 'availability':
      return nullable(a.availability, b.availability);
    case 'incidents':
      return a.openIncidents - b.openIncidents;
  }
}

/** null when one side is missing (the caller puts it last), else the difference. */
function nullable(a: number | null | undefined | '', b: number | null | undefined | ''): number | null {
  const am = a === null || a === undefined || a === '';
  const bm = b === null || b === undefined || b === '';
  if (am || bm) return am && bm ? 0 : null;
  return (a as number) - (b as number);
}

const missing = (key: SortKey, r: DeviceRow) =>
  (key === 'lastSeen' && !r.lastSeenAt) || (key === 'availability' && r.availability === null);

export function sortRows(rows: readonly DeviceRow[], sort: Sort): DeviceRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const c = compareBy(sort.key, a, b);
    if (c === null) return missing(sort.key, a) ? 1 : -1;
    // Ties in a stable, readable order: by id.
    return c !== 0 ? sign * c : collator.compare(a.device.id, b.device.id);
  });
}

export interface Page<T> {
  items: T[];
  page: number;
  pages: number;
  /** 1-based index of the first item shown, 0 when none. */
  first: number;
  last: number;
  total: number;
}

/** One page of rows; a page past the end shows the last one (a filter shrank the list). */
export function pageOf<T>(rows: readonly T[], page: number, size = PAGE_SIZE): Page<T> {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(1, page), pages);
  const start = (p - 1) * size;
  const items = rows.slice(start, start + size);
  return { items, page: p, pages, first: items.length ? start + 1 : 0, last: start + items.length, total: rows.length };
}
