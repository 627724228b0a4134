// How the live map draws a state, pure: the fill and outline of a key area per area state,
// the colour of a device per status, and the "level" a cluster of devices is coloured by
// (its worst device, a device with an open critical incident counting as critical).
// The hues are the Okabe–Ito colour-blind-safe set, told apart by lightness too, and each
// state also differs in outline (solid, dashed, dotted) and is named in words in the legend.
import type { DeviceStatus } from '@ioc/contracts';
import type { AreaState } from '../live/live-state';

/** Worst first: the order of the legend and of every "worst of" on the map. */
export const AREA_STATES: readonly AreaState[] = ['critical', 'offline', 'degraded', 'online', 'unknown', 'no_devices'];

/** What a cluster is coloured by: its worst device. */
export type DeviceLevel = 'critical' | 'offline' | 'degraded' | 'online' | 'unknown' | 'decommissioned';

/** Best first, so a level's index is its rank (higher is worse). */
export const LEVELS: readonly DeviceLevel[] = ['decommissioned', 'unknown', 'online', 'degraded', 'offline', 'critical'];
const LEVEL_RANK = new Map(LEVELS.map((l, i) => [l, i]));

export function levelRank(level: DeviceLevel): number {
  return LEVEL_RANK.get(level) ?? 0;
}

export function deviceLevel(status: DeviceStatus, critical: boolean): DeviceLevel {
  return critical && status !== 'decommissioned' ? 'critical' : status;
}

/** The worst level among counts indexed by rank (counts[levelRank(l)] devices at level l). */
export function worstOfCounts(counts: ArrayLike<number>): DeviceLevel {
  for (let i = LEVELS.length - 1; i > 0; i--) if (counts[i] > 0) return LEVELS[i];
  return LEVELS[0];
}

export const COLOURS = {
  critical: '#7a0026',
  offline: '#d55e00',
  degraded: '#e69f00',
  online: '#009e73',
  unknown: '#8a8f98',
  decommissioned: '#c4c8ce',
  no_devices: '#ffffff',
  outline: '#1b2430',
  focus: '#0b4f8a',
  fov: '#0072b2',
} as const;

export interface ShapeStyle {
  color: string;
  fillColor: string;
  fillOpacity: number;
  weight: number;
  dashArray: string | undefined;
  opacity: number;
}

const AREA_BASE: Record<AreaState, { fill: string; stroke: string; fillOpacity: number; dash?: string }> = {
  critical: { fill: COLOURS.critical, stroke: COLOURS.critical, fillOpacity: 0.55 },
  offline: { fill: COLOURS.offline, stroke: '#8f3f00', fillOpacity: 0.5 },
  degraded: { fill: COLOURS.degraded, stroke: '#8a5f00', fillOpacity: 0.5 },
  online: { fill: COLOURS.online, stroke: '#00664a', fillOpacity: 0.4 },
  unknown: { fill: COLOURS.unknown, stroke: '#4a4f57', fillOpacity: 0.35, dash: '6 4' },
  no_devices: { fill: COLOURS.no_devices, stroke: '#4a4f57', fillOpacity: 0.5, dash: '1 4' },
};

/**
 * A key area's outline: thicker at province zoom, where an area of a few hundred metres
 * is only a few pixels across and its outline is what shows its colour.
 */
export function areaStyle(state: AreaState, zoom: number, focused: boolean): ShapeStyle {
  const base = AREA_BASE[state];
  const weight = zoom < 11 ? 7 : zoom < 13 ? 5 : zoom < 15 ? 3 : 2;
  // Zoomed into an area, a lighter fill lets its devices and fields of view show through.
  const fillOpacity = zoom >= 15 ? base.fillOpacity * 0.6 : base.fillOpacity;
  return {
    color: focused ? COLOURS.focus : base.stroke,
    fillColor: base.fill,
    fillOpacity: focused ? Math.min(0.6, fillOpacity + 0.1) : fillOpacity,
    weight: focused ? weight + 3 : weight,
    dashArray: focused ? undefined : base.dash,
    opacity: 1,
  };
}

/** A device's circle: its status as the fill, a dark ring, a heavy crimson one while a critical incident stands on it. */
export function deviceStyle(status: DeviceStatus, critical: boolean): ShapeStyle & { radius: number } {
  const problem = status === 'offline' || status === 'degraded';
  return {
    color: critical ? COLOURS.critical : COLOURS.outline,
    fillColor: COLOURS[status],
    fillOpacity: 1,
    weight: critical ? 4 : 1.5,
    dashArray: status === 'unknown' ? '3 2' : undefined,
    opacity: 1,
    radius: critical ? 9 : problem ? 8 : 7,
  };
}
