// `npm run bench -- pipeline`: the live pipeline on this machine, with the real services, in
// a run of its own (prefixes, schemas and topic root like a test run). Apps from dist/ with
// LOG_LEVEL=warn: ingest, registry, incident and realtime (the services every device
// message or state change goes through).
//
// BENCH_MODE (default `sustained`):
//   sustained  1. raw Mosquitto QoS 1 (one publisher, a sliding window of 500 in flight, one
//                 subscriber, 257-byte messages): the ceiling, measured in the same run;
//              2. the simulator at BENCH_RATE (8000) msg/s for BENCH_DURATION_S (300) s, every
//                 acknowledged id checked in JetStream (lost, duplicated), state-change probes
//                 timed publish → Socket.IO push from the first second, per-stage quantiles,
//                 CPU and RSS per process;
//              3. alarms first: BENCH_BACKLOG (100,000) heartbeats queued while ingest is
//                 stopped, ingest started, BENCH_ALARMS (50) tamper alarms published at once,
//                 each timed to its incident push (opened or repeated); the backlog's drain rate.
//                 BENCH_ALARM_ROUNDS (1) times over, and p50/p99 over every round's alarms.
//   ramp       the load of 2. at each rate of BENCH_RAMP (6000,8000,10000,12000) for
//              BENCH_STEP_S (300) s, until a step loses or duplicates a message, misses a
//              probe, or has p99 over 250 ms: the highest rate that held.
//   soak       the load of 2. at BENCH_RATE for BENCH_DURATION_S (set 1800), RSS of every
//              process once a second: maximum and trend (MB/h), a row per 5 minutes.
// Prints a Markdown report and writes it to $TMPDIR/ioc-bench-pipeline-<mode>.md.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connect } from 'nats';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { demoProvince } from '@ioc/demo-province';
import { natsStreams, OPS_EVENTS, OPS_NAMESPACE, type OpsAck, type OpsDeviceStatus, type OpsIncident } from '@ioc/contracts';
import { envInt, loadConfig, signAccessToken } from '@ioc/platform';
import {
  AppProcess,
  commonEnv,
  freePort,
  incidentEnv,
  ingestEnv,
  inheritedEnv,
  registryEnv,
  repoRoot,
  waitFor,
  type TestContext,
} from '@ioc/testing';
import {
  benchContext,
  checkIds,
  gatewayClient,
  HeapSampler,
  percentile,
  publishWindowed,
  round,
  stageCounts,
  stageDelta,
  stageRows,
  trendMbPerHour,
  UsageSampler,
  usageRows,
  watchApps,
  watchServers,
  type HeapSample,
  type IdCheck,
  type Usage,
} from './bench-kit';

const run = promisify(execFile);
const config = loadConfig(
  z.object({
    BENCH_MODE: z.enum(['sustained', 'ramp', 'soak']).default('sustained'),
    BENCH_RATE: envInt(8000, 1, 1_000_000),
    BENCH_DURATION_S: envInt(300, 10, 24 * 3600),
    BENCH_RAMP: z
      .string()
      .default('6000,8000,10000,12000')
      .transform((v) => v.split(',').map((r) => Number(r.trim())))
      .refine((rates) => rates.length > 0 && rates.every((r) => Number.isInteger(r) && r > 0), 'a comma-separated list of rates, e.g. 6000,8000,10000'),
    BENCH_STEP_S: envInt(300, 10, 3600),
    BENCH_RAW_MESSAGES: envInt(200_000, 1000, 10_000_000),
    BENCH_PROBES: envInt(200, 1, 10_000),
    BENCH_INGEST_SESSIONS: envInt(4, 1, 64),
    BENCH_BACKLOG: envInt(100_000, 1000, 10_000_000),
    BENCH_ALARMS: envInt(50, 1, 1000),
    BENCH_ALARM_ROUNDS: envInt(1, 1, 100),
  }),
);
const ROOT = repoRoot();
/** Ingest, incident and registry run with a bounded heap, as docker-compose.yml, deploy/k8s and `npm start` run them (decision 0026). */
const APP_HEAP_LIMIT = { NODE_OPTIONS: '--max-old-space-size=128' };
const REGISTRY_HEAP_LIMIT = { NODE_OPTIONS: '--max-old-space-size=160' };
const IN_FLIGHT = 500;
const TARGET_P99_MS = 250;
const demo = demoProvince();
/** The simulator leaves out the last key area: the probes and alarms use its devices. */
const lastArea = demo.areas[demo.areas.length - 1].code;

