import {
  DEVICE_PAYLOAD_CONTRACTS,
  DeviceEventPayloadV1,
  DeviceStatusPayloadV1,
  DeviceTelemetryPayloadV1,
  formatIssues,
  MQTT_MAX_PAYLOAD_BYTES,
  type Contract,
} from '@ioc/contracts';
import { type AreaCategory, demoProvince, seededRandom } from '@ioc/demo-province';
import type { z } from 'zod';
import {
  cameraStatus,
  deviceEvent,
  formatTimestamp,
  localHour,
  MessageIds,
  planAnalyticsEvent,
  sensorStatus,
  snapshotUrl,
  trafficDemand,
  trafficTelemetry,
  vehicleClassesFor,
  vietnamesePlate,
} from './messages';

const province = demoProvince();
const cameras = province.devices.filter((d) => d.kind === 'camera');
const sensors = province.devices.filter((d) => d.kind === 'traffic_sensor');
const categoryOf = new Map(province.areas.map((a) => [a.code, a.category]));
const CATEGORIES = [...new Set(province.areas.map((a) => a.category))] as AreaCategory[];

/** 07:15 in Đồng Hới is 00:15 UTC. */
const at = (hourLocal: number, minute = 0) => new Date(Date.UTC(2025, 2, 3, hourLocal - 7, minute));

function expectValid<S extends z.ZodType>(contract: Contract<S>, payload: unknown): void {
  const result = contract.parse(payload);
  if (!result.ok) throw new Error(`${contract.name} rejected ${JSON.stringify(payload)}: ${formatIssues(result.issues)}`);
  expect(Buffer.byteLength(JSON.stringify(payload))).toBeLessThan(MQTT_MAX_PAYLOAD_BYTES);
}

describe('timestamps', () => {
  it('writes RFC 3339 in Vietnam time (+07:00) for the same instant', () => {
    const instant = new Date('2025-03-03T00:15:02.125Z');
    expect(formatTimestamp(instant)).toBe('2025-03-03T07:15:02.125+07:00');
    expect(new Date(formatTimestamp(instant)).getTime()).toBe(instant.getTime());
    expect(formatTimestamp(new Date('2025-12-31T20:00:00Z'))).toBe('2026-01-01T03:00:00.000+07:00');
  });

  it('reads the local hour in Asia/Ho_Chi_Minh', () => {
    expect(localHour(new Date('2025-03-03T00:30:00Z'))).toBeCloseTo(7.5);
    expect(localHour(new Date('2025-03-03T20:00:00Z'))).toBeCloseTo(3);
  });
});

describe('message ids', () => {
  it('are unique, carry the device id and fit the contract', () => {
    const ids = new MessageIds(12345);
    const when = new Date();
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(ids.next('CAM-DH-TT-001', when));
    expect(seen.size).toBe(10_000);
    for (const id of [...seen].slice(0, 10)) {
      expect(id.startsWith('CAM-DH-TT-001-')).toBe(true);
      expect(id.length).toBeLessThanOrEqual(128);
    }
  });
});

describe('status heartbeats', () => {
  const ids = new MessageIds();
  const rng = seededRandom('status');

  it('validate for every demo camera and sensor at every hour', () => {
    for (let hour = 0; hour < 24; hour += 3) {
      for (const camera of cameras) {
        const payload = cameraStatus(camera, ids.next(camera.id, at(hour)), at(hour), rng);
        expectValid(DeviceStatusPayloadV1, payload);
        expect(payload).toMatchObject({ online: true, recording: true, storageOk: true });
        expect(payload.fps).toBeGreaterThanOrEqual(24);
        expect(payload.bitrateKbps).toBeGreaterThan(1000);
        expect(payload.temperatureC).toBeGreaterThan(25);
        expect(payload.temperatureC).toBeLessThan(50);
        expect(payload.firmware).toBeTruthy();
      }
      for (const sensor of sensors) {
        const payload = sensorStatus(sensor, ids.next(sensor.id, at(hour)), at(hour), rng);
        expectValid(DeviceStatusPayloadV1, payload);
        expect(Object.keys(payload).sort()).toEqual(['firmware', 'id', 'online', 'temperatureC', 'ts']);
      }
    }
  });

  it('report recording off, storage failure and video loss when the camera has them', () => {
    const camera = cameras[0];
    const payload = cameraStatus(camera, 'x-1', at(10), rng, { recording: false, storageOk: false, videoLost: true });
    expectValid(DeviceStatusPayloadV1, payload);
    expect(payload).toMatchObject({ recording: false, storageOk: false, fps: 0, bitrateKbps: 0 });
  });
});

