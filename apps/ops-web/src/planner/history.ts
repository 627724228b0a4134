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

/**
 * `target`: the area's target for an area, 100 for a district or the province (their
 * figure is the share of key areas meeting the target, and the programme wants all).
 */
export function historySeries(points: readonly CoverageHistoryPointDto[], target: number): HistorySeries {
  const sorted = [...points].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  return {
    labels: sorted.map((p) => dayLabel(p.day)),
    installed: sorted.map((p) => p.installedPct),
    operational: sorted.map((p) => p.operationalPct),
    target: sorted.map(() => target),
  };
}

/** The first day of a trend that ends today and covers `days` days, as YYYY-MM-DD. */
export function historyFrom(today: string, days: number): string {
  const [y, m, d] = today.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  t.setUTCDate(t.getUTCDate() - (days - 1));
  return t.toISOString().slice(0, 10);
}
