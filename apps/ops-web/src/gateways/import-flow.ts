// The pure part of the bulk-import screen: which upload a file is, how far a job has got
// (from the live `import.progress` pushes and the GET polls, whichever is further: a push
// may be missed, a poll may be older than the last push), and what its result means.
import type { ImportFormat, ImportIssue, ImportJob, ImportProgress, ImportResult } from '@ioc/contracts';

export interface UploadType {
  format: ImportFormat;
  /** The Content-Type the api reads the format from. */
  contentType: string;
}

/** The upload type of a chosen file, by its extension first (browsers rarely know .geojson), else its MIME type; null when neither is CSV or GeoJSON. */
export function uploadType(fileName: string, mimeType: string): UploadType | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'csv') return { format: 'csv', contentType: 'text/csv' };
  if (ext === 'geojson' || ext === 'json') return { format: 'geojson', contentType: 'application/geo+json' };
  if (ext === undefined || ext === 'txt') {
    const mime = mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (mime === 'text/csv' || mime === 'application/csv') return { format: 'csv', contentType: 'text/csv' };
    if (mime === 'application/geo+json' || mime === 'application/json') return { format: 'geojson', contentType: 'application/geo+json' };
  }
  return null;
}

/** An import job as the screen follows it. */
export interface ImportView {
  jobId: string;
  state: ImportJob['state'];
  progress: ImportJob['progress'];
  result: ImportResult | null;
  failedReason: string | null;
}

export function viewOfJob(job: ImportJob): ImportView {
  return { jobId: job.id, state: job.state, progress: job.progress, result: job.result, failedReason: job.failedReason };
}

export function viewOfPush(push: ImportProgress, previous: ImportView | null): ImportView {
  return { jobId: push.jobId, state: push.state, progress: push.progress, result: push.result, failedReason: previous?.failedReason ?? null };
}

const STATE_RANK: Record<ImportView['state'], number> = { waiting: 0, active: 1, completed: 2, failed: 2 };
const PHASE_RANK: Record<ImportView['progress']['phase'], number> = { queued: 0, parsing: 1, checking: 2, writing: 3, done: 4 };

function rank(v: ImportView): [number, number, number] {
  return [STATE_RANK[v.state], PHASE_RANK[v.progress.phase], v.progress.processed];
}

/** The further of two views of the same job (the later one when they are level), never going back. */
export function furtherView(current: ImportView | null, next: ImportView): ImportView {
  if (!current || current.jobId !== next.jobId) return next;
  const [a, b] = [rank(current), rank(next)];
  for (let i = 0; i < a.length; i++) {
    if ((b[i] ?? 0) > (a[i] ?? 0)) return { ...next, result: next.result ?? current.result, failedReason: next.failedReason ?? current.failedReason };
    if ((b[i] ?? 0) < (a[i] ?? 0)) return { ...current, result: current.result ?? next.result, failedReason: current.failedReason ?? next.failedReason };
  }
  return { ...next, result: next.result ?? current.result, failedReason: next.failedReason ?? current.failedReason };
}

export function isFinished(v: ImportView | null): boolean {
  return v !== null && (v.state === 'completed' || v.state === 'failed');
}

/** Whole percent done: 100 once completed; rows processed of rows in the file while it runs. */
export function importPercent(v: ImportView | null): number {
  if (!v) return 0;
  if (v.state === 'completed') return 100;
  const { processed, total } = v.progress;
  if (total <= 0) return 0;
  // Rows are all checked before they are written: the last percent waits for the write.
  const pct = Math.floor((Math.min(processed, total) / total) * 100);
  return v.progress.phase === 'done' ? 100 : Math.min(pct, 99);
}

/** Problems with the file as a whole (encoding, header, size): listed in issues but on no bad row, and nothing can be imported. */
export function fileIssues(result: ImportResult): ImportIssue[] {
  const bad = new Set(result.badLines);
  return result.issues.filter((i) => !bad.has(i.line));
}

/** What the screen offers after a dry run. */
export type DryRunVerdict =
  /** Every row is good: import. */
  | 'clean'
  /** Some rows are bad: import only with "skip invalid rows" ticked. */
  | 'some_bad'
  /** The file as a whole is refused, or no row is good: nothing to import. */
  | 'nothing_to_import';

export function dryRunVerdict(result: ImportResult): DryRunVerdict {
  if (fileIssues(result).length > 0 || result.valid === 0) return 'nothing_to_import';
  return result.badLineCount > 0 ? 'some_bad' : 'clean';
}

/** Issues by the line of their row, in line order, for the list of skipped rows. */
export function issuesByLine(issues: readonly ImportIssue[]): { line: number; issues: ImportIssue[] }[] {
  const byLine = new Map<number, ImportIssue[]>();
  for (const issue of issues) {
    const list = byLine.get(issue.line) ?? [];
    list.push(issue);
    byLine.set(issue.line, list);
  }
  return [...byLine.entries()].sort(([a], [b]) => a - b).map(([line, list]) => ({ line, issues: list }));
}
