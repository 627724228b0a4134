import type { PlacementPlanDto } from '@ioc/contracts';
import { csvCell, suggestionId, workOrderCsv, workOrderFileName, workOrderGeoJson, WORK_ORDER_COLUMNS } from './work-order';

const figure = { covered: 0, pct: 0, meetsTarget: false, purpose: 'security' as const, applicable: true, checkpoints: 2 };
const plan: PlacementPlanDto = {
  areaCode: 'DH-SB',
  targetPct: 100,
  model: { name: 'fixed', fovDeg: 90, rangeM: 80, purposes: ['security', 'traffic'] },
  suggestions: [
    {
      siteId: 'DH-SB-CP-07',
      siteKind: 'checkpoint',
      location: [106.587533, 17.517362],
      bearingDeg: 0,
      fovDeg: 90,
      rangeM: 80,
      purposes: ['security', 'traffic'],
      closes: [{ checkpointId: 'DH-SB-CP-07', purposes: ['security'] }],
      covers: ['DH-SB-CP-07'],
      aimToleranceDeg: 45,
    },
    {
      siteId: 'COT-DIEN-12',
      siteKind: 'candidate',
      location: [106.5878, 17.5171],
      bearingDeg: 123.456789,
      fovDeg: 90,
      rangeM: 80,
      purposes: ['security', 'traffic'],
      closes: [{ checkpointId: 'DH-SB-CP-08', purposes: ['security', 'traffic'] }, { checkpointId: 'DH-SB-CP-09', purposes: ['traffic'] }],
      covers: ['DH-SB-CP-08', 'DH-SB-CP-09'],
      aimToleranceDeg: 12.3333,
    },
  ],
  before: { traffic: { ...figure, purpose: 'traffic' }, security: figure },
  after: { traffic: { ...figure, purpose: 'traffic' }, security: figure },
  meetsTargetAfter: true,
  unreachable: [],
  remaining: [],
};
const area = { code: 'DH-SB', name: 'Cảng hàng không Đồng Hới', district: 'Thành phố Đồng Hới' };

describe('work order CSV', () => {
  const csv = workOrderCsv(plan, area);
  const lines = csv.slice(1).split('\r\n');

  it('starts with a UTF-8 byte-order mark and ends its lines with CRLF', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.includes('\n') && !/[^\r]\n/.test(csv)).toBe(true);
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('has one row per site under the header, with the Vietnamese names intact', () => {
    expect(lines[0]).toBe(WORK_ORDER_COLUMNS.join(','));
    expect(lines).toHaveLength(4); // header, two sites, the empty string after the last CRLF
    expect(lines[1]).toBe(
      'DH-SB-DX01,1,DH-SB,Cảng hàng không Đồng Hới,Thành phố Đồng Hới,DH-SB-CP-07,checkpoint,106.587533,17.517362,0,45,90,80,traffic;security,fixed,DH-SB-CP-07:security,DH-SB-CP-07',
    );
    expect(lines[2]).toContain(',123.46,12.33,90,80,traffic;security,fixed,DH-SB-CP-08:traffic+security;DH-SB-CP-09:traffic,DH-SB-CP-08;DH-SB-CP-09');
  });

  it('quotes cells with commas or quotes and never writes a formula', () => {
    expect(csvCell('Ngã tư "A", B')).toBe('"Ngã tư ""A"", B"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell(-1.5)).toBe('-1.5');
  });
});

describe('work order GeoJSON', () => {
  const fc = workOrderGeoJson(plan, area);

  it('is a FeatureCollection of points only, one per site, in the plan order with stable ids', () => {
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f) => f.geometry.type)).toEqual(['Point', 'Point']);
    expect(fc.features.map((f) => f.id)).toEqual(['DH-SB-DX01', 'DH-SB-DX02']);
    expect(workOrderGeoJson(plan, area)).toEqual(fc);
    expect(suggestionId('DH-SB', 11)).toBe('DH-SB-DX12');
  });

  it('has [lon, lat] positions and the camera to install in flat properties of one type each', () => {
    const [first, second] = fc.features;
    expect(first.geometry.coordinates).toEqual([106.587533, 17.517362]);
    expect(first.properties).toMatchObject({ id: 'DH-SB-DX01', bearingDeg: 0, fovDeg: 90, rangeM: 80, purposes: 'traffic;security', areaName: 'Cảng hàng không Đồng Hới' });
    expect(second.properties.bearingDeg).toBe(123.46);
    for (const key of Object.keys(first.properties)) {
      expect(typeof second.properties[key]).toBe(typeof first.properties[key]);
      expect(['string', 'number']).toContain(typeof first.properties[key]);
    }
  });

  it('names the layer after the area and the files after the work order', () => {
    expect(fc.name).toBe('work_order_DH-SB');
    expect(workOrderFileName('DH-SB', 'geojson')).toBe('lenh-lap-dat-DH-SB.geojson');
  });
});