interface Platform {
  ctx: TestContext;
  apps: Map<string, AppProcess>;
  socket: Socket;
  jwtSecret: string;
  stream: string;
}

const appList = (p: Platform) => [...p.apps.values()];

async function streamLastSeq(p: Platform): Promise<number> {
  const nc = await connect({ servers: p.ctx.natsUrl });
  try {
    return (await (await nc.jetstreamManager()).streams.info(p.stream)).state.last_seq;
  } finally {
    await nc.close();
  }
}

/** Messages still waiting for the registry's and incident's consumers of the device stream. */
async function consumerBacklog(p: Platform): Promise<number> {
  const nc = await connect({ servers: p.ctx.natsUrl });
  try {
    const jsm = await nc.jetstreamManager();
    let n = 0;
    // The services' durables only: the ordered consumer a previous id check read the stream
    // with lingers until the server drops it (minutes), its whole range still "pending".
    for await (const c of jsm.consumers.list(p.stream)) if (c.config.durable_name) n += c.num_pending + c.num_ack_pending;
    return n;
  } finally {
    await nc.close();
  }
}

async function rawMosquitto(ctx: TestContext): Promise<{ msgPerS: number; received: number }> {
  const topic = `${ctx.id}/raw/bench`;
  const sub = await gatewayClient(ctx, 'raw-sub');
  let received = 0;
  sub.on('message', () => received++);
  await sub.subscribeAsync(topic, { qos: 1 });
  const pub = await gatewayClient(ctx, 'raw-pub');
  const payload = Buffer.alloc(257, 'x');
  const started = Date.now();
  await publishWindowed(config.BENCH_RAW_MESSAGES, IN_FLIGHT, () => pub.publishAsync(topic, payload, { qos: 1 }));
  await waitFor('raw messages to arrive', () => received >= config.BENCH_RAW_MESSAGES, 60_000, 20).catch(() => undefined);
  const seconds = (Date.now() - started) / 1000;
  await pub.endAsync();
  await sub.endAsync();
  return { msgPerS: Math.round(received / seconds), received };
}

async function startPlatform(): Promise<Platform> {
  const ctx = await benchContext(['incident']);
  // Realtime verifies the /ops handshake with a secret of this run; the probe client
  // carries a token signed with it, as the api would sign an operator's.
  const jwtSecret = randomBytes(32).toString('hex');
  const quiet = { LOG_LEVEL: 'warn' };
  const apps = new Map<string, AppProcess>();
  apps.set('registry', await new AppProcess('registry', registryEnv(ctx, { ...quiet, ...REGISTRY_HEAP_LIMIT }), await freePort()).start());
  apps.set('incident', await new AppProcess('incident', incidentEnv(ctx, { ...quiet, ...APP_HEAP_LIMIT }), await freePort()).start());
  apps.set('ingest', await new AppProcess('ingest', ingestEnv(ctx, { ...quiet, ...APP_HEAP_LIMIT, MQTT_CONNECTIONS: String(config.BENCH_INGEST_SESSIONS), MQTT_ALARM_CONNECTIONS: '2' }), await freePort()).start());
  apps.set('realtime', await new AppProcess('realtime', { ...commonEnv(ctx), ...quiet, JWT_SECRET: jwtSecret }, await freePort()).start());
  const token = signAccessToken(
    jwtSecret,
    { userId: 'bench-operator', username: 'bench-operator', role: 'operator', scope: { all: true, areas: [], districts: [] } },
    24 * 3600,
  );
  const socket = io(`${apps.get('realtime')?.url}${OPS_NAMESPACE}`, { transports: ['websocket'], auth: { token } });
  const ack: OpsAck = await socket.timeout(10_000).emitWithAck(OPS_EVENTS.subscribe, { areas: [lastArea] });
  if (!ack.ok) throw new Error(`the probe's subscription was refused: ${ack.error.code}: ${ack.error.message}`);
  return { ctx, apps, socket, jwtSecret, stream: natsStreams(ctx.natsPrefix).device.name };
}

