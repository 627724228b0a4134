import type { Device, KeyArea } from '@ioc/contracts';
import { GeoJsonFeature, GeoJsonFeatureCollection, devicesToGeoJson, keyAreasToGeoJson } from './geojson';

const boundary = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [106.61987654321, 17.46612345678],
      [106.6265, 17.4661],
      [106.6265, 17.4729],
      [106.6199, 17.4729],
      [106.61987654321, 17.46612345678],
    ] as [number, number][],
  ],
};

const center: KeyArea = {
  code: 'DH-TT',
  name: 'Trung tâm thành phố Đồng Hới – Quảng trường Hồ Chí Minh',
  district: 'Thành phố Đồng Hới',
  category: 'administrative',
  boundary,
  coverageTargetPct: 100,
  checkpoints: [
    {
      id: 'CP-01',
      areaCode: 'DH-TT',
      purposes: ['security'],
      location: { type: 'Point', coordinates: [106.6232, 17.4695] },
      description: 'Khu tượng đài Bác Hồ – Quảng trường Hồ Chí Minh',
    },
    {
      id: 'CP-02',
      areaCode: 'DH-TT',
      purposes: ['security', 'traffic'],
      location: { type: 'Point', coordinates: [106.6251, 17.4702] },
      description: 'Đầu cầu Nhật Lệ phía Đồng Hới',
    },
  ],
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

/** A key area surveyed but not drawn yet: no boundary. */
const planned: KeyArea = {
  code: 'PN-KB',
  name: 'Vườn quốc gia Phong Nha – Kẻ Bàng, bến thuyền',
  district: 'Huyện Bố Trạch',
  category: 'tourist_site',
  boundary: null,
  coverageTargetPct: 80,
  checkpoints: [
    {
      id: 'CP-01',
      areaCode: 'PN-KB',
      purposes: ['traffic'],
      location: { type: 'Point', coordinates: [106.2847, 17.5906] },
      description: '',
    },
  ],
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

const camera: Device = {
  id: 'CAM-DH-TT-001',
  serial: 'HK2023-000917',
  kind: 'camera',
  cameraType: 'fixed',
  name: 'Camera cố định – Quảng trường Hồ Chí Minh',
  vendor: 'Hikvision',
  model: 'DS-2CD2T47G2-L',
  purposes: ['security', 'traffic'],
  areaCode: 'DH-TT',
  gatewayId: 'GW-DH-TT-1',
  location: { type: 'Point', coordinates: [106.6232, 17.4695] },
  bearingDeg: 45,
  fovDeg: 90,
  rangeM: 120,
  installedOn: '2025-03-15',
  contractor: 'Công ty TNHH Viễn thông Quảng Bình',
  heartbeatTimeoutS: 90,
  externalRefs: {},
  status: 'degraded',
  statusSince: '2026-11-27T15:05:00+07:00',
  conditions: ['tamper', 'video_loss'],
  lastSeenAt: '2026-11-27T08:10:30.000Z',
  decommissionedAt: null,
  createdAt: '2025-03-10T02:00:00.000Z',
  updatedAt: '2026-11-27T08:05:00.000Z',
};

/** RFC 7946 structure: what a GeoJSON reader relies on, checked feature by feature. */
function expectValidFeatureCollection(fc: GeoJsonFeatureCollection): void {
  expect(Object.keys(fc).sort()).toEqual(['features', 'type']);
  expect(fc.type).toBe('FeatureCollection');
  for (const f of fc.features as GeoJsonFeature[]) {
    expect(Object.keys(f).sort()).toEqual(['geometry', 'properties', 'type']);
    expect(f.type).toBe('Feature');
    expect(f.properties).not.toBeNull();
    for (const value of Object.values(f.properties)) {
      expect(value === null || ['string', 'number', 'boolean'].includes(typeof value)).toBe(true);
    }
    if (f.geometry === null) continue;
    if (f.geometry.type === 'Point') {
      const [lon, lat] = f.geometry.coordinates;
      expect(Math.abs(lon)).toBeLessThanOrEqual(180);
      expect(Math.abs(lat)).toBeLessThanOrEqual(90);
    } else {
      for (const ring of f.geometry.coordinates) {
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[ring.length - 1]).toEqual(ring[0]);
      }
    }
  }
}

describe('GeoJSON of key areas', () => {
  it('is a FeatureCollection of valid features with no crs member', () => {
    const fc = keyAreasToGeoJson([center, planned]);
    expectValidFeatureCollection(fc);
    expect(JSON.stringify(fc)).not.toContain('"crs"');
  });

  it('gives each key area as a polygon with its flat properties, polygons before points', () => {
    const fc = keyAreasToGeoJson([center, planned]);
    expect(fc.features.map((f) => f.properties.featureType)).toEqual(['key_area', 'key_area', 'checkpoint', 'checkpoint', 'checkpoint']);
    expect(fc.features[0]).toEqual({
      type: 'Feature',
      geometry: boundary,
      properties: {
        featureType: 'key_area',
        code: 'DH-TT',
        name: 'Trung tâm thành phố Đồng Hới – Quảng trường Hồ Chí Minh',
        district: 'Thành phố Đồng Hới',
        category: 'administrative',
        coverageTargetPct: 100,
        checkpointCount: 2,
      },
    });
  });

  it('gives each checkpoint as a point with its purposes as one ;-separated string', () => {
    const fc = keyAreasToGeoJson([center]);
    expect(fc.features[2]).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [106.6251, 17.4702] },
      properties: {
        featureType: 'checkpoint',
        id: 'CP-02',
        areaCode: 'DH-TT',
        purposes: 'security;traffic',
        description: 'Đầu cầu Nhật Lệ phía Đồng Hới',
      },
    });
  });

  it('counts the checkpoints of each area and gives one point feature per checkpoint', () => {
    const fc = keyAreasToGeoJson([center, planned]);
    const areas = fc.features.filter((f) => f.properties.featureType === 'key_area');
    expect(areas.map((f) => [f.properties['code'], f.properties['checkpointCount']])).toEqual([
      ['DH-TT', 2],
      ['PN-KB', 1],
    ]);
    const checkpoints = fc.features.filter((f) => f.properties.featureType === 'checkpoint');
    expect(checkpoints).toHaveLength(3);
    expect(checkpoints.map((f) => `${f.properties['areaCode']}/${f.properties['id']}`)).toEqual(['DH-TT/CP-01', 'DH-TT/CP-02', 'PN-KB/CP-01']);
  });

  it('keeps an area without a boundary as a feature with a null geometry, and still exports its checkpoints', () => {
    const fc = keyAreasToGeoJson([planned]);
    expect(fc.features[0]).toEqual(expect.objectContaining({ geometry: null, properties: expect.objectContaining({ code: 'PN-KB', checkpointCount: 1 }) }));
    expect(fc.features[1]?.geometry).toEqual({ type: 'Point', coordinates: [106.2847, 17.5906] });
  });

  it('leaves the coordinates untouched (no rounding, lon/lat order) and copies them', () => {
    const fc = keyAreasToGeoJson([center]);
    expect(fc.features[0]?.geometry).toEqual(boundary);
    expect(fc.features[0]?.geometry).not.toBe(boundary);
    expect(fc.features[0]?.geometry?.coordinates[0]).not.toBe(boundary.coordinates[0]);
    expect(fc.features[1]?.geometry?.coordinates).toEqual([106.6232, 17.4695]);
    // the output is independent of the input
    (fc.features[1]?.geometry?.coordinates as number[])[0] = 0;
    expect(center.checkpoints[0]?.location.coordinates).toEqual([106.6232, 17.4695]);
  });

  it('keeps Vietnamese diacritics through JSON', () => {
    const parsed = JSON.parse(JSON.stringify(keyAreasToGeoJson([center])));
    expect(parsed.features[0].properties.name).toBe('Trung tâm thành phố Đồng Hới – Quảng trường Hồ Chí Minh');
    expect(parsed.features[0].properties.district).toBe('Thành phố Đồng Hới');
    expect(parsed.features[1].properties.description).toBe('Khu tượng đài Bác Hồ – Quảng trường Hồ Chí Minh');
  });

  it('adds the columns of the hooks to areas and checkpoints', () => {
    const fc = keyAreasToGeoJson([center, planned], {
      extraAreaProperties: (area) => ({ installedCoveragePct: area.code === 'DH-TT' ? 50 : 0, meetsTarget: false }),
      extraCheckpointProperties: (cp, area) => ({ covered: cp.id === 'CP-01' && area.code === 'DH-TT', coveredBy: null }),
    });
    expectValidFeatureCollection(fc);
    expect(fc.features[0]?.properties).toEqual(expect.objectContaining({ code: 'DH-TT', installedCoveragePct: 50, meetsTarget: false }));
    expect(fc.features[1]?.properties).toEqual(expect.objectContaining({ code: 'PN-KB', installedCoveragePct: 0 }));
    expect(fc.features.slice(2).map((f) => [f.properties['areaCode'], f.properties['id'], f.properties['covered']])).toEqual([
      ['DH-TT', 'CP-01', true],
      ['DH-TT', 'CP-02', false],
      ['PN-KB', 'CP-01', false],
    ]);
    expect(fc.features[2]?.properties['coveredBy']).toBeNull();
  });

  it('refuses a hook that would replace a base column', () => {
    expect(() => keyAreasToGeoJson([center], { extraAreaProperties: () => ({ featureType: 'something_else' }) })).toThrow(
      expect.objectContaining({ code: 'property_collision', message: expect.stringContaining('featureType') }),
    );
    expect(() => keyAreasToGeoJson([center], { extraCheckpointProperties: () => ({ purposes: 'x' }) })).toThrow(/checkpoint DH-TT\/CP-01/);
  });

  it('gives an empty FeatureCollection for no areas', () => {
    expect(keyAreasToGeoJson([])).toEqual({ type: 'FeatureCollection', features: [] });
  });
});

