// The registry can stop while gateways keep reporting. When it returns it works through
// the backlog first: a device that kept reporting is never taken offline for "silence"
// that was only the registry's own absence, and no transition is recorded twice.
import mqtt from 'mqtt';
import { Client } from 'pg';
import { AppProcess, mosquittoPub, waitFor } from '@ioc/testing';
import { createTestContext, migrateAndSeed, startApp, type TestContext } from './support/platform';

const AREA = 'QT-TEST';
const GW = 'GW-QT-TEST-01';
const DEVICE = 'CAM-QT-TEST-001';
const BUSY = 'TS-QT-TEST-001';

let ctx: TestContext;
let ingest: AppProcess;
let pg: Client;

beforeAll(async () => {
  ctx = await createTestContext();
  await migrateAndSeed(ctx, {
    areas: [{ code: AREA, name: 'Cảng Hòn La (thử nghiệm)', district: 'Huyện Quảng Trạch', category: 'port' }],
    gateways: [{ id: GW, areaCode: AREA, name: 'Gateway Hòn La' }],
    devices: [
      { id: DEVICE, gatewayId: GW, areaCode: AREA, kind: 'camera', name: 'Camera cổng cảng', heartbeatTimeoutS: 2 },
      { id: BUSY, gatewayId: GW, areaCode: AREA, kind: 'traffic_sensor', name: 'Cảm biến lưu lượng' },
    ],
  });
  ingest = await startApp('ingest', ctx);
  pg = new Client({ connectionString: ctx.databaseUrl });
  await pg.connect();
});

afterAll(async () => {
  await ingest?.stop();
  await pg?.end();
  await ctx?.cleanup();
});

const heartbeat = (i: number) =>
  mosquittoPub(ctx.mqtt, `${ctx.topicRoot}/${AREA}/${GW}/${DEVICE}/status`, JSON.stringify({ id: `hb-${i}`, ts: new Date().toISOString() }));

async function transitions(): Promise<string[]> {
  const r = await pg.query(
    `SELECT from_status || '→' || to_status AS t FROM "${ctx.dbSchema}".device_status_transitions WHERE device_id = $1 ORDER BY at`,
    [DEVICE],
  );
  return r.rows.map((row) => row.t);
}

describe('registry restart', () => {
  it('catches up on the backlog without taking a reporting device offline', async () => {
    let registry = await startApp('registry', ctx, { REGISTRY_SWEEP_INTERVAL_MS: '100' });
    await heartbeat(0);
    await waitFor('the device online', async () => (await transitions()).length === 1);

    registry.kill();
    // While the registry is down: a burst of traffic from another device, then 5 s of the
    // camera's heartbeats (longer than its 2 s timeout). On restart the burst takes several
    // batches, with silence sweeps due in between; the camera's proof of life is behind it.
    const burst = await mqtt.connectAsync(ctx.mqtt.url, {
      protocolVersion: 5,
      clientId: `${ctx.id}-burst`,
      username: ctx.mqtt.gatewayUsername,
      password: ctx.mqtt.gatewayPassword,
    });
    await Promise.all(
      Array.from({ length: 5000 }, (_, i) =>
        burst.publishAsync(
          `${ctx.topicRoot}/${AREA}/${GW}/${BUSY}/telemetry`,
          JSON.stringify({ id: `t-${i}`, ts: new Date().toISOString(), intervalS: 60, intensity: i % 50 }),
          { qos: 1 },
        ),
      ),
    );
    await burst.endAsync();
    // The camera keeps reporting every 500 ms, through the restart, until the registry has
    // caught up: so only a sweep during the backlog (a bug) could take it offline, not the
    // time the registry takes to boot.
    let lastSent = 0;
    let reporting = true;
    const reporter = (async () => {
      for (let i = 1; reporting; i++) {
        lastSent = Date.now();
        await heartbeat(i);
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    await new Promise((r) => setTimeout(r, 5000));
    const restartedAt = Date.now();
    registry = await startApp('registry', ctx, { REGISTRY_SWEEP_INTERVAL_MS: '50', REGISTRY_BATCH_SIZE: '50' });
    await waitFor('the backlog to be applied', async () => {
      const r = await pg.query(`SELECT last_seen_at FROM "${ctx.dbSchema}".devices WHERE id = $1`, [DEVICE]);
      return new Date(r.rows[0].last_seen_at).getTime() >= Math.max(restartedAt, lastSent - 600);
    });
    reporting = false;
    await reporter;
    expect(await transitions()).toEqual(['unknown→online']);

    // Silence after the backlog is real: the device goes offline once, then comes back once.
    await waitFor('the device offline after real silence', async () => (await transitions()).length === 2, 6000);
    await heartbeat(99);
    await waitFor('the device back online', async () => (await transitions()).length === 3);
    expect(await transitions()).toEqual(['unknown→online', 'online→offline', 'offline→online']);
    await registry.stop();
  });
});
