// The SLA tables of a month as an XLSX workbook for planners: availability per area,
// district, contractor, the province and each device, and incident response per severity
// and per area. Every figure is the API's own (`GET /sla/availability`, `/sla/response`):
// ratios stay 0..1 and are shown as percentages, times are hours.
import type { z } from 'zod';
import type { AvailabilityReportV1, ResponseReportV1, Severity } from '@ioc/contracts';
import { sheet, writeXlsx, type SheetColumn } from '@ioc/interop';

type AvailabilityReport = z.infer<typeof AvailabilityReportV1>;
type ResponseReport = z.infer<typeof ResponseReportV1>;
type AvailabilityRow = AvailabilityReport['items'][number];
type Compliance = ResponseReport['bySeverity'][number]['acknowledge'];

/** The availability sheets, in the order they appear; `scope` is the operation's. */
export const SLA_XLSX_AVAILABILITY = [
  { scope: 'area', sheet: 'Sẵn sàng theo khu vực', key: 'Mã khu vực' },
  { scope: 'district', sheet: 'Sẵn sàng theo huyện', key: 'Huyện / thị xã / thành phố' },
  { scope: 'contractor', sheet: 'Sẵn sàng theo nhà thầu', key: 'Nhà thầu bảo trì' },
  { scope: 'province', sheet: 'Sẵn sàng toàn tỉnh', key: 'Phạm vi' },
  { scope: 'device', sheet: 'Sẵn sàng theo thiết bị', key: 'Mã thiết bị' },
] as const;

const SEVERITY_VI: Record<Severity, string> = { critical: 'Nghiêm trọng', major: 'Lớn', minor: 'Nhỏ', info: 'Thông tin' };
const HOUR_MS = 3_600_000;

const availabilityColumns = (key: string): SheetColumn<AvailabilityRow>[] => [
  { header: key, kind: 'text', value: (r) => r.key, width: 30 },
  { header: 'Thiết bị', kind: 'integer', value: (r) => r.devices },
  { header: 'Thời gian tính (giờ)', kind: 'decimal', value: (r) => r.eligibleMs / HOUR_MS, width: 18 },
  { header: 'Thời gian sẵn sàng (giờ)', kind: 'decimal', value: (r) => r.availableMs / HOUR_MS, width: 20 },
  { header: 'Tỷ lệ sẵn sàng', kind: 'ratio', value: (r) => r.availability, width: 16 },
  { header: 'Không có số liệu (giờ)', kind: 'decimal', value: (r) => r.noDataMs / HOUR_MS, width: 20 },
  { header: 'Độ phủ số liệu (%)', kind: 'percent', value: (r) => r.dataCoveragePct, width: 18 },
];

const complianceColumns = <R extends { acknowledge: Compliance; resolve: Compliance }>(): SheetColumn<R>[] =>
  (['acknowledge', 'resolve'] as const).flatMap((clock) => {
    const label = clock === 'acknowledge' ? 'Tiếp nhận' : 'Xử lý';
    return [
      { header: `${label}: đúng hạn`, kind: 'integer', value: (r: R) => r[clock].compliant },
      { header: `${label}: trễ hạn`, kind: 'integer', value: (r: R) => r[clock].breached },
      { header: `${label}: chưa đến hạn`, kind: 'integer', value: (r: R) => r[clock].pending },
      { header: `${label}: không có chỉ tiêu`, kind: 'integer', value: (r: R) => r[clock].noTarget },
      { header: `${label}: tỷ lệ đúng hạn`, kind: 'ratio', value: (r: R) => r[clock].compliance, width: 16 },
    ] satisfies SheetColumn<R>[];
  });

export type SlaXlsxScope = (typeof SLA_XLSX_AVAILABILITY)[number]['scope'];

/** The scopes a caller may read: the whole province's groupings need a scope of all areas (as `sla.availability` rules). */
export const slaXlsxScopes = (allAreas: boolean): SlaXlsxScope[] => SLA_XLSX_AVAILABILITY.map((s) => s.scope).filter((s) => allAreas || s === 'area' || s === 'device');

/** The workbook; a scope left out of `availability` has no sheet. */
export function slaXlsx(availability: Partial<Record<SlaXlsxScope, AvailabilityReport>>, response: ResponseReport): Promise<Buffer> {
  return writeXlsx([
    ...SLA_XLSX_AVAILABILITY.flatMap((s) => {
      const report = availability[s.scope];
      return report ? [sheet<AvailabilityRow>({ name: s.sheet, columns: availabilityColumns(s.key), rows: report.items })] : [];
    }),
    sheet<ResponseReport['bySeverity'][number]>({
      name: 'Phản hồi theo mức độ',
      columns: [
        { header: 'Mức độ', kind: 'text', value: (r) => SEVERITY_VI[r.severity], width: 14 },
        { header: 'Mã mức độ', kind: 'text', value: (r) => r.severity },
        { header: 'Sự cố', kind: 'integer', value: (r) => r.incidents },
        ...complianceColumns<ResponseReport['bySeverity'][number]>(),
      ],
      rows: response.bySeverity,
    }),
    sheet<ResponseReport['byArea'][number]>({
      name: 'Phản hồi theo khu vực',
      columns: [{ header: 'Mã khu vực', kind: 'text', value: (r) => r.areaCode }, { header: 'Sự cố', kind: 'integer', value: (r) => r.incidents }, ...complianceColumns<ResponseReport['byArea'][number]>()],
      rows: response.byArea,
    }),
  ]);
}
