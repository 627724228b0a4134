import type { Incident, OpsSnapshot } from '@ioc/contracts';
import { LiveState } from '../live/live-state';
import { sampleIncident, T0 } from '../testing/incident.fixture';
import {
  alarmedAreas,
  areaLookAlarm,
  areaLookState,
  deviceLookReader,
  diffLooks,
  encodeAreaLook,
  encodeLook,
  lookAlarm,
  lookCritical,
  lookLevel,
  lookStatus,
  type DeviceRef,
  type Look,
} from './device-look';

const incident = (over: Partial<Incident>) => sampleIncident(over);

function snapshot(incidents: Omit<Incident, 'timeline'>[] = []): OpsSnapshot {
  return {
    areas: [
      {
        areaCode: 'DH-TT',
        name: 'Trung tâm Đồng Hới',
        district: 'Thành phố Đồng Hới',
        seq: 1,
        devices: [
          { deviceId: 'CAM-1', gatewayId: 'GW-1', kind: 'camera', name: 'Camera 1', status: 'online', statusSince: T0 },
          { deviceId: 'CAM-2', gatewayId: 'GW-1', kind: 'camera', name: 'Camera 2', status: 'offline', statusSince: T0 },
        ],
        incidents,
      },
    ],
  } as OpsSnapshot;
}

describe('device looks', () => {
  it('packs status, critical incident and alarm into one number and reads them back', () => {
    for (const status of ['unknown', 'online', 'degraded', 'offline', 'decommissioned'] as const) {
      for (const critical of [false, true]) {
        for (const alarm of [false, true]) {
          const look = encodeLook(status, critical, alarm);
          expect([lookStatus(look), lookCritical(look), lookAlarm(look)]).toEqual([status, critical, alarm]);
        }
      }
    }
    expect(lookLevel(encodeLook('offline', true, false))).toBe('critical');
    expect(lookLevel(encodeLook('offline', false, true))).toBe('offline');
    expect(areaLookState(encodeAreaLook('degraded', true))).toBe('degraded');
    expect(areaLookAlarm(encodeAreaLook('degraded', true))).toBe(true);
  });

  it('returns only what changed since the last drawing: 200 changes among 5,000 devices, then nothing', () => {
    const devices = Array.from({ length: 5_000 }, (_, i) => ({ id: `D${i}`, look: encodeLook('online', false, false) }));
    const drawn = new Map<string, Look>();
    const first = diffLooks(devices, (d) => d.id, (d) => d.look, drawn);
    expect(first.changes).toHaveLength(5_000);
    expect(first.changes[0].from).toBeUndefined();

    const changed = new Set<string>();
    for (let n = 0; n < 200; n++) {
      const d = devices[(n * 7_919) % devices.length];
      d.look = encodeLook(n % 2 ? 'offline' : 'degraded', false, false);
      changed.add(d.id);
    }
    const second = diffLooks(devices, (d) => d.id, (d) => d.look, drawn);
    expect(new Set(second.changes.map((c) => c.id))).toEqual(changed);
    expect(second.changes.every((c) => c.from === encodeLook('online', false, false))).toBe(true);
    expect(second.gone).toEqual([]);
    expect(diffLooks(devices, (d) => d.id, (d) => d.look, drawn).changes).toEqual([]);
  });

  it('forgets a device that left, so it is drawn afresh when it comes back', () => {
    const drawn = new Map<string, Look>();
    const a = { id: 'A', look: 4 };
    const b = { id: 'B', look: 4 };
    diffLooks([a, b], (d) => d.id, (d) => d.look, drawn);
    expect(diffLooks([a], (d) => d.id, (d) => d.look, drawn).gone).toEqual(['B']);
    expect(diffLooks([a, b], (d) => d.id, (d) => d.look, drawn).changes).toEqual([{ id: 'B', from: undefined, to: 4 }]);
  });

  it('reads the live status, the REST status for a device the live state does not know, critical incidents and alarms', () => {
    const state = new LiveState();
    state.applySnapshot(snapshot([incident({ id: 'i1', deviceId: 'CAM-2' }), incident({ id: 'i2', deviceId: 'CAM-1', severity: 'major' })]));
    // An alarm arrives live on CAM-1 (a new critical incident).
    state.apply({ event: 'incident.opened', data: { seq: 2, incident: incident({ id: 'i3', deviceId: 'CAM-1' }) } } as never);
    const read = deviceLookReader(state);
    const ref = (id: string, status: DeviceRef['status'] = 'unknown', areaCode = 'DH-TT'): DeviceRef => ({ id, areaCode, status });
    expect(read(ref('CAM-1'))).toBe(encodeLook('online', true, true));
    expect(read(ref('CAM-2'))).toBe(encodeLook('offline', true, false));
    expect(read(ref('CAM-9', 'degraded'))).toBe(encodeLook('degraded', false, false));
    expect(read(ref('CAM-7', 'online', 'BD-CHO'))).toBe(encodeLook('online', false, false));
    expect([...alarmedAreas(state)]).toEqual(['DH-TT']);
    // Without a live state (not connected yet) the REST status is all there is.
    expect(deviceLookReader(undefined)(ref('CAM-1', 'offline'))).toBe(encodeLook('offline', false, false));
  });
});
