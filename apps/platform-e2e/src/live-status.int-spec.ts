// The spine of the platform: a gateway's MQTT message reaches an operator's Socket.IO
// client as a device.status change; silence and gateway presence drive status; repeats
// of a message id count once.
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { natsStreams, natsSubjects, OPS_EVENTS, type OpsDeviceStatus } from '@ioc/contracts';
import { AppProcess, mosquittoPub, nextEvent, waitFor } from '@ioc/testing';
import { createTestContext, migrateAndSeed, opsClient, startApp, type OpsClient, type TestContext } from './support/platform';

const AREA = 'DH-TEST';
const OTHER_AREA = 'BD-TEST';
const GW = 'GW-DH-TEST-01';
const devices = ['CAM-T-001', 'CAM-T-002', 'CAM-T-003'];
const SILENT = 'CAM-T-SILENT';

let ctx: TestContext;
let apps: AppProcess[] = [];
let ops: OpsClient;
let pg: Client;
let nc: NatsConnection;

const statusTopic = (deviceId: string) => `${ctx.topicRoot}/${AREA}/${GW}/${deviceId}/status`;
const statusPayload = (id: string, extra: Record<string, unknown> = {}) => JSON.stringify({ id, ts: new Date().toISOString(), online: true, ...extra });

function pushFor(deviceId: string, to: string, timeoutMs: number) {
  return nextEvent<OpsDeviceStatus>(
    (h) => {
      ops.socket.on(OPS_EVENTS.deviceStatus, h);
      return () => ops.socket.off(OPS_EVENTS.deviceStatus, h);
    },
    (e) => e.deviceId === deviceId && e.to === to,
    timeoutMs,
    `device.status ${deviceId} → ${to}`,
  );
}

beforeAll(async () => {
  ctx = await createTestContext();
  await migrateAndSeed(ctx, {
    areas: [
      { code: AREA, name: 'Trung tâm Đồng Hới (thử nghiệm)', district: 'Thành phố Đồng Hới', category: 'intersection' },
      { code: OTHER_AREA, name: 'Chợ Ba Đồn (thử nghiệm)', district: 'Thị xã Ba Đồn', category: 'market' },
    ],
    gateways: [
      { id: GW, areaCode: AREA, name: 'Gateway test' },
      { id: 'GW-BD-TEST-01', areaCode: OTHER_AREA, name: 'Gateway Ba Đồn' },
    ],
    devices: [
      ...devices.map((id) => ({ id, gatewayId: GW, areaCode: AREA, kind: 'camera' as const, name: `Camera ${id}` })),
      { id: SILENT, gatewayId: GW, areaCode: AREA, kind: 'camera', name: 'Camera im lặng', heartbeatTimeoutS: 2 },
      { id: 'CAM-BD-001', gatewayId: 'GW-BD-TEST-01', areaCode: OTHER_AREA, kind: 'camera', name: 'Camera Ba Đồn' },
    ],
  });
  apps = await Promise.all([
    startApp('registry', ctx, { REGISTRY_SWEEP_INTERVAL_MS: '200' }),
    startApp('ingest', ctx),
    startApp('realtime', ctx),
  ]);
  ops = await opsClient(apps[2], [AREA]);
  pg = new Client({ connectionString: ctx.databaseUrl });
  await pg.connect();
  nc = await connect({ servers: ctx.natsUrl });
});

afterAll(async () => {
  ops?.close();
  await Promise.all(apps.map((a) => a.stop()));
  await pg?.end();
  await nc?.close();
  await ctx?.cleanup();
});

