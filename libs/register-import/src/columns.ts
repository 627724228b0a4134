// The columns of a bulk import (docs/import-format.md): their CSV header (snake_case), the
// REST and GeoJSON property (camelCase), how a cell is read, and whether the CSV header must
// name it. Which values are valid is the contract's business (@ioc/contracts), not this file's.

/** How a raw cell or property becomes the value handed to the contract schema. */
export type ValueType = 'text' | 'number' | 'list' | 'enum';

export interface ColumnSpec {
  /** CSV header as documented. */
  column: string;
  /** REST and GeoJSON property name. `lon` and `lat` become `location`; `frigateCamera` and `onvifProfile` go into `externalRefs`. */
  property: string;
  type: ValueType;
  /** The CSV header must have this column. */
  required: boolean;
}

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
const col = (column: string, type: ValueType, required: boolean): ColumnSpec => ({ column, property: camel(column), type, required });

export const DEVICE_COLUMNS: readonly ColumnSpec[] = [
  col('id', 'text', true),
  col('serial', 'text', true),
  col('kind', 'enum', true),
  col('camera_type', 'enum', false),
  col('name', 'text', true),
  col('vendor', 'text', true),
  col('model', 'text', true),
  col('purposes', 'list', true),
  col('area_code', 'text', true),
  col('gateway_id', 'text', true),
  col('lon', 'number', true),
  col('lat', 'number', true),
  col('bearing_deg', 'number', false),
  col('fov_deg', 'number', false),
  col('range_m', 'number', false),
  col('installed_on', 'text', true),
  col('contractor', 'text', true),
  col('heartbeat_timeout_s', 'number', false),
  col('frigate_camera', 'text', false),
  col('onvif_profile', 'text', false),
];

export const CHECKPOINT_COLUMNS: readonly ColumnSpec[] = [
  col('area_code', 'text', true),
  col('id', 'text', true),
  col('purposes', 'list', true),
  col('lon', 'number', true),
  col('lat', 'number', true),
  col('description', 'text', false),
];

/** Properties that live in the device's `externalRefs` object. */
export const EXTERNAL_REF_PROPERTIES = ['frigateCamera', 'onvifProfile'] as const;
/** Properties taken from a GeoJSON feature's geometry rather than its properties. */
export const COORDINATE_PROPERTIES = ['lon', 'lat'] as const;

/**
 * The key a header or property name is matched by: case-insensitive, and blind to `_`, `-`
 * and spaces, so `area_code`, `areaCode`, `AREA_CODE` and `Area code` are one column.
 */
export function nameKey(name: string): string {
  return name.normalize('NFC').trim().toLowerCase().replace(/[\s_-]/g, '');
}

export function findColumn(columns: readonly ColumnSpec[], name: string): ColumnSpec | undefined {
  const key = nameKey(name);
  return columns.find((c) => nameKey(c.column) === key);
}
