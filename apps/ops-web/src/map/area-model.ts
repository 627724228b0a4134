// Key areas as the map and its list use them, pure: an area's outline, centre and bounds,
// where each district's name goes (the centre of its key areas' centres), each area's
// device counts and state from the live state, and the list's order and filter.
import type { KeyArea } from '@ioc/contracts';
import { worstDeviceState, type AreaState, type LiveState } from '../live/live-state';
import { boundsOf, centroid, type LonLat } from './geo';

/** An area's outline without the closing point (a GeoJSON ring repeats its first position). */
export function areaRing(area: Pick<KeyArea, 'boundary'>): LonLat[] {
  const ring = area.boundary?.coordinates[0] ?? [];
  if (ring.length > 1) {
    const [first, last] = [ring[0], ring[ring.length - 1]];
    if (first[0] === last[0] && first[1] === last[1]) return ring.slice(0, -1) as LonLat[];
  }
  return ring as LonLat[];
}

/** Where an area's label or pin goes: the mean of its outline, or of its checkpoints when it has no outline. */
export function areaCentre(area: Pick<KeyArea, 'boundary' | 'checkpoints'>): LonLat | undefined {
  const ring = areaRing(area);
  if (ring.length > 0) return centroid(ring);
  return centroid(area.checkpoints.map((c) => c.location.coordinates as LonLat));
}

export function areaBounds(area: Pick<KeyArea, 'boundary' | 'checkpoints'>): [[number, number], [number, number]] | undefined {
  const ring = areaRing(area);
  return boundsOf(ring.length > 0 ? ring : area.checkpoints.map((c) => c.location.coordinates as LonLat));
}

/** The bounds of all these areas (the "province" of a user scoped to a district). */
export function areasBounds(areas: readonly Pick<KeyArea, 'boundary' | 'checkpoints'>[]): [[number, number], [number, number]] | undefined {
  const points: LonLat[] = [];
  for (const a of areas) {
    const b = areaBounds(a);
    if (b) points.push([b[0][1], b[0][0]], [b[1][1], b[1][0]]);
  }
  return boundsOf(points);
}

export interface DistrictLabel {
  district: string;
  at: LonLat;
  areas: number;
}

/**
 * One label per district, at the centre of its key areas' centres (each area counts once,
 * whatever the size of its outline), sorted by name.
 */
export function districtLabels(areas: readonly Pick<KeyArea, 'district' | 'boundary' | 'checkpoints'>[]): DistrictLabel[] {
  const centres = new Map<string, LonLat[]>();
  for (const a of areas) {
    const c = areaCentre(a);
    if (!c) continue;
    const list = centres.get(a.district) ?? [];
    list.push(c);
    centres.set(a.district, list);
  }
  return [...centres]
    .map(([district, points]) => ({ district, at: centroid(points) as LonLat, areas: points.length }))
    .sort((x, y) => x.district.localeCompare(y.district, 'vi'));
}

export interface AreaSummary {
  state: AreaState;
  online: number;
  offline: number;
  degraded: number;
  unknown: number;
  total: number;
}

/**
 * Every area's device counts (decommissioned devices left out) and state, in one pass over
 * the live state: the same state as LiveState.areaState, without scanning every incident
 * once per area (500 areas × 1,000 incidents each frame would not stay smooth). An area
 * the live state does not hold yet is `unknown` before the first snapshot, `no_devices` after.
 */
export function summariseAreas(state: LiveState | undefined, codes: Iterable<string>): Map<string, AreaSummary> {
  const critical = new Set<string>();
  if (state) for (const i of state.incidents.values()) if (i.severity === 'critical' && i.status === 'open') critical.add(i.areaCode);
  const out = new Map<string, AreaSummary>();
  for (const code of codes) {
    const area = state?.areas.get(code);
    const s: AreaSummary = { state: 'no_devices', online: 0, offline: 0, degraded: 0, unknown: 0, total: 0 };
    if (!area) {
      if (!state || (!state.synced && state.areas.size === 0)) s.state = 'unknown';
      out.set(code, s);
      continue;
    }
    for (const d of area.devices.values()) {
      if (d.status === 'decommissioned') continue;
      s[d.status]++;
      s.total++;
    }
    s.state = critical.has(code) ? 'critical' : worstDeviceState(area.devices.values());
    out.set(code, s);
  }
  return out;
}

/** The list's order: by district, then by name, as Vietnamese sorts them. */
export function sortAreas<T extends Pick<KeyArea, 'district' | 'name' | 'code'>>(areas: readonly T[]): T[] {
  return [...areas].sort((a, b) => a.district.localeCompare(b.district, 'vi') || a.name.localeCompare(b.name, 'vi') || a.code.localeCompare(b.code));
}

/** Folds case and Vietnamese diacritics, so "dong hoi" finds "Đồng Hới". */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

/** The areas whose name, district or code contain every word of `query` (diacritics and case ignored). */
export function filterAreas<T extends Pick<KeyArea, 'district' | 'name' | 'code'>>(areas: readonly T[], query: string): readonly T[] {
  const words = foldText(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return areas;
  return areas.filter((a) => {
    const text = foldText(`${a.name} ${a.district} ${a.code}`);
    return words.every((w) => text.includes(w));
  });
}
