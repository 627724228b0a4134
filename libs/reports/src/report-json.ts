// The monthly report for the provincial reporting system (DESIGN §1: "periodic reports
// shared on the provincial reporting system"). The shape is versioned by `schema`: fields
// may be added to v1, never renamed, retyped or removed; anything else is v2. Names say
// their unit (`…Pct`: a percentage 0..100 with at most two decimals; null: no data), text
// is NFC, times are UTC with Z, and there is one `dailyAvailability` entry per day of the
// month. Described field by field in libs/reports/README.md.
import type { Severity } from '@ioc/contracts';
import type { MonthlyReport, Pct } from './monthly-report';
import { assertMonthlyReport } from './monthly-report';
import { assertReportDocument, documentNumber, type ReportDocument } from './report-document';
import { dailySeries, monthPeriod, nfc, REPORT_TIME_ZONE, roundPct, sortedAreas, sortedContractors } from './report-format';

export const MONTHLY_REPORT_SCHEMA_V1 = 'ioc.monthly-report.v1';

export interface MonthlyReportJsonV1 {
  schema: typeof MONTHLY_REPORT_SCHEMA_V1;
  month: string;
  period: { start: string; end: string; timeZone: string };
  generatedAt: string;
  /** The administrative document the PDF is (Decree 30), when the report was issued as one: the same number and date. */
  document?: { numberAndSymbol: string; number: number; symbol: string; issuedOn: string; issuer: string; parentBody: string };
  province: {
    areas: number;
    devices: number;
    availabilityPct: Pct;
    /** Share of the time that counts which had data (docs/availability.md). */
    dataCoveragePct: Pct;
    incidents: { total: number } & Record<Severity, number>;
    ackCompliancePct: Pct;
    resolveCompliancePct: Pct;
    areasMeetingTargetInstalledPct: Pct;
    areasMeetingTargetOperationalPct: Pct;
  };
  areas: {
    code: string;
    name: string;
    district: string;
    devices: number;
    availabilityPct: Pct;
    dataCoveragePct: Pct;
    incidents: number;
    ackCompliancePct: Pct;
    resolveCompliancePct: Pct;
    coverageInstalledPct: Pct;
    coverageOperationalPct: Pct;
    meetsTarget: boolean;
    /** Uncovered checkpoints per purpose that applies, at month end; absent when not known. */
    gaps?: { purpose: 'traffic' | 'security'; checkpoints: number; uncoveredInstalled: number; uncoveredOperational: number }[];
  }[];
  contractors: {
    name: string;
    devices: number;
    availabilityPct: Pct;
    dataCoveragePct: Pct;
    incidents: number;
    ackCompliancePct: Pct;
    resolveCompliancePct: Pct;
  }[];
  dailyAvailability: { day: string; availabilityPct: Pct; dataCoveragePct: Pct }[];
}

const pct = (v: Pct): Pct => (v === null ? null : roundPct(v, 2));

/**
 * The report in the `ioc.monthly-report.v1` shape; `JSON.stringify` it to send. With the
 * document it was issued as, the JSON names it (`document`), so the reporting system links
 * the figures to the signed PDF.
 */
export function reportJson(report: MonthlyReport, document?: ReportDocument): MonthlyReportJsonV1 {
  assertMonthlyReport(report);
  if (document) assertReportDocument(document);
  const { province: p } = report;
  const sev = p.incidents.bySeverity;
  return {
    schema: MONTHLY_REPORT_SCHEMA_V1,
    month: report.month,
    period: { ...monthPeriod(report.month), timeZone: REPORT_TIME_ZONE },
    generatedAt: new Date(report.generatedAt).toISOString(),
    ...(document
      ? {
          document: {
            numberAndSymbol: documentNumber(document),
            number: document.number,
            symbol: document.symbol,
            issuedOn: document.issuedOn,
            issuer: nfc(document.issuer),
            parentBody: nfc(document.parentBody),
          },
        }
      : {}),
    province: {
      areas: report.areas.length,
      devices: p.devices,
      availabilityPct: pct(p.availability),
      dataCoveragePct: pct(p.dataCoverage ?? null),
      incidents: { total: p.incidents.total, critical: sev.critical ?? 0, major: sev.major ?? 0, minor: sev.minor ?? 0, info: sev.info ?? 0 },
      ackCompliancePct: pct(p.responseCompliance.ack),
      resolveCompliancePct: pct(p.responseCompliance.resolve),
      areasMeetingTargetInstalledPct: pct(p.coverage.areasMeetingInstalledPct),
      areasMeetingTargetOperationalPct: pct(p.coverage.areasMeetingOperationalPct),
    },
    areas: sortedAreas(report).map((a) => ({
      code: nfc(a.code),
      name: nfc(a.name),
      district: nfc(a.district),
      devices: a.devices,
      availabilityPct: pct(a.availability),
      dataCoveragePct: pct(a.dataCoverage ?? null),
      incidents: a.incidents,
      ackCompliancePct: pct(a.ackCompliance),
      resolveCompliancePct: pct(a.resolveCompliance),
      coverageInstalledPct: pct(a.coverageInstalledPct),
      coverageOperationalPct: pct(a.coverageOperationalPct),
      meetsTarget: a.meetsTarget,
      ...(a.gaps ? { gaps: a.gaps.map((g) => ({ purpose: g.purpose, checkpoints: g.checkpoints, uncoveredInstalled: g.uncoveredInstalled, uncoveredOperational: g.uncoveredOperational })) } : {}),
    })),
    contractors: sortedContractors(report).map((c) => ({
      name: nfc(c.name),
      devices: c.devices,
      availabilityPct: pct(c.availability),
      dataCoveragePct: pct(c.dataCoverage ?? null),
      incidents: c.incidents,
      ackCompliancePct: pct(c.ackCompliance),
      resolveCompliancePct: pct(c.resolveCompliance),
    })),
    dailyAvailability: dailySeries(report).map((d) => ({ day: d.day, availabilityPct: pct(d.availability), dataCoveragePct: pct(d.dataCoverage ?? null) })),
  };
}
