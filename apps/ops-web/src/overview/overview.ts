// The overview strip's arithmetic, pure: availability over rows (time-weighted, as the SLA
// service rolls up: available time ÷ eligible time, never an average of percentages), the
// latest coverage push seen, and how long to wait before asking for the province KPI again
// so a burst of coverage.updated pushes costs one request every few seconds at most.
import type { OpsCoverage } from '@ioc/contracts';

/** Σ availableMs ÷ Σ eligibleMs over the rows; null when nothing was eligible. */
export function rolledAvailability(rows: readonly { availableMs: number; eligibleMs: number }[]): number | null {
  let available = 0;
  let eligible = 0;
  for (const r of rows) {
    available += r.availableMs;
    eligible += r.eligibleMs;
  }
  return eligible > 0 ? available / eligible : null;
}

/** A value that changes whenever a coverage.updated push arrives: the newest push time and how many areas have pushed. */
export function coverageSignal(pushes: Iterable<Pick<OpsCoverage, 'at' | 'seq'>>): string {
  let newest = '';
  let seqs = 0;
  let n = 0;
  for (const p of pushes) {
    if (p.at > newest) newest = p.at;
    seqs += p.seq;
    n++;
  }
  return n === 0 ? '' : `${n}:${seqs}:${newest}`;
}

/** How long to wait before refetching: 0 when the last fetch is at least `minMs` old. */
export function refetchDelay(lastFetchAt: number, now: number, minMs: number): number {
  return Math.max(0, lastFetchAt + minMs - now);
}
