// The work order a planner hands to the installing contractor: the new camera sites of a
// placement plan, as CSV (a spreadsheet) and GeoJSON (QGIS, GDAL), made in the browser
// from the plan the page shows. Both give every site the same stable id (area code and
// the site's rank in the plan, which the plan keeps for the same register and request).
//
// CSV: UTF-8 with a byte-order mark and CRLF line ends (Excel and LibreOffice keep the
// Vietnamese names), a point as decimal mark, columns in snake_case like the API's own
// exports, and no cell that a spreadsheet would take for a formula.
// GeoJSON: RFC 7946, one geometry type per file (points, the sites; the field of view is
// in the properties: bearing, fov, range), flat properties of one type per name, so that
// GDAL (`ogrinfo`, QGIS) reads it as one point layer named after the area.
import { csvCell as textCell, type PlacementPlanDto, type Purpose } from '@ioc/contracts';

export interface WorkOrderArea {
  code: string;
  name: string;
  district: string;
}

export type Suggestion = PlacementPlanDto['suggestions'][number];

export const WORK_ORDER_COLUMNS = [
  'id',
  'rank',
  'area_code',
  'area_name',
  'district',
  'site_id',
  'site_kind',
  'longitude',
  'latitude',
  'bearing_deg',
  'aim_tolerance_deg',
  'fov_deg',
  'range_m',
  'purposes',
  'camera_model',
  'closes',
  'covers',
] as const;

const PURPOSE_ORDER: Record<Purpose, number> = { traffic: 0, security: 1 };
const purposeList = (purposes: readonly Purpose[]) => [...purposes].sort((a, b) => PURPOSE_ORDER[a] - PURPOSE_ORDER[b]).join(';');

/** The stable id of the plan's `index`-th site (0-based): `DH-SB-DX01`. */
export function suggestionId(areaCode: string, index: number): string {
  return `${areaCode}-DX${String(index + 1).padStart(2, '0')}`;
}

/** Degrees as written in the work order: at most 2 decimals, no trailing zeros. */
const round = (value: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

/** The gaps a site closes, as `CP-01:security;CP-02:traffic+security`. */
function closesText(s: Suggestion): string {
  return s.closes.map((g) => `${g.checkpointId}:${[...g.purposes].sort((a, b) => PURPOSE_ORDER[a] - PURPOSE_ORDER[b]).join('+')}`).join(';');
}

export interface WorkOrderSite {
  id: string;
  rank: number;
  areaCode: string;
  areaName: string;
  district: string;
  siteId: string;
  siteKind: Suggestion['siteKind'];
  longitude: number;
  latitude: number;
  bearingDeg: number;
  aimToleranceDeg: number;
  fovDeg: number;
  rangeM: number;
  purposes: string;
  cameraModel: string;
  closes: string;
  covers: string;
}

/** The sites of a plan, in the plan's order, with everything the two files carry. */
export function workOrderSites(plan: PlacementPlanDto, area: WorkOrderArea): WorkOrderSite[] {
  return plan.suggestions.map((s, i) => ({
    id: suggestionId(plan.areaCode, i),
    rank: i + 1,
    areaCode: plan.areaCode,
    areaName: area.name,
    district: area.district,
    siteId: s.siteId,
    siteKind: s.siteKind,
    longitude: s.location[0],
    latitude: s.location[1],
    bearingDeg: round(s.bearingDeg, 2),
    aimToleranceDeg: round(s.aimToleranceDeg, 2),
    fovDeg: s.fovDeg,
    rangeM: s.rangeM,
    purposes: purposeList(s.purposes),
    cameraModel: plan.model.name,
    closes: closesText(s),
    covers: [...s.covers].join(';'),
  }));
}

/** A CSV cell: a number as it is, text through the platform's one formula-safe rule (`csvCell` of the contracts). */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return textCell(value);
}

export function workOrderCsv(plan: PlacementPlanDto, area: WorkOrderArea): string {
  const rows = workOrderSites(plan, area).map((s) =>
    [
      s.id,
      s.rank,
      s.areaCode,
      s.areaName,
      s.district,
      s.siteId,
      s.siteKind,
      s.longitude,
      s.latitude,
      s.bearingDeg,
      s.aimToleranceDeg,
      s.fovDeg,
      s.rangeM,
      s.purposes,
      s.cameraModel,
      s.closes,
      s.covers,
    ]
      .map(csvCell)
      .join(','),
  );
  return '\uFEFF' + [WORK_ORDER_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

export interface WorkOrderFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: Record<string, string | number>;
}

export interface WorkOrderCollection {
  type: 'FeatureCollection';
  /** GDAL takes it as the layer name. */
  name: string;
  features: WorkOrderFeature[];
}

/** The sites as GeoJSON points; coordinates [lon, lat] in WGS 84 (EPSG:4326), as RFC 7946 has them. */
export function workOrderGeoJson(plan: PlacementPlanDto, area: WorkOrderArea): WorkOrderCollection {
  return {
    type: 'FeatureCollection',
    name: `work_order_${plan.areaCode}`,
    features: workOrderSites(plan, area).map((s) => ({
      type: 'Feature',
      id: s.id,
      geometry: { type: 'Point', coordinates: [s.longitude, s.latitude] },
      properties: {
        id: s.id,
        rank: s.rank,
        areaCode: s.areaCode,
        areaName: s.areaName,
        district: s.district,
        siteId: s.siteId,
        siteKind: s.siteKind,
        bearingDeg: s.bearingDeg,
        aimToleranceDeg: s.aimToleranceDeg,
        fovDeg: s.fovDeg,
        rangeM: s.rangeM,
        purposes: s.purposes,
        cameraModel: s.cameraModel,
        closes: s.closes,
        covers: s.covers,
      },
    })),
  };
}

export function workOrderGeoJsonText(plan: PlacementPlanDto, area: WorkOrderArea): string {
  return JSON.stringify(workOrderGeoJson(plan, area), null, 1) + '\n';
}

/** File names of a work order: `lenh-lap-dat-DH-SB.csv` / `.geojson`. */
export function workOrderFileName(areaCode: string, ext: 'csv' | 'geojson'): string {
  return `lenh-lap-dat-${areaCode}.${ext}`;
}
