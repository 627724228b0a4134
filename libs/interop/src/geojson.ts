// GeoJSON (RFC 7946) of the register for GIS tools: key areas as polygons with their
// checkpoints as points, and devices as points. WGS 84 longitude/latitude as stored, no
// `crs` member (RFC 7946 §4), and only flat properties (text, number, boolean, null), which
// is what QGIS and other OGR-based tools turn into attribute-table columns. Pure functions
// of `@ioc/contracts` shapes; see docs/interoperability.md for the columns and for QGIS.
import type { Checkpoint, Device, KeyArea, PointGeometry, PolygonGeometry } from '@ioc/contracts';
import { InteropError } from './interop.error';
import { toUtcIso } from './timestamps';

export type FlatValue = string | number | boolean | null;
export type FlatProperties = Record<string, FlatValue>;

export interface GeoJsonFeature<G extends PointGeometry | PolygonGeometry = PointGeometry | PolygonGeometry, P extends FlatProperties = FlatProperties> {
  type: 'Feature';
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
  id: string;
  areaCode: string;
  purposes: string;
  description: string;
} & FlatProperties;

export type DeviceFeatureProperties = {
  featureType: 'device';
  id: string;
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

/**
 * One Polygon feature per key area (`featureType: 'key_area'`, null geometry when the area
 * has no boundary yet), then one Point feature per checkpoint (`featureType: 'checkpoint'`).
 * Polygons come first so that tools drawing in order draw the points on top.
 */
export function keyAreasToGeoJson(
  areas: readonly KeyArea[],
  opts: KeyAreasGeoJsonOptions = {},
): GeoJsonFeatureCollection<GeoJsonFeature<PolygonGeometry, KeyAreaFeatureProperties> | GeoJsonFeature<PointGeometry, CheckpointFeatureProperties>> {
  const areaFeatures = areas.map(
    (area): GeoJsonFeature<PolygonGeometry, KeyAreaFeatureProperties> => ({
      type: 'Feature',
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
    }),
  );
  const checkpointFeatures = areas.flatMap((area) =>
    area.checkpoints.map(
      (cp): GeoJsonFeature<PointGeometry, CheckpointFeatureProperties> => ({
        type: 'Feature',
        geometry: point(cp.location),
        properties: withExtras<CheckpointFeatureProperties>(
          {
            featureType: 'checkpoint',
            id: cp.id,
            areaCode: cp.areaCode,
            purposes: cp.purposes.join(LIST_SEPARATOR),
            description: cp.description,
          },
          opts.extraCheckpointProperties?.(cp, area),
          `checkpoint ${cp.areaCode}/${cp.id}`,
        ),
      }),
    ),
  );
  return { type: 'FeatureCollection', features: [...areaFeatures, ...checkpointFeatures] };
}

/**
 * One Point feature per device (`featureType: 'device'`; null geometry when it has no
 * location). Instants in UTC; `installedOn` stays a calendar date, which OGR reads as a Date.
 */
export function devicesToGeoJson(
  devices: readonly Device[],
  opts: DevicesGeoJsonOptions = {},
): GeoJsonFeatureCollection<GeoJsonFeature<PointGeometry, DeviceFeatureProperties>> {
  return {
    type: 'FeatureCollection',
    features: devices.map((d) => ({
      type: 'Feature',
      geometry: d.location === null ? null : point(d.location),
      properties: withExtras<DeviceFeatureProperties>(
        {
          featureType: 'device',
          id: d.id,
          serial: d.serial,
          kind: d.kind,
          cameraType: d.cameraType,
          name: d.name,
          vendor: d.vendor,
          model: d.model,
          purposes: d.purposes.join(LIST_SEPARATOR),
          areaCode: d.areaCode,
          gatewayId: d.gatewayId,
          bearingDeg: d.bearingDeg,
          fovDeg: d.fovDeg,
          rangeM: d.rangeM,
          installedOn: d.installedOn,
          contractor: d.contractor,
          status: d.status,
          statusSince: d.statusSince === null ? null : toUtcIso(d.statusSince, 'statusSince'),
          conditions: d.conditions.join(LIST_SEPARATOR),
          lastSeenAt: d.lastSeenAt === null ? null : toUtcIso(d.lastSeenAt, 'lastSeenAt'),
        },
        opts.extraDeviceProperties?.(d),
        `device ${d.id}`,
      ),
    })),
  };
}
