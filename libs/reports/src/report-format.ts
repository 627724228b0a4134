// Formatting shared by the CSV, JSON and PDF renderers: text in Unicode NFC, rounding of
// percentages, the report's month and days in Asia/Ho_Chi_Minh, and Vietnamese number
// formatting for the printed report.
import type { DailyAvailability, MonthlyReport, Pct } from './monthly-report';

/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving since 1975). */
const VIETNAM_OFFSET_MS = 7 * 3600_000;
export const REPORT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * Text as written out: NFC, so "ồ" is the one code point U+1ED3 whether the name was
 * typed on Windows (NFC) or pasted from a macOS file name (NFD). Byte-for-byte the same
 * name in the database, the CSV, the JSON and the PDF's text layer.
 */
export const nfc = (s: string) => s.normalize('NFC');

/**
 * Rounds a percentage half-up to `decimals`, except that a value below 100 never rounds
 * to 100 and a value above 0 never rounds to 0: 99.996 % availability is not "100 %",
 * and one late incident is not "0 % late".
 */
export function roundPct(value: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(value * f) / f;
  if (r >= 100 && value < 100) return (100 * f - 1) / f;
  if (r <= 0 && value > 0) return 1 / f;
  return r;
}

/** Number of days of a YYYY-MM month. */
export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * One entry per day of the month, in order: the report's figure for that day, or null
 * where the report has none.
 */
export function dailySeries(report: MonthlyReport): DailyAvailability[] {
  const byDay = new Map(report.dailyAvailability.map((d) => [d.day, d]));
  return Array.from({ length: daysInMonth(report.month) }, (_, i) => {
    const day = `${report.month}-${String(i + 1).padStart(2, '0')}`;
    const d = byDay.get(day);
    return { day, availability: d?.availability ?? null, dataCoverage: d?.dataCoverage ?? null };
  });
}

/** The month's first instant and the next month's, as local times with their offset. */
export function monthPeriod(month: string): { start: string; end: string } {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { start: `${month}-01T00:00:00+07:00`, end: `${next}-01T00:00:00+07:00` };
}

/** Key areas sorted by code, contractors by Vietnamese name: the same order in every format. */
export function sortedAreas(report: MonthlyReport) {
  return [...report.areas].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
export function sortedContractors(report: MonthlyReport) {
  return [...report.contractors].sort((a, b) => nfc(a.name).localeCompare(nfc(b.name), 'vi'));
}

// ── Vietnamese presentation (PDF) ───────────────────────────────────────────────────────

/** "11/2026" for "2026-11". */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  return `${m}/${y}`;
}

/** "01/11/2026" for "2026-11-01". */
export function dayLabel(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** "07:05 ngày 01/12/2026": an instant shown in Vietnam's time (DESIGN §4). */
export function vietnamTimeLabel(iso: string): string {
  const local = new Date(Date.parse(iso) + VIETNAM_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(local.getUTCHours())}:${two(local.getUTCMinutes())} ngày ${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
}

/** Vietnamese digit grouping: 12.345 (a point groups thousands, a comma is the decimal mark). */
export function viInteger(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** "99,52%", or "—" for no data. */
export function viPct(value: Pct, decimals: number): string {
  if (value === null) return '—';
  const [int, frac] = roundPct(value, decimals).toFixed(decimals).split('.');
  return `${viInteger(Number(int))}${frac ? `,${frac}` : ''}%`;
}
