// The coverage exports planners open in a spreadsheet (CSV, XLSX) or in QGIS (GeoJSON, one
// layer per file: key areas or checkpoints). Built from pages of the coverage service's
// `coverage.export-page`; every figure is the one the API gives (`GET /coverage/areas`).
import { csvCell, type AreaCoverageDto, type CsvSeparator, type KeyArea, type Purpose } from '@ioc/contracts';
import { columnHeader, DEFAULT_LANG, yesNo, type Lang } from '@ioc/i18n';
import { checkpointsToGeoJson, flatList, keyAreasToGeoJson, sheet, writeXlsx, type FlatProperties } from '@ioc/interop';

export interface ExportItem {
  area: KeyArea;
  coverage: AreaCoverageDto;
  checkpoints: { id: string; installed: Purpose[]; operational: Purpose[] }[];
}

export const CSV_COLUMNS = [
  'area_code',
  'area_name',
  'district',
  'target_pct',
  'checkpoints',
  'traffic_checkpoints',
  'traffic_installed_pct',
  'traffic_operational_pct',
  'security_checkpoints',
  'security_installed_pct',
  'security_operational_pct',
  'meets_target_installed',
  'meets_target_operational',
] as const;

/** A percentage with two decimals (a point, or a comma in the `;` variant), or empty when the purpose does not apply. */
const pct = (v: number | null, sep: CsvSeparator) => (v === null ? '' : (Math.round(v * 100) / 100).toFixed(2).replace('.', sep === ';' ? ',' : '.'));

/**
 * One row per key area. UTF-8 with a byte-order mark and CRLF line ends, so that Excel and
 * LibreOffice open it with the Vietnamese names intact; `,` and a decimal point, or with
 * `separator: ';'` a `;` and a decimal comma for locales that expect them. Headers and
 * yes/no cells in Vietnamese, or with `lang: 'en'` the stable names and yes/no.
 */
export function coverageCsv(items: readonly ExportItem[], separator: CsvSeparator = ',', lang: Lang = DEFAULT_LANG): string {
  // Names come from the register, which refuses formula starts; csvCell still never writes one.
  const rows = items.map(({ coverage: c }) =>
    [
      c.areaCode,
      c.name,
      c.district,
      String(c.targetPct),
      String(c.checkpoints),
      String(c.purposes.traffic.checkpoints),
      pct(c.purposes.traffic.installed.pct, separator),
      pct(c.purposes.traffic.operational.pct, separator),
      String(c.purposes.security.checkpoints),
      pct(c.purposes.security.installed.pct, separator),
      pct(c.purposes.security.operational.pct, separator),
      yesNo(c.meetsTarget.installed, lang),
      yesNo(c.meetsTarget.operational, lang),
    ].map((cell) => csvCell(cell, separator)),
  );
  const header = CSV_COLUMNS.map((name) => csvCell(columnHeader(name, lang), separator));
  return '\uFEFF' + [header.join(separator), ...rows.map((r) => r.join(separator))].join('\r\n') + '\r\n';
}

