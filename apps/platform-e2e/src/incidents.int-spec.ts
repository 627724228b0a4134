// From device events to the operator's queue, on the real services: MQTT → ingest →
// JetStream → incident (and registry for status) → Postgres, REST and Socket.IO.
import type { Socket } from 'socket.io-client';
import { connect } from 'nats';
import { natsSubjects, OPS_EVENTS, type DeviceMessage, type Incident, type MaintenanceWindow, type OpsIncident, type TokenPair } from '@ioc/contracts';
import { AppProcess, mosquittoPub, waitFor } from '@ioc/testing';
import { connectOps, createTestContext, migrateAndSeed, opsClient, startApp, type TestContext } from './support/platform';

/** The devices of a gateway that comes back get this long to report (20 mosquitto_pub runs on a loaded 2-core CI machine take over a second). */
const GATEWAY_GRACE_S = 4;

const AREA = 'DH-INC';
const GW_FLEET = 'GW-INC-FLEET';
const GW_MISC = 'GW-INC-MISC';
const FLEET = Array.from({ length: 20 }, (_, i) => `CAM-FLEET-${String(i + 1).padStart(2, '0')}`);
const MISC = ['CAM-TAMPER', 'CAM-MAINT-1', 'CAM-MAINT-2', 'CAM-ACK', 'CAM-FRIGATE', 'CAM-ONVIF', 'CAM-REDELIVER'];
const STREAM = Array.from({ length: 40 }, (_, i) => `CAM-STREAM-${String(i + 1).padStart(2, '0')}`);
const ADMIN = { username: 'admin', password: 'admin-password-1' };

let ctx: TestContext;
let apps: AppProcess[] = [];
let api: AppProcess;
let realtime: AppProcess;
let incidentApp: AppProcess;
let token: string;
let socket: Socket;
const pushed: { event: string; push: OpsIncident; at: number }[] = [];

async function call<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

const incidentsOf = async (query: string) => (await call<{ items: Incident[] }>('GET', `/api/v1/incidents?limit=500&${query}`)).body.items;

let seq = 0;
const publish = (gatewayId: string, deviceId: string, channel: string, payload: object) =>
  mosquittoPub(ctx.mqtt, `${ctx.topicRoot}/${AREA}/${gatewayId}/${deviceId}/${channel}`, JSON.stringify({ id: `m-${++seq}`, ts: new Date().toISOString(), ...payload }));
const event = (gatewayId: string, deviceId: string, type: string, state: 'start' | 'end' | 'instant', extra: object = {}) =>
  publish(gatewayId, deviceId, 'event', { type, state, confidence: 0.93, ...extra });
const heartbeat = (gatewayId: string, deviceId: string) => publish(gatewayId, deviceId, 'status', { online: true, recording: true, storageOk: true });
const presence = (gatewayId: string, state: 'online' | 'offline') =>
  mosquittoPub(ctx.mqtt, `${ctx.topicRoot}/${AREA}/${gatewayId}/$presence`, state, { retain: true });

