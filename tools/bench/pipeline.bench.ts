// `npm run bench`: measures the live pipeline against DESIGN.md §6 on this machine, with the
// real services, in a run of its own (prefixes, schema and topic root like a test run):
//   1. raw Mosquitto QoS 1 throughput (one publisher with a sliding window of 500 in flight,
//      one subscriber, 257-byte messages),
//   2. sustained device messages through ingest → JetStream → registry at a target rate,
//      with loss counted and each app's resident memory,
//   3. latency from MQTT publish to the Socket.IO client for state changes (p50/p99).
// Prints a Markdown report. Options: BENCH_RATE (5000), BENCH_DURATION_S (60),
// BENCH_RAW_MESSAGES (100000), BENCH_PROBES (200), BENCH_INGEST_SESSIONS (4), BENCH_BACKLOG (50000).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { connect } from 'nats';
import { io } from 'socket.io-client';
import { demoProvince } from '@ioc/demo-province';
import { natsStreams, OPS_EVENTS, OPS_NAMESPACE, type OpsAck, type OpsDeviceStatus } from '@ioc/contracts';
import { z } from 'zod';
import { envInt, loadConfig, signAccessToken } from '@ioc/platform';
import { AppProcess, commonEnv, createTestContext, freePort, ingestEnv, inheritedEnv, registryEnv, repoRoot, waitFor, type TestContext } from '@ioc/testing';

const run = promisify(execFile);
const config = loadConfig(
  z.object({
    BENCH_RATE: envInt(5000, 1, 1_000_000),
    BENCH_DURATION_S: envInt(60, 10, 3600),
    BENCH_RAW_MESSAGES: envInt(100_000, 1000, 10_000_000),
    BENCH_PROBES: envInt(200, 1, 10_000),
    BENCH_INGEST_SESSIONS: envInt(4, 1, 64),
    BENCH_BACKLOG: envInt(50_000, 1000, 10_000_000),
  }),
);
const RATE = config.BENCH_RATE;
const DURATION_S = config.BENCH_DURATION_S;
const RAW_MESSAGES = config.BENCH_RAW_MESSAGES;
const PROBES = config.BENCH_PROBES;
const SESSIONS = config.BENCH_INGEST_SESSIONS;
const BACKLOG = config.BENCH_BACKLOG;
const ROOT = repoRoot();

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function gatewayClient(ctx: TestContext, id: string) {
  return mqtt.connectAsync(ctx.mqtt.url, {
    protocolVersion: 5,
    clientId: `${ctx.id}-${id}`,
    username: ctx.mqtt.gatewayUsername,
    password: ctx.mqtt.gatewayPassword,
  });
}

/**
 * Publishes `count` messages with at most `inFlight` unacknowledged at any time: a sliding
 * window (a new publish as soon as any one is acknowledged), not batches waited for in turn,
 * which leave the broker idle at every batch's tail and under-report what it can take.
 */
async function publishWindowed(count: number, inFlight: number, publish: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await publish(next++);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, lane));
}

const IN_FLIGHT = 500;

/** 1. Raw broker throughput, the ceiling the pipeline is compared with. */
async function rawMosquitto(ctx: TestContext): Promise<{ msgPerS: number; received: number }> {
  const topic = `${ctx.id}/raw/bench`;
  const sub = await gatewayClient(ctx, 'raw-sub');
  let received = 0;
  sub.on('message', () => received++);
  await sub.subscribeAsync(topic, { qos: 1 });
  const pub = await gatewayClient(ctx, 'raw-pub');
  const payload = Buffer.alloc(257, 'x');
  const started = Date.now();
  await publishWindowed(RAW_MESSAGES, IN_FLIGHT, () => pub.publishAsync(topic, payload, { qos: 1 }));
  await waitFor('raw messages to arrive', () => received >= RAW_MESSAGES, 60_000, 20).catch(() => undefined);
  const seconds = (Date.now() - started) / 1000;
  await pub.endAsync();
  await sub.endAsync();
  return { msgPerS: Math.round(received / seconds), received };
}

async function streamMessages(ctx: TestContext): Promise<number> {
  const nc = await connect({ servers: ctx.natsUrl });
  const n = (await (await nc.jetstreamManager()).streams.info(natsStreams(ctx.natsPrefix).device.name)).state.messages;
  await nc.close();
  return n;
}

/** Ends persistent MQTT sessions (clean start, expiry 0) so the broker forgets them. */
async function dropSessions(ctx: TestContext, clientIds: string[]): Promise<void> {
  for (const clientId of clientIds) {
    const c = await mqtt.connectAsync(ctx.mqtt.url, {
      protocolVersion: 5,
      clientId,
      clean: true,
      username: ctx.mqtt.ingestUsername,
      password: ctx.mqtt.ingestPassword,
      properties: { sessionExpiryInterval: 0 },
    });
    await c.endAsync();
  }
}

/**
 * 4. Recovery: how fast one ingest drains a backlog the broker queued while it was down
 *    (BENCH_BACKLOG messages for 200 devices), i.e. how long an ingest outage takes to heal.
 */
