import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCheckpointImport, parseDeviceImport } from '@ioc/register-import';
import { csvCell } from '@ioc/contracts';
import { EXAMPLE_ROWS, IMPORT_COLUMNS, importTemplate } from './import-templates';

// docs/import-format.md is what technicians read: its column tables must be the template's header.
const doc = readFileSync(join(__dirname, '../../../../docs/import-format.md'), 'utf8');
function documentedColumns(section: string): string[] {
  const start = doc.indexOf(`## ${section}`);
  const end = doc.indexOf('\n## ', start + 1);
  const rows = doc.slice(start, end).split('\n').filter((l) => l.startsWith('| `'));
  // "| `lon`, `lat` | …" documents two columns in one row.
  return rows.flatMap((l) => [...(l.split('|')[1] ?? '').matchAll(/`([a-z_]+)`/g)].map((m) => m[1] ?? ''));
}

const header = (text: string) => text.replace(/^\uFEFF/, '').split('\r\n')[0]?.split(',');

describe('import templates', () => {
  it('have exactly the device columns of docs/import-format.md, in its order', () => {
    expect(header(importTemplate('devices', 'csv').text)).toEqual(documentedColumns('Device columns'));
  });

  it('have exactly the checkpoint columns of docs/import-format.md, in its order', () => {
    expect(header(importTemplate('checkpoints', 'csv').text)).toEqual(documentedColumns('Checkpoint columns'));
  });

  it('start the CSV with a UTF-8 byte-order mark and keep Vietnamese diacritics', () => {
    const text = importTemplate('devices', 'csv').text;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('Viettel Quảng Bình');
  });

  it('give every column an example value (empty only where the column is optional)', () => {
    for (const kind of ['devices', 'checkpoints'] as const) {
      for (const spec of IMPORT_COLUMNS[kind]) {
        expect(EXAMPLE_ROWS[kind]).toHaveProperty(spec.column);
        if (spec.required) expect(EXAMPLE_ROWS[kind][spec.column]).not.toBe('');
      }
      expect(Object.keys(EXAMPLE_ROWS[kind]).sort()).toEqual(IMPORT_COLUMNS[kind].map((c) => c.column).sort());
    }
  });

  it('are read by the import parser without a single issue, CSV and GeoJSON alike', () => {
    for (const format of ['csv', 'geojson'] as const) {
      const devices = parseDeviceImport(format, importTemplate('devices', format).text);
      expect(devices.issues).toEqual([]);
      expect(devices.valid.map((r) => [r.value.id, r.value.name, r.value.fovDeg, r.value.externalRefs])).toEqual([
        ['CAM-DH-TT-21', 'Ngã tư Trần Hưng Đạo – Quang Trung, góc Đông Bắc', 360, { frigateCamera: 'nga_tu_thd_db', onvifProfile: 'Profile_1' }],
      ]);
      const checkpoints = parseCheckpointImport(format, importTemplate('checkpoints', format).text);
      expect(checkpoints.issues).toEqual([]);
      expect(checkpoints.valid.map((r) => [r.value.areaCode, r.value.id, r.value.purposes])).toEqual([['DH-TT', 'CP-21', ['security', 'traffic']]]);
    }
  });

  it('name files a technician recognises, with the content type of their format', () => {
    expect(importTemplate('devices', 'csv')).toMatchObject({ fileName: 'mau-nhap-thiet-bi.csv', contentType: 'text/csv;charset=utf-8' });
    expect(importTemplate('checkpoints', 'geojson')).toMatchObject({ fileName: 'mau-nhap-diem-giam-sat.geojson', contentType: 'application/geo+json;charset=utf-8' });
  });

  it('quote CSV cells with commas and quotes as RFC 4180 says', () => {
    expect(csvCell('Bãi đỗ "khu B", cổng 2')).toBe('"Bãi đỗ ""khu B"", cổng 2"');
    expect(csvCell('plain')).toBe('plain');
  });
});