describe('traffic telemetry', () => {
  const rng = seededRandom('telemetry');
  const sumOver = (category: AreaCategory, hour: number, field: 'intensity' | 'occupancy') => {
    let total = 0;
    for (let i = 0; i < 50; i++) {
      for (const vehicleType of vehicleClassesFor(category)) {
        total += trafficTelemetry(`t-${i}`, at(hour), rng, { category, intervalS: 60, laneId: 1, vehicleType })[field] ?? 0;
      }
    }
    return total;
  };

  it('validates for every area category, hour, lane and vehicle class', () => {
    for (const category of CATEGORIES) {
      for (let hour = 0; hour < 24; hour++) {
        for (const laneId of [1, 2]) {
          for (const vehicleType of vehicleClassesFor(category)) {
            const payload = trafficTelemetry(`t-${hour}`, at(hour, 30), rng, { category, intervalS: 60, laneId, vehicleType });
            expectValid(DeviceTelemetryPayloadV1, payload);
            expect(payload.occupancy).toBeGreaterThanOrEqual(0);
            expect(payload.occupancy).toBeLessThanOrEqual(1);
            if (payload.intensity === 0) expect(payload.averageVehicleSpeed).toBeUndefined();
          }
        }
      }
    }
  });

  it('follows the Vietnamese rush hours: busy at 07:00 and 17:30, quiet at 03:00', () => {
    expect(trafficDemand(7.2)).toBeGreaterThan(0.9);
    expect(trafficDemand(17.3)).toBeGreaterThan(0.85);
    expect(trafficDemand(3)).toBeLessThan(0.1);
    expect(trafficDemand(14)).toBeGreaterThan(trafficDemand(3));
    expect(trafficDemand(14)).toBeLessThan(trafficDemand(7.2));
    expect(sumOver('intersection', 7, 'intensity')).toBeGreaterThan(5 * sumOver('intersection', 3, 'intensity'));
    expect(sumOver('intersection', 17, 'occupancy')).toBeGreaterThan(sumOver('intersection', 3, 'occupancy'));
  });

  it('is slower at rush hour than at night', () => {
    const speed = (hour: number) => {
      let total = 0;
      for (let i = 0; i < 50; i++) total += trafficTelemetry('s', at(hour), rng, { category: 'intersection', intervalS: 300, laneId: 1, vehicleType: 'car' }).averageVehicleSpeed ?? 0;
      return total / 50;
    };
    expect(speed(7)).toBeLessThan(speed(23) * 0.8);
  });
});

describe('camera events', () => {
  const rng = seededRandom('events');
  const ids = new MessageIds();

  it('validate for every demo camera at every hour, instant or start/end', () => {
    const types = new Set<string>();
    for (let hour = 0; hour < 24; hour += 2) {
      for (const camera of cameras) {
        const when = at(hour, 10);
        const plan = planAnalyticsEvent(camera, categoryOf.get(camera.areaCode)!, when, rng);
        types.add(plan.type);
        const id = ids.next(camera.id, when);
        const start = deviceEvent(id, when, {
          type: plan.type,
          state: plan.durationS === undefined ? 'instant' : 'start',
          confidence: 0.87,
          plate: plan.plate,
          attributes: plan.attributes,
          snapshotUrl: snapshotUrl(camera.gatewayId, id),
        });
        expectValid(DeviceEventPayloadV1, start);
        if (camera.cameraType === 'anpr') expect(start.plate).toMatch(/^\d{2}[A-Z]{1,2}-\d{3}\.\d{2}$/);
        if (plan.durationS !== undefined) {
          expect(plan.durationS).toBeGreaterThan(0);
          const end = deviceEvent(ids.next(camera.id, when), when, { type: plan.type, state: 'end', confidence: 0.9, attributes: { startId: id } });
          expectValid(DeviceEventPayloadV1, end);
        }
      }
    }
    for (const type of ['motion', 'intrusion', 'crowd', 'illegal_parking', 'wrong_way', 'speeding', 'red_light']) expect(types).toContain(type);
  });

  it('validate video_loss and tamper as start then end', () => {
    for (const type of ['video_loss', 'tamper'] as const) {
      for (const state of ['start', 'end'] as const) {
        expectValid(DeviceEventPayloadV1, deviceEvent(`c-${type}-${state}`, at(12), { type, state, confidence: 0.97, attributes: { source: 'VideoSource/SignalLoss' } }));
      }
    }
  });

  it('clamps confidence into 0..1 and leaves out empty attributes', () => {
    const payload = deviceEvent('e-1', at(9), { type: 'motion', state: 'instant', confidence: 1.4, attributes: {} });
    expect(payload.confidence).toBe(1);
    expect(payload).not.toHaveProperty('attributes');
    expect(DEVICE_PAYLOAD_CONTRACTS.event.parse(payload).ok).toBe(true);
  });

  it('writes Vietnamese plates, mostly from Quảng Bình (73)', () => {
    const plates = Array.from({ length: 500 }, () => vietnamesePlate(rng));
    for (const plate of plates) expect(plate).toMatch(/^\d{2}[A-Z]{1,2}-\d{3}\.\d{2}$/);
    expect(plates.filter((p) => p.startsWith('73')).length).toBeGreaterThan(200);
  });
});
