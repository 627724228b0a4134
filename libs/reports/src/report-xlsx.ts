// The monthly report's annex as an XLSX workbook: the same tables as the PDF's annex, one
// sheet each, with Vietnamese headers, number and date cells and the header row frozen.
// Percentages are 0..100 with two decimals, as in the CSV and JSON; "no data" is an empty
// cell, never 0.
import { sheet, writeXlsx } from '@ioc/interop';
import type { AreaFigures, ContractorFigures, DailyAvailability, MonthlyReport } from './monthly-report';
import { assertMonthlyReport } from './monthly-report';
import { dailySeries, roundPct, sortedAreas, sortedContractors } from './report-format';

const pct = (v: number | null) => (v === null ? null : roundPct(v, 2));

/** Sheet names, in order. */
export const REPORT_XLSX_SHEETS = ['Tổng hợp', 'Khu vực trọng điểm', 'Nhà thầu bảo trì', 'Theo ngày'] as const;

export function reportXlsx(report: MonthlyReport): Promise<Buffer> {
  assertMonthlyReport(report);
  const p = report.province;
  const sev = p.incidents.bySeverity;
  return writeXlsx([
    sheet<MonthlyReport>({
      name: REPORT_XLSX_SHEETS[0],
      columns: [
        { header: 'Tháng', kind: 'text', value: (r) => r.month },
        { header: 'Khu vực trọng điểm', kind: 'integer', value: (r) => r.areas.length },
        { header: 'Thiết bị', kind: 'integer', value: () => p.devices },
        { header: 'Tỷ lệ sẵn sàng (%)', kind: 'percent', value: () => pct(p.availability) },
        { header: 'Độ phủ số liệu (%)', kind: 'percent', value: () => pct(p.dataCoverage ?? null) },
        { header: 'Sự cố', kind: 'integer', value: () => p.incidents.total },
        { header: 'Nghiêm trọng', kind: 'integer', value: () => sev.critical ?? 0 },
        { header: 'Lớn', kind: 'integer', value: () => sev.major ?? 0 },
        { header: 'Nhỏ', kind: 'integer', value: () => sev.minor ?? 0 },
        { header: 'Thông tin', kind: 'integer', value: () => sev.info ?? 0 },
        { header: 'Tiếp nhận đúng hạn (%)', kind: 'percent', value: () => pct(p.responseCompliance.ack) },
        { header: 'Xử lý đúng hạn (%)', kind: 'percent', value: () => pct(p.responseCompliance.resolve) },
        { header: 'Khu vực đạt chỉ tiêu, lắp đặt (%)', kind: 'percent', value: () => pct(p.coverage.areasMeetingInstalledPct) },
        { header: 'Khu vực đạt chỉ tiêu, hoạt động (%)', kind: 'percent', value: () => pct(p.coverage.areasMeetingOperationalPct) },
        { header: 'Số liệu lập lúc (giờ Việt Nam)', kind: 'datetime', value: (r) => r.generatedAt, width: 20 },
      ],
      rows: [report],
    }),
    sheet<AreaFigures>({
      name: REPORT_XLSX_SHEETS[1],
      columns: [
        { header: 'Mã khu vực', kind: 'text', value: (a) => a.code, width: 12 },
        { header: 'Khu vực trọng điểm', kind: 'text', value: (a) => a.name, width: 44 },
        { header: 'Huyện / thị xã / thành phố', kind: 'text', value: (a) => a.district, width: 24 },
        { header: 'Thiết bị', kind: 'integer', value: (a) => a.devices },
        { header: 'Tỷ lệ sẵn sàng (%)', kind: 'percent', value: (a) => pct(a.availability) },
        { header: 'Độ phủ số liệu (%)', kind: 'percent', value: (a) => pct(a.dataCoverage ?? null) },
        { header: 'Sự cố', kind: 'integer', value: (a) => a.incidents },
        { header: 'Tiếp nhận đúng hạn (%)', kind: 'percent', value: (a) => pct(a.ackCompliance) },
        { header: 'Xử lý đúng hạn (%)', kind: 'percent', value: (a) => pct(a.resolveCompliance) },
        { header: 'Độ phủ, lắp đặt (%)', kind: 'percent', value: (a) => pct(a.coverageInstalledPct) },
        { header: 'Độ phủ, hoạt động (%)', kind: 'percent', value: (a) => pct(a.coverageOperationalPct) },
        { header: 'Đạt chỉ tiêu', kind: 'yesno', value: (a) => a.meetsTarget },
        // The gaps at month end, per purpose; empty when the purpose does not apply or is not known.
        { header: 'Giao thông: điểm chưa có camera', kind: 'integer', value: (a) => a.gaps?.find((g) => g.purpose === 'traffic')?.uncoveredInstalled ?? null },
        { header: 'Giao thông: điểm chưa được giám sát (hoạt động)', kind: 'integer', value: (a) => a.gaps?.find((g) => g.purpose === 'traffic')?.uncoveredOperational ?? null },
        { header: 'An ninh: điểm chưa có camera', kind: 'integer', value: (a) => a.gaps?.find((g) => g.purpose === 'security')?.uncoveredInstalled ?? null },
        { header: 'An ninh: điểm chưa được giám sát (hoạt động)', kind: 'integer', value: (a) => a.gaps?.find((g) => g.purpose === 'security')?.uncoveredOperational ?? null },
      ],
      rows: sortedAreas(report),
    }),
    sheet<ContractorFigures>({
      name: REPORT_XLSX_SHEETS[2],
      columns: [
        { header: 'Nhà thầu bảo trì', kind: 'text', value: (c) => c.name, width: 40 },
        { header: 'Thiết bị', kind: 'integer', value: (c) => c.devices },
        { header: 'Tỷ lệ sẵn sàng (%)', kind: 'percent', value: (c) => pct(c.availability) },
        { header: 'Độ phủ số liệu (%)', kind: 'percent', value: (c) => pct(c.dataCoverage ?? null) },
        { header: 'Sự cố', kind: 'integer', value: (c) => c.incidents },
        { header: 'Tiếp nhận đúng hạn (%)', kind: 'percent', value: (c) => pct(c.ackCompliance) },
        { header: 'Xử lý đúng hạn (%)', kind: 'percent', value: (c) => pct(c.resolveCompliance) },
      ],
      rows: sortedContractors(report),
    }),
    sheet<DailyAvailability>({
      name: REPORT_XLSX_SHEETS[3],
      columns: [
        { header: 'Ngày', kind: 'date', value: (d) => d.day, width: 12 },
        { header: 'Tỷ lệ sẵn sàng (%)', kind: 'percent', value: (d) => pct(d.availability) },
        { header: 'Độ phủ số liệu (%)', kind: 'percent', value: (d) => pct(d.dataCoverage ?? null) },
      ],
      rows: dailySeries(report),
    }),
  ]);
}
