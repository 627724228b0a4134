import type { AreaCoverageDto, KeyArea } from '@ioc/contracts';
import { coverageCsv, coverageGeoJson, CSV_COLUMNS, type ExportItem } from './coverage-export';

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
  const csv = coverageCsv([item]);

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

describe('coverage GeoJSON', () => {
  it('puts the figures on the area and covered flags on its checkpoints', () => {
    const fc = coverageGeoJson([item]);
    const [polygon, point] = fc.features;
    expect(polygon?.properties).toMatchObject({ code: 'DH-TT', trafficInstalledPct: 200 / 3, securityInstalledPct: null, meetsTargetInstalled: false });
    expect(point?.properties).toMatchObject({ id: 'CP-1', coveredInstalled: true, coveredOperational: false, coveredPurposesInstalled: 'traffic' });
  });
});
