// SLA (DESIGN.md §4): device availability from status transitions, incident response
// against per-severity targets, escalation of missed acknowledgements (`sla.breach`),
// monthly reports. The SLA service answers these operations; apps/api forwards them.
import { z } from 'zod';
import { Actor } from '../auth/access.contract';
import { defineContract, rfc3339 } from '../contract';
import { SEVERITIES } from '../incident/incident.contract';

/** Published on `{prefix}.state.sla.v1.{areaCode}` when an acknowledgement deadline is missed. */
export const SlaBreachV1 = defineContract(
  'sla.breach',
  1,
  z.object({
    incidentId: z.string(),
    level: z.number().int().min(1),
    severity: z.enum(SEVERITIES),
    areaCode: z.string(),
    gatewayId: z.string(),
    deviceId: z.string().nullable(),
    openedAt: rfc3339(),
    deadline: rfc3339(),
    at: rfc3339(),
  }),
);
export type SlaBreach = z.infer<typeof SlaBreachV1.schema>;

export const MONTH = () => z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM');
export const AVAILABILITY_SCOPES = ['device', 'area', 'district', 'contractor', 'province'] as const;

/** No data (docs/availability.md), by reason, in ms: out of the availability denominator. */
export const NoDataV1 = z.object({
  /** The platform itself was not monitoring (before go-live, ingest or registry down). */
  platformNotMonitoringMs: z.number(),
  /** Installed, but not yet heard from by the platform. */
  beforeFirstHeardMs: z.number(),
});

export const AvailabilityRowV1 = z.object({
  key: z.string(),
  devices: z.number().int(),
  /** Time judged: installed, in service, outside maintenance, with data. */
  eligibleMs: z.number(),
  availableMs: z.number(),
  /** availableMs ÷ eligibleMs; null when nothing was eligible ("—": no data, not 0 % and not 100 %). */
  availability: z.number().nullable(),
  /** Time with no data, in ms (the sum of `noData`). */
  noDataMs: z.number(),
  noData: NoDataV1,
  /** Data coverage: eligibleMs ÷ (eligibleMs + noDataMs), in percent with 2 decimals; null when neither is > 0. */
  dataCoveragePct: z.number().nullable(),
});
/** A span of time, RFC 3339. */
const SpanV1 = z.object({ from: z.string(), to: z.string() });
export const AvailabilityReportV1 = z.object({
  month: z.string(),
  from: z.string(),
  to: z.string(),
  scope: z.enum(AVAILABILITY_SCOPES),
  items: z.array(AvailabilityRowV1),
  /** The spans of the period the platform was not monitoring: no data for every device. */
  notMonitored: z.array(SpanV1),
});

/** One local day of a month for the daily chart; availability null: no data that day ("Không có số liệu"). */
export const DailyAvailabilityV1 = z.object({
  day: z.string(),
  eligibleMs: z.number(),
  availableMs: z.number(),
  availability: z.number().nullable(),
  noDataMs: z.number(),
  dataCoveragePct: z.number().nullable(),
});
export const DailyAvailabilityReportV1 = z.object({ month: z.string(), from: z.string(), to: z.string(), days: z.array(DailyAvailabilityV1) });

export const ComplianceV1 = z.object({
  compliant: z.number().int(),
  breached: z.number().int(),
  /** Not yet due at the period's end. */
  pending: z.number().int(),
  /** Severities without a target (info). */
  noTarget: z.number().int(),
  decided: z.number().int(),
  /** compliant ÷ decided; null when nothing is decided. */
  compliance: z.number().nullable(),
});
export const ResponseReportV1 = z.object({
  month: z.string(),
  bySeverity: z.array(z.object({ severity: z.enum(SEVERITIES), incidents: z.number().int(), acknowledge: ComplianceV1, resolve: ComplianceV1 })),
  byArea: z.array(z.object({ areaCode: z.string(), incidents: z.number().int(), acknowledge: ComplianceV1, resolve: ComplianceV1 })),
});

const ResponseTargetV1 = z.object({
  /** Time allowed to acknowledge, ms from openedAt; null: no target (never breaches, never escalates). */
  acknowledgeMs: z.number().int().nullable(),
  /** Time allowed to resolve, ms from openedAt; null: no target. */
  resolveMs: z.number().int().nullable(),
});
/** The response targets in force (defaults, or SLA_POLICY), for SLA clocks beside incidents. */
export const ResponsePolicyV1 = z.object({
  targets: z.object({ critical: ResponseTargetV1, major: ResponseTargetV1, minor: ResponseTargetV1, info: ResponseTargetV1 }),
  /** The highest escalation level; 0 never escalates. */
  maxEscalationLevel: z.number().int(),
});
export type ResponsePolicyDto = z.infer<typeof ResponsePolicyV1>;

export const REPORT_FORMATS = ['json', 'csv', 'pdf', 'xlsx'] as const;
export const ReportInfoV1 = z.object({ month: z.string(), generatedAt: z.string(), files: z.array(z.enum(REPORT_FORMATS)) });

const acting = { actor: Actor };
const op = <Req extends z.ZodType, Rep extends z.ZodType>(request: Req, reply: Rep) => ({ request, reply });

export const SLA_OPERATIONS = {
  'sla.availability': op(z.object({ ...acting, month: MONTH(), scope: z.enum(AVAILABILITY_SCOPES).default('area') }), AvailabilityReportV1),
  /** The devices' availability and data coverage day by day (the actor's areas). */
  'sla.daily': op(z.object({ ...acting, month: MONTH() }), DailyAvailabilityReportV1),
  'sla.response': op(z.object({ ...acting, month: MONTH() }), ResponseReportV1),
  /** The per-severity response targets the service measures against and escalates by. */
  'sla.policy': op(z.object(acting), ResponsePolicyV1),
  /** Makes (or remakes) a month's report now; the monthly job does it on the 1st at 00:05. */
  'reports.create': op(z.object({ ...acting, month: MONTH() }), ReportInfoV1),
  'reports.list': op(z.object(acting), z.object({ items: z.array(ReportInfoV1) })),
  /** A stored report file; PDF as base64. */
  'reports.file': op(
    z.object({
      ...acting,
      month: MONTH(),
      format: z.enum(REPORT_FORMATS),
      /** csv: province, areas, contractors or daily. */
      file: z.enum(['province', 'areas', 'contractors', 'daily']).default('areas'),
      /** csv: `,` with a decimal point, or `;` with a decimal comma. */
      separator: z.enum([',', ';']).default(','),
      /** The CSV's headers and yes/no cells: Vietnamese, or English (the stable column names). */
      lang: z.enum(['vi', 'en']).default('vi'),
    }),
    z.object({ month: z.string(), format: z.string(), contentType: z.string(), base64: z.string() }),
  ),
} as const;
export type SlaOperation = keyof typeof SLA_OPERATIONS;
