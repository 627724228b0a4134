import { ALARM_EVENT_TYPES, DEVICE_EVENT_TYPES, DeviceMessage, DeviceStatusChanged, GatewayPresence } from '@ioc/contracts';
import { defaultPolicy, parsePolicy } from './policy';
import {
  congestionPhase,
  decommissionSignals,
  EVENT_INCIDENT_TYPES,
  INCIDENT_RAISING_EVENTS,
  signalFromPresence,
  signalFromStatusChange,
  signalsFromDeviceMessage,
} from './signals';

const RECEIVED = '2026-11-27T08:00:05.000Z';
const policy = defaultPolicy();

function message(channel: DeviceMessage['channel'], payload: Record<string, unknown>, overrides: Partial<DeviceMessage> = {}): DeviceMessage {
  return {
    messageId: 'm-1',
    areaCode: 'DH-LTK',
    gatewayId: 'GW-1',
    deviceId: 'CAM-1',
    channel,
    receivedAt: RECEIVED,
    payload: { id: 'm-1', ts: '2026-11-27T07:00:00Z', ...payload },
    ...overrides,
  };
}

const change = (from: DeviceStatusChanged['from'], to: DeviceStatusChanged['to'], reason: string): DeviceStatusChanged => ({
  transitionId: 't-1',
  deviceId: 'CAM-1',
  gatewayId: 'GW-1',
  areaCode: 'DH-LTK',
  from,
  to,
  reason,
  at: RECEIVED,
});

describe('signals from device events', () => {
  it('maps a tamper start to a tamper start signal keyed by device, with a readable reason', () => {
    const [signal, ...rest] = signalsFromDeviceMessage(message('event', { type: 'tamper', state: 'start', confidence: 0.934 }), policy);
    expect(rest).toEqual([]);
    expect(signal).toEqual({
      key: 'device:CAM-1:tamper',
      type: 'tamper',
      phase: 'start',
      at: Date.parse(RECEIVED),
      areaCode: 'DH-LTK',
      gatewayId: 'GW-1',
      deviceId: 'CAM-1',
      messageId: 'm-1',
      reason: 'tamper detected by the camera (confidence 0.93)',
      level: false,
      part: null,
      causedByGateway: false,
    });
  });

  it('times signals by arrival on the platform, not by the device clock', () => {
    const [signal] = signalsFromDeviceMessage(message('event', { type: 'tamper', state: 'start' }), policy);
    expect(signal.at).toBe(Date.parse(RECEIVED));
  });

  it('says "video back" when video loss ends', () => {
    const [signal] = signalsFromDeviceMessage(message('event', { type: 'video_loss', state: 'end' }), policy);
    expect(signal).toMatchObject({ type: 'video_loss', phase: 'end', reason: 'video back' });
  });

  it('keeps the plate in the reason of an instant enforcement event', () => {
    const [signal] = signalsFromDeviceMessage(message('event', { type: 'speeding', state: 'instant', confidence: 0.8, plate: '73A-123.45' }), policy);
    expect(signal).toMatchObject({ key: 'device:CAM-1:speeding', phase: 'instant', reason: 'speeding detected (confidence 0.8, plate 73A-123.45)' });
  });

  it.each(['motion', 'person', 'vehicle', 'line_crossing', 'loitering'] as const)('raises nothing for %s', (type) => {
    expect(signalsFromDeviceMessage(message('event', { type, state: 'start' }), policy)).toEqual([]);
  });

  it('maps every other event type onto the incident type of the same name', () => {
    for (const type of INCIDENT_RAISING_EVENTS) {
      const [signal] = signalsFromDeviceMessage(message('event', { type, state: 'instant' }), policy);
      expect(signal.type).toBe(type);
      expect(EVENT_INCIDENT_TYPES[type]).toBe(type);
    }
    expect(INCIDENT_RAISING_EVENTS).toHaveLength(DEVICE_EVENT_TYPES.length - 5);
    // The contract's alarms (the ingest's BulkGate goes by them) are exactly these.
    expect([...INCIDENT_RAISING_EVENTS].sort()).toEqual([...ALARM_EVENT_TYPES].sort());
  });

  it('yields nothing for a payload that does not fit the event contract', () => {
    expect(signalsFromDeviceMessage(message('event', { type: 'earthquake', state: 'start' }), policy)).toEqual([]);
    expect(signalsFromDeviceMessage(message('event', { type: 'tamper', state: 'maybe' }), policy)).toEqual([]);
  });
});

