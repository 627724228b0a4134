// The shape of the demo province: key areas with checkpoints, the gateways installed at
// each site, and the cameras and traffic sensors behind each gateway. Positions are
// [lon, lat] in WGS 84, as in GeoJSON.

export type AreaCategory =
  | 'intersection'
  | 'market'
  | 'school'
  | 'station'
  | 'airport'
  | 'tourist_site'
  | 'border_gate'
  | 'port'
  | 'beach'
  | 'administrative'
  | 'hospital';

export type Purpose = 'traffic' | 'security';

export type CameraType = 'fixed' | 'ptz' | 'dome' | 'bullet' | 'anpr';

export interface DemoCheckpoint {
  id: string;
  purposes: Purpose[];
  location: [number, number];
  description: string;
}

export interface DemoArea {
  /** Matches IDENTIFIER_PATTERN, so it can appear in MQTT topics, e.g. 'DH-TT'. */
  code: string;
  /** Vietnamese, with diacritics. */
  name: string;
  /** One of the eight district-level units of Quảng Bình (DEMO_DISTRICTS). */
  district: string;
  category: AreaCategory;
  center: [number, number];
  /** Closed ring (first position == last), counter-clockwise, as a GeoJSON exterior ring. */
  boundary: [number, number][];
  checkpoints: DemoCheckpoint[];
}

export interface DemoGateway {
  id: string;
  areaCode: string;
  name: string;
}

export interface DemoDevice {
  id: string;
  gatewayId: string;
  areaCode: string;
  kind: 'camera' | 'traffic_sensor';
  cameraType?: CameraType;
  name: string;
  vendor: string;
  model: string;
  purposes: Purpose[];
  location: [number, number];
  bearingDeg?: number;
  fovDeg?: number;
  rangeM?: number;
  heartbeatTimeoutS: number;
}

export interface DemoProvince {
  areas: DemoArea[];
  gateways: DemoGateway[];
  devices: DemoDevice[];
}

export interface DemoProvinceOptions {
  /** Devices per key area, cameras and traffic sensors together (default 8, at most 999). */
  devicesPerArea?: number;
}
