import ExcelJS from 'exceljs';
import { hasSoffice, xlsxSheetsViaLibreOffice } from '@ioc/testing';
import { sheet, writeXlsx } from './spreadsheet';

interface Row {
  code: string;
  name: string;
  devices: number;
  availabilityPct: number | null;
  day: string;
  at: string;
  meets: boolean;
}
const rows: Row[] = [
  { code: 'DH-NL', name: 'Cảng cá Nhật Lệ', devices: 1284, availabilityPct: 99.456, day: '2026-11-01', at: '2026-11-30T17:05:00Z', meets: false },
  { code: 'FX-01', name: '=HYPERLINK("x") Quảng Bình', devices: 0, availabilityPct: null, day: '2026-11-30', at: '2026-12-01T00:00:00+07:00', meets: true },
];
const book = () =>
  writeXlsx([
    sheet<Row>({
      name: 'Khu vực trọng điểm',
      columns: [
        { header: 'Mã khu vực', kind: 'text', value: (r) => r.code },
        { header: 'Tên khu vực', kind: 'text', value: (r) => r.name },
        { header: 'Thiết bị', kind: 'integer', value: (r) => r.devices },
        { header: 'Tỷ lệ sẵn sàng (%)', kind: 'percent', value: (r) => r.availabilityPct },
        { header: 'Ngày', kind: 'date', value: (r) => r.day },
        { header: 'Lúc (giờ Việt Nam)', kind: 'datetime', value: (r) => r.at },
        { header: 'Đạt chỉ tiêu', kind: 'yesno', value: (r) => r.meets },
      ],
      rows,
    }),
    sheet<{ n: number }>({ name: 'Theo ngày', columns: [{ header: 'Số', kind: 'decimal', value: (r) => r.n }], rows: [{ n: 1.5 }] }),
  ]);

describe('XLSX workbook', () => {
  it('writes numbers and dates as real cells, text as text (never a formula), and freezes the header row', async () => {
    const wb = new ExcelJS.Workbook();
    const bytes = await book();
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
    const ws = wb.getWorksheet('Khu vực trọng điểm');
    expect(ws?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws?.getRow(1).values).toEqual([undefined, 'Mã khu vực', 'Tên khu vực', 'Thiết bị', 'Tỷ lệ sẵn sàng (%)', 'Ngày', 'Lúc (giờ Việt Nam)', 'Đạt chỉ tiêu']);
    const first = ws?.getRow(2);
    expect(first?.getCell(3).value).toBe(1284);
    expect(first?.getCell(4).value).toBe(99.46);
    expect(first?.getCell(4).numFmt).toBe('0.00');
    expect(first?.getCell(5).value).toEqual(new Date('2026-11-01T00:00:00Z'));
    // 17:05 UTC is 00:05 the next day in Vietnam: the sheet shows the wall time.
    expect(first?.getCell(6).value).toEqual(new Date('2026-12-01T00:05:00Z'));
    expect(first?.getCell(7).value).toBe('Không');
    const second = ws?.getRow(3);
    expect(second?.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(second?.getCell(4).value).toBeNull();
  });

  it('gives the same bytes for the same rows, written at any time', async () => {
    expect((await book()).equals(await book())).toBe(true);
    // The clock alone (timers left real): ZIP entries once carried the time they were written.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
    try {
      jest.setSystemTime(new Date('2026-12-07T10:00:00Z'));
      const morning = await book();
      jest.setSystemTime(new Date('2026-12-07T15:31:07Z'));
      expect((await book()).equals(morning)).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses a sheet name Excel would refuse, and an instant without a zone', async () => {
    await expect(writeXlsx([sheet({ name: 'a/b', columns: [], rows: [] })])).rejects.toMatchObject({ code: 'invalid_sheet' });
    await expect(writeXlsx([sheet<{ at: string }>({ name: 'x', columns: [{ header: 'at', kind: 'datetime', value: (r) => r.at }], rows: [{ at: '2026-11-01T10:00:00' }] })])).rejects.toMatchObject({
      code: 'invalid_timestamp',
    });
  });
});

if (!hasSoffice()) console.warn('SKIPPED: the XLSX read-back test needs soffice (apt-get install -y libreoffice-calc-nogui).');
(hasSoffice() ? describe : describe.skip)('XLSX opened in LibreOffice', () => {
  it('shows the Vietnamese headers and names intact, the numbers, dates and times as written', async () => {
    const sheets = await xlsxSheetsViaLibreOffice(await book());
    expect(Object.keys(sheets).sort()).toEqual(['Khu vực trọng điểm', 'Theo ngày']);
    expect(sheets['Khu vực trọng điểm']).toEqual([
      ['Mã khu vực', 'Tên khu vực', 'Thiết bị', 'Tỷ lệ sẵn sàng (%)', 'Ngày', 'Lúc (giờ Việt Nam)', 'Đạt chỉ tiêu'],
      ['DH-NL', 'Cảng cá Nhật Lệ', '1,284', '99.46', '01/11/2026', '01/12/2026 00:05', 'Không'],
      ['FX-01', '=HYPERLINK("x") Quảng Bình', '0', '', '30/11/2026', '01/12/2026 00:00', 'Có'],
    ]);
    expect(sheets['Theo ngày']).toEqual([['Số'], ['1.50']]);
  }, 120_000);
});