describe('live device status, MQTT to operations room', () => {
  it('answers a subscription with a snapshot of the area only', () => {
    expect(ops.snapshot.areas.map((a) => a.areaCode)).toEqual([AREA]);
    expect(ops.snapshot.areas[0].name).toBe('Trung tâm Đồng Hới (thử nghiệm)');
    expect(ops.snapshot.areas[0].devices.map((d) => d.status)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    expect(ops.snapshot.areas[0].seq).toBe(0);
  });

  it('pushes a status published with mosquitto_pub to the subscribed client within 2 s', async () => {
    const started = Date.now();
    const pushed = pushFor(devices[0], 'online', 2000);
    await mosquittoPub(ctx.mqtt, statusTopic(devices[0]), statusPayload('first-status-1'));
    const event = await pushed;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(event).toMatchObject({ areaCode: AREA, gatewayId: GW, from: 'unknown', to: 'online', reason: 'status received' });
    expect(event.seq).toBe(1);
  });

  it('does not push changes of areas the client did not subscribe to', async () => {
    const received: OpsDeviceStatus[] = [];
    ops.socket.on(OPS_EVENTS.deviceStatus, (e: OpsDeviceStatus) => received.push(e));
    await mosquittoPub(ctx.mqtt, `${ctx.topicRoot}/${OTHER_AREA}/GW-BD-TEST-01/CAM-BD-001/status`, statusPayload('bd-1'));
    // The Ba Đồn camera's transition is stored; wait for that, then check nothing was pushed here.
    await waitFor('Ba Đồn transition stored', async () => {
      const r = await pg.query(`SELECT 1 FROM "${ctx.dbSchema}".device_status_transitions WHERE device_id = 'CAM-BD-001'`);
      return r.rowCount === 1;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(received.filter((e) => e.areaCode !== AREA)).toEqual([]);
    ops.socket.off(OPS_EVENTS.deviceStatus);
  });

  it('takes a silent device offline after its heartbeat timeout', async () => {
    const online = pushFor(SILENT, 'online', 2000);
    await mosquittoPub(ctx.mqtt, statusTopic(SILENT), statusPayload('silent-1'));
    const wentOnline = await online;
    const offline = await pushFor(SILENT, 'offline', 5000);
    const silenceMs = Date.parse(offline.at) - Date.parse(wentOnline.at);
    expect(silenceMs).toBeGreaterThanOrEqual(2000);
    expect(offline.reason).toContain('heartbeat timeout');
    expect(offline.seq).toBe(wentOnline.seq + 1);
  });

  it('takes every device of a gateway offline at once when its presence goes offline, and each back online when it reports', async () => {
    for (const [i, id] of devices.entries()) {
      await mosquittoPub(ctx.mqtt, statusTopic(id), statusPayload(`pre-outage-${i}`));
    }
    await waitFor('all devices online', async () => {
      const r = await pg.query(`SELECT count(*)::int AS n FROM "${ctx.dbSchema}".devices WHERE id = ANY($1) AND status = 'online'`, [devices]);
      return r.rows[0].n === devices.length;
    });

    const offline = devices.map((id) => pushFor(id, 'offline', 2000));
    await mosquittoPub(ctx.mqtt, `${ctx.topicRoot}/${AREA}/${GW}/$presence`, 'offline', { retain: true });
    const events = await Promise.all(offline);
    expect(events.every((e) => e.reason === 'gateway went offline')).toBe(true);

    const gw = await pg.query(`SELECT presence FROM "${ctx.dbSchema}".gateways WHERE id = $1`, [GW]);
    expect(gw.rows[0].presence).toBe('offline');

    await mosquittoPub(ctx.mqtt, `${ctx.topicRoot}/${AREA}/${GW}/$presence`, 'online', { retain: true });
    const back = pushFor(devices[1], 'online', 2000);
    await mosquittoPub(ctx.mqtt, statusTopic(devices[1]), statusPayload('after-outage-1'));
    await back;
    const still = await pg.query(`SELECT id, status FROM "${ctx.dbSchema}".devices WHERE id = ANY($1) ORDER BY id`, [devices]);
    expect(still.rows).toEqual([
      { id: devices[0], status: 'offline' },
      { id: devices[1], status: 'online' },
      { id: devices[2], status: 'offline' },
    ]);
    const transitions = await pg.query(
      `SELECT from_status, to_status, reason FROM "${ctx.dbSchema}".device_status_transitions WHERE device_id = $1 ORDER BY at`,
      [devices[1]],
    );
    expect(transitions.rows.map((r) => `${r.from_status}→${r.to_status}`)).toEqual(['unknown→online', 'online→offline', 'offline→online']);
  });

  it('keeps one JetStream message and one transition for a message id published twice', async () => {
    const id = 'dup-0001';
    const topic = statusTopic(devices[2]);
    const payload = statusPayload(id);
    const pushed = pushFor(devices[2], 'online', 2000);
    await mosquittoPub(ctx.mqtt, topic, payload);
    await mosquittoPub(ctx.mqtt, topic, payload);
    await pushed;
    await waitFor('the repeat to be counted', async () => (await apps[1].metric('ioc_ingest_duplicates_total')) >= 1);

    const jsm = await nc.jetstreamManager();
    const subject = natsSubjects(ctx.natsPrefix).deviceMessage(AREA, GW, devices[2], 'status');
    const info = await jsm.streams.info(natsStreams(ctx.natsPrefix).device.name, { subjects_filter: subject });
    const bodies: string[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(info.config.name, { seq }).catch(() => undefined);
      if (m?.subject === subject) bodies.push(new TextDecoder().decode(m.data));
    }
    expect(bodies.filter((b) => JSON.parse(b).messageId === id)).toHaveLength(1);

    const t = await pg.query(`SELECT count(*)::int AS n FROM "${ctx.dbSchema}".device_status_transitions WHERE message_id = $1`, [id]);
    expect(t.rows[0].n).toBe(1);
  });
});
