// GeoJSON (RFC 7946) of the register for GIS tools, one geometry type per file so that a
// Shapefile or a GeoPackage layer takes it as it is: key areas (polygons), checkpoints
// (points), devices (points), placement suggestions (points). WGS 84 longitude/latitude as
// stored, no `crs` member (RFC 7946 §4), only flat properties (text, number, boolean,
// null), which QGIS and other OGR-based tools turn into attribute-table columns, lists
// sorted and joined with ";", and a stable feature `id` (GDAL makes it the `id` column).
// Pure functions of `@ioc/contracts` shapes; see docs/interoperability.md for the columns.
import type { Checkpoint, Device, KeyArea, PlacementPlanDto, PointGeometry, PolygonGeometry } from '@ioc/contracts';
import { InteropError } from './interop.error';
import { toUtcIso } from './timestamps';

export type FlatValue = string | number | boolean | null;
export type FlatProperties = Record<string, FlatValue>;

export interface GeoJsonFeature<G extends PointGeometry | PolygonGeometry = PointGeometry | PolygonGeometry, P extends FlatProperties = FlatProperties> {
  type: 'Feature';
  /** Stable across exports: the area code, `areaCode/checkpointId`, the device id, `areaCode/siteId`. */
  id: string;
  /** null when the register has no geometry for it (RFC 7946 §3.2 allows an unlocated feature). */
  geometry: G | null;
  properties: P;
}

export interface GeoJsonFeatureCollection<F extends GeoJsonFeature = GeoJsonFeature> {
  type: 'FeatureCollection';
  features: F[];
}

/** Separator of list values in a flat property, e.g. `purposes: 'security;traffic'`. */
export const LIST_SEPARATOR = ';';

/** A list as one flat value: sorted, so the same set is always the same text ("security;traffic"). */
export const flatList = (values: readonly string[]) => [...values].sort().join(LIST_SEPARATOR);

export type KeyAreaFeatureProperties = {
  featureType: 'key_area';
  code: string;
  name: string;
  district: string;
  category: string;
  coverageTargetPct: number;
  checkpointCount: number;
} & FlatProperties;

export type CheckpointFeatureProperties = {
  featureType: 'checkpoint';
  checkpointId: string;
  areaCode: string;
  purposes: string;
  description: string;
} & FlatProperties;

export type DeviceFeatureProperties = {
  featureType: 'device';
  deviceId: string;
  serial: string;
  kind: string;
  cameraType: string | null;
  name: string;
  vendor: string;
  model: string;
  purposes: string;
  areaCode: string;
  gatewayId: string;
  bearingDeg: number | null;
  fovDeg: number | null;
  rangeM: number | null;
  installedOn: string | null;
  contractor: string;
  status: string;
  statusSince: string | null;
  conditions: string;
  lastSeenAt: string | null;
} & FlatProperties;

export interface KeyAreasGeoJsonOptions {
  /** More columns for each key area (e.g. coverage figures); may not reuse a base column. */
  extraAreaProperties?: (area: KeyArea) => FlatProperties;
  /** More columns for each checkpoint (e.g. covered flags); may not reuse a base column. */
  extraCheckpointProperties?: (checkpoint: Checkpoint, area: KeyArea) => FlatProperties;
}

export interface DevicesGeoJsonOptions {
  /** More columns for each device; may not reuse a base column. */
  extraDeviceProperties?: (device: Device) => FlatProperties;
}

const point = (p: PointGeometry): PointGeometry => ({ type: 'Point', coordinates: [p.coordinates[0], p.coordinates[1]] });
const polygon = (p: PolygonGeometry): PolygonGeometry => ({
  type: 'Polygon',
  coordinates: p.coordinates.map((ring) => ring.map(([lon, lat]) => [lon, lat] as [number, number])),
});

/** Base properties plus a hook's, refusing a hook that would overwrite a base property. */
function withExtras<P extends FlatProperties>(base: P, extra: FlatProperties | undefined, what: string): P {
  if (extra === undefined) return base;
  const clash = Object.keys(extra).filter((k) => Object.prototype.hasOwnProperty.call(base, k));
  if (clash.length > 0) {
    throw new InteropError('property_collision', `${what}: extra properties may not replace base properties (${clash.join(', ')})`);
  }
  return { ...base, ...extra };
}

const byCode = <T extends { code: string }>(a: T, b: T) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * One Polygon feature per key area (`featureType: 'key_area'`, id the area code, null
 * geometry when the area has no boundary yet), in code order.
 */
