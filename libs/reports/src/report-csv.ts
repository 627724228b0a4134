// The monthly report as CSV for planners' spreadsheets: one file per table (a spreadsheet
// opens one table per file; "sections" in one CSV break sorting and filtering). Every file
// is UTF-8 with a byte-order mark and CRLF line ends, so Excel and LibreOffice open it
// with the Vietnamese names intact; decimals with a point, percentages 0..100 with two
// decimals, an empty cell for "no data" (availability over the time with data, its data
// coverage beside it). The headers and yes/no cells are Vietnamese (the catalogue in
// @ioc/i18n); with `lang: 'en'` the stable snake_case names, as in the coverage export.
// Every cell goes through the platform's one formula guard (csvCell).
import { csvCell, type CsvSeparator } from '@ioc/contracts';
import { columnHeader, DEFAULT_LANG, yesNo, type Lang } from '@ioc/i18n';
import type { MonthlyReport, Pct } from './monthly-report';
import { assertMonthlyReport } from './monthly-report';
import { dailySeries, nfc, roundPct, sortedAreas, sortedContractors } from './report-format';

export const REPORT_CSV_COLUMNS = {
  'province.csv': [
    'month',
    'areas',
    'devices',
    'availability_pct',
    'data_coverage_pct',
    'incidents',
    'incidents_critical',
    'incidents_major',
    'incidents_minor',
    'incidents_info',
    'ack_compliance_pct',
    'resolve_compliance_pct',
    'areas_meeting_target_installed_pct',
    'areas_meeting_target_operational_pct',
  ],
  'areas.csv': [
    'month',
    'area_code',
    'area_name',
    'district',
    'devices',
    'availability_pct',
    'data_coverage_pct',
    'incidents',
    'ack_compliance_pct',
    'resolve_compliance_pct',
    'coverage_installed_pct',
    'coverage_operational_pct',
    'meets_target',
  ],
  'contractors.csv': ['month', 'contractor', 'devices', 'availability_pct', 'data_coverage_pct', 'incidents', 'ack_compliance_pct', 'resolve_compliance_pct'],
  'daily.csv': ['month', 'day', 'availability_pct', 'data_coverage_pct'],
} as const;

export type ReportCsvFileName = keyof typeof REPORT_CSV_COLUMNS;
export type ReportCsvFiles = Record<ReportCsvFileName, string>;

const int = (n: number) => String(n);

export interface ReportCsvOptions {
  /**
   * `,` (default, decimal point) or `;` with a decimal comma, for spreadsheets in locales
   * that expect them (Vietnamese, German… Excel): `99,50` stays one number there.
   */
  separator?: CsvSeparator;
  /** The headers and yes/no cells: Vietnamese (default) or English (the stable snake_case names). */
  lang?: Lang;
}

/** The report as four CSV files, keyed by file name. */
export function reportCsvFiles(report: MonthlyReport, options: ReportCsvOptions = {}): ReportCsvFiles {
  assertMonthlyReport(report);
  const sep = options.separator ?? ',';
  const lang = options.lang ?? DEFAULT_LANG;
  const pct = (v: Pct) => (v === null ? '' : roundPct(v, 2).toFixed(2).replace('.', sep === ';' ? ',' : '.'));
  const line = (cells: readonly string[]) => cells.map((cell) => csvCell(nfc(cell), sep)).join(sep);
  const csvFile = (columns: readonly string[], rows: string[][]): string =>
    '\uFEFF' + [line(columns.map((c) => columnHeader(c, lang))), ...rows.map(line)].join('\r\n') + '\r\n';
  const { month, province: p } = report;
  const sev = p.incidents.bySeverity;
  return {
    'province.csv': csvFile(REPORT_CSV_COLUMNS['province.csv'], [
      [
        month,
        int(report.areas.length),
        int(p.devices),
        pct(p.availability),
        pct(p.dataCoverage ?? null),
        int(p.incidents.total),
        int(sev.critical ?? 0),
        int(sev.major ?? 0),
        int(sev.minor ?? 0),
        int(sev.info ?? 0),
        pct(p.responseCompliance.ack),
        pct(p.responseCompliance.resolve),
        pct(p.coverage.areasMeetingInstalledPct),
        pct(p.coverage.areasMeetingOperationalPct),
      ],
    ]),
    'areas.csv': csvFile(
      REPORT_CSV_COLUMNS['areas.csv'],
      sortedAreas(report).map((a) => [
        month,
        a.code,
        a.name,
        a.district,
        int(a.devices),
        pct(a.availability),
        pct(a.dataCoverage ?? null),
        int(a.incidents),
        pct(a.ackCompliance),
        pct(a.resolveCompliance),
        pct(a.coverageInstalledPct),
        pct(a.coverageOperationalPct),
        yesNo(a.meetsTarget, lang),
      ]),
    ),
    'contractors.csv': csvFile(
      REPORT_CSV_COLUMNS['contractors.csv'],
      sortedContractors(report).map((c) => [
        month,
        c.name,
        int(c.devices),
        pct(c.availability),
        pct(c.dataCoverage ?? null),
        int(c.incidents),
        pct(c.ackCompliance),
        pct(c.resolveCompliance),
      ]),
    ),
    'daily.csv': csvFile(
      REPORT_CSV_COLUMNS['daily.csv'],
      dailySeries(report).map((d) => [month, d.day, pct(d.availability), pct(d.dataCoverage ?? null)]),
    ),
  };
}
