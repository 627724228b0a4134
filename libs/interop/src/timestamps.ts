// Timestamps of the exports: every instant leaves as ISO 8601 in UTC (`…Z`), whatever
// offset it was stored with, and a calendar date of the register (`installedOn`) becomes the
// instant its day starts in Asia/Ho_Chi_Minh, where the platform cuts its days (DESIGN.md §4).
import { InteropError } from './interop.error';

/** Asia/Ho_Chi_Minh is UTC+7 all year: Viet Nam has not used daylight saving since 1975. */
export const HO_CHI_MINH_UTC_OFFSET = '+07:00';

const HAS_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * An instant as ISO 8601 UTC. Refuses a timestamp without `Z` or an offset: the machine's
 * own time zone would otherwise decide what it means.
 */
export function toUtcIso(timestamp: string, field: string): string {
  const ms = HAS_OFFSET.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new InteropError('invalid_timestamp', `${field}: "${timestamp}" is not an ISO 8601 timestamp with Z or a UTC offset`);
  }
  return new Date(ms).toISOString();
}

/**
 * The instant a calendar date (`YYYY-MM-DD`) starts in Asia/Ho_Chi_Minh, as ISO 8601 UTC:
 * `2025-03-15` → `2025-03-14T17:00:00.000Z`. A full timestamp is converted as by `toUtcIso`.
 */
export function localDateStartUtc(date: string, field: string): string {
  const parts = CALENDAR_DATE.exec(date);
  if (!parts) return toUtcIso(date, field);
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new InteropError('invalid_timestamp', `${field}: "${date}" is not a calendar date`);
  }
  return toUtcIso(`${date}T00:00:00${HO_CHI_MINH_UTC_OFFSET}`, field);
}