async function ingestDrain(ctx: TestContext): Promise<{ msgPerS: number; seconds: number }> {
  // Its own share group and client ids: sessions of an absent group member keep receiving
  // their share, so these must not share a group with the pipeline's ingest below.
  const env = ingestEnv(ctx, {
    LOG_LEVEL: 'warn',
    MQTT_CONNECTIONS: String(SESSIONS),
    MQTT_CLIENT_ID: `${ctx.id}-drain`,
    MQTT_SHARE_GROUP: `${ctx.id}-drain`,
  });
  // A first start creates the persistent sessions; while stopped, the broker queues for them.
  await (await new AppProcess('ingest', env, await freePort()).start()).stop();
  const pub = await gatewayClient(ctx, 'drain-pub');
  await publishWindowed(BACKLOG, IN_FLIGHT, (i) =>
    pub.publishAsync(`${ctx.topicRoot}/DRAIN/GW-DRAIN/D${i % 200}/status`, JSON.stringify({ id: `d-${i}`, ts: new Date().toISOString(), online: true }), { qos: 1 }),
  );
  await pub.endAsync();
  const nc = await connect({ servers: ctx.natsUrl });
  const jsm = await nc.jetstreamManager();
  const stream = natsStreams(ctx.natsPrefix).device.name;
  const before = (await jsm.streams.info(stream)).state.messages;
  const started = Date.now();
  const ingest = await new AppProcess('ingest', env, await freePort()).start();
  await waitFor('the backlog to drain', async () => (await jsm.streams.info(stream)).state.messages >= before + BACKLOG, 300_000, 100);
  const seconds = (Date.now() - started) / 1000;
  await ingest.stop();
  await nc.close();
  await dropSessions(ctx, Array.from({ length: SESSIONS }, (_, i) => `${ctx.id}-drain-${i}`));
  return { msgPerS: Math.round(BACKLOG / seconds), seconds };
}

