// Maintenance windows as the technician plans them, pure: start and end are typed as
// local date-times in Asia/Ho_Chi_Minh (whatever zone the browser runs in) and sent to the
// API in UTC; the windows are shown as running, upcoming and recently past; a device's
// page lists those that touch it (its own, its gateway's, its key area's).
import type { MaintenanceWindow } from '@ioc/contracts';
import { TIME_ZONE } from '../format/time';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function zoneParts(at: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of partsFormat.formatToParts(new Date(at))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The zone's offset from UTC at an instant, in ms (Asia/Ho_Chi_Minh: +7 h since 1975). */
function offsetAt(at: number): number {
  const p = zoneParts(at);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at / 1000) * 1000;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * `YYYY-MM-DDTHH:mm` (a datetime-local input) read in Asia/Ho_Chi_Minh, as an RFC 3339 UTC
 * timestamp; undefined for an empty or malformed value.
 */
export function localInputToUtc(value: string): string | undefined {
  const m = LOCAL_INPUT.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, s ? +s : 0);
  // The offset at the wall time read as UTC, then again at the instant found: exact for a
  // zone without daylight saving, and right after one step for zones that have it.
  let at = wall - offsetAt(wall);
  at = wall - offsetAt(at);
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** An instant as a datetime-local input's value in Asia/Ho_Chi_Minh. */
export function utcToLocalInput(at: string | number | Date): string {
  const p = zoneParts(new Date(at).getTime());
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/** Today in Asia/Ho_Chi_Minh as YYYY-MM-DD (the register's installation dates are local days). */
export function localToday(now: number = Date.now()): string {
  return utcToLocalInput(now).slice(0, 10);
}

/** Default period of a new window: from now (this minute), for two hours — most work starts on arrival. */
export function defaultPeriod(now: number = Date.now()): { start: string; end: string } {
  const start = Math.floor(now / 60_000) * 60_000;
  return { start: utcToLocalInput(start), end: utcToLocalInput(start + 2 * 3_600_000) };
}

export type WindowPhase = 'running' | 'upcoming' | 'past';

/** Running: begun and not ended; upcoming: not begun (and not cancelled); past: ended or cancelled. */
export function phaseOf(w: MaintenanceWindow, now: number): WindowPhase {
  if (w.cancelledAt !== null) return 'past';
  const start = Date.parse(w.startsAt);
  const end = Date.parse(w.endsAt);
  if (end <= now) return 'past';
  return start <= now ? 'running' : 'upcoming';
}

export interface WindowGroups {
  running: MaintenanceWindow[];
  upcoming: MaintenanceWindow[];
  /** Ended (or cancelled) within `recentDays`, newest first. */
  past: MaintenanceWindow[];
}

export const RECENT_DAYS = 30;

/** Running ones by end (soonest over first), upcoming by start, past newest first. */
export function groupWindows(windows: readonly MaintenanceWindow[], now: number, recentDays = RECENT_DAYS): WindowGroups {
  const groups: WindowGroups = { running: [], upcoming: [], past: [] };
  const since = now - recentDays * 86_400_000;
  for (const w of windows) {
    const phase = phaseOf(w, now);
    if (phase === 'past' && endOf(w) < since) continue;
    groups[phase].push(w);
  }
  groups.running.sort((a, b) => Date.parse(a.endsAt) - Date.parse(b.endsAt));
  groups.upcoming.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  groups.past.sort((a, b) => endOf(b) - endOf(a));
  return groups;
}

/** When a window stopped counting: its end, or when it was cancelled before it began. */
export function endOf(w: MaintenanceWindow): number {
  return w.cancelledAt !== null ? Math.min(Date.parse(w.cancelledAt), Date.parse(w.endsAt)) : Date.parse(w.endsAt);
}

/** Whether a window applies to a device: its own, its gateway's or its key area's. */
export function touchesDevice(w: MaintenanceWindow, device: { id: string; gatewayId: string; areaCode: string }): boolean {
  return (
    (w.targetType === 'device' && w.targetId === device.id) ||
    (w.targetType === 'gateway' && w.targetId === device.gatewayId) ||
    (w.targetType === 'area' && w.targetId === device.areaCode)
  );
}
