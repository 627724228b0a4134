import type { Incident, OpsSnapshot } from '@ioc/contracts';
import { sampleIncident, T0 } from '../testing/incident.fixture';
import { LiveState, worstDeviceState, type Push } from './live-state';


const incident = (over: Partial<Incident> = {}) => sampleIncident({ title: 'Tamper', ...over });

function snapshot(seq = 10, incidents: Omit<Incident, 'timeline'>[] = []): OpsSnapshot {
  return {
    areas: [
      {
        areaCode: 'DH-TT',
        name: 'Trung tâm Đồng Hới',
        district: 'Thành phố Đồng Hới',
        seq,
        devices: [
          { deviceId: 'CAM-1', gatewayId: 'GW-1', kind: 'camera', name: 'Camera 1', status: 'online', statusSince: T0 },
          { deviceId: 'CAM-2', gatewayId: 'GW-1', kind: 'camera', name: 'Camera 2', status: 'online', statusSince: T0 },
        ],
        incidents,
      },
      { areaCode: 'BD-CHO', name: 'Chợ Ba Đồn', district: 'Thị xã Ba Đồn', seq: 0, devices: [] },
    ],
  };
}

function status(seq: number, deviceId: string, to: 'online' | 'offline' | 'degraded', areaCode = 'DH-TT'): Push {
  return {
    event: 'device.status',
    data: { seq, transitionId: `t${seq}`, deviceId, gatewayId: 'GW-1', areaCode, from: 'online', to, reason: 'test', at: T0 },
  };
}

function incidentPush(seq: number, event: 'incident.opened' | 'incident.updated' | 'incident.resolved', over: Partial<Incident> = {}): Push {
  return { event, data: { seq, event, eventId: `e${seq}`, at: T0, incident: incident(over) } };
}