beforeAll(async () => {
  ctx = await createTestContext();
  const device = (id: string, gatewayId: string, frigateCamera?: string) => ({
    id,
    gatewayId,
    areaCode: AREA,
    kind: 'camera' as const,
    name: `Camera ${id}`,
    heartbeatTimeoutS: 3600,
    ...(frigateCamera ? { frigateCamera } : {}),
  });
  await migrateAndSeed(ctx, {
    areas: [{ code: AREA, name: 'Ngã tư Quảng Bình (thử nghiệm)', district: 'Thành phố Đồng Hới', category: 'intersection' }],
    gateways: [
      { id: GW_FLEET, areaCode: AREA, name: 'Gateway 20 camera' },
      { id: GW_MISC, areaCode: AREA, name: 'Gateway thử nghiệm' },
    ],
    devices: [...FLEET.map((id) => device(id, GW_FLEET)), ...MISC.map((id) => device(id, GW_MISC, id === 'CAM-FRIGATE' ? 'cong_chinh' : undefined)), ...STREAM.map((id) => device(id, GW_MISC))],
    users: [
      { ...ADMIN, displayName: 'Quản trị', role: 'admin', scope: { all: true, areas: [], districts: [] } },
      { username: 'planner', password: 'planner-password', displayName: 'Quy hoạch', role: 'planner', scope: { all: true, areas: [], districts: [] } },
    ],
  });
  apps = await Promise.all([
    startApp('registry', ctx),
    startApp('ingest', ctx),
    // video_loss needs 1 s of standing here (10 s by default) to keep the test short.
    startApp('incident', ctx, { INCIDENT_TICK_MS: '200', INCIDENT_POLICY: JSON.stringify({ debounceS: { video_loss: 1 }, gatewayGraceS: GATEWAY_GRACE_S }) }),
    startApp('realtime', ctx),
    startApp('api', ctx),
  ]);
  [, , incidentApp, realtime, api] = apps;
  const login = await fetch(`${api.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  token = ((await login.json()) as TokenPair).accessToken;
  socket = await connectOps(realtime, token);
  for (const name of [OPS_EVENTS.incidentOpened, OPS_EVENTS.incidentUpdated, OPS_EVENTS.incidentResolved]) {
    socket.on(name, (push: OpsIncident) => pushed.push({ event: name, push, at: Date.now() }));
  }
  const ack = await socket.timeout(5000).emitWithAck(OPS_EVENTS.subscribe, { areas: [AREA] });
  expect(ack).toEqual({ ok: true });
});

afterAll(async () => {
  socket?.close();
  await Promise.all(apps.map((a) => a.stop()));
  await ctx?.cleanup();
});

const SNAPSHOT = (n: number) => `http://gw-inc-misc.gw.local/snapshots/tamper-${n}.jpg`;

describe('tamper', () => {
  it('opens one critical incident carrying the event’s snapshot, pushed to the area within 2 s', async () => {
    const sent = Date.now();
    await event(GW_MISC, 'CAM-TAMPER', 'tamper', 'start', { snapshotUrl: SNAPSHOT(1) });
    const opened = await waitFor('incident.opened pushed', () => pushed.find((p) => p.event === 'incident.opened' && p.push.incident.deviceId === 'CAM-TAMPER'), 2000);
    expect(opened.at - sent).toBeLessThan(2000);
    expect(opened.push.incident).toMatchObject({ type: 'tamper', severity: 'critical', status: 'open', count: 1, areaCode: AREA, snapshotUrl: SNAPSHOT(1) });
  });

  it('counts ten repeats on the same incident, keeping the newest snapshot', async () => {
    for (let i = 0; i < 10; i++) await event(GW_MISC, 'CAM-TAMPER', 'tamper', 'start', i === 4 ? { snapshotUrl: SNAPSHOT(2) } : {});
    const incidents = await waitFor('count 11', async () => {
      const list = await incidentsOf('deviceId=CAM-TAMPER');
      return list[0]?.count === 11 ? list : undefined;
    });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.snapshotUrl).toBe(SNAPSHOT(2));
  });

  it('resolves it when the tamper ends, with the reason', async () => {
    await event(GW_MISC, 'CAM-TAMPER', 'tamper', 'end');
    const [incident] = await waitFor('resolved', async () => {
      const list = await incidentsOf('deviceId=CAM-TAMPER&status=resolved');
      return list.length ? list : undefined;
    });
    expect(incident).toMatchObject({ status: 'resolved', resolvedBy: 'system', resolutionCode: 'auto_cleared', resolutionNote: expect.any(String) });
    await waitFor('incident.resolved pushed', () => pushed.some((p) => p.event === 'incident.resolved' && p.push.incident.id === incident?.id));
    const full = await call<Incident>('GET', `/api/v1/incidents/${incident?.id}`);
    expect(full.body.timeline?.map((t) => t.action)).toEqual(['opened', ...Array(10).fill('repeated'), 'auto_resolved']);
  });
});

describe('gateway offline', () => {
  it('gives one gateway incident and no device-offline incidents, and resolves when it is back', async () => {
    await presence(GW_FLEET, 'online');
    await Promise.all(FLEET.map((id) => heartbeat(GW_FLEET, id)));
    await waitFor('fleet online', async () => {
      const res = await call<{ items: { status: string }[] }>('GET', `/api/v1/devices?gatewayId=${GW_FLEET}&limit=100`);
      return res.body.items.every((d) => d.status === 'online');
    });
    await presence(GW_FLEET, 'offline');
    await waitFor('fleet offline', async () => {
      const res = await call<{ items: { status: string }[] }>('GET', `/api/v1/devices?gatewayId=${GW_FLEET}&limit=100`);
      return res.body.items.every((d) => d.status === 'offline');
    });
    const [gatewayIncident] = await waitFor('the gateway incident', async () => {
      const list = await incidentsOf(`gatewayId=${GW_FLEET}&type=gateway_offline`);
      return list.length ? list : undefined;
    });
    expect(gatewayIncident).toMatchObject({ status: 'open', severity: 'critical', deviceId: null });
    // Give the device transitions time to be (wrongly) turned into incidents.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await incidentsOf(`gatewayId=${GW_FLEET}&type=device_offline`)).toEqual([]);

    await presence(GW_FLEET, 'online');
    await Promise.all(FLEET.map((id) => heartbeat(GW_FLEET, id)));
    await waitFor('the gateway incident resolved', async () => (await incidentsOf(`gatewayId=${GW_FLEET}&type=gateway_offline`))[0]?.status === 'resolved');
    // Past the grace: a device that had not reported by then would have its own incident.
    await new Promise((r) => setTimeout(r, GATEWAY_GRACE_S * 1000 + 1500));
    expect(await incidentsOf(`gatewayId=${GW_FLEET}&type=device_offline`)).toEqual([]);
  });
});

describe('maintenance windows', () => {
  it('open nothing inside the window, and open a condition still standing at its end', async () => {
    const endsAt = new Date(Date.now() + 3000).toISOString();
    for (const id of ['CAM-MAINT-1', 'CAM-MAINT-2']) {
      const res = await call<MaintenanceWindow>('POST', '/api/v1/maintenance-windows', {
        targetType: 'device',
        targetId: id,
        startsAt: new Date(Date.now() - 1000).toISOString(),
        endsAt,
        reason: 'Thay ống kính',
      });
      expect(res.status).toBe(201);
    }
    await event(GW_MISC, 'CAM-MAINT-1', 'tamper', 'start');
    await event(GW_MISC, 'CAM-MAINT-2', 'tamper', 'start');
    await event(GW_MISC, 'CAM-MAINT-2', 'tamper', 'end');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await incidentsOf('deviceId=CAM-MAINT-1')).toEqual([]);
    const [opened] = await waitFor('opened when the window ended', async () => {
      const list = await incidentsOf('deviceId=CAM-MAINT-1');
      return list.length ? list : undefined;
    }, 8000);
    expect(Date.parse(opened?.openedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(endsAt) - 50);
    expect(await incidentsOf('deviceId=CAM-MAINT-2')).toEqual([]);
  });
});

describe('operator actions', () => {
  it('of two simultaneous acknowledgements, exactly one succeeds', async () => {
    await event(GW_MISC, 'CAM-ACK', 'intrusion', 'start');
    const [incident] = await waitFor('the intrusion incident', async () => {
      const list = await incidentsOf('deviceId=CAM-ACK');
      return list.length ? list : undefined;
    });
    const body = { version: incident?.version, note: 'Đã nhận' };
    const results = await Promise.all([1, 2].map(() => call(`POST`, `/api/v1/incidents/${incident?.id}/acknowledge`, body)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const after = await call<Incident>('GET', `/api/v1/incidents/${incident?.id}`);
    expect(after.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'admin' });
    expect(after.body.timeline?.filter((t) => t.action === 'acknowledged')).toHaveLength(1);
  });

  it('assigns, comments, resolves and closes, keeping who did what on the timeline', async () => {
    let [incident] = await incidentsOf('deviceId=CAM-ACK');
    const step = async (path: string, body: object) => {
      const res = await call<Incident>('POST', `/api/v1/incidents/${incident?.id}/${path}`, { version: incident?.version, ...body });
      expect(res.status).toBe(200);
      incident = res.body;
    };
    await step('assign', { assignee: 'technician' });
    await step('comments', { note: 'Đã cử kỹ thuật viên' });
    await step('resolve', { resolutionCode: 'fixed_on_site', note: 'Đã xử lý' });
    await step('close', {});
    expect(incident).toMatchObject({ status: 'closed', assignedTo: 'technician', resolutionCode: 'fixed_on_site' });
    const stale = await call('POST', `/api/v1/incidents/${incident?.id}/comments`, { version: 0, note: 'cũ' });
    expect(stale.status).toBe(409);
  });

  it('refuses an action to a role that may not act, and keeps serving', async () => {
    const planner = await fetch(`${api.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'planner', password: 'planner-password' }),
    });
    const plannerToken = ((await planner.json()) as TokenPair).accessToken;
    const [incident] = await incidentsOf('deviceId=CAM-TAMPER');
    const res = await fetch(`${api.url}/api/v1/incidents/${incident?.id}/comments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${plannerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version: incident?.version, note: 'xem' }),
    });
    expect(res.status).toBe(403);
    expect((await call('GET', `/api/v1/incidents/${incident?.id}`)).status).toBe(200);
  });

  it('ends a running maintenance window early', async () => {
    const created = await call<MaintenanceWindow>('POST', '/api/v1/maintenance-windows', {
      targetType: 'gateway',
      targetId: GW_MISC,
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      reason: 'Bảo trì định kỳ',
    });
    const ended = await call<MaintenanceWindow>('DELETE', `/api/v1/maintenance-windows/${created.body.id}`);
    expect(ended.status).toBe(200);
    expect(Date.parse(ended.body.endsAt)).toBeLessThanOrEqual(Date.now());
    expect(ended.body.cancelledAt).toBeNull();
  });

  it('filters and pages the queue', async () => {
    const page = await call<{ items: Incident[]; total: number }>('GET', '/api/v1/incidents?severity=critical&limit=1');
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBeGreaterThanOrEqual(2);
    expect(page.body.items.every((i) => i.severity === 'critical')).toBe(true);
    expect((await call('GET', '/api/v1/incidents?status=nope')).status).toBe(422);
  });
});

describe('adapters', () => {
  it('turns a Frigate `new` event for a mapped camera into an intrusion incident', async () => {
    const frigate = {
      type: 'new',
      before: { id: '1700000000.1-abc', camera: 'cong_chinh', label: 'person', score: 0.8, top_score: 0.8, current_zones: ['san_truoc'], start_time: Date.now() / 1000 },
      after: {
        id: '1700000000.1-abc',
        camera: 'cong_chinh',
        label: 'person',
        sub_label: null,
        score: 0.86,
        top_score: 0.86,
        false_positive: false,
        current_zones: ['san_truoc'],
        entered_zones: ['san_truoc'],
        start_time: Date.now() / 1000,
        end_time: null,
        has_snapshot: true,
      },
    };
    await mosquittoPub(ctx.mqtt, `${ctx.topicRoot}/${AREA}/${GW_MISC}/frigate/events`, JSON.stringify(frigate));
    const [incident] = await waitFor('the Frigate incident', async () => {
      const list = await incidentsOf('deviceId=CAM-FRIGATE');
      return list.length ? list : undefined;
    });
    expect(incident).toMatchObject({ type: 'intrusion', status: 'open' });
  });

  it('turns ONVIF SignalLoss true then false into a video-loss incident and its resolution', async () => {
    const onvif = (state: boolean) =>
      mosquittoPub(
        ctx.mqtt,
        `${ctx.topicRoot}/${AREA}/${GW_MISC}/CAM-ONVIF/onvif`,
        JSON.stringify({ topic: 'tns1:VideoSource/SignalLoss', ts: new Date().toISOString(), source: { VideoSourceConfigurationToken: 'VideoSource_1' }, data: { State: state } }),
      );
    await onvif(true);
    await waitFor('video loss opened', async () => (await incidentsOf('deviceId=CAM-ONVIF&type=video_loss'))[0]?.status === 'open', 8000);
    await onvif(false);
    const [incident] = await waitFor('video loss resolved', async () => {
      const list = await incidentsOf('deviceId=CAM-ONVIF&type=video_loss&status=resolved');
      return list.length ? list : undefined;
    });
    expect(incident).toMatchObject({ resolutionCode: 'auto_cleared' });
  });
});

describe('snapshot', () => {
  it('gives a client that subscribes the standing incidents of its areas', async () => {
    const client = await opsClient(realtime, [AREA], token);
    try {
      const incidents = client.snapshot.areas[0]?.incidents ?? [];
      expect(incidents.some((i) => i.deviceId === 'CAM-FRIGATE' && i.type === 'intrusion' && i.status === 'open')).toBe(true);
      expect(incidents.every((i) => i.status === 'open' || i.status === 'acknowledged')).toBe(true);
    } finally {
      client.close();
    }
  });
});

describe('restart', () => {
  it('restarting the incident service mid-stream gives no duplicate incident and misses none', async () => {
    const publishing = (async () => {
      for (let round = 0; round < 3; round++) {
        for (const id of STREAM) await event(GW_MISC, id, 'tamper', 'start');
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    incidentApp.kill();
    await publishing;
    incidentApp = await startApp('incident', ctx, { INCIDENT_TICK_MS: '200' });
    apps[2] = incidentApp;
    const list = await waitFor(
      'every streamed device with its incident',
      async () => {
        const items = (await incidentsOf('type=tamper&status=open')).filter((i) => i.deviceId?.startsWith('CAM-STREAM-'));
        return items.length >= STREAM.length && items.every((i) => i.count >= 3) ? items : undefined;
      },
      30_000,
      200,
    ).catch(async (e) => {
      const items = (await incidentsOf('type=tamper')).filter((i) => i.deviceId?.startsWith('CAM-STREAM-'));
      throw new Error(`${String(e)}; incidents: ${JSON.stringify(items.map((i) => [i.deviceId, i.status, i.count]))}`);
    });
    expect(new Set(list.map((i) => i.deviceId)).size).toBe(STREAM.length);
    expect(list).toHaveLength(STREAM.length);
    expect(list.map((i) => i.count)).toEqual(STREAM.map(() => 3));
  });
});

describe('redelivery', () => {
  it('counts each event once when a batch comes again after a crash between commit and ack, however many it held', async () => {
    // 20 intrusion events of one camera, then the same 20 again as JetStream redelivers them
    // (same message ids; a condition alone remembers only its last 16).
    const nc = await connect({ servers: ctx.natsUrl });
    try {
      const js = nc.jetstream();
      const at = Date.now();
      const messages: DeviceMessage[] = Array.from({ length: 20 }, (_, i) => ({
        messageId: `GW-INC-MISC:CAM-REDELIVER:e-${i}`,
        areaCode: AREA,
        gatewayId: GW_MISC,
        deviceId: 'CAM-REDELIVER',
        channel: 'event',
        receivedAt: new Date(at + i).toISOString(),
        payload: { id: `e-${i}`, ts: new Date(at + i).toISOString(), type: 'intrusion', state: 'instant', confidence: 0.9 },
      }));
      const subject = natsSubjects(ctx.natsPrefix).deviceMessage(AREA, GW_MISC, 'CAM-REDELIVER', 'event');
      for (const m of messages) await js.publish(subject, new TextEncoder().encode(JSON.stringify(m)));
      await waitFor('count 20', async () => (await incidentsOf('deviceId=CAM-REDELIVER'))[0]?.count === 20, 15_000, 100);
      // Again, with JetStream's own duplicate window out of the way (a redelivery is not a new publish).
      for (const m of messages) await js.publish(subject, new TextEncoder().encode(JSON.stringify(m)), { msgID: `again-${m.messageId}` });
      // One more event after them, so the test knows the second round has been applied.
      const last = { ...messages[0]!, messageId: 'GW-INC-MISC:CAM-REDELIVER:e-last', payload: { ...messages[0]!.payload, id: 'e-last' } };
      await js.publish(subject, new TextEncoder().encode(JSON.stringify(last)));
      const incident = await waitFor('the last event applied', async () => {
        const [i] = await incidentsOf('deviceId=CAM-REDELIVER');
        return i && i.count >= 21 ? i : undefined;
      }, 15_000, 100);
      expect(incident.count).toBe(21);
      expect((await incidentsOf('deviceId=CAM-REDELIVER')).map((i) => [i.status, i.count])).toEqual([['open', 21]]);
      expect(await incidentApp.metric('ioc_incident_dropped_total', { reason: 'already_applied' })).toBe(20);
    } finally {
      await nc.close();
    }
  });
});
