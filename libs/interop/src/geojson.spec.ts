import type { Device, KeyArea } from '@ioc/contracts';
import type { PlacementPlanDto } from '@ioc/contracts';
import { hasOgr2ogr, geoJsonViaOgr } from '@ioc/testing';
import { GeoJsonFeature, GeoJsonFeatureCollection, checkpointsToGeoJson, devicesToGeoJson, keyAreasToGeoJson, placementPlanToGeoJson } from './geojson';

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
    expect(Object.keys(f).sort()).toEqual(['geometry', 'id', 'properties', 'type']);
    expect(typeof f.id).toBe('string');
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
    const fc = keyAreasToGeoJson([planned, center]);
    expectValidFeatureCollection(fc);
    expect(JSON.stringify(fc)).not.toContain('"crs"');
  });

  it('gives only polygons (or null for an area not drawn yet), one per key area in code order, id the code', () => {
    const fc = keyAreasToGeoJson([planned, center]);
    expect(fc.features.map((f) => [f.id, f.properties.featureType, f.geometry?.type ?? null])).toEqual([
      ['DH-TT', 'key_area', 'Polygon'],
      ['PN-KB', 'key_area', null],
    ]);
    expect(fc.features[0]).toEqual({
      type: 'Feature',
      id: 'DH-TT',
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

  it('leaves the coordinates untouched (no rounding, lon/lat order) and copies them', () => {
    const fc = keyAreasToGeoJson([center]);
    expect(fc.features[0]?.geometry).toEqual(boundary);
    expect(fc.features[0]?.geometry).not.toBe(boundary);
    expect(fc.features[0]?.geometry?.coordinates[0]).not.toBe(boundary.coordinates[0]);
  });

  it('keeps Vietnamese diacritics through JSON', () => {
    const parsed = JSON.parse(JSON.stringify(keyAreasToGeoJson([center])));
    expect(parsed.features[0].properties.name).toBe('Trung tâm thành phố Đồng Hới – Quảng trường Hồ Chí Minh');
    expect(parsed.features[0].properties.district).toBe('Thành phố Đồng Hới');
  });

  it('adds the columns of the hook, and refuses one that would replace a base column', () => {
    const fc = keyAreasToGeoJson([center, planned], { extraAreaProperties: (area) => ({ installedCoveragePct: area.code === 'DH-TT' ? 50 : 0, meetsTarget: false }) });
    expectValidFeatureCollection(fc);
    expect(fc.features[0]?.properties).toEqual(expect.objectContaining({ code: 'DH-TT', installedCoveragePct: 50, meetsTarget: false }));
    expect(() => keyAreasToGeoJson([center], { extraAreaProperties: () => ({ featureType: 'something_else' }) })).toThrow(
      expect.objectContaining({ code: 'property_collision', message: expect.stringContaining('featureType') }),
    );
  });

  it('gives an empty FeatureCollection for no areas', () => {
    expect(keyAreasToGeoJson([])).toEqual({ type: 'FeatureCollection', features: [] });
  });
});

describe('GeoJSON of checkpoints', () => {
  it('gives only points, id areaCode/checkpointId, by area then id, purposes sorted whatever their order in the register', () => {
    const shuffled: KeyArea = { ...center, checkpoints: [center.checkpoints[1], { ...center.checkpoints[0], purposes: ['traffic', 'security'] }] };
    const fc = checkpointsToGeoJson([planned, shuffled]);
    expectValidFeatureCollection(fc);
    expect(fc.features.map((f) => [f.id, f.geometry?.type, f.properties.purposes])).toEqual([
      ['DH-TT/CP-01', 'Point', 'security;traffic'],
      ['DH-TT/CP-02', 'Point', 'security;traffic'],
      ['PN-KB/CP-01', 'Point', 'traffic'],
    ]);
    expect(fc.features[1]).toEqual({
      type: 'Feature',
      id: 'DH-TT/CP-02',
      geometry: { type: 'Point', coordinates: [106.6251, 17.4702] },
      properties: { featureType: 'checkpoint', checkpointId: 'CP-02', areaCode: 'DH-TT', purposes: 'security;traffic', description: 'Đầu cầu Nhật Lệ phía Đồng Hới' },
    });
  });

  it('copies the coordinates', () => {
    const fc = checkpointsToGeoJson([center]);
    (fc.features[0]?.geometry?.coordinates as unknown as number[])[0] = 0;
    expect(center.checkpoints[0]?.location.coordinates).toEqual([106.6232, 17.4695]);
  });

  it('adds the columns of the hook, and refuses one that would replace a base column', () => {
    const fc = checkpointsToGeoJson([center, planned], { extraCheckpointProperties: (cp, area) => ({ covered: cp.id === 'CP-01' && area.code === 'DH-TT', coveredBy: null }) });
    expect(fc.features.map((f) => [f.id, f.properties['covered']])).toEqual([
      ['DH-TT/CP-01', true],
      ['DH-TT/CP-02', false],
      ['PN-KB/CP-01', false],
    ]);
    expect(() => checkpointsToGeoJson([center], { extraCheckpointProperties: () => ({ purposes: 'x' }) })).toThrow(/checkpoint DH-TT\/CP-01/);
  });
});

const plan: PlacementPlanDto = {
  areaCode: 'DH-TT',
  targetPct: 100,
  model: { name: 'fixed', fovDeg: 90, rangeM: 80, purposes: ['traffic', 'security'] },
  suggestions: [
    { siteId: 'S-2', siteKind: 'candidate', location: [106.624, 17.47], bearingDeg: 30, fovDeg: 90, rangeM: 80, purposes: ['traffic', 'security'], closes: [{ checkpointId: 'CP-02', purposes: ['traffic'] }, { checkpointId: 'CP-01', purposes: ['security'] }], covers: ['CP-02', 'CP-01'], aimToleranceDeg: 12.5 },
  ],
  before: {} as PlacementPlanDto['before'],
  after: {} as PlacementPlanDto['after'],
  meetsTargetAfter: true,
  unreachable: [],
  remaining: [],
};

describe('GeoJSON of placement suggestions', () => {
  it('gives each suggested site as a point, id areaCode/siteId, with its rank and sorted lists', () => {
    const fc = placementPlanToGeoJson(plan);
    expectValidFeatureCollection(fc);
    expect(fc.features[0]).toEqual({
      type: 'Feature',
      id: 'DH-TT/S-2',
      geometry: { type: 'Point', coordinates: [106.624, 17.47] },
      properties: {
        featureType: 'placement_suggestion',
        areaCode: 'DH-TT',
        rank: 1,
        siteId: 'S-2',
        siteKind: 'candidate',
        bearingDeg: 30,
        fovDeg: 90,
        rangeM: 80,
        aimToleranceDeg: 12.5,
        purposes: 'security;traffic',
        closes: 'CP-01;CP-02',
        covers: 'CP-01;CP-02',
      },
    });
  });
});

if (!hasOgr2ogr()) console.warn('SKIPPED: the GIS conversion test needs ogr2ogr (apt-get install -y gdal-bin).');
(hasOgr2ogr() ? describe : describe.skip)('GeoJSON exports through ogr2ogr', () => {
  it.each([
    ['key-areas', () => keyAreasToGeoJson([center, planned]), 'Polygon', 2],
    ['checkpoints', () => checkpointsToGeoJson([center, planned]), 'Point', 3],
    ['devices', () => devicesToGeoJson([camera, { ...camera, id: 'CAM-2', location: null }]), 'Point', 2],
    ['suggestions', () => placementPlanToGeoJson(plan), 'Point', 1],
  ])('converts %s to a Shapefile and a GeoPackage without error, one geometry type, the ids kept', (name, make, geometry, count) => {
    const { shapefile, geopackage } = geoJsonViaOgr(make(), name);
    for (const info of [shapefile, geopackage]) {
      expect(info).toContain(`Geometry: ${geometry}`);
      expect(info).toContain(`Feature Count: ${count}`);
      expect(info).toMatch(/^id: String/m);
    }
  });
});

describe('GeoJSON of devices', () => {
  it('gives each device as a point with flat properties', () => {
    const fc = devicesToGeoJson([camera]);
    expectValidFeatureCollection(fc);
    expect(fc.features[0]).toEqual({
      type: 'Feature',
      id: 'CAM-DH-TT-001',
      geometry: { type: 'Point', coordinates: [106.6232, 17.4695] },
      properties: {
        featureType: 'device',
        deviceId: 'CAM-DH-TT-001',
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

  it('writes purposes and conditions sorted, whatever order the register holds them in, so one set is one value', () => {
    const fc = devicesToGeoJson([{ ...camera, purposes: ['traffic', 'security'], conditions: ['video_loss', 'tamper'] }, camera]);
    expect(fc.features.map((f) => [f.properties.purposes, f.properties.conditions])).toEqual([
      ['security;traffic', 'tamper;video_loss'],
      ['security;traffic', 'tamper;video_loss'],
    ]);
  });

  it('adds the columns of the hook', () => {
    const fc = devicesToGeoJson([camera], { extraDeviceProperties: (d) => ({ coveredCheckpoints: d.id === 'CAM-DH-TT-001' ? 2 : 0 }) });
    expect(fc.features[0]?.properties['coveredCheckpoints']).toBe(2);
    expect(() => devicesToGeoJson([camera], { extraDeviceProperties: () => ({ status: 'online' }) })).toThrow(/device CAM-DH-TT-001/);
  });
});
