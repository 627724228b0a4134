// The shape limits of an import file (IMPORT_LIMITS): a file over one is refused as a whole
// with one reason, before any row is checked, so its report stays one line long.
import { IMPORT_LIMITS } from '@ioc/contracts';
import { DEVICE_COLUMNS, importFileIssues, parseDeviceImport } from './index';

const HEADER = DEVICE_COLUMNS.map((c) => c.column);
const ROW = 'CAM-1,SN-1,camera,fixed,Ngã tư,Hikvision,DS-1,traffic,DH-TT,GW-1,106.62,17.47,45,90,80,2025-03-15,Viettel,,,';

describe('import file limits', () => {
  it('refuses a header of 10,000 columns with one issue, not one per column', () => {
    const csv = `${HEADER.join(',')}${',x'.repeat(10_000)}\n${ROW}\n`;
    const parsed = parseDeviceImport('csv', csv);
    expect(parsed.fileRejected).toBe(true);
    expect(parsed.issues).toHaveLength(1);
    expect(parsed.issues[0]?.reason).toContain(`has ${HEADER.length + 10_000} columns; at most ${IMPORT_LIMITS.maxColumns}`);
    expect(importFileIssues('devices', 'csv', csv)).toEqual(parsed.issues);
  });

  it('takes exactly the column limit (then names the unknown columns) and refuses one more', () => {
    const pad = (n: number) => Array.from({ length: n }, (_, i) => `extra_${i}`);
    const at = [...HEADER, ...pad(IMPORT_LIMITS.maxColumns - HEADER.length)];
    const over = [...HEADER, ...pad(IMPORT_LIMITS.maxColumns - HEADER.length + 1)];
    expect(importFileIssues('devices', 'csv', `${at.join(',')}\n`)[0]?.reason).toContain('unknown column "extra_0"');
    expect(importFileIssues('devices', 'csv', `${over.join(',')}\n`)).toEqual([
      expect.objectContaining({ line: 1, reason: expect.stringContaining(`has ${IMPORT_LIMITS.maxColumns + 1} columns`) }),
    ]);
  });

  it('takes a row of exactly the length limit and refuses one character more, naming its line', () => {
    const row = (chars: number) => {
      const base = ROW.replace('Ngã tư', '');
      return ROW.replace('Ngã tư', 'n'.repeat(chars - base.length));
    };
    const file = (chars: number) => `${HEADER.join(',')}\n${ROW}\n${row(chars)}\n`;
    expect(importFileIssues('devices', 'csv', file(IMPORT_LIMITS.maxRowChars))).toEqual([]);
    expect(importFileIssues('devices', 'csv', file(IMPORT_LIMITS.maxRowChars + 1))).toEqual([
      expect.objectContaining({ line: 3, reason: expect.stringContaining(`${IMPORT_LIMITS.maxRowChars + 1} characters long`) }),
    ]);
  });

  it('refuses more rows than the limit, and takes exactly the limit', () => {
    const file = (rows: number) => `${HEADER.join(',')}\n${Array.from({ length: rows }, () => ROW).join('\n')}\n`;
    expect(importFileIssues('devices', 'csv', file(3), { maxRows: 3 })).toEqual([]);
    expect(importFileIssues('devices', 'csv', file(4), { maxRows: 3 })[0]?.reason).toContain('at most 3 are accepted');
  });

  it('refuses a GeoJSON feature with too many properties, or too long, by its position', () => {
    const feature = (properties: Record<string, unknown>) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [106.6, 17.4] }, properties });
    const many = Object.fromEntries(Array.from({ length: IMPORT_LIMITS.maxColumns + 1 }, (_, i) => [`p${i}`, i]));
    const doc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
    expect(importFileIssues('devices', 'geojson', doc([feature({ id: 'A' }), feature(many)]))).toEqual([
      expect.objectContaining({ line: 2, reason: expect.stringContaining(`${IMPORT_LIMITS.maxColumns + 1} properties`) }),
    ]);
    expect(importFileIssues('devices', 'geojson', doc([feature({ name: 'x'.repeat(IMPORT_LIMITS.maxRowChars) })]))[0]?.reason).toContain('characters long');
  });

  it('finds nothing wrong with the file as a whole when only rows are bad', () => {
    expect(importFileIssues('devices', 'csv', `${HEADER.join(',')}\n${ROW.replace('17.47', '95')}\n`)).toEqual([]);
  });

  it('refuses invalid UTF-8 up front', () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER.join(',')}\n`), Buffer.from([0xff, 0xfe])]);
    expect(importFileIssues('devices', 'csv', new Uint8Array(bytes))[0]?.reason).toContain('not UTF-8');
  });
});
