// The bulk-import template files a technician downloads and fills in: CSV (UTF-8 with a
// BOM, so Excel opens the Vietnamese names right) and GeoJSON, for devices and for
// checkpoints. The columns come from the parser itself (@ioc/register-import), so a template
// can never name a column the import refuses; only the example row is written here.
import { CHECKPOINT_COLUMNS, DEVICE_COLUMNS, type ColumnSpec } from '@ioc/register-import';
import { csvCell, type ImportKind } from '@ioc/contracts';

export const IMPORT_COLUMNS: Record<ImportKind, readonly ColumnSpec[]> = { devices: DEVICE_COLUMNS, checkpoints: CHECKPOINT_COLUMNS };

/** One Vietnamese example row per kind, by CSV column (a PTZ camera of Đồng Hới's centre, one of its checkpoints). */
export const EXAMPLE_ROWS: Record<ImportKind, Record<string, string>> = {
  devices: {
    id: 'CAM-DH-TT-21',
    serial: 'DS2DE4425-0021',
    kind: 'camera',
    camera_type: 'ptz',
    name: 'Ngã tư Trần Hưng Đạo – Quang Trung, góc Đông Bắc',
    vendor: 'Hikvision',
    model: 'DS-2DE4425IW-DE',
    purposes: 'traffic;security',
    area_code: 'DH-TT',
    gateway_id: 'GW-DH-TT-01',
    lon: '106.6225',
    lat: '17.4692',
    bearing_deg: '',
    fov_deg: '',
    range_m: '150',
    installed_on: '2025-03-15',
    contractor: 'Viettel Quảng Bình',
    heartbeat_timeout_s: '90',
    frigate_camera: 'nga_tu_thd_db',
    onvif_profile: 'Profile_1',
  },
  checkpoints: {
    area_code: 'DH-TT',
    id: 'CP-21',
    purposes: 'traffic;security',
    lon: '106.6223',
    lat: '17.4690',
    description: 'Tâm ngã tư Trần Hưng Đạo – Quang Trung',
  },
};

export type TemplateFormat = 'csv' | 'geojson';

export interface TemplateFile {
  fileName: string;
  contentType: string;
  text: string;
}


function csvTemplate(kind: ImportKind): string {
  const columns = IMPORT_COLUMNS[kind].map((c) => c.column);
  const example = columns.map((c) => csvCell(EXAMPLE_ROWS[kind][c] ?? ''));
  return `\uFEFF${columns.join(',')}\r\n${example.join(',')}\r\n`;
}

const EXTERNAL_REFS = new Set(['frigateCamera', 'onvifProfile']);

function geoJsonTemplate(kind: ImportKind): string {
  const row = EXAMPLE_ROWS[kind];
  const properties: Record<string, unknown> = {};
  const externalRefs: Record<string, string> = {};
  for (const spec of IMPORT_COLUMNS[kind]) {
    if (spec.column === 'lon' || spec.column === 'lat') continue;
    const text = row[spec.column] ?? '';
    // Optional values left empty in the example are left out, as a technician would.
    if (text === '') continue;
    const value = spec.type === 'number' ? Number(text) : spec.type === 'list' ? text.split(';') : text;
    if (EXTERNAL_REFS.has(spec.property)) externalRefs[spec.property] = String(value);
    else properties[spec.property] = value;
  }
  if (Object.keys(externalRefs).length > 0) properties.externalRefs = externalRefs;
  const feature = { type: 'Feature', geometry: { type: 'Point', coordinates: [Number(row.lon), Number(row.lat)] }, properties };
  return `${JSON.stringify({ type: 'FeatureCollection', features: [feature] }, null, 2)}\n`;
}

/** The template of one kind in one format, ready to download. */
export function importTemplate(kind: ImportKind, format: TemplateFormat): TemplateFile {
  const base = kind === 'devices' ? 'mau-nhap-thiet-bi' : 'mau-nhap-diem-giam-sat';
  return format === 'csv'
    ? { fileName: `${base}.csv`, contentType: 'text/csv;charset=utf-8', text: csvTemplate(kind) }
    : { fileName: `${base}.geojson`, contentType: 'application/geo+json;charset=utf-8', text: geoJsonTemplate(kind) };
}
