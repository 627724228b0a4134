// Times as the operations room reads them: dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh, whatever
// the browser's own zone (a video-wall PC may be set to UTC). The API speaks UTC (RFC 3339).
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function fields(at: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of parts.formatToParts(at)) out[p.type] = p.value;
  return out;
}

function toDate(at: string | number | Date): Date | undefined {
  const d = at instanceof Date ? at : new Date(at);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** `dd/MM/yyyy HH:mm` in Asia/Ho_Chi_Minh; '—' for nothing or a bad value. */
export function formatDateTime(at: string | number | Date | null | undefined): string {
  const d = at == null ? undefined : toDate(at);
  if (!d) return '—';
  const f = fields(d);
  return `${f.day}/${f.month}/${f.year} ${f.hour}:${f.minute}`;
}

/** `HH:mm:ss` in Asia/Ho_Chi_Minh, for the header clock and timeline entries of today. */
export function formatTime(at: string | number | Date | null | undefined): string {
  const d = at == null ? undefined : toDate(at);
  if (!d) return '—';
  const f = fields(d);
  return `${f.hour}:${f.minute}:${f.second}`;
}

/** `YYYY-MM` of the month in progress in Asia/Ho_Chi_Minh (the SLA's months are cut there). */
export function currentMonth(now: Date = new Date()): string {
  const f = fields(now);
  return `${f.year}-${f.month}`;
}

/**
 * A countdown or overrun as `[-]H:MM:SS` (or `[-]MM:SS` under an hour), for SLA clocks:
 * positive is time left, negative time past the deadline.
 */
export function formatClock(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${sign}${h}:${mm}:${ss}` : `${sign}${mm}:${ss}`;
}

/** Percentages as the figures are shown: one decimal (a decimal comma in Vietnamese), `—` when not applicable. */
export function formatPct(value: number | null | undefined, lang = 'vi', digits = 1): string {
  if (value == null || Number.isNaN(value)) return '—';
  return `${numberFormat(lang, digits).format(value)} %`;
}

// Building an Intl.NumberFormat costs far more than using one, and the live views format
// figures every animation frame: one formatter per language and precision, kept.
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: string, digits?: number): Intl.NumberFormat {
  const locale = lang === 'en' ? 'en-GB' : 'vi-VN';
  const key = `${locale}/${digits ?? ''}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, digits === undefined ? undefined : { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(key, f);
  }
  return f;
}

/** A count with the language's thousands separator (1.234 in Vietnamese, 1,234 in English). */
export function formatCount(value: number, lang = 'vi'): string {
  return numberFormat(lang).format(value);
}
