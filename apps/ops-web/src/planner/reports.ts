// Monthly SLA reports on the page: which downloads a stored report offers (the PDF, the
// annex as XLSX, one CSV per table, the JSON for the provincial reporting system), under the names the API gives
// them, and when a report being made is ready. "Ready" compares the listed report with
// the one listed before the request (absent, or an older generatedAt), never the
// browser's clock with the server's. Pure.
import type { ReportFormat, ReportInfoDto } from './planner-types';

/** The tables of a report, one CSV file each (GET /reports/{month}.csv?file=…). */
export const REPORT_CSV_FILES = ['province', 'areas', 'contractors', 'daily'] as const;
export type ReportCsvFile = (typeof REPORT_CSV_FILES)[number];

export interface ReportDownload {
  format: ReportFormat;
  /** For CSV: which table. */
  file?: ReportCsvFile;
  path: string;
  query?: { file: ReportCsvFile };
  fileName: string;
}

const FORMAT_ORDER: Record<ReportFormat, number> = { pdf: 0, xlsx: 1, csv: 2, json: 3 };

/** Every download a stored report offers, PDF first. */
export function reportDownloads(info: ReportInfoDto): ReportDownload[] {
  const out: ReportDownload[] = [];
  for (const format of [...info.files].sort((a, b) => FORMAT_ORDER[a] - FORMAT_ORDER[b])) {
    const path = `/api/v1/reports/${encodeURIComponent(info.month)}.${format}`;
    if (format === 'csv') {
      for (const file of REPORT_CSV_FILES) out.push({ format, file, path, query: { file }, fileName: `sla-${info.month}-${file}.csv` });
    } else {
      out.push({ format, path, fileName: `sla-${info.month}.${format}` });
    }
  }
  return out;
}

/** Whether the report of `month` in `listed` is a new one compared with `before` (what was listed when the request was made). */
export function isReportReady(month: string, before: ReportInfoDto | undefined, listed: readonly ReportInfoDto[] | undefined): boolean {
  const now = listed?.find((r) => r.month === month);
  if (!now) return false;
  return !before || now.generatedAt !== before.generatedAt;
}

/** Reports newest month first (the API's order, kept whatever it sends). */
export function sortReports(items: readonly ReportInfoDto[]): ReportInfoDto[] {
  return [...items].sort((a, b) => (a.month < b.month ? 1 : a.month > b.month ? -1 : 0));
}

/** The `count` months up to `current` (YYYY-MM), newest first: what the month picker offers. */
export function monthsUpTo(current: string, count: number): string[] {
  const [y, m] = current.split('-').map(Number);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}
