import { DeviceEventPayloadV1, DeviceStatusPayloadV1, DeviceTelemetryPayloadV1, GatewayPresencePayloadV1 } from './device-payloads.contract';

const ts = '2026-11-27T15:04:05+07:00';

describe('device payload contracts', () => {
  it('accepts a full status and keeps vendor extensions', () => {
    const r = DeviceStatusPayloadV1.parse({ id: 'm1', ts, online: true, recording: true, fps: 25, bitrateKbps: 4096, storageOk: true, temperatureC: 41.5, firmware: 'V5.7.3', vendorX: 1 });
    expect(r).toMatchObject({ ok: true, value: { vendorX: 1 } });
  });

  it('requires id and an RFC 3339 timestamp with an offset', () => {
    const r = DeviceStatusPayloadV1.parse({ ts: '2026-11-27 15:04:05' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path).sort()).toEqual(['id', 'ts']);
    expect(DeviceStatusPayloadV1.parse({ id: 'x', ts: '2026-11-27T08:04:05Z' }).ok).toBe(true);
    expect(DeviceStatusPayloadV1.parse({ id: 'x', ts: '2026-11-27T08:04:05' }).ok).toBe(false);
  });

  it('names the field and the reason of a violation', () => {
    const r = DeviceStatusPayloadV1.parse({ id: 'x', ts, fps: 'fast' });
    expect(r).toMatchObject({ ok: false, issues: [{ path: 'fps' }] });
  });

  it('accepts events of known types and states only', () => {
    expect(DeviceEventPayloadV1.parse({ id: 'e', ts, type: 'tamper', state: 'start', confidence: 0.92 }).ok).toBe(true);
    expect(DeviceEventPayloadV1.parse({ id: 'e', ts, type: 'speeding', state: 'instant', plate: '73A-123.45', attributes: { speedKmh: 87 } }).ok).toBe(true);
    expect(DeviceEventPayloadV1.parse({ id: 'e', ts, type: 'ufo', state: 'start' }).ok).toBe(false);
    expect(DeviceEventPayloadV1.parse({ id: 'e', ts, type: 'tamper', state: 'begin' }).ok).toBe(false);
    expect(DeviceEventPayloadV1.parse({ id: 'e', ts, type: 'tamper', state: 'start', confidence: 1.2 }).ok).toBe(false);
  });

  it('checks telemetry units and ranges', () => {
    expect(DeviceTelemetryPayloadV1.parse({ id: 't', ts, intervalS: 60, intensity: 42, averageVehicleSpeed: 38.5, occupancy: 0.31, laneId: 1, vehicleType: 'car' }).ok).toBe(true);
    expect(DeviceTelemetryPayloadV1.parse({ id: 't', ts, intervalS: 60, occupancy: 31 }).ok).toBe(false);
    expect(DeviceTelemetryPayloadV1.parse({ id: 't', ts, intensity: 4 }).ok).toBe(false);
  });

  it('accepts online and offline as presence', () => {
    expect(GatewayPresencePayloadV1.parse('online').ok).toBe(true);
    expect(GatewayPresencePayloadV1.parse('offline').ok).toBe(true);
    expect(GatewayPresencePayloadV1.parse('up').ok).toBe(false);
  });
});
