// SLA figures as the page shows them: the API gives availability and compliance as
// fractions (0..1) and times in milliseconds; the page shows percentages (0..100, through
// formatPct) and hours. A null stays null ("no figure", never 0). Pure.
import type { ComplianceDto } from './planner-types';

/** A fraction 0..1 as a percentage 0..100; null stays null. */
export function toPct(fraction: number | null | undefined): number | null {
  return fraction == null || Number.isNaN(fraction) ? null : fraction * 100;
}

/** Milliseconds as hours with one decimal, in the language's number format. */
export function formatHours(ms: number, lang = 'vi'): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 3_600_000);
}

/** `2026-12-06` → `06/12`: a day of the daily chart. */
export function dayMonth(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}`;
}

/** `2026-12` → { month: '12', year: '2026' } for the month's label. */
export function monthParts(month: string): { month: string; year: string } {
  const [year, m] = month.split('-');
  return { month: m ?? '', year: year ?? '' };
}

/** Whether a clock's compliance falls short (something breached), for colouring the cell. */
export function complianceShort(c: ComplianceDto): boolean {
  return c.breached > 0;
}

export type DurationUnit = 'min' | 'h' | 'd';

/**
 * A response target in the unit a contract states it in: whole minutes under two hours,
 * whole hours up to three days (24 h, 72 h), days beyond; a value that does not fall on
 * a whole unit keeps the smaller one (90 min, not 1.5 h). null: no target.
 */
export function targetDuration(ms: number | null): { value: number; unit: DurationUnit } | null {
  if (ms == null) return null;
  const minutes = ms / 60_000;
  const hours = ms / 3_600_000;
  if (hours > 72 && Number.isInteger(ms / 86_400_000)) return { value: ms / 86_400_000, unit: 'd' };
  if (minutes >= 120 && Number.isInteger(hours)) return { value: hours, unit: 'h' };
  return { value: Math.round(minutes * 10) / 10, unit: 'min' };
}
