import { sampleReport } from './monthly-report.fixture';
import { hasColumnHeader } from '@ioc/i18n';
import { REPORT_CSV_COLUMNS, reportCsvFiles } from './report-csv';

const lines = (csv: string) => csv.slice(1).split('\r\n');

describe('monthly report CSV files', () => {
  const files = reportCsvFiles(sampleReport(), { lang: 'en' });

  it('writes one file per table, each with a UTF-8 byte-order mark, its header row and CRLF line ends', () => {
    expect(Object.keys(files).sort()).toEqual(['areas.csv', 'contractors.csv', 'daily.csv', 'province.csv']);
    for (const [name, csv] of Object.entries(files)) {
      expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(csv.endsWith('\r\n')).toBe(true);
      expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      expect(lines(csv)[0]).toBe(REPORT_CSV_COLUMNS[name as keyof typeof REPORT_CSV_COLUMNS].join(','));
    }
  });

  it('keeps Vietnamese names byte for byte (UTF-8, NFC)', () => {
    const bytes = Buffer.from(files['areas.csv'], 'utf8');
    // "Đồng Hới": Đ U+0110, ồ U+1ED3, ớ U+1EDB, each one precomposed code point.
    const dongHoi = Buffer.from([0xc4, 0x90, 0xe1, 0xbb, 0x93, 0x6e, 0x67, 0x20, 0x48, 0xe1, 0xbb, 0x9b, 0x69]);
    expect(bytes.includes(dongHoi)).toBe(true);
    expect(files['areas.csv']).toContain('Cảng cá Nhật Lệ');
    expect(files['contractors.csv']).toContain('Viễn thông Quảng Bình (VNPT)');
  });

  it('writes names typed in decomposed form (NFD) as NFC', () => {
    const report = sampleReport();
    report.areas[0].name = 'Cảng cá Nhật Lệ'.normalize('NFD');
    const csv = reportCsvFiles(report, { lang: 'en' })['areas.csv'];
    expect(csv).toContain('Cảng cá Nhật Lệ'.normalize('NFC'));
    expect(csv).not.toContain('Cảng cá Nhật Lệ'.normalize('NFD'));
  });

  it('writes area rows by code with percentages to two decimals and an empty cell for no data', () => {
    const rows = lines(files['areas.csv']).slice(1, -1);
    expect(rows.map((r) => r.split(',')[1])).toEqual(['BD-CH', 'BT-PN', 'DH-NL', 'DH-TT', 'LT-KL', 'MH-CL']);
    expect(rows[0]).toBe('2026-11,BD-CH,Chợ Ba Đồn,Thị xã Ba Đồn,0,,,0,,,0.00,0.00,no');
    expect(rows[2]).toBe('2026-11,DH-NL,Cảng cá Nhật Lệ,Thành phố Đồng Hới,24,97.05,,12,91.67,80.00,100.00,95.50,no');
  });

  it('writes the province totals and one daily row per day of the month, a day without data left empty', () => {
    expect(lines(files['province.csv'])[1]).toBe('2026-11,6,1284,98.87,96.67,57,2,11,39,5,96.49,91.23,87.50,75.00');
    const days = lines(files['daily.csv']).slice(1, -1);
    expect(days).toHaveLength(30);
    expect(days[0]).toBe('2026-11,2026-11-01,99.90,100.00');
    // No data that day: availability empty, data coverage 0.
    expect(days[13]).toBe('2026-11,2026-11-14,,0.00');
  });

  it('fills the days the report left out, so every month has all its days', () => {
    const report = sampleReport();
    report.dailyAvailability = [{ day: '2026-11-03', availability: 99 }];
    const days = lines(reportCsvFiles(report, { lang: 'en' })['daily.csv']).slice(1, -1);
    expect(days).toHaveLength(30);
    expect(days.filter((d) => !d.endsWith(',,'))).toEqual(['2026-11,2026-11-03,99.00,']);
  });

  it('quotes cells with commas, quotes and line breaks', () => {
    const report = sampleReport();
    report.contractors[0].name = 'Công ty "Ánh Dương", chi nhánh\nĐồng Hới';
    const csv = reportCsvFiles(report, { lang: 'en' })['contractors.csv'];
    expect(csv).toContain('2026-11,"Công ty ""Ánh Dương"", chi nhánh\nĐồng Hới",702,');
  });
});

describe('CSV formula injection', () => {
  it('applies to names in the exported files', () => {
    const report = sampleReport();
    report.areas[0].name = '=1+2';
    report.contractors[0].name = '@cmd';
    const files = reportCsvFiles(report, { lang: 'en' });
    expect(files['areas.csv']).toContain(",'=1+2,");
    expect(files['contractors.csv']).toContain(",'@cmd,");
  });
});

describe('monthly report CSV, ;-separated', () => {
  it('separates with ; and writes a decimal comma, keeping the BOM, for spreadsheets in locales that expect it', () => {
    const files = reportCsvFiles(sampleReport(), { separator: ';', lang: 'en' });
    const areas = files['areas.csv'];
    expect(areas.startsWith('\uFEFF')).toBe(true);
    const [header, first] = areas.slice(1).split('\r\n');
    expect(header).toBe(REPORT_CSV_COLUMNS['areas.csv'].join(';'));
    expect(first).toBe('2026-11;BD-CH;Chợ Ba Đồn;Thị xã Ba Đồn;0;;;0;;;0,00;0,00;no');
    expect(files['province.csv']).toContain('2026-11;6;1284;98,87;96,67;57;');
  });
});

describe('monthly report CSV in Vietnamese (the default)', () => {
  const files = reportCsvFiles(sampleReport());

  it('names the columns in Vietnamese and writes Có/Không, quoting a header with a comma', () => {
    const [header, first] = lines(files['areas.csv']);
    expect(header?.split(',').slice(0, 4)).toEqual(['Tháng', 'Mã khu vực', 'Khu vực trọng điểm', '"Huyện / thị xã / thành phố"'.replace(/"/g, '')]);
    expect(header).toContain('"Độ phủ, lắp đặt (%)"');
    expect(first?.endsWith(',Có') || first?.endsWith(',Không')).toBe(true);
    expect(lines(files['province.csv'])[0]?.startsWith('Tháng,Số khu vực,Thiết bị,Tỷ lệ sẵn sàng (%)')).toBe(true);
  });

  it('has a Vietnamese name for every column of every file', () => {
    for (const columns of Object.values(REPORT_CSV_COLUMNS)) for (const c of columns) expect(hasColumnHeader(c)).toBe(true);
  });
});
