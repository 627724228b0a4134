// The monthly SLA report as the renderers take it (DESIGN §4 "Monthly reports per area and
// contractor"): province totals, one row per key area and per maintenance contractor, and
// the province's availability day by day. The SLA and coverage services compute the
// figures; this module only fixes the shape, the units and what "no data" means.
//
// Units: every rate is a PERCENTAGE from 0 to 100 (99.5 means 99.5 %), like the `…Pct`
// figures of the coverage contracts; `null` means "no data" (no device in service during
// the month, no incident to be late on, no checkpoint to cover) and is printed as "—",
// never as 0. Counts are non-negative integers. Months and days are cut in
// Asia/Ho_Chi_Minh (DESIGN §4).
//
// Availability leaves out time without data (before the platform first heard from a
// device, or while the platform itself was not monitoring: docs/availability.md); how
// much of the time had data is `dataCoverage`, printed beside it.
import { formatIssues, rfc3339, SEVERITIES, toIssues, type Severity } from '@ioc/contracts';
import { z } from 'zod';
import { ReportError } from './report.error';

/** A percentage, 0..100, or null when there is nothing to measure. */
export type Pct = number | null;

export interface ProvinceFigures {
  /** Time-weighted device availability over the month, over the time with data. */
  availability: Pct;
  /** Share of the time the devices should have been watched that had data; absent: not measured. */
  dataCoverage?: Pct;
  /** Devices in service during the month (installed, not decommissioned before it began). */
  devices: number;
  /** Incidents opened during the month; a severity that had none may be left out. */
  incidents: { total: number; bySeverity: Partial<Record<Severity, number>> };
  /** Share of incidents acknowledged / resolved within their severity's target. */
  responseCompliance: { ack: Pct; resolve: Pct };
  /** Share of key areas meeting their coverage target at month end. */
  coverage: { areasMeetingInstalledPct: Pct; areasMeetingOperationalPct: Pct };
}

export interface AreaFigures {
  code: string;
  /** Vietnamese name with its diacritics, e.g. "Cảng cá Nhật Lệ". */
  name: string;
  /** District-level unit, e.g. "Thành phố Đồng Hới". */
  district: string;
  availability: Pct;
  dataCoverage?: Pct;
  devices: number;
  incidents: number;
  ackCompliance: Pct;
  resolveCompliance: Pct;
  /** Coverage of the area's checkpoints at month end, counting installed devices. */
  coverageInstalledPct: Pct;
  /** Coverage at month end, counting only devices online and not degraded. */
  coverageOperationalPct: Pct;
  /**
   * The area meets its coverage target at month end by operational coverage, for both
   * purposes (which implies it meets it by installed coverage too).
   */
  meetsTarget: boolean;
  /** The area's uncovered checkpoints at month end, per purpose that applies; absent when not known. */
  gaps?: CoverageGapFigures[];
}

export interface CoverageGapFigures {
  purpose: 'traffic' | 'security';
  /** Checkpoints of the area that must be watched for this purpose. */
  checkpoints: number;
  /** Of them, watched by no installed device: a camera is needed. */
  uncoveredInstalled: number;
  /** Of them, watched by no device that is online and not degraded (includes the above). */
  uncoveredOperational: number;
}

export interface ContractorFigures {
  name: string;
  devices: number;
  availability: Pct;
  dataCoverage?: Pct;
  incidents: number;
  ackCompliance: Pct;
  resolveCompliance: Pct;
}

export interface DailyAvailability {
  /** Local day, YYYY-MM-DD, inside the report's month. */
  day: string;
  /** null: no data that day ("Không có số liệu"). */
  availability: Pct;
  dataCoverage?: Pct;
}

export interface MonthlyReport {
  /** YYYY-MM, cut in Asia/Ho_Chi_Minh. */
  month: string;
  /** When the figures were computed: RFC 3339 with Z or an offset. */
  generatedAt: string;
  province: ProvinceFigures;
  areas: AreaFigures[];
  contractors: ContractorFigures[];
  /** Province availability per day; a day left out is printed as "no data". */
  dailyAvailability: DailyAvailability[];
}

const pct = z.number().min(0, 'must be a percentage ≥ 0').max(100, 'must be a percentage ≤ 100 (rates are 0..100, not 0..1)').nullable();
const count = z.number().int('must be a whole number').nonnegative('must be ≥ 0');
const label = z.string().trim().min(1, 'must not be empty');

const monthlyReportSchema = z
  .object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM'),
    generatedAt: rfc3339(),
    province: z.object({
      availability: pct,
      dataCoverage: pct.optional(),
      devices: count,
      incidents: z.object({ total: count, bySeverity: z.partialRecord(z.enum(SEVERITIES), count) }),
      responseCompliance: z.object({ ack: pct, resolve: pct }),
      coverage: z.object({ areasMeetingInstalledPct: pct, areasMeetingOperationalPct: pct }),
    }),
    areas: z.array(
      z.object({
        code: label,
        name: label,
        district: label,
        availability: pct,
        dataCoverage: pct.optional(),
        devices: count,
        incidents: count,
        ackCompliance: pct,
        resolveCompliance: pct,
        coverageInstalledPct: pct,
        coverageOperationalPct: pct,
        meetsTarget: z.boolean(),
        gaps: z
          .array(z.object({ purpose: z.enum(['traffic', 'security']), checkpoints: count, uncoveredInstalled: count, uncoveredOperational: count }))
          .optional(),
      }),
    ),
    contractors: z.array(
      z.object({ name: label, devices: count, availability: pct, dataCoverage: pct.optional(), incidents: count, ackCompliance: pct, resolveCompliance: pct }),
    ),
    dailyAvailability: z.array(z.object({ day: z.iso.date('must be a day as YYYY-MM-DD'), availability: pct, dataCoverage: pct.optional() })),
  })
  .superRefine((report, ctx) => {
    const codes = new Set<string>();
    report.areas.forEach((area, i) => {
      if (codes.has(area.code)) ctx.addIssue({ code: 'custom', path: ['areas', i, 'code'], message: `duplicate area code ${area.code}` });
      codes.add(area.code);
    });
    const days = new Set<string>();
    report.dailyAvailability.forEach((d, i) => {
      if (!d.day.startsWith(`${report.month}-`))
        ctx.addIssue({ code: 'custom', path: ['dailyAvailability', i, 'day'], message: `${d.day} is not in ${report.month}` });
      if (days.has(d.day)) ctx.addIssue({ code: 'custom', path: ['dailyAvailability', i, 'day'], message: `duplicate day ${d.day}` });
      days.add(d.day);
    });
  });

/**
 * Checks a report before it is rendered. Throws `ReportError('invalid_report')` naming
 * every offending field, so a rate over 100, a negative count or a day of another month
 * never reaches a planner's desk. (A fraction passed by mistake, 0.995 for 99.5 %, looks
 * like a valid 0.995 % and cannot be caught here: the unit is the caller's to honour.)
 */
export function assertMonthlyReport(report: MonthlyReport): void {
  const result = monthlyReportSchema.safeParse(report);
  if (!result.success) throw new ReportError('invalid_report', `invalid monthly report: ${formatIssues(toIssues(result.error))}`);
}