async function main(): Promise<void> {
  await run(process.execPath, [join(ROOT, 'tools', 'build.mjs')]);
  const ctx = await createTestContext();
  const apps: AppProcess[] = [];
  const report: string[] = [];
  try {
    const env = { ...inheritedEnv(), ...commonEnv(ctx) };
    await run(process.execPath, [join(ROOT, 'dist/apps/registry/src/migrate.js')], { env });
    await run(process.execPath, [join(ROOT, 'dist/apps/registry/src/seed.js'), '--demo'], { env });

    const raw = await rawMosquitto(ctx);
    const drain = await ingestDrain(ctx);

    const registry = await new AppProcess('registry', registryEnv(ctx, { LOG_LEVEL: 'warn' }), await freePort()).start();
    const ingest = await new AppProcess('ingest', ingestEnv(ctx, { LOG_LEVEL: 'warn', MQTT_CONNECTIONS: String(SESSIONS) }), await freePort()).start();
    // Realtime verifies the /ops handshake with a secret of this run; the probe client
    // carries a token signed with it, as the api would sign an operator's.
    const jwtSecret = randomBytes(32).toString('hex');
    const realtime = await new AppProcess('realtime', { ...commonEnv(ctx), JWT_SECRET: jwtSecret, LOG_LEVEL: 'warn' }, await freePort()).start();
    apps.push(registry, ingest, realtime);

    const storedBefore = await streamMessages(ctx);
    // 2. Sustained load from the simulator (216 demo devices) at RATE messages/s.
    const sim = run(
      process.execPath,
      [
        join(ROOT, 'dist/apps/simulator/src/main.js'),
        ...['--url', ctx.mqtt.url, '--root', ctx.topicRoot, '--username', ctx.mqtt.gatewayUsername],
        ...['--areas', String(demoProvince().areas.length - 1)],
        ...['--rate', String(RATE), '--duration-s', String(DURATION_S), '--outages', 'off', '--client-prefix', `${ctx.id}-sim`, '--seed', 'bench'],
      ],
      // The password by environment: a command line is visible to everyone in `ps`.
      { maxBuffer: 64 * 1024 * 1024, env: { ...inheritedEnv(), MQTT_DEMO_GATEWAY_PASSWORD: ctx.mqtt.gatewayPassword } },
    );

    // 3. Meanwhile, a probe camera toggles recording on and off; each toggle is a state
    //    change whose push is timed from just before its MQTT publish.
    // The probe is a camera of the last key area, which the simulator leaves out.
    const demo = demoProvince();
    const lastArea = demo.areas[demo.areas.length - 1].code;
    const probe = demo.devices.find((d) => d.kind === 'camera' && d.areaCode === lastArea);
    if (!probe) throw new Error(`no camera in ${lastArea} to probe with`);
    const token = signAccessToken(
      jwtSecret,
      { userId: 'bench-operator', username: 'bench-operator', role: 'operator', scope: { all: true, areas: [], districts: [] } },
      DURATION_S + 3600,
    );
    const socket = io(`${realtime.url}${OPS_NAMESPACE}`, { transports: ['websocket'], auth: { token } });
    const ack: OpsAck = await socket.timeout(10_000).emitWithAck(OPS_EVENTS.subscribe, { areas: [probe.areaCode] });
    if (!ack.ok) throw new Error(`the probe's subscription was refused: ${ack.error.code}: ${ack.error.message}`);
    const probeClient = await gatewayClient(ctx, 'probe');
    const latencies: number[] = [];
    const missed: number[] = [];
    const rss: Record<string, number[]> = { ingest: [], registry: [], realtime: [] };
    const sampler = setInterval(() => {
      for (const a of apps) rss[a.name].push(a.rssMb());
    }, 1000);
    await new Promise((r) => setTimeout(r, 3000)); // let the load settle
    for (let i = 0; i < PROBES; i++) {
      const recording = i % 2 === 1;
      const pushed = new Promise<void>((resolve) => {
        const handler = (e: OpsDeviceStatus) => {
          if (e.deviceId === probe.id && e.to === (recording ? 'online' : 'degraded')) {
            socket.off(OPS_EVENTS.deviceStatus, handler);
            resolve();
          }
        };
        socket.on(OPS_EVENTS.deviceStatus, handler);
      });
      const t0 = performance.now();
      await probeClient.publishAsync(
        `${ctx.topicRoot}/${probe.areaCode}/${probe.gatewayId}/${probe.id}/status`,
        JSON.stringify({ id: `probe-${i}`, ts: new Date().toISOString(), recording }),
        { qos: 1 },
      );
      const arrived = await Promise.race([pushed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
      if (arrived) latencies.push(performance.now() - t0);
      else missed.push(i);
      await new Promise((r) => setTimeout(r, Math.max(0, (DURATION_S * 1000 - 6000) / PROBES - 20)));
    }
    const simResult = await sim;
    clearInterval(sampler);
    await probeClient.endAsync();
    socket.close();

    // Zero loss: every message the simulator had acknowledged is in JetStream, once.
    const sent = (simResult.stdout.match(/"acked":(\d+)/g) ?? []).map((m) => Number(m.split(':')[1])).pop() ?? Number.NaN;
    const nc = await connect({ servers: ctx.natsUrl });
    const jsm = await nc.jetstreamManager();
    const stream = natsStreams(ctx.natsPrefix).device.name;
    let stored = 0;
    await waitFor('the stream to stop growing', async () => {
      const n = (await jsm.streams.info(stream)).state.messages - storedBefore;
      const settled = n === stored && n > 0;
      stored = n;
      return settled;
    }, 60_000, 1000);
    const consumer = await jsm.consumers.info(stream, 'registry');
    await nc.close();

    latencies.sort((a, b) => a - b);
    const max = (xs: number[]) => Math.round(Math.max(...xs.filter(Number.isFinite)));
    report.push(
      `## Pipeline benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      '',
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
      `Command: \`BENCH_RATE=${RATE} BENCH_DURATION_S=${DURATION_S} npm run bench\`. Apps run from dist/ with LOG_LEVEL=warn, ingest with ${SESSIONS} MQTT sessions.`,
      '',
      '| measure | target (DESIGN §6) | result |',
      '| --- | --- | --- |',
      `| raw Mosquitto QoS 1, ${RAW_MESSAGES} × 257 B, 1 publisher (sliding window of ${IN_FLIGHT} in flight) → 1 subscriber | (reference) | ${raw.msgPerS} msg/s, ${raw.received} received |`,
      `| device messages offered by the simulator | ≥ 5,000 msg/s | ${RATE} msg/s for ${DURATION_S} s |`,
      `| acknowledged by the broker (simulator) / stored in JetStream (with the probes and presence) | zero loss | ${sent} / ${stored} |`,
      `| registry backlog at the end (pending + unacked) | — | ${consumer.num_pending + consumer.num_ack_pending} |`,
      `| publish → Socket.IO push, state changes (n=${latencies.length}) | p99 ≤ 250 ms | p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms |`,
      `| state changes not pushed within 5 s | none | ${missed.length ? missed.map((i) => 'probe ' + i).join(', ') : 'none'} |`,
      `| one ingest draining ${BACKLOG} messages queued while it was down (incl. its ~1 s start) | — | ${drain.msgPerS} msg/s, ${drain.seconds.toFixed(1)} s |`,
      `| pipeline ÷ raw Mosquitto, same run: offered rate, one ingest's drain | — | ${(RATE / raw.msgPerS).toFixed(2)}, ${(drain.msgPerS / raw.msgPerS).toFixed(2)} |`,
      `| resident memory, max over the run | ≤ 250 MB each | ingest ${max(rss.ingest)} MB, registry ${max(rss.registry)} MB, realtime ${max(rss.realtime)} MB |`,
    );
    const text = report.join('\n');
    console.log(text);
    writeFileSync(join(tmpdir(), 'ioc-bench-pipeline.md'), text + '\n');
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
    await ctx.cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