export function keyAreasToGeoJson(
  areas: readonly KeyArea[],
  opts: Pick<KeyAreasGeoJsonOptions, 'extraAreaProperties'> = {},
): GeoJsonFeatureCollection<GeoJsonFeature<PolygonGeometry, KeyAreaFeatureProperties>> {
  return {
    type: 'FeatureCollection',
    features: [...areas].sort(byCode).map((area) => ({
      type: 'Feature',
      id: area.code,
      geometry: area.boundary === null ? null : polygon(area.boundary),
      properties: withExtras<KeyAreaFeatureProperties>(
        {
          featureType: 'key_area',
          code: area.code,
          name: area.name,
          district: area.district,
          category: area.category,
          coverageTargetPct: area.coverageTargetPct,
          checkpointCount: area.checkpoints.length,
        },
        opts.extraAreaProperties?.(area),
        `key area ${area.code}`,
      ),
    })),
  };
}

/** One Point feature per checkpoint (`featureType: 'checkpoint'`, id `areaCode/checkpointId`), by area code then id. */
export function checkpointsToGeoJson(
  areas: readonly KeyArea[],
  opts: Pick<KeyAreasGeoJsonOptions, 'extraCheckpointProperties'> = {},
): GeoJsonFeatureCollection<GeoJsonFeature<PointGeometry, CheckpointFeatureProperties>> {
  return {
    type: 'FeatureCollection',
    features: [...areas].sort(byCode).flatMap((area) =>
      [...area.checkpoints]
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((cp) => ({
          type: 'Feature' as const,
          id: `${cp.areaCode}/${cp.id}`,
          geometry: point(cp.location),
          properties: withExtras<CheckpointFeatureProperties>(
            {
              featureType: 'checkpoint',
              checkpointId: cp.id,
              areaCode: cp.areaCode,
              purposes: flatList(cp.purposes),
              description: cp.description,
            },
            opts.extraCheckpointProperties?.(cp, area),
            `checkpoint ${cp.areaCode}/${cp.id}`,
          ),
        })),
    ),
  };
}

export type PlacementSuggestionFeatureProperties = {
  featureType: 'placement_suggestion';
  areaCode: string;
  /** 1 for the site that closes the most gaps, then in the plan's order. */
  rank: number;
  siteId: string;
  siteKind: string;
  bearingDeg: number;
  fovDeg: number;
  rangeM: number;
  aimToleranceDeg: number;
  purposes: string;
  /** Checkpoint ids whose gaps this site closes, sorted and ;-separated. */
  closes: string;
  /** Every checkpoint id it would see. */
  covers: string;
} & FlatProperties;

/** The sites a placement plan proposes, one Point each (id `areaCode/siteId`), in the plan's order. */
export function placementPlanToGeoJson(plan: PlacementPlanDto): GeoJsonFeatureCollection<GeoJsonFeature<PointGeometry, PlacementSuggestionFeatureProperties>> {
  return {
    type: 'FeatureCollection',
    features: plan.suggestions.map((s, i) => ({
      type: 'Feature',
      id: `${plan.areaCode}/${s.siteId}`,
      geometry: point({ type: 'Point', coordinates: s.location }),
      properties: {
        featureType: 'placement_suggestion',
        areaCode: plan.areaCode,
        rank: i + 1,
        siteId: s.siteId,
        siteKind: s.siteKind,
        bearingDeg: s.bearingDeg,
        fovDeg: s.fovDeg,
        rangeM: s.rangeM,
        aimToleranceDeg: s.aimToleranceDeg,
        purposes: flatList(s.purposes),
        closes: flatList(s.closes.map((g) => g.checkpointId)),
        covers: flatList(s.covers),
      },
    })),
  };
}

/**
 * One Point feature per device (`featureType: 'device'`, id the device id; null geometry
 * when it has no location), in the order given. Instants in UTC; `installedOn` stays a
 * calendar date, which OGR reads as a Date.
 */
export function devicesToGeoJson(
  devices: readonly Device[],
  opts: DevicesGeoJsonOptions = {},
): GeoJsonFeatureCollection<GeoJsonFeature<PointGeometry, DeviceFeatureProperties>> {
  return {
    type: 'FeatureCollection',
    features: devices.map((d) => ({
      type: 'Feature',
      id: d.id,
      geometry: d.location === null ? null : point(d.location),
      properties: withExtras<DeviceFeatureProperties>(
        {
          featureType: 'device',
          deviceId: d.id,
          serial: d.serial,
          kind: d.kind,
          cameraType: d.cameraType,
          name: d.name,
          vendor: d.vendor,
          model: d.model,
          purposes: flatList(d.purposes),
          areaCode: d.areaCode,
          gatewayId: d.gatewayId,
          bearingDeg: d.bearingDeg,
          fovDeg: d.fovDeg,
          rangeM: d.rangeM,
          installedOn: d.installedOn,
          contractor: d.contractor,
          status: d.status,
          statusSince: d.statusSince === null ? null : toUtcIso(d.statusSince, 'statusSince'),
          conditions: flatList(d.conditions),
          lastSeenAt: d.lastSeenAt === null ? null : toUtcIso(d.lastSeenAt, 'lastSeenAt'),
        },
        opts.extraDeviceProperties?.(d),
        `device ${d.id}`,
      ),
    })),
  };
}