describe('signals from device status', () => {
  it('turns recording and storage flags into level signals', () => {
    const signals = signalsFromDeviceMessage(message('status', { online: true, recording: false, storageOk: false }), policy);
    expect(signals.map((s) => [s.key, s.phase, s.level])).toEqual([
      ['device:CAM-1:recording_off', 'start', true],
      ['device:CAM-1:storage_failure', 'start', true],
    ]);
  });

  it('ends recording-off and storage failure when the flags are healthy', () => {
    const signals = signalsFromDeviceMessage(message('status', { recording: true, storageOk: true }), policy);
    expect(signals.map((s) => [s.type, s.phase, s.reason])).toEqual([
      ['recording_off', 'end', 'recording again'],
      ['storage_failure', 'end', 'storage working again'],
    ]);
  });

  it('says nothing about flags a status leaves out', () => {
    expect(signalsFromDeviceMessage(message('status', { online: true, fps: 25 }), policy)).toEqual([]);
  });
});

describe('congestion from telemetry', () => {
  const t = policy.congestion;
  it.each([
    [{ occupancy: 0.85, averageVehicleSpeed: 30, intensity: 20 }, 'start'],
    [{ occupancy: 0.3, averageVehicleSpeed: 10, intensity: 20 }, 'start'],
    [{ occupancy: 0.59, averageVehicleSpeed: 21, intensity: 20 }, 'end'],
    [{ occupancy: 0.6, averageVehicleSpeed: 40, intensity: 20 }, null],
    [{ occupancy: 0.3, averageVehicleSpeed: 20, intensity: 20 }, null],
    [{ occupancy: 0.7, averageVehicleSpeed: 15, intensity: 20 }, null],
    [{ averageVehicleSpeed: 35 }, 'end'],
    [{ occupancy: 0.9 }, 'start'],
    [{ intensity: 12 }, null],
  ])('%j → %s', (flow, expected) => {
    expect(congestionPhase({ id: 'x', ts: RECEIVED, intervalS: 60, ...flow }, t)).toBe(expected);
  });

  it('ignores the average speed of an interval in which no vehicle passed', () => {
    expect(congestionPhase({ id: 'x', ts: RECEIVED, intervalS: 60, intensity: 0, averageVehicleSpeed: 0 }, t)).toBeNull();
    expect(congestionPhase({ id: 'x', ts: RECEIVED, intervalS: 60, intensity: 0, averageVehicleSpeed: 0, occupancy: 0 }, t)).toBe('end');
    expect(congestionPhase({ id: 'x', ts: RECEIVED, intervalS: 60, intensity: 0, occupancy: 0.95 }, t)).toBe('start');
  });

  it('signals per lane and vehicle class, with the figures in the reason', () => {
    const [signal] = signalsFromDeviceMessage(
      message('telemetry', { intervalS: 60, intensity: 14, occupancy: 0.91, averageVehicleSpeed: 7.04, laneId: 1, vehicleType: 'car' }, { deviceId: 'TS-1' }),
      policy,
    );
    expect(signal).toMatchObject({
      key: 'device:TS-1:congestion',
      phase: 'start',
      level: true,
      part: 'lane 1, car',
      reason: 'congestion: occupancy 0.91, average speed 7 km/h, 14 vehicles over 60 s (lane 1, car)',
    });
  });

  it('uses the thresholds of the key area when it has its own', () => {
    const custom = parsePolicy(JSON.stringify({ congestionByArea: { 'DH-LTK': { startSpeedKmh: 15, endSpeedKmh: 25 } } }));
    const flow = { intervalS: 60, intensity: 9, occupancy: 0.3, averageVehicleSpeed: 14 };
    expect(signalsFromDeviceMessage(message('telemetry', flow), policy)).toEqual([]);
    expect(signalsFromDeviceMessage(message('telemetry', flow), custom).map((s) => s.phase)).toEqual(['start']);
    expect(signalsFromDeviceMessage(message('telemetry', flow, { areaCode: 'OTHER' }), custom)).toEqual([]);
  });
});