describe('live state from /ops', () => {
  it('holds pushes until the snapshot, then applies only those newer than it, in order', () => {
    const live = new LiveState();
    expect(live.apply(status(12, 'CAM-1', 'offline'))).toBe('held');
    expect(live.apply(status(11, 'CAM-2', 'degraded'))).toBe('held');
    expect(live.apply(status(10, 'CAM-2', 'offline'))).toBe('held');
    expect(live.applySnapshot(snapshot(10))).toEqual(['duplicate', 'applied', 'applied']);
    const area = live.areas.get('DH-TT')!;
    expect(area.seq).toBe(12);
    expect(area.devices.get('CAM-1')!.status).toBe('offline');
    expect(area.devices.get('CAM-2')!.status).toBe('degraded');
  });

  it('applies a push with the next sequence number and ignores one it already has', () => {
    const live = new LiveState();
    live.applySnapshot(snapshot(10));
    expect(live.apply(status(11, 'CAM-1', 'offline'))).toBe('applied');
    expect(live.apply(status(11, 'CAM-1', 'online'))).toBe('duplicate');
    expect(live.areas.get('DH-TT')!.devices.get('CAM-1')!.status).toBe('offline');
  });

  it('reports a gap, stops being in sync and holds what follows until a fresh snapshot', () => {
    const live = new LiveState();
    live.applySnapshot(snapshot(10));
    expect(live.apply(status(13, 'CAM-1', 'offline'))).toBe('gap');
    expect(live.synced).toBe(false);
    expect(live.apply(status(14, 'CAM-1', 'online'))).toBe('held');
    live.applySnapshot(snapshot(14));
    expect(live.synced).toBe(true);
    expect(live.areas.get('DH-TT')!.seq).toBe(14);
  });

  it('keeps each area in its own sequence', () => {
    const live = new LiveState();
    live.applySnapshot(snapshot(10));
    expect(live.apply(status(1, 'CAM-9', 'online', 'BD-CHO'))).toBe('applied');
    expect(live.apply(status(11, 'CAM-1', 'offline'))).toBe('applied');
    expect(live.areas.get('BD-CHO')!.devices.get('CAM-9')).toMatchObject({ status: 'online', areaCode: 'BD-CHO' });
  });

  it('ignores pushes for areas outside the snapshot', () => {
    const live = new LiveState();
    live.applySnapshot(snapshot(10));
    expect(live.apply(status(1, 'CAM-7', 'online', 'QN-XX'))).toBe('unknown_area');
  });

  it('keeps standing incidents, raises an alarm for a new critical one, drops it when acknowledged or resolved', () => {
    const live = new LiveState();
    live.applySnapshot(snapshot(10));
    live.apply(incidentPush(11, 'incident.opened'), 1000);
    expect(live.incidents.get('inc-1')).toMatchObject({ status: 'open' });
    expect(live.alarms.get('inc-1')).toMatchObject({ areaCode: 'DH-TT', deviceId: 'CAM-1', at: 1000 });
    live.apply(incidentPush(12, 'incident.updated', { status: 'acknowledged', acknowledgedBy: 'operator', version: 2 }));
    expect(live.incidents.get('inc-1')).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'operator' });
    expect(live.alarms.size).toBe(0);
    live.apply(incidentPush(13, 'incident.resolved', { status: 'resolved', version: 3 }));
    expect(live.incidents.size).toBe(0);
  });

  it('keeps the higher version of an incident when an older one comes after it (a republished event)', () => {
    const live = new LiveState();
    live.applySnapshot(snapshot(10));
    live.apply(incidentPush(11, 'incident.updated', { status: 'acknowledged', acknowledgedBy: 'operator', version: 2 }));
    expect(live.apply(incidentPush(12, 'incident.opened', { version: 1 }))).toBe('applied');
    expect(live.incidents.get('inc-1')).toMatchObject({ status: 'acknowledged', version: 2 });
    expect(live.alarms.size).toBe(0);
    // The sequence went on: the next push applies.
    live.apply(incidentPush(13, 'incident.resolved', { status: 'resolved', version: 3 }));
    expect(live.incidents.size).toBe(0);
  });

  it('raises no alarm for incidents that were already standing in the snapshot, or for non-critical ones', () => {
    const live = new LiveState();
    live.applySnapshot(snapshot(10, [incident()]));
    expect(live.alarms.size).toBe(0);
    live.apply(incidentPush(11, 'incident.opened', { id: 'inc-2', severity: 'major' }));
    expect(live.alarms.size).toBe(0);
  });

  it('lets an alarm flash for a minute', () => {
    const live = new LiveState();
    live.applySnapshot(snapshot(10));
    live.apply(incidentPush(11, 'incident.opened'), 1000);
    expect(live.expireAlarms(30_000)).toBe(false);
    expect(live.expireAlarms(61_001)).toBe(true);
    expect(live.alarms.size).toBe(0);
  });

  it('shows an escalation from sla.breach on the standing incident', () => {
    const live = new LiveState();
    live.applySnapshot(snapshot(10, [incident()]));
    live.apply({
      event: 'sla.breach',
      data: { seq: 11, incidentId: 'inc-1', level: 2, severity: 'critical', areaCode: 'DH-TT', gatewayId: 'GW-1', deviceId: 'CAM-1', openedAt: T0, deadline: T0, at: T0 },
    });
    expect(live.incidents.get('inc-1')!.escalationLevel).toBe(2);
  });

  it('shades an area by its worst: an open critical incident, then offline, degraded, online', () => {
    const live = new LiveState();
    live.applySnapshot(snapshot(10));
    expect(live.areaState('DH-TT')).toBe('online');
    live.apply(status(11, 'CAM-2', 'degraded'));
    expect(live.areaState('DH-TT')).toBe('degraded');
    live.apply(status(12, 'CAM-1', 'offline'));
    expect(live.areaState('DH-TT')).toBe('offline');
    live.apply(incidentPush(13, 'incident.opened'));
    expect(live.areaState('DH-TT')).toBe('critical');
    expect(live.areaState('BD-CHO')).toBe('no_devices');
  });

  it('counts devices by status and incidents by severity', () => {
    const live = new LiveState();
    live.applySnapshot(snapshot(10, [incident(), incident({ id: 'inc-2', severity: 'minor', status: 'acknowledged' })]));
    live.apply(status(11, 'CAM-1', 'offline'));
    expect(live.deviceCounts()).toMatchObject({ online: 1, offline: 1, degraded: 0 });
    expect(live.incidentCounts()).toEqual({ critical: 1, major: 0, minor: 1, info: 0 });
  });

  it('does not count decommissioned devices, and tells a never-heard area apart from an offline one', () => {
    expect(worstDeviceState([{ status: 'decommissioned' }])).toBe('no_devices');
    expect(worstDeviceState([{ status: 'unknown' }, { status: 'unknown' }])).toBe('unknown');
    expect(worstDeviceState([{ status: 'unknown' }, { status: 'online' }])).toBe('online');
  });
});