describe('GeoJSON of devices', () => {
  it('gives each device as a point with flat properties', () => {
    const fc = devicesToGeoJson([camera]);
    expectValidFeatureCollection(fc);
    expect(fc.features[0]).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [106.6232, 17.4695] },
      properties: {
        featureType: 'device',
        id: 'CAM-DH-TT-001',
        serial: 'HK2023-000917',
        kind: 'camera',
        cameraType: 'fixed',
        name: 'Camera cố định – Quảng trường Hồ Chí Minh',
        vendor: 'Hikvision',
        model: 'DS-2CD2T47G2-L',
        purposes: 'security;traffic',
        areaCode: 'DH-TT',
        gatewayId: 'GW-DH-TT-1',
        bearingDeg: 45,
        fovDeg: 90,
        rangeM: 120,
        installedOn: '2025-03-15',
        contractor: 'Công ty TNHH Viễn thông Quảng Bình',
        status: 'degraded',
        statusSince: '2026-11-27T08:05:00.000Z',
        conditions: 'tamper;video_loss',
        lastSeenAt: '2026-11-27T08:10:30.000Z',
      },
    });
  });

  it('keeps a device without a location with a null geometry and null for unknown figures', () => {
    const sensor: Device = { ...camera, id: 'TS-1', kind: 'traffic_sensor', cameraType: null, location: null, bearingDeg: null, fovDeg: null, rangeM: null, statusSince: null, lastSeenAt: null, conditions: [] };
    const fc = devicesToGeoJson([sensor]);
    expectValidFeatureCollection(fc);
    expect(fc.features[0]?.geometry).toBeNull();
    expect(fc.features[0]?.properties).toEqual(
      expect.objectContaining({ cameraType: null, bearingDeg: null, fovDeg: null, rangeM: null, statusSince: null, lastSeenAt: null, conditions: '' }),
    );
  });

  it('adds the columns of the hook', () => {
    const fc = devicesToGeoJson([camera], { extraDeviceProperties: (d) => ({ coveredCheckpoints: d.id === 'CAM-DH-TT-001' ? 2 : 0 }) });
    expect(fc.features[0]?.properties['coveredCheckpoints']).toBe(2);
    expect(() => devicesToGeoJson([camera], { extraDeviceProperties: () => ({ status: 'online' }) })).toThrow(/device CAM-DH-TT-001/);
  });
});
