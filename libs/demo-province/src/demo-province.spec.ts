import { IDENTIFIER_PATTERN } from '@ioc/contracts';
import {
  bearingDegrees,
  DEMO_DISTRICTS,
  demoProvince,
  distanceMetres,
  pointInRing,
  type AreaCategory,
  type DemoCheckpoint,
  type DemoDevice,
  type DemoProvince,
} from './index';

const VIETNAMESE_LETTER = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;
// Quảng Bình fits in this box with room to spare.
const PROVINCE_BBOX = { minLon: 105.6, maxLon: 107.1, minLat: 16.9, maxLat: 18.2 };

describe('demo province', () => {
  let province: DemoProvince;
  beforeAll(() => {
    province = demoProvince();
  });

  describe('key areas', () => {
    it('has at least 20 key areas across all eight district-level units of Quảng Bình', () => {
      expect(province.areas.length).toBeGreaterThanOrEqual(20);
      expect(new Set(province.areas.map((a) => a.district))).toEqual(new Set(DEMO_DISTRICTS));
      expect(DEMO_DISTRICTS).toHaveLength(8);
    });

    it('covers every key-area category', () => {
      const categories: AreaCategory[] = ['intersection', 'market', 'school', 'station', 'airport', 'tourist_site', 'border_gate', 'port', 'beach', 'administrative', 'hospital'];
      expect(new Set(province.areas.map((a) => a.category))).toEqual(new Set(categories));
    });

    it('keeps Vietnamese diacritics in area, district and checkpoint names', () => {
      for (const area of province.areas) {
        expect(area.name).toMatch(VIETNAMESE_LETTER);
        expect(area.district).toMatch(VIETNAMESE_LETTER);
        expect(area.name).toBe(area.name.normalize('NFC'));
      }
      const descriptions = province.areas.flatMap((a) => a.checkpoints.map((c) => c.description));
      expect(descriptions.filter((d) => VIETNAMESE_LETTER.test(d)).length).toBeGreaterThan(descriptions.length * 0.9);
    });

    it('places every area inside the province with a closed boundary 300-1500 m across around its centre', () => {
      for (const area of province.areas) {
        const [lon, lat] = area.center;
        expect(lon).toBeGreaterThan(PROVINCE_BBOX.minLon);
        expect(lon).toBeLessThan(PROVINCE_BBOX.maxLon);
        expect(lat).toBeGreaterThan(PROVINCE_BBOX.minLat);
        expect(lat).toBeLessThan(PROVINCE_BBOX.maxLat);

        const ring = area.boundary;
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[ring.length - 1]).toEqual(ring[0]);
        expect(pointInRing(area.center, ring)).toBe(true);
        let across = 0;
        for (const p of ring) for (const q of ring) across = Math.max(across, distanceMetres(p, q));
        expect(across).toBeGreaterThanOrEqual(300);
        expect(across).toBeLessThanOrEqual(1500);
      }
    });

    it('has 3 to 10 checkpoints per area, each inside the boundary with at least one purpose', () => {
      for (const area of province.areas) {
        expect(area.checkpoints.length).toBeGreaterThanOrEqual(3);
        expect(area.checkpoints.length).toBeLessThanOrEqual(10);
        for (const checkpoint of area.checkpoints) {
          expect(checkpoint.purposes.length).toBeGreaterThan(0);
          expect(pointInRing(checkpoint.location, area.boundary)).toBe(true);
        }
      }
    });

    it('places known landmarks near their real coordinates', () => {
      const near = (code: string, lon: number, lat: number, km: number) => {
        const area = province.areas.find((a) => a.code === code);
        expect(area).toBeDefined();
        expect(distanceMetres(area!.center, [lon, lat])).toBeLessThan(km * 1000);
      };
      near('DH-TT', 106.62, 17.47, 3);
      near('MH-CL', 105.78, 17.68, 3);
      near('BT-PN', 106.28, 17.59, 5);
      near('QT-HL', 106.52, 17.93, 3);
      near('BD-CHO', 106.42, 17.75, 3);
      near('LT-KG', 106.79, 17.22, 3);
    });
  });

  describe('identifiers', () => {
    it('gives every area, checkpoint, gateway and device a unique, topic-safe identifier', () => {
      const ids = [
        ...province.areas.map((a) => a.code),
        ...province.areas.flatMap((a) => a.checkpoints.map((c) => c.id)),
        ...province.gateways.map((g) => g.id),
        ...province.devices.map((d) => d.id),
      ];
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(IDENTIFIER_PATTERN);
    });

    it('links every device to a gateway of its own area and every gateway to an existing area', () => {
      const areaCodes = new Set(province.areas.map((a) => a.code));
      const gateways = new Map(province.gateways.map((g) => [g.id, g]));
      for (const gateway of province.gateways) expect(areaCodes.has(gateway.areaCode)).toBe(true);
      for (const device of province.devices) expect(gateways.get(device.gatewayId)?.areaCode).toBe(device.areaCode);
    });
  });

  describe('devices', () => {
    it('installs every device inside its area boundary', () => {
      const areas = new Map(province.areas.map((a) => [a.code, a]));
      for (const device of province.devices) {
        const area = areas.get(device.areaCode)!;
        expect({ id: device.id, inside: pointInRing(device.location, area.boundary) }).toEqual({ id: device.id, inside: true });
      }
    });

    it('gives cameras the optics of their type', () => {
      const cameras = province.devices.filter((d) => d.kind === 'camera');
      expect(new Set(cameras.map((c) => c.cameraType))).toEqual(new Set(['fixed', 'bullet', 'dome', 'ptz', 'anpr']));
      for (const camera of cameras) {
        expect(camera.bearingDeg).toBeGreaterThanOrEqual(0);
        expect(camera.bearingDeg).toBeLessThan(360);
        switch (camera.cameraType) {
          case 'ptz':
          case 'dome':
            expect(camera.fovDeg).toBe(360);
            expect(camera.rangeM).toBeGreaterThanOrEqual(80);
            expect(camera.rangeM).toBeLessThanOrEqual(150);
            break;
          case 'anpr':
            expect(camera.fovDeg).toBe(30);
            expect(camera.rangeM).toBe(40);
            expect(camera.purposes).toEqual(['traffic']);
            break;
          default:
            expect(camera.fovDeg).toBeGreaterThanOrEqual(60);
            expect(camera.fovDeg).toBeLessThanOrEqual(90);
            expect(camera.rangeM).toBeGreaterThanOrEqual(60);
            expect(camera.rangeM).toBeLessThanOrEqual(120);
        }
      }
    });

    it('installs 1-2 gateways and 0-2 traffic sensors per area by default, with a 90 s camera heartbeat timeout', () => {
      for (const area of province.areas) {
        const gateways = province.gateways.filter((g) => g.areaCode === area.code);
        const sensors = province.devices.filter((d) => d.areaCode === area.code && d.kind === 'traffic_sensor');
        expect(gateways.length).toBeGreaterThanOrEqual(1);
        expect(gateways.length).toBeLessThanOrEqual(2);
        expect(sensors.length).toBeLessThanOrEqual(2);
        for (const sensor of sensors) expect(sensor.purposes).toEqual(['traffic']);
      }
      for (const camera of province.devices.filter((d) => d.kind === 'camera')) expect(camera.heartbeatTimeoutS).toBe(90);
    });

    it('points every camera at a checkpoint of its purpose, leaving planned checkpoints as coverage gaps', () => {
      const sees = (camera: DemoDevice, checkpoint: DemoCheckpoint) => {
        const offAxis = Math.abs(((bearingDegrees(camera.location, checkpoint.location) - camera.bearingDeg! + 540) % 360) - 180);
        return distanceMetres(camera.location, checkpoint.location) <= camera.rangeM! && (camera.fovDeg! >= 360 || offAxis <= camera.fovDeg! / 2);
      };
      const cameras = province.devices.filter((d) => d.kind === 'camera');
      let areasWithGaps = 0;
      for (const area of province.areas) {
        const own = cameras.filter((c) => c.areaCode === area.code);
        for (const camera of own) {
          expect({ camera: camera.id, seesACheckpoint: area.checkpoints.some((cp) => cp.purposes.some((p) => camera.purposes.includes(p)) && sees(camera, cp)) }).toEqual({
            camera: camera.id,
            seesACheckpoint: true,
          });
        }
        const gap = area.checkpoints.some((cp) => cp.purposes.some((p) => !own.some((c) => c.purposes.includes(p) && sees(c, cp))));
        if (gap) areasWithGaps++;
      }
      expect(areasWithGaps).toBeGreaterThan(0);
      expect(areasWithGaps).toBeLessThan(province.areas.length / 2);
    });
  });

  describe('determinism', () => {
    it('generates exactly the same province on every call', () => {
      expect(demoProvince()).toEqual(province);
      expect(JSON.stringify(demoProvince({ devicesPerArea: 20 }))).toBe(JSON.stringify(demoProvince({ devicesPerArea: 20 })));
    });

    it('keeps area geometry and existing cameras in place when devicesPerArea changes', () => {
      const larger = demoProvince({ devicesPerArea: 12 });
      expect(larger.areas).toEqual(province.areas);
      const first = province.devices.find((d) => d.id === 'CAM-DH-TT-001')!;
      const same = larger.devices.find((d) => d.id === 'CAM-DH-TT-001')!;
      expect({ ...same, gatewayId: undefined }).toEqual({ ...first, gatewayId: undefined });
    });
  });

  describe('devicesPerArea', () => {
    it.each([1, 3, 8, 20, 120])('installs exactly %i devices in every area', (devicesPerArea) => {
      const p = demoProvince({ devicesPerArea });
      expect(p.devices).toHaveLength(devicesPerArea * p.areas.length);
      for (const area of p.areas) {
        const devices = p.devices.filter((d) => d.areaCode === area.code);
        expect(devices).toHaveLength(devicesPerArea);
        expect(devices.some((d) => d.kind === 'camera')).toBe(true);
      }
    });

    it('defaults to 8 devices per area', () => {
      expect(province.devices).toHaveLength(8 * province.areas.length);
    });

    it.each([0, -1, 1.5, 1000, Number.NaN])('rejects devicesPerArea %p', (devicesPerArea) => {
      expect(() => demoProvince({ devicesPerArea })).toThrow(RangeError);
    });
  });
});

describe('point in polygon', () => {
  const square: [number, number][] = [
    [106, 17],
    [106.01, 17],
    [106.01, 17.01],
    [106, 17.01],
    [106, 17],
  ];
  it('tells points inside a ring from points outside it', () => {
    expect(pointInRing([106.005, 17.005], square)).toBe(true);
    expect(pointInRing([106.02, 17.005], square)).toBe(false);
    expect(pointInRing([106.005, 16.99], square)).toBe(false);
  });
});