describe('signals from registry status changes', () => {
  it('starts device_offline with the registry reason', () => {
    expect(signalFromStatusChange(change('online', 'offline', 'no message for 90 s (heartbeat timeout)'))).toMatchObject({
      key: 'device:CAM-1:device_offline',
      type: 'device_offline',
      phase: 'start',
      messageId: 't-1',
      reason: 'device offline: no message for 90 s (heartbeat timeout)',
      level: true,
      causedByGateway: false,
    });
  });

  it('marks an offline caused by the gateway', () => {
    expect(signalFromStatusChange(change('degraded', 'offline', 'gateway went offline'))).toMatchObject({ phase: 'start', causedByGateway: true });
  });

  it('ends device_offline when the device comes back online or degraded', () => {
    expect(signalFromStatusChange(change('offline', 'online', 'status received'))).toMatchObject({ phase: 'end', reason: 'device back online' });
    expect(signalFromStatusChange(change('offline', 'degraded', 'video_loss started'))).toMatchObject({
      phase: 'end',
      reason: 'device back, degraded (video_loss started)',
    });
  });

  it('ends device_offline on decommissioning', () => {
    expect(signalFromStatusChange(change('offline', 'decommissioned', 'decommissioned'))).toMatchObject({ phase: 'end', reason: 'device decommissioned', part: null });
  });

  it('says nothing for changes between reachable states', () => {
    expect(signalFromStatusChange(change('online', 'degraded', 'video_loss started'))).toBeNull();
    expect(signalFromStatusChange(change('unknown', 'online', 'status received'))).toBeNull();
  });

  it('ends every other standing condition of a decommissioned device', () => {
    const conditions = [
      { key: 'device:CAM-1:video_loss', type: 'video_loss' as const, deviceId: 'CAM-1', standing: true },
      { key: 'device:CAM-1:tamper', type: 'tamper' as const, deviceId: 'CAM-1', standing: false },
      { key: 'device:CAM-1:device_offline', type: 'device_offline' as const, deviceId: 'CAM-1', standing: true },
      { key: 'device:CAM-2:video_loss', type: 'video_loss' as const, deviceId: 'CAM-2', standing: true },
    ];
    const signals = decommissionSignals(change('online', 'decommissioned', 'decommissioned'), conditions);
    expect(signals.map((s) => [s.key, s.phase, s.part, s.messageId, s.reason])).toEqual([
      ['device:CAM-1:video_loss', 'end', null, 't-1:video_loss', 'device decommissioned'],
    ]);
    expect(decommissionSignals(change('online', 'offline', 'x'), conditions)).toEqual([]);
  });
});

describe('signals from gateway presence', () => {
  const presence = (state: GatewayPresence['state']): GatewayPresence => ({ areaCode: 'DH-LTK', gatewayId: 'GW-1', state, receivedAt: RECEIVED });

  it('starts gateway_offline keyed by gateway, with no device', () => {
    expect(signalFromPresence(presence('offline'))).toMatchObject({
      key: 'gateway:GW-1:gateway_offline',
      type: 'gateway_offline',
      phase: 'start',
      deviceId: null,
      level: true,
    });
  });

  it('ends it with "gateway GW-1 back online"', () => {
    expect(signalFromPresence(presence('online'))).toMatchObject({ phase: 'end', reason: 'gateway GW-1 back online' });
  });

  it('gives the same message id to the same presence message, so a redelivery is recognised', () => {
    expect(signalFromPresence(presence('offline')).messageId).toBe(signalFromPresence(presence('offline')).messageId);
    expect(signalFromPresence(presence('offline')).messageId).not.toBe(signalFromPresence(presence('online')).messageId);
  });
});
