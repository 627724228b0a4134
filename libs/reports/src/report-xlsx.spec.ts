import { hasSoffice, parseCsv, xlsxSheetsViaLibreOffice } from '@ioc/testing';
import { sampleReport } from './monthly-report.fixture';
import { reportCsvFiles } from './report-csv';
import { REPORT_XLSX_SHEETS, reportXlsx } from './report-xlsx';

describe('monthly report annex as XLSX', () => {
  it('gives the same bytes for the same report', async () => {
    expect((await reportXlsx(sampleReport())).equals(await reportXlsx(sampleReport()))).toBe(true);
  });

  (hasSoffice() ? it : it.skip)(
    'opens in LibreOffice with the same figures as the CSV, the Vietnamese names intact, a day without data empty',
    async () => {
      const report = sampleReport();
      report.areas[1].gaps = [
        { purpose: 'traffic', checkpoints: 12, uncoveredInstalled: 0, uncoveredOperational: 1 },
        { purpose: 'security', checkpoints: 8, uncoveredInstalled: 2, uncoveredOperational: 3 },
      ];
      const sheets = await xlsxSheetsViaLibreOffice(await reportXlsx(report));
      expect(Object.keys(sheets).sort()).toEqual([...REPORT_XLSX_SHEETS].sort());
      const csvRows = parseCsv(reportCsvFiles(report, { lang: 'en' })['areas.csv'].slice(1)).slice(1);
      const areas = sheets['Khu vực trọng điểm'];
      expect(areas[0]).toEqual([
        'Mã khu vực',
        'Khu vực trọng điểm',
        'Huyện / thị xã / thành phố',
        'Thiết bị',
        'Tỷ lệ sẵn sàng (%)',
        'Độ phủ số liệu (%)',
        'Sự cố',
        'Tiếp nhận đúng hạn (%)',
        'Xử lý đúng hạn (%)',
        'Độ phủ, lắp đặt (%)',
        'Độ phủ, hoạt động (%)',
        'Đạt chỉ tiêu',
        'Giao thông: điểm chưa có camera',
        'Giao thông: điểm chưa được giám sát (hoạt động)',
        'An ninh: điểm chưa có camera',
        'An ninh: điểm chưa được giám sát (hoạt động)',
      ]);
      expect(areas).toHaveLength(csvRows.length + 1);
      // Same codes, names and figures, row for row (CSV: month first, yes/no; XLSX: Có/Không).
      areas.slice(1).forEach((row, i) => {
        const csv = csvRows[i];
        expect(row.slice(0, 11)).toEqual(csv.slice(1, 12));
        expect(row[11]).toBe(csv[12] === 'yes' ? 'Có' : 'Không');
      });
      expect(areas.map((r) => r[1])).toContain('Cảng cá Nhật Lệ');
      // Nhật Lệ's gaps (the fixture gives them): traffic 0 / 1, security 2 / 3; others not known.
      expect(areas.find((r) => r[0] === 'DH-NL')?.slice(12)).toEqual(['0', '1', '2', '3']);
      expect(areas.find((r) => r[0] === 'BD-CH')?.slice(12)).toEqual(['', '', '', '']);
      expect(sheets['Nhà thầu bảo trì'].map((r) => r[0])).toContain('Viễn thông Quảng Bình (VNPT)');
      const days = sheets['Theo ngày'];
      expect(days).toHaveLength(31);
      expect(days[14].slice(0, 2)).toEqual(['14/11/2026', '']);
      expect(sheets['Tổng hợp'][1].slice(0, 4)).toEqual(['2026-11', '6', '1,284', '98.87']);
    },
    120_000,
  );
});
