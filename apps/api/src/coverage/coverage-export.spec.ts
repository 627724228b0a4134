import { hasColumnHeader } from '@ioc/i18n';
import type { AreaCoverageDto, KeyArea } from '@ioc/contracts';
import ExcelJS from 'exceljs';
import { hasSoffice, xlsxSheetsViaLibreOffice } from '@ioc/testing';
import { coverageCsv, coverageGeoJson, coverageXlsx, CSV_COLUMNS, type ExportItem } from './coverage-export';

const figure = (covered: number, pct: number | null, meetsTarget: boolean) => ({ covered, pct, meetsTarget });
const coverage: AreaCoverageDto = {
  areaCode: 'DH-TT',
  name: 'Ngã tư "Trần Hưng Đạo", Đồng Hới',
  district: 'Thành phố Đồng Hới',
  targetPct: 100,
  checkpoints: 3,
  assessed: true,
  purposes: {
    traffic: { purpose: 'traffic', applicable: true, checkpoints: 3, installed: figure(2, 200 / 3, false), operational: figure(1, 100 / 3, false) },
    security: { purpose: 'security', applicable: false, checkpoints: 0, installed: figure(0, null, true), operational: figure(0, null, true) },
  },
  meetsTarget: { installed: false, operational: false },
};
const area: KeyArea = {
  code: 'DH-TT',
  name: coverage.name,
  district: coverage.district,
  category: 'intersection',
  boundary: { type: 'Polygon', coordinates: [[[106.6, 17.47], [106.61, 17.47], [106.61, 17.48], [106.6, 17.47]]] },
  coverageTargetPct: 100,
  checkpoints: [{ id: 'CP-1', areaCode: 'DH-TT', purposes: ['traffic'], location: { type: 'Point', coordinates: [106.605, 17.475] }, description: '' }],
  createdAt: '2026-11-27T00:00:00.000Z',
  updatedAt: '2026-11-27T00:00:00.000Z',
};
const item: ExportItem = { area, coverage, checkpoints: [{ id: 'CP-1', installed: ['traffic'], operational: [] }] };

describe('coverage CSV', () => {
  const csv = coverageCsv([item], ',', 'en');

  it('starts with a UTF-8 byte-order mark and uses CRLF, so spreadsheets open it right', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.slice(1).split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
  });

  it('quotes names with commas and quotes, keeps diacritics, rounds to two decimals, leaves not-applicable empty', () => {
    const row = csv.slice(1).split('\r\n')[1];
    expect(row).toBe('DH-TT,"Ngã tư ""Trần Hưng Đạo"", Đồng Hới",Thành phố Đồng Hới,100,3,3,66.67,33.33,0,,,no,no');
  });
});

describe('coverage CSV in Vietnamese (the default)', () => {
  it('names every column in Vietnamese and writes Có/Không', () => {
    const [header, row] = coverageCsv([item]).slice(1).split('\r\n');
    expect(header?.startsWith('Mã khu vực,Khu vực trọng điểm,Huyện / thị xã / thành phố,Chỉ tiêu (%),Điểm giám sát')).toBe(true);
    expect(row?.endsWith(',Không,Không')).toBe(true);
    for (const c of CSV_COLUMNS) expect(hasColumnHeader(c)).toBe(true);
  });
});

describe('coverage CSV for locales with a decimal comma', () => {
  it('separates with ; and writes decimals with a comma, keeping the BOM and quoting a ; in text', () => {
    const csv = coverageCsv([{ ...item, coverage: { ...coverage, name: 'Chợ; Ba Đồn' } }], ';', 'en');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, row] = csv.slice(1).split('\r\n');
    expect(header).toBe(CSV_COLUMNS.join(';'));
    expect(row).toBe('DH-TT;"Chợ; Ba Đồn";Thành phố Đồng Hới;100;3;3;66,67;33,33;0;;;no;no');
  });
});

describe('coverage XLSX', () => {
  it('has the same figures as the CSV, as number cells under Vietnamese headers, header row frozen', async () => {
    const bytes = await coverageXlsx([item]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
    const ws = wb.getWorksheet('Độ phủ khu vực');
    expect(ws?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws?.getRow(1).getCell(2).value).toBe('Khu vực trọng điểm');
    expect(ws?.getRow(2).values).toEqual([undefined, 'DH-TT', 'Ngã tư "Trần Hưng Đạo", Đồng Hới', 'Thành phố Đồng Hới', 100, 3, 3, 66.67, 33.33, 0, null, null, 'Không', 'Không'].map((v) => (v === null ? undefined : v)));
    expect(wb.getWorksheet('Điểm giám sát')?.getRow(2).values).toEqual([undefined, 'DH-TT', 'CP-1', 'traffic', undefined, 106.61, 17.48, 'traffic', undefined]);
  });

  (hasSoffice() ? it : it.skip)('opens in LibreOffice with the diacritics and the figures intact', async () => {
    const sheets = await xlsxSheetsViaLibreOffice(await coverageXlsx([item]));
    expect(sheets['Độ phủ khu vực'][1]).toEqual(['DH-TT', 'Ngã tư "Trần Hưng Đạo", Đồng Hới', 'Thành phố Đồng Hới', '100.00', '3', '3', '66.67', '33.33', '0', '', '', 'Không', 'Không']);
  }, 120_000);
});

describe('coverage GeoJSON', () => {
  it('puts the figures on the area polygons, one layer', () => {
    const fc = coverageGeoJson([item], 'areas');
    expect(fc.features.map((f) => f.geometry?.type)).toEqual(['Polygon']);
    expect(fc.features[0]).toMatchObject({ id: 'DH-TT', properties: { code: 'DH-TT', trafficInstalledPct: 200 / 3, securityInstalledPct: null, meetsTargetInstalled: false } });
  });

  it('puts covered flags on the checkpoint points, the other layer', () => {
    const fc = coverageGeoJson([item], 'checkpoints');
    expect(fc.features.map((f) => f.geometry?.type)).toEqual(['Point']);
    expect(fc.features[0]).toMatchObject({ id: 'DH-TT/CP-1', properties: { checkpointId: 'CP-1', coveredInstalled: true, coveredOperational: false, coveredPurposesInstalled: 'traffic' } });
  });
});