/** The same figures as a workbook: one sheet of key areas, one of checkpoints. */
export function coverageXlsx(items: readonly ExportItem[]): Promise<Buffer> {
  const checkpoints = items.flatMap((i) =>
    [...i.area.checkpoints]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((cp) => ({ cp, covered: i.checkpoints.find((c) => c.id === cp.id) })),
  );
  return writeXlsx([
    sheet<ExportItem>({
      name: 'Độ phủ khu vực',
      columns: [
        { header: 'Mã khu vực', kind: 'text', value: (i) => i.coverage.areaCode, width: 12 },
        { header: 'Khu vực trọng điểm', kind: 'text', value: (i) => i.coverage.name, width: 44 },
        { header: 'Huyện / thị xã / thành phố', kind: 'text', value: (i) => i.coverage.district, width: 24 },
        { header: 'Chỉ tiêu (%)', kind: 'percent', value: (i) => i.coverage.targetPct },
        { header: 'Điểm giám sát', kind: 'integer', value: (i) => i.coverage.checkpoints },
        { header: 'Điểm giao thông', kind: 'integer', value: (i) => i.coverage.purposes.traffic.checkpoints },
        { header: 'Giao thông: phủ theo lắp đặt (%)', kind: 'percent', value: (i) => i.coverage.purposes.traffic.installed.pct },
        { header: 'Giao thông: phủ theo hoạt động (%)', kind: 'percent', value: (i) => i.coverage.purposes.traffic.operational.pct },
        { header: 'Điểm an ninh trật tự', kind: 'integer', value: (i) => i.coverage.purposes.security.checkpoints },
        { header: 'An ninh: phủ theo lắp đặt (%)', kind: 'percent', value: (i) => i.coverage.purposes.security.installed.pct },
        { header: 'An ninh: phủ theo hoạt động (%)', kind: 'percent', value: (i) => i.coverage.purposes.security.operational.pct },
        { header: 'Đạt chỉ tiêu (lắp đặt)', kind: 'yesno', value: (i) => i.coverage.meetsTarget.installed },
        { header: 'Đạt chỉ tiêu (hoạt động)', kind: 'yesno', value: (i) => i.coverage.meetsTarget.operational },
      ],
      rows: items,
    }),
    sheet<(typeof checkpoints)[number]>({
      name: 'Điểm giám sát',
      columns: [
        { header: 'Mã khu vực', kind: 'text', value: (r) => r.cp.areaCode, width: 12 },
        { header: 'Điểm giám sát', kind: 'text', value: (r) => r.cp.id, width: 14 },
        { header: 'Mục đích', kind: 'text', value: (r) => flatList(r.cp.purposes), width: 18 },
        { header: 'Mô tả', kind: 'text', value: (r) => r.cp.description, width: 40 },
        { header: 'Kinh độ', kind: 'decimal', value: (r) => r.cp.location.coordinates[0] },
        { header: 'Vĩ độ', kind: 'decimal', value: (r) => r.cp.location.coordinates[1] },
        { header: 'Được phủ (lắp đặt)', kind: 'text', value: (r) => flatList(r.covered?.installed ?? []), width: 18 },
        { header: 'Được phủ (hoạt động)', kind: 'text', value: (r) => flatList(r.covered?.operational ?? []), width: 18 },
      ],
      rows: checkpoints,
    }),
  ]);
}

export const COVERAGE_GEOJSON_LAYERS = ['areas', 'checkpoints'] as const;
export type CoverageGeoJsonLayer = (typeof COVERAGE_GEOJSON_LAYERS)[number];

/** Key areas (polygons, with their figures) or checkpoints (points, with covered flags): one layer per file. */
export function coverageGeoJson(items: readonly ExportItem[], layer: CoverageGeoJsonLayer = 'areas') {
  const byArea = new Map(items.map((i) => [i.area.code, i]));
  const areas = items.map((i) => i.area);
  if (layer === 'areas')
    return keyAreasToGeoJson(areas, {
      extraAreaProperties: (area): FlatProperties => {
        const c = byArea.get(area.code)?.coverage;
        if (!c) return {};
        return {
          trafficInstalledPct: c.purposes.traffic.installed.pct,
          trafficOperationalPct: c.purposes.traffic.operational.pct,
          securityInstalledPct: c.purposes.security.installed.pct,
          securityOperationalPct: c.purposes.security.operational.pct,
          meetsTargetInstalled: c.meetsTarget.installed,
          meetsTargetOperational: c.meetsTarget.operational,
        };
      },
    });
  return checkpointsToGeoJson(areas, {
    extraCheckpointProperties: (checkpoint, area): FlatProperties => {
      const cp = byArea.get(area.code)?.checkpoints.find((c) => c.id === checkpoint.id);
      const installed = cp?.installed ?? [];
      const operational = cp?.operational ?? [];
      return {
        coveredInstalled: installed.length === checkpoint.purposes.length,
        coveredOperational: operational.length === checkpoint.purposes.length,
        coveredPurposesInstalled: flatList(installed),
        coveredPurposesOperational: flatList(operational),
      };
    },
  });
}
