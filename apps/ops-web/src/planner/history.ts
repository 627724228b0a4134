// The daily coverage trend as the chart draws it: one label per recorded day (dd/MM/yyyy;
// the day is already a local calendar day, so it is written as is, never shifted by a
// time zone), the installed and operational percentages (a gap where the day has none),
// and the target line. Pure.
import { TIME_ZONE } from '../format/time';
import type { CoverageHistoryPointDto } from './planner-types';

const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in Asia/Ho_Chi_Minh as YYYY-MM-DD, whatever the browser's zone (days are cut there). */
export function localToday(now: Date = new Date()): string {
  return localDay.format(now);
}

export interface HistorySeries {
  labels: string[];
  installed: (number | null)[];
  operational: (number | null)[];
  target: number[];
}

/** `2026-11-27` → `27/11/2026`. */
export function dayLabel(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : day;
}

/** Every calendar day from `from` to `to` (YYYY-MM-DD, both included). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const [y, m, d] = from.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  for (let i = 0; i < 3660; i++) {
    const day = t.toISOString().slice(0, 10);
    if (day > to) break;
    out.push(day);
    t.setUTCDate(t.getUTCDate() + 1);
  }
  return out;
}

/**
 * One entry per day of the period, so the time axis is true to scale: a day without a
 * record (the snapshot did not run) is a gap, not a shortcut between its neighbours.
 * `target`: the area's target for an area, 100 for a district or the province (their
 * figure is the share of key areas meeting the target, and the programme wants all).
 */
export function historySeries(points: readonly CoverageHistoryPointDto[], target: number, from?: string, to?: string): HistorySeries {
  const byDay = new Map(points.map((p) => [p.day, p]));
  const recorded = [...byDay.keys()].sort();
  const first = from ?? recorded[0];
  const last = to ?? recorded[recorded.length - 1];
  const days = first && last ? daysBetween(first, last) : [];
  return {
    labels: days.map(dayLabel),
    installed: days.map((d) => byDay.get(d)?.installedPct ?? null),
    operational: days.map((d) => byDay.get(d)?.operationalPct ?? null),
    target: days.map(() => target),
  };
}

/** The first day of a trend that ends today and covers `days` days, as YYYY-MM-DD. */
export function historyFrom(today: string, days: number): string {
  const [y, m, d] = today.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  t.setUTCDate(t.getUTCDate() - (days - 1));
  return t.toISOString().slice(0, 10);
}