interface LoadResult {
  rate: number;
  durationS: number;
  ids: IdCheck;
  latencies: number[];
  /** Probes over the target: second of the run they were published at, and their latency. */
  slow: { atS: number; ms: number }[];
  missed: number;
  stages: string[];
  usage: Usage[];
  backlogAfter: number;
  /** Seconds after the simulator stopped until the consumers had nothing pending. */
  settleS: number;
}

const passes = (r: LoadResult) => r.ids.lost === 0 && r.ids.duplicated === 0 && r.missed === 0 && percentile(r.latencies, 99) <= TARGET_P99_MS;

/**
 * The simulator (216 demo devices) at `rate` for `durationS`, every acknowledged id logged;
 * meanwhile a camera of the last key area toggles recording, each toggle a state change
 * timed from just before its publish to its push, from the first second on.
 */
async function load(p: Platform, rate: number, durationS: number): Promise<LoadResult> {
  const { ctx, socket } = p;
  const ackedLog = join(tmpdir(), `${ctx.id}-acked-${rate}-${Date.now()}.log`);
  const seqBefore = await streamLastSeq(p);
  const stagesBefore = await stageCounts(appList(p));
  const sampler = new UsageSampler([...watchApps(appList(p)), ...watchServers()]);
  const sim = run(
    process.execPath,
    [
      join(ROOT, 'dist/apps/simulator/src/main.js'),
      ...['--url', ctx.mqtt.url, '--root', ctx.topicRoot, '--username', ctx.mqtt.gatewayUsername],
      ...['--areas', String(demo.areas.length - 1), '--acked-log', ackedLog],
      ...['--rate', String(rate), '--duration-s', String(durationS), '--outages', 'off', '--client-prefix', `${ctx.id}-sim-${rate}`, '--seed', 'bench'],
    ],
    // The password by environment: a command line is visible to everyone in `ps`.
    { maxBuffer: 256 * 1024 * 1024, env: { ...inheritedEnv(), MQTT_DEMO_GATEWAY_PASSWORD: ctx.mqtt.gatewayPassword } },
  );

  const probe = demo.devices.find((d) => d.kind === 'camera' && d.areaCode === lastArea);
  if (!probe) throw new Error(`no camera in ${lastArea} to probe with`);
  const probeClient = await gatewayClient(ctx, `probe-${rate}-${Date.now()}`);
  const latencies: number[] = [];
  const slow: { atS: number; ms: number }[] = [];
  const loadStarted = performance.now();
  let missed = 0;
  const spacingMs = (durationS * 1000 - 2000) / config.BENCH_PROBES;
  const runId = Date.now().toString(36);
  for (let i = 0; i < config.BENCH_PROBES; i++) {
    const started = performance.now();
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
      JSON.stringify({ id: `probe-${runId}-${i}`, ts: new Date().toISOString(), recording }),
      { qos: 1 },
    );
    const arrived = await Promise.race([pushed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
    const ms = performance.now() - t0;
    if (arrived) latencies.push(ms);
    else missed++;
    if (!arrived || ms > TARGET_P99_MS) slow.push({ atS: Math.round((t0 - loadStarted) / 100) / 10, ms: arrived ? Math.round(ms) : Number.POSITIVE_INFINITY });
    await new Promise((r) => setTimeout(r, Math.max(0, spacingMs - (performance.now() - started))));
  }
  await sim;
  await probeClient.endAsync();
  const stopped = Date.now();
  // Caught up: the broker's queue drained into the stream (it stops growing) and every
  // consumer has read it. Checking ids earlier would count what is still queued as lost.
  let lastSeq = -1;
  await waitFor(
    'the broker queue and the consumers to catch up',
    async () => {
      const seq = await streamLastSeq(p);
      const still = seq === lastSeq;
      lastSeq = seq;
      return still && (await consumerBacklog(p)) === 0;
    },
    600_000,
    2000,
  ).catch(() => undefined);
  const settleS = (Date.now() - stopped) / 1000;
  const usage = sampler.stop();
  const backlogAfter = await consumerBacklog(p);
  const stages = stageRows(stageDelta(await stageCounts(appList(p)), stagesBefore));
  const ids = await checkIds(ctx.natsUrl, p.stream, seqBefore, ackedLog);
  rmSync(ackedLog, { force: true });
  latencies.sort((a, b) => a - b);
  return { rate, durationS, ids, latencies, slow, missed, stages, usage, backlogAfter, settleS };
}

function loadRows(r: LoadResult): string[] {
  const l = r.latencies;
  return [
    `| device messages offered by the simulator | ${r.rate} msg/s for ${r.durationS} s |`,
    `| acknowledged by the broker, each id looked up in JetStream | ${r.ids.acknowledged}: lost ${r.ids.lost}, duplicated ${r.ids.duplicated}${r.ids.lostExamples.length ? ` (e.g. ${r.ids.lostExamples.join(', ')})` : ''} |`,
    `| stored in JetStream (ids), of which not from the simulator (probes) | ${r.ids.stored}, ${r.ids.storedOnlyHere} |`,
    `| publish → Socket.IO push of state changes, from the first second (n=${l.length}) | p50 ${round(percentile(l, 50), 1)} ms, p99 ${round(percentile(l, 99), 1)} ms, max ${round(l.at(-1) ?? Number.NaN, 1)} ms |`,
    `| state changes not pushed within 5 s | ${r.missed} |`,
    `| probes over ${TARGET_P99_MS} ms or not pushed (second of the run: ms) | ${r.slow.length === 0 ? 'none' : r.slow.slice(0, 40).map((s) => `${s.atS}: ${Number.isFinite(s.ms) ? s.ms : '> 5 s'}`).join(', ') + (r.slow.length > 40 ? ` … (${r.slow.length})` : '')} |`,
    `| consumers' backlog once the load stopped: caught up after | ${round(r.settleS, 1)} s (left: ${r.backlogAfter}) |`,
  ];
}

function stageTable(rows: string[]): string[] {
  return ['| stage | messages | p50 | p99 |', '| --- | --- | --- | --- |', ...rows];
}

/** CPU and RSS per process over a load; the CPU per device message acknowledged, with the total. */
function usageTable(usage: Usage[], messages: number): string[] {
  const total: Usage = { name: '**total**', cores: 0, cpuS: 0, rssMaxMb: Number.NaN, rssSeries: [] };
  for (const u of usage) {
    total.cores += u.cores;
    total.cpuS += u.cpuS;
  }
  return [
    '| process | CPU (cores, average) | CPU per device message | RSS (max) |',
    '| --- | --- | --- | --- |',
    ...usageRows([...usage, total], messages),
  ];
}

/** 3. Alarms first: a backlog of heartbeats queued for a stopped ingest, then alarms right after its start. */
async function alarmsUnderBacklog(p: Platform): Promise<{ rows: string[]; latencies: number[] }> {
  const { ctx, socket } = p;
  const ingest = p.apps.get('ingest');
  if (!ingest) throw new Error('no ingest');
  await ingest.stop();
  // The restarted ingest's counters start at zero: the others' are read before, and subtracted.
  const stagesBefore = await stageCounts(appList(p).filter((a) => a !== ingest));
  const devices = demo.devices.filter((d) => d.areaCode !== lastArea);
  const pub = await gatewayClient(ctx, 'backlog-pub');
  const queuedAt = Date.now();
  await publishWindowed(config.BENCH_BACKLOG, IN_FLIGHT, (i) => {
    const d = devices[i % devices.length];
    return pub.publishAsync(`${ctx.topicRoot}/${d.areaCode}/${d.gatewayId}/${d.id}/status`, JSON.stringify({ id: `hb-${queuedAt}-${i}`, ts: new Date().toISOString(), online: true }), { qos: 1 });
  });
  await pub.endAsync();
  const queueS = (Date.now() - queuedAt) / 1000;

  // One tamper start per camera (the last area's first, which the simulator left out): it
  // opens an incident, or repeats one the simulator's events opened; either is pushed.
  const cameras = demo.devices.filter((d) => d.kind === 'camera').sort((a, b) => Number(b.areaCode === lastArea) - Number(a.areaCode === lastArea));
  if (config.BENCH_ALARMS > cameras.length) throw new Error(`BENCH_ALARMS (${config.BENCH_ALARMS}) exceeds the ${cameras.length} cameras of the demo province`);
  const subscribed: OpsAck = await socket.timeout(10_000).emitWithAck(OPS_EVENTS.subscribe, { areas: '*' });
  if (!subscribed.ok) throw new Error(`subscribing to every area was refused: ${subscribed.error.message}`);
  const pushedAt = new Map<string, number>();
  const onIncident = (e: OpsIncident) => {
    if (e.incident.type === 'tamper' && e.incident.deviceId && !pushedAt.has(e.incident.deviceId)) pushedAt.set(e.incident.deviceId, performance.now());
  };
  socket.on(OPS_EVENTS.incidentOpened, onIncident);
  socket.on(OPS_EVENTS.incidentUpdated, onIncident);
  const seqBefore = await streamLastSeq(p);
  const restarted = performance.now();
  await ingest.start();
  const healthyS = (performance.now() - restarted) / 1000;
  const alarmClient = await gatewayClient(ctx, 'alarm-pub');
  const sentAt: { device: string; at: number }[] = [];
  for (const [i, camera] of cameras.slice(0, config.BENCH_ALARMS).entries()) {
    sentAt.push({ device: camera.id, at: performance.now() });
    await alarmClient.publishAsync(
      `${ctx.topicRoot}/${camera.areaCode}/${camera.gatewayId}/${camera.id}/event`,
      JSON.stringify({ id: `alarm-${queuedAt}-${i}`, ts: new Date().toISOString(), type: 'tamper', state: 'start' }),
      { qos: 1 },
    );
  }
  await alarmClient.endAsync();
  await waitFor('every alarm pushed', () => sentAt.every((s) => pushedAt.has(s.device)), 30_000, 20).catch(() => undefined);
  const alarmLatencies = sentAt.filter((s) => pushedAt.has(s.device)).map((s) => (pushedAt.get(s.device) ?? 0) - s.at).sort((a, b) => a - b);
  const notPushed = sentAt.length - alarmLatencies.length;
  await waitFor('the backlog to drain', async () => (await streamLastSeq(p)) - seqBefore >= config.BENCH_BACKLOG + config.BENCH_ALARMS, 600_000, 100);
  const drainS = (performance.now() - restarted) / 1000;
  const stages = stageRows(stageDelta(await stageCounts(appList(p)), stagesBefore));
  socket.off(OPS_EVENTS.incidentOpened, onIncident);
  socket.off(OPS_EVENTS.incidentUpdated, onIncident);
  const rows = [
    `| heartbeats queued in the broker while ingest was stopped | ${config.BENCH_BACKLOG} (queued in ${round(queueS, 1)} s) |`,
    `| ingest start → healthy | ${round(healthyS, 1)} s |`,
    `| ${sentAt.length} tamper alarms published right after the start → incident push (opened or repeated) | p50 ${round(percentile(alarmLatencies, 50), 1)} ms, p99 ${round(percentile(alarmLatencies, 99), 1)} ms, max ${round(alarmLatencies.at(-1) ?? Number.NaN, 1)} ms; not pushed within 30 s: ${notPushed} |`,
    `| the backlog drained into JetStream by one ingest (start included) | ${round(drainS, 1)} s, ${Math.round(config.BENCH_BACKLOG / drainS)} msg/s |`,
    '',
    'Stages from the ingest restart to the end of the drain:',
    '',
    ...stageTable(stages),
  ];
  return { rows, latencies: alarmLatencies };
}

/** The alarm phase BENCH_ALARM_ROUNDS times over: each round's rows, then the quantiles over every alarm. */
async function alarmRounds(p: Platform): Promise<string[]> {
  const rows: string[] = [];
  const all: number[] = [];
  for (let n = 1; n <= config.BENCH_ALARM_ROUNDS; n++) {
    const r = await alarmsUnderBacklog(p);
    if (config.BENCH_ALARM_ROUNDS > 1) rows.push('', `Alarm round ${n} of ${config.BENCH_ALARM_ROUNDS}:`, '', '| measure | result |', '| --- | --- |');
    rows.push(...r.rows);
    all.push(...r.latencies);
  }
  if (config.BENCH_ALARM_ROUNDS === 1) return rows;
  all.sort((a, b) => a - b);
  const pushed = `${all.length} of ${config.BENCH_ALARM_ROUNDS * config.BENCH_ALARMS}`;
  return [...rows, '', `Alarms over the ${config.BENCH_ALARM_ROUNDS} rounds (${pushed} pushed): p50 ${round(percentile(all, 50), 1)} ms, p99 ${round(percentile(all, 99), 1)} ms, max ${round(all.at(-1) ?? Number.NaN, 1)} ms.`];
}

function header(title: string, command: string): string[] {
  return [
    `## ${title}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average at the end ${loadavg().map((l) => l.toFixed(1)).join(', ')} (1, 5, 15 min: above 2 means other work shared the cores).`,
    `Command: \`${command}\`. Ingest with ${config.BENCH_INGEST_SESSIONS} MQTT sessions (+2 for alarms); registry, incident, realtime; LOG_LEVEL=warn; ingest and incident with ${APP_HEAP_LIMIT.NODE_OPTIONS}, registry with ${REGISTRY_HEAP_LIMIT.NODE_OPTIONS}.`,
    '',
  ];
}

async function sustained(p: Platform): Promise<string[]> {
  const raw = await rawMosquitto(p.ctx);
  const r = await load(p, config.BENCH_RATE, config.BENCH_DURATION_S);
  const alarms = await alarmRounds(p);
  return [
    ...header('Pipeline benchmark', `${config.BENCH_ALARM_ROUNDS > 1 ? `BENCH_ALARM_ROUNDS=${config.BENCH_ALARM_ROUNDS} ` : ''}BENCH_RATE=${config.BENCH_RATE} BENCH_DURATION_S=${config.BENCH_DURATION_S} npm run bench -- pipeline`),
    `Verdict: ${passes(r) ? 'held' : 'did not hold'} ${r.rate} msg/s for ${r.durationS} s (0 lost, 0 duplicated, every probe pushed, p99 ≤ ${TARGET_P99_MS} ms).`,
    '',
    '| measure | result |',
    '| --- | --- |',
    `| raw Mosquitto QoS 1, ${config.BENCH_RAW_MESSAGES} × 257 B, 1 publisher (sliding window of ${IN_FLIGHT}) → 1 subscriber, same run | ${raw.msgPerS} msg/s |`,
    ...loadRows(r),
    `| pipeline ÷ raw Mosquitto (offered rate held ÷ raw) | ${round(r.rate / raw.msgPerS, 2)} |`,
    ...alarms,
    '',
    ...stageTable(r.stages),
    '',
    ...usageTable(r.usage, r.ids.acknowledged),
  ];
}

async function ramp(p: Platform): Promise<string[]> {
  const raw = await rawMosquitto(p.ctx);
  const rows: string[] = [];
  let held: number | undefined;
  let last: LoadResult | undefined;
  for (const rate of config.BENCH_RAMP) {
    const r = await load(p, rate, config.BENCH_STEP_S);
    last = r;
    const l = r.latencies;
    rows.push(
      `| ${rate} | ${r.ids.acknowledged} | ${r.ids.lost} | ${r.ids.duplicated} | ${round(percentile(l, 50), 1)} / ${round(percentile(l, 99), 1)} ms | ${r.missed} | ${round(r.settleS, 1)} s | ${passes(r) ? 'held' : 'not held'} |`,
    );
    if (!passes(r)) break;
    held = rate;
  }
  return [
    ...header('Pipeline ramp', `BENCH_MODE=ramp BENCH_RAMP=${config.BENCH_RAMP.join(',')} BENCH_STEP_S=${config.BENCH_STEP_S} npm run bench -- pipeline`),
    `Highest rate held for ${config.BENCH_STEP_S} s: ${held ?? 'none'} msg/s; raw Mosquitto in the same run ${raw.msgPerS} msg/s (ratio ${held ? round(held / raw.msgPerS, 2) : '—'}).`,
    '',
    '| rate (msg/s) | acknowledged | lost | duplicated | push p50 / p99 | probes missed | caught up after | step |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...(last ? ['Stages of the last step:', '', ...stageTable(last.stages), '', ...usageTable(last.usage, last.ids.acknowledged)] : []),
  ];
}

const HEAP_EVERY_S = 30;

/**
 * Per 5-minute window, each app's smallest heap in use (after a collection, so what it
 * really holds), its largest heap reserved and its largest memory outside the heap (buffers).
 */
function heapTable(series: Map<string, HeapSample[]>, every: number): string[] {
  const perWindow = every / HEAP_EVERY_S;
  const windows = Math.max(1, Math.ceil(Math.max(...[...series.values()].map((s) => s.length)) / perWindow));
  const fmt = (n: number) => (Number.isFinite(n) ? String(Math.round(n)) : '–');
  const rows = [...series].map(([name, samples]) => {
    const cells = Array.from({ length: windows }, (_, w) => {
      const win = samples.slice(w * perWindow, (w + 1) * perWindow).filter((x) => Number.isFinite(x.usedMb));
      if (!win.length) return '–';
      return `${fmt(Math.min(...win.map((x) => x.usedMb)))} / ${fmt(Math.max(...win.map((x) => x.totalMb)))} / ${fmt(Math.max(...win.map((x) => x.externalMb)))}`;
    });
    return `| ${name} | ${cells.join(' | ')} |`;
  });
  return [
    `Heap per ${every / 60}-minute window, MB: least in use / most reserved / most outside the heap (read every ${HEAP_EVERY_S} s from /metrics).`,
    '',
    `| app | ${Array.from({ length: windows }, (_, w) => `${(w * every) / 60}–${((w + 1) * every) / 60} min`).join(' | ')} |`,
    `| --- | ${Array.from({ length: windows }, () => '---').join(' | ')} |`,
    ...rows,
  ];
}

async function soak(p: Platform): Promise<string[]> {
  const heap = new HeapSampler(appList(p), HEAP_EVERY_S);
  const r = await load(p, config.BENCH_RATE, config.BENCH_DURATION_S).finally(() => heap.stop());
  const every = 300;
  const marks = Array.from({ length: Math.floor(r.usage[0].rssSeries.length / every) + 1 }, (_, i) => i * every);
  const at = (series: number[], s: number) => Math.round(series[Math.min(series.length - 1, s)] ?? Number.NaN);
  return [
    ...header('Pipeline soak', `BENCH_MODE=soak BENCH_RATE=${config.BENCH_RATE} BENCH_DURATION_S=${config.BENCH_DURATION_S} npm run bench -- pipeline`),
    '| measure | result |',
    '| --- | --- |',
    ...loadRows(r),
    '',
    `| process | RSS max | trend (least squares) | ${marks.map((s) => `${s / 60} min`).join(' | ')} |`,
    `| --- | --- | --- | ${marks.map(() => '---').join(' | ')} |`,
    ...r.usage.map((u) => `| ${u.name} | ${Math.round(u.rssMaxMb)} MB | ${round(trendMbPerHour(u.rssSeries), 1)} MB/h | ${marks.map((s) => at(u.rssSeries, s)).join(' | ')} |`),
    '',
    ...heapTable(heap.series, every),
    '',
    ...stageTable(r.stages),
    '',
    ...usageTable(r.usage, r.ids.acknowledged),
  ];
}

async function main(): Promise<void> {
  const p = await startPlatform();
  try {
    const report = await { sustained, ramp, soak }[config.BENCH_MODE](p);
    const text = report.join('\n');
    console.log(text);
    writeFileSync(join(tmpdir(), `ioc-bench-pipeline-${config.BENCH_MODE}.md`), text + '\n');
  } finally {
    p.socket.close();
    await Promise.all(appList(p).map((a) => a.stop()));
    await p.ctx.cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
