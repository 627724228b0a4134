// The coverage exports planners open in a spreadsheet (CSV) or in QGIS (GeoJSON). Built
// from pages of the coverage service's `coverage.export-page`.
import { csvCell, type AreaCoverageDto, type KeyArea, type Purpose } from '@ioc/contracts';
import { keyAreasToGeoJson, type FlatProperties } from '@ioc/interop';

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

/** A percentage with two decimals, or empty when the purpose does not apply. */
const pct = (v: number | null) => (v === null ? '' : (Math.round(v * 100) / 100).toFixed(2));

/**
 * One row per key area. UTF-8 with a byte-order mark and CRLF line ends, so that Excel and
 * LibreOffice open it with the Vietnamese names intact; decimals with a point.
 */
export function coverageCsv(items: readonly ExportItem[]): string {
  // Names come from the register, which refuses formula starts; csvCell still never writes one.
  const rows = items.map(({ coverage: c }) =>
    [
      c.areaCode,
      c.name,
      c.district,
      String(c.targetPct),
      String(c.checkpoints),
      String(c.purposes.traffic.checkpoints),
      pct(c.purposes.traffic.installed.pct),
      pct(c.purposes.traffic.operational.pct),
      String(c.purposes.security.checkpoints),
      pct(c.purposes.security.installed.pct),
      pct(c.purposes.security.operational.pct),
      c.meetsTarget.installed ? 'yes' : 'no',
      c.meetsTarget.operational ? 'yes' : 'no',
    ].map(csvCell),
  );
  return '\uFEFF' + [CSV_COLUMNS.join(','), ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n';
}

const list = (purposes: readonly string[]) => [...purposes].sort().join(';');

/** Key areas (polygons, with their figures) and checkpoints (points, with covered flags). */
export function coverageGeoJson(items: readonly ExportItem[]) {
  const byArea = new Map(items.map((i) => [i.area.code, i]));
  return keyAreasToGeoJson(
    items.map((i) => i.area),
    {
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
      extraCheckpointProperties: (checkpoint, area): FlatProperties => {
        const cp = byArea.get(area.code)?.checkpoints.find((c) => c.id === checkpoint.id);
        const installed = cp?.installed ?? [];
        const operational = cp?.operational ?? [];
        return {
          coveredInstalled: installed.length === checkpoint.purposes.length,
          coveredOperational: operational.length === checkpoint.purposes.length,
          coveredPurposesInstalled: list(installed),
          coveredPurposesOperational: list(operational),
        };
      },
    },
  );
}
