// Periods of the SLA: local days and months, cut in the province's time zone
// (DESIGN.md §4: times are stored in UTC, days and months are cut in Asia/Ho_Chi_Minh).
// Asia/Ho_Chi_Minh is UTC+7 all year, but the cuts go through Intl with the zone's name,
// never a hard-coded +7, so the arithmetic stays right for any IANA zone a caller passes
// and does not depend on the machine's own TZ.
import { assertInstant, SlaError } from './sla.error';

/** The zone the platform cuts its days and months in. */
export const PROVINCE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** A half-open interval of time [from, to), in epoch ms (UTC). */
export interface Period {
  from: number;
  to: number;
}

/** One local day of a longer period, clipped to it: [from, to) within `date`. */
export interface DayPeriod extends Period {
  /** The local calendar date, `YYYY-MM-DD`. */
  date: string;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CALENDAR_MONTH = /^(\d{4})-(\d{2})$/;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new SlaError('invalid_time_zone', `"${timeZone}" is not an IANA time zone (e.g. ${PROVINCE_TIME_ZONE})`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock in `timeZone` at an instant, to the second. */
function wallClock(at: number, timeZone: string): WallClock {
  const clock: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type in clock) clock[part.type as keyof WallClock] = Number(part.value);
  }
  return clock;
}

/** How far `timeZone` is ahead of UTC at an instant, in ms (+25,200,000 for Asia/Ho_Chi_Minh). */
export function utcOffsetMs(at: number, timeZone: string = PROVINCE_TIME_ZONE): number {
  const c = wallClock(at, timeZone);
  const wholeSecond = Math.floor(at / 1000) * 1000;
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) - wholeSecond;
}

/**
 * The instant local midnight starts a calendar date in `timeZone`. Two passes (the offset at
 * the naive guess, then at the corrected instant) settle it for a zone whose offset changes
 * near midnight: an ambiguous midnight (clocks set back) resolves to its first occurrence,
 * a skipped one (clocks set forward) to the instant after the gap, where the day begins.
 */
function zonedInstant(year: number, month: number, day: number, timeZone: string): number {
  const naive = Date.UTC(year, month - 1, day);
  const first = naive - utcOffsetMs(naive, timeZone);
  const second = naive - utcOffsetMs(first, timeZone);
  const valid = [first, second].filter((at) => at + utcOffsetMs(at, timeZone) === naive);
  return valid.length > 0 ? Math.min(...valid) : Math.max(first, second);
}

function parseDate(date: string): [number, number, number] {
  const parts = CALENDAR_DATE.exec(date);
  if (parts) {
    const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day) {
      return [year, month, day];
    }
  }
  throw new SlaError('invalid_date', `"${date}" is not a calendar date YYYY-MM-DD`);
}

function parseMonth(month: string): [number, number] {
  const parts = CALENDAR_MONTH.exec(month);
  if (parts) {
    const [year, m] = [Number(parts[1]), Number(parts[2])];
    if (m >= 1 && m <= 12) return [year, m];
  }
  throw new SlaError('invalid_month', `"${month}" is not a calendar month YYYY-MM`);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `YYYY-MM-DD` of a date given as UTC calendar fields (no zone involved). */
function formatDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** The calendar date `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = parseDate(date);
  const d = new Date(Date.UTC(year, month - 1, day) + days * DAY_MS);
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The local calendar date (`YYYY-MM-DD`) of an instant. */
export function localDate(at: number, timeZone: string = PROVINCE_TIME_ZONE): string {
  assertInstant(at, 'at');
  const c = wallClock(at, timeZone);
  return formatDate(c.year, c.month, c.day);
}

/** The local calendar month (`YYYY-MM`) of an instant. */
export function localMonth(at: number, timeZone: string = PROVINCE_TIME_ZONE): string {
  return localDate(at, timeZone).slice(0, 7);
}

/**
 * The instant a local calendar date starts: `2026-11-15` → 2026-11-14T17:00:00.000Z. This
 * is what an installation date of the register (`installedOn`) becomes as an SLA bound.
 */
export function startOfLocalDay(date: string, timeZone: string = PROVINCE_TIME_ZONE): number {
  const [year, month, day] = parseDate(date);
  return zonedInstant(year, month, day, timeZone);
}

/**
 * A local day as [from, to): given a calendar date `YYYY-MM-DD`, that day; given an
 * instant (epoch ms), the local day containing it.
 */
export function localDay(day: string | number, timeZone: string = PROVINCE_TIME_ZONE): Period {
  const date = typeof day === 'number' ? localDate(day, timeZone) : day;
  return { from: startOfLocalDay(date, timeZone), to: startOfLocalDay(addDays(date, 1), timeZone) };
}

/** A local month `YYYY-MM` as [from, to): `2026-11` → [2026-10-31T17:00Z, 2026-11-30T17:00Z). */
export function monthRange(month: string, timeZone: string = PROVINCE_TIME_ZONE): Period {
  const [year, m] = parseMonth(month);
  const next = m === 12 ? [year + 1, 1] : [year, m + 1];
  return { from: zonedInstant(year, m, 1, timeZone), to: zonedInstant(next[0], next[1], 1, timeZone) };
}

/** The calendar dates of a month, in order: `2026-11` → `2026-11-01` … `2026-11-30`. */
export function daysOf(month: string): string[] {
  const [year, m] = parseMonth(month);
  const count = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => formatDate(year, m, i + 1));
}

/** Throws `invalid_period` unless the period's bounds are whole ms and `to` ≥ `from`. */
export function assertPeriod(period: Period): void {
  if (!Number.isSafeInteger(period.from) || !Number.isSafeInteger(period.to) || period.to < period.from) {
    throw new SlaError(
      'invalid_period',
      `period [${String(period.from)}, ${String(period.to)}): expected whole ms since the epoch with to ≥ from`,
    );
  }
}

/**
 * A period cut into the local days it touches, each clipped to the period: the first and
 * last may be partial. An empty period gives no days.
 */
export function splitByLocalDay(period: Period, timeZone: string = PROVINCE_TIME_ZONE): DayPeriod[] {
  assertPeriod(period);
  const days: DayPeriod[] = [];
  let cursor = period.from;
  while (cursor < period.to) {
    const date = localDate(cursor, timeZone);
    const end = Math.min(period.to, startOfLocalDay(addDays(date, 1), timeZone));
    days.push({ date, from: cursor, to: end });
    cursor = end;
  }
  return days;
}
