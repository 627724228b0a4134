// `npm run bench -- copies`: every app twice on the real services (decision 0024), a steady
// load from the simulator with every acknowledged message id logged, an operator's
// Socket.IO client on each realtime copy, and midway one copy of every app killed with
// SIGKILL (ingest's is restarted after BENCH_COPIES_INGEST_RESTART_S, as its StatefulSet
// would: its persistent MQTT sessions hold its share meanwhile). At the end it counts what
// was published, stored, decided and pushed, and checks, per id, that nothing was lost and
// nothing applied twice:
//   - device messages: every id the broker acknowledged is in JetStream exactly once;
//   - status transitions: each device's chain is unbroken (every `from` is the previous
//     `to`), no device message made two transitions, each transition is published once;
//   - incidents: no two standing at once for one dedup key, each event published once;
//   - pushes: every transition stored after the clients subscribed reached the client on
//     the surviving realtime copy, once (by transition id);
//   - coverage.updated: how many each copy published and how many JetStream kept.
// Options: BENCH_COPIES_RATE (1000 msg/s), BENCH_COPIES_DURATION_S (60), BENCH_COPIES_KILL_AT_S
// (half the duration), BENCH_COPIES_INGEST_RESTART_S (5), BENCH_COPIES_INGEST_SESSIONS (4 per copy).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { connect, DeliverPolicy, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { DEVICE_PARTITIONS, natsStreams, natsSubjects, OPS_EVENTS, OPS_NAMESPACE, type OpsAck } from '@ioc/contracts';
import { envInt, loadConfig, signAccessToken } from '@ioc/platform';
import { AppProcess, commonEnv, coverageEnv, freePort, incidentEnv, ingestEnv, inheritedEnv, registryEnv, repoRoot, slaEnv, waitFor, type TestContext } from '@ioc/testing';
import { benchContext, checkIds, round, UsageSampler, usageRows, watchServers } from './bench-kit';

const run = promisify(execFile);
const ROOT = repoRoot();
const config = loadConfig(
  z.object({
    BENCH_COPIES_RATE: envInt(1000, 1, 100_000),
    BENCH_COPIES_DURATION_S: envInt(60, 20, 3600),
    BENCH_COPIES_KILL_AT_S: envInt(0, 0, 3600),
    BENCH_COPIES_INGEST_RESTART_S: envInt(5, 0, 600),
    BENCH_COPIES_INGEST_SESSIONS: envInt(4, 1, 64),
  }),
);
const RATE = config.BENCH_COPIES_RATE;
const DURATION_S = config.BENCH_COPIES_DURATION_S;
const KILL_AT_S = config.BENCH_COPIES_KILL_AT_S || Math.floor(DURATION_S / 2);
const APPS = ['registry', 'incident', 'coverage', 'sla', 'ingest', 'realtime', 'api'] as const;
type AppName = (typeof APPS)[number];
const PARTITIONED: AppName[] = ['registry', 'incident'];
const progress = (msg: string) => process.stderr.write(`copies bench: ${msg}\n`);

interface Copies {
  ctx: TestContext;
  copies: Record<AppName, [AppProcess, AppProcess]>;
  jwtSecret: string;
}

async function start(): Promise<Copies> {
  const ctx = await benchContext(['incident', 'coverage', 'sla']);
  const jwtSecret = randomBytes(32).toString('hex');
  const quiet = { LOG_LEVEL: 'warn', JWT_SECRET: jwtSecret };
  const envOf = (name: AppName, copy: 'a' | 'b'): Record<string, string> => {
    switch (name) {
      case 'registry':
        return registryEnv(ctx, quiet);
      case 'incident':
        return incidentEnv(ctx, quiet);
      case 'coverage':
        return coverageEnv(ctx, quiet);
      case 'sla':
        return slaEnv(ctx, quiet);
      case 'ingest':
        // One share group, a client id of its own per copy (its persistent sessions).
        return ingestEnv(ctx, { ...quiet, MQTT_CLIENT_ID: `${ctx.id}-ingest-${copy}`, MQTT_CONNECTIONS: String(config.BENCH_COPIES_INGEST_SESSIONS), MQTT_ALARM_CONNECTIONS: '1' });
      default:
        return { ...commonEnv(ctx), ...quiet };
    }
  };
  const copies = {} as Record<AppName, [AppProcess, AppProcess]>;
  progress('starting two copies of every app');
  // The registry first: the others read the register from it. Then both copies of each app at once.
  for (const name of APPS) {
    const [a, b] = await Promise.all([new AppProcess(name, envOf(name, 'a'), await freePort()).start(120_000), new AppProcess(name, envOf(name, 'b'), await freePort()).start(120_000)]);
    copies[name] = [a, b];
  }
  return { ctx, copies, jwtSecret };
}

/** An operator's /ops client, subscribed to every key area, recording each push. */
interface Operator {
  socket: Socket;
  pushes: Map<string, number>;
  /** Times each transition id was pushed. */
  transitions: Map<string, number>;
  /** The last sequence number per area, and sequence numbers seen twice or skipped. */
  lastSeq: Map<string, number>;
  seqRepeats: number;
  seqGaps: number;
}

async function operator(realtime: AppProcess, jwtSecret: string): Promise<Operator> {
  const token = signAccessToken(jwtSecret, { userId: 'bench-operator', username: 'bench-operator', role: 'operator', scope: { all: true, areas: [], districts: [] } }, 24 * 3600);
  const socket = io(`${realtime.url}${OPS_NAMESPACE}`, { transports: ['websocket'], auth: { token }, reconnection: false });
  const op: Operator = { socket, pushes: new Map(), transitions: new Map(), lastSeq: new Map(), seqRepeats: 0, seqGaps: 0 };
  for (const event of [OPS_EVENTS.deviceStatus, OPS_EVENTS.incidentOpened, OPS_EVENTS.incidentUpdated, OPS_EVENTS.incidentResolved, OPS_EVENTS.coverageUpdated, OPS_EVENTS.slaBreach]) {
    socket.on(event, (push: { seq: number; areaCode?: string; transitionId?: string; incident?: { areaCode: string }; coverage?: { areaCode: string } }) => {
      op.pushes.set(event, (op.pushes.get(event) ?? 0) + 1);
      if (push.transitionId) op.transitions.set(push.transitionId, (op.transitions.get(push.transitionId) ?? 0) + 1);
      const area = push.areaCode ?? push.incident?.areaCode ?? push.coverage?.areaCode ?? '';
      const last = op.lastSeq.get(area);
      if (last !== undefined && push.seq <= last) op.seqRepeats++;
      else if (last !== undefined && push.seq > last + 1) op.seqGaps++;
      op.lastSeq.set(area, Math.max(last ?? 0, push.seq));
    });
  }
  const ack: OpsAck = await socket.timeout(10_000).emitWithAck(OPS_EVENTS.subscribe, { areas: '*' });
  if (!ack.ok) throw new Error(`subscription refused: ${ack.error.code}: ${ack.error.message}`);
  return op;
}

/** Message ids (Nats-Msg-Id) of one subject filter of the state stream, with repeats counted. */
async function stateIds(nc: NatsConnection, stream: string, filter: string): Promise<{ messages: number; distinct: number }> {
  const jsm = await nc.jetstreamManager();
  const info = await jsm.streams.info(stream, { subjects_filter: filter });
  const total = Object.values(info.state.subjects ?? {}).reduce((a, n) => a + n, 0);
  if (total === 0) return { messages: 0, distinct: 0 };
  const consumer = await nc.jetstream().consumers.get(stream, { filterSubjects: filter, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: 1 });
  const ids = new Set<string>();
  let messages = 0;
  // Fetched in bounded batches until every message the filter holds was seen (or nothing comes).
  while (messages < total) {
    let got = 0;
    for await (const m of await consumer.fetch({ max_messages: Math.min(5000, total - messages), expires: 2000 })) {
      got++;
      messages++;
      ids.add(m.headers?.get('Nats-Msg-Id') ?? `seq-${m.seq}`);
    }
    if (got === 0) break;
  }
  return { messages, distinct: ids.size };
}

async function main(): Promise<void> {
  const { ctx, copies, jwtSecret } = await start();
  const all = () => APPS.flatMap((n) => copies[n]);
  const report: string[] = [];
  const nc = await connect({ servers: ctx.natsUrl });
  const pg = new Client({ connectionString: ctx.databaseUrl });
  await pg.connect();
  const operators: Operator[] = [];
  try {
    const owned = async (name: AppName) => Promise.all(copies[name].map((a) => a.metric('ioc_partitions_owned').catch(() => Number.NaN)));
    for (const name of PARTITIONED) await waitFor(`${name} copies to split the partitions`, async () => (await owned(name)).every((n) => n > 0 && n < DEVICE_PARTITIONS), 20_000, 200);
    progress('partitions split; load starts');
    const split = Object.fromEntries(await Promise.all(PARTITIONED.map(async (n) => [n, await owned(n)] as const)));
    operators.push(await operator(copies.realtime[0], jwtSecret), await operator(copies.realtime[1], jwtSecret));
    const subscribedAt = new Date();
    const stream = natsStreams(ctx.natsPrefix).device.name;
    const seqBefore = (await (await nc.jetstreamManager()).streams.info(stream)).state.last_seq;
    const ackedLog = join(tmpdir(), `${ctx.id}-copies-acked.log`);
    // Per copy, looked up at each sample (ingest's second copy is a new process after its restart).
    const watched = APPS.flatMap((name) => [0, 1].map((i) => ({ name: `${name} ${i === 0 ? 'copy 1' : 'copy 2 (killed)'}`, pids: () => { const pid = copies[name][i].pid; return pid ? [pid] : []; } })));
    const sampler = new UsageSampler([...watched, ...watchServers()]);
    const sim = run(
      process.execPath,
      [
        join(ROOT, 'dist/apps/simulator/src/main.js'),
        ...['--url', ctx.mqtt.url, '--root', ctx.topicRoot, '--username', ctx.mqtt.gatewayUsername, '--acked-log', ackedLog],
        ...['--rate', String(RATE), '--duration-s', String(DURATION_S), '--outages', 'on', '--client-prefix', `${ctx.id}-sim`, '--seed', 'copies'],
      ],
      { maxBuffer: 256 * 1024 * 1024, env: { ...inheritedEnv(), MQTT_DEMO_GATEWAY_PASSWORD: ctx.mqtt.gatewayPassword } },
    );

    // Midway: one copy of every app dies at once, without a goodbye.
    await new Promise((r) => setTimeout(r, KILL_AT_S * 1000));
    const killedAt = Date.now();
    for (const name of APPS) copies[name][1].kill();
    progress('one copy of every app killed');
    const takeover: Record<string, number> = {};
    await Promise.all(
      PARTITIONED.map(async (name) => {
        await waitFor(`${name}'s survivor to own every partition`, async () => (await copies[name][0].metric('ioc_partitions_owned')) === DEVICE_PARTITIONS, 60_000, 100);
        takeover[name] = (Date.now() - killedAt) / 1000;
      }),
    );
    await new Promise((r) => setTimeout(r, Math.max(0, killedAt + config.BENCH_COPIES_INGEST_RESTART_S * 1000 - Date.now())));
    const ingestB = copies.ingest[1];
    copies.ingest[1] = await new AppProcess('ingest', ingestB.env, ingestB.port).start();
    const simResult = await sim;
    const stopped = Date.now();
    progress('load stopped; waiting for the consumers to catch up');

    // Settled: the stream has everything the broker held, every consumer has caught up.
    const jsm = await nc.jetstreamManager();
    const backlog = async () => {
      let n = 0;
      // Durable consumers only: a killed copy's ordered (ephemeral) consumers linger until the server drops them.
      for (const s of [stream, natsStreams(ctx.natsPrefix).state.name]) {
        for await (const c of jsm.consumers.list(s)) if (c.config.durable_name) n += c.num_pending + c.num_ack_pending;
      }
      return n;
    };
    await waitFor('the consumers to catch up', async () => (await backlog()) === 0, 120_000, 500).catch(async () => progress(`consumers still behind by ${await backlog()}`));
    progress('checking ids');
    const settleS = (Date.now() - stopped) / 1000;
    await new Promise((r) => setTimeout(r, 2000)); // the last pushes
    const usage = sampler.stop();
    const ids = await checkIds(ctx.natsUrl, stream, seqBefore, ackedLog);
    progress('checking transitions, incidents and pushes');
    const published = Number((simResult.stdout.match(/"acked":(\d+)/g) ?? []).map((m) => m.split(':')[1]).pop() ?? Number.NaN);

    // Status transitions: the chain per device, one per causing message, each published once.
    // Every device's transitions must form one unbroken chain from `unknown` (the demo seed) to
    // its status now. Checked without trusting an order (a transition is stamped with the
    // ingest's clock, a sweep's with its own): each status is entered as often as it is left,
    // except the first (left once more) and the last (entered once more). A transition lost
    // or written twice breaks the balance.
    const { rows: transitions } = await pg.query<{ id: string; device_id: string; from_status: string; to_status: string; message_id: string | null; at: Date; reason: string }>(
      `SELECT id, device_id, from_status, to_status, message_id, at, reason FROM "${ctx.dbSchema}".device_status_transitions ORDER BY device_id, at, id`,
    );
    const { rows: statuses } = await pg.query<{ id: string; status: string }>(`SELECT id, status FROM "${ctx.dbSchema}".devices`);
    const balance = new Map<string, Map<string, number>>();
    const add = (device: string, status: string, n: number) => {
      let m = balance.get(device);
      if (!m) balance.set(device, (m = new Map()));
      m.set(status, (m.get(status) ?? 0) + n);
    };
    for (const d of statuses) {
      add(d.id, 'unknown', 1);
      add(d.id, d.status, -1);
    }
    const byMessage = new Map<string, number>();
    for (const t of transitions) {
      add(t.device_id, t.from_status, -1);
      add(t.device_id, t.to_status, 1);
      if (t.message_id) byMessage.set(`${t.device_id}|${t.message_id}`, (byMessage.get(`${t.device_id}|${t.message_id}`) ?? 0) + 1);
    }
    const broken = [...balance].filter(([, m]) => [...m.values()].some((n) => n !== 0)).map(([device]) => device);
    const chainBreaks = broken.length;
    const breakExamples = broken.slice(0, 3).map((device) => `${device}: ${transitions.filter((t) => t.device_id === device).map((t) => `${t.from_status}>${t.to_status}`).join(' ')}, now ${statuses.find((d) => d.id === device)?.status}`);
    const twiceFromOneMessage = [...byMessage.values()].filter((n) => n > 1).length;
    const s = natsSubjects(ctx.natsPrefix);
    const stateStream = natsStreams(ctx.natsPrefix).state.name;
    const statusFacts = await stateIds(nc, stateStream, s.deviceStatusChangedAll);
    const incidentFacts = await stateIds(nc, stateStream, s.incidentEventAll);
    const coverageFacts = await stateIds(nc, stateStream, s.coverageUpdatedAll);

    // Incidents: never two standing at once for one dedup key.
    const { rows: incidents } = await pg.query<{ dedup_key: string; opened_at: Date; resolved_at: Date | null; status: string }>(
      `SELECT dedup_key, opened_at, resolved_at, status FROM "${ctx.incidentSchema}".incidents ORDER BY dedup_key, opened_at`,
    );
    let overlapping = 0;
    for (let i = 1; i < incidents.length; i++) {
      const a = incidents[i - 1];
      const b = incidents[i];
      if (a.dedup_key === b.dedup_key && (a.resolved_at === null || a.resolved_at > b.opened_at)) overlapping++;
    }

    // Pushes: every transition stored after the subscription reached the surviving copy's client once.
    const survivor = operators[0];
    const after = transitions.filter((t) => t.at >= subscribedAt);
    const notPushed = after.filter((t) => !survivor.transitions.has(t.id)).length;
    const pushedTwice = [...survivor.transitions.values()].filter((n) => n > 1).length;
    const coveragePublished = await copies.coverage[0].metric('ioc_coverage_updates_published_total');
    const ownedAfter = Object.fromEntries(await Promise.all(PARTITIONED.map(async (n) => [n, await copies[n][0].metric('ioc_partitions_owned')] as const)));

    const pushesOf = (op: Operator) => [...op.pushes].map(([e, n]) => `${e} ${n}`).join(', ') || 'none';
    report.push(
      `## Two copies of every app, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      '',
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
      `Command: \`BENCH_COPIES_RATE=${RATE} BENCH_COPIES_DURATION_S=${DURATION_S} npm run bench -- copies\`. Two copies each of ${APPS.join(', ')} (ingest ${config.BENCH_COPIES_INGEST_SESSIONS} + 1 MQTT sessions per copy), LOG_LEVEL=warn; the simulator with outages on; at ${KILL_AT_S} s one copy of every app SIGKILLed (ingest's restarted ${config.BENCH_COPIES_INGEST_RESTART_S} s later).`,
      '',
      '| measure | result |',
      '| --- | --- |',
      `| partitions owned before the kill (registry, incident) | ${split.registry?.join(' + ')}, ${split.incident?.join(' + ')} |`,
      `| partitions owned by the survivor after it | registry ${ownedAfter.registry}, incident ${ownedAfter.incident} (of ${DEVICE_PARTITIONS}) |`,
      `| kill → survivor owns every partition | registry ${round(takeover.registry ?? Number.NaN, 1)} s, incident ${round(takeover.incident ?? Number.NaN, 1)} s |`,
      `| device messages acknowledged by the broker (published) | ${published} (${ids.acknowledged} ids logged) |`,
      `| stored in JetStream: lost, duplicated (per id) | ${ids.acknowledged - ids.lost} stored; lost ${ids.lost}, duplicated ${ids.duplicated}${ids.lostExamples.length ? ` (e.g. ${ids.lostExamples.join(', ')})` : ''} |`,
      `| consumers caught up after the load stopped | ${round(settleS, 1)} s |`,
      `| device-status transitions | ${transitions.length}; devices whose chain is broken ${chainBreaks}${breakExamples.length ? ` (${breakExamples.join('; ')})` : ''}, two from one message ${twiceFromOneMessage}; published ${statusFacts.messages} (${statusFacts.messages - statusFacts.distinct} repeats) |`,
      `| incidents | ${incidents.length} (${incidents.filter((i) => i.status === 'open' || i.status === 'acknowledged').length} standing); two standing at once for one key ${overlapping}; events published ${incidentFacts.messages} (${incidentFacts.messages - incidentFacts.distinct} repeats) |`,
      `| coverage.updated | kept by JetStream ${coverageFacts.messages}; counted as published by the surviving copy ${coveragePublished} |`,
      `| pushes to the client on realtime copy 1 (survivor) | ${pushesOf(operators[0])}; sequence repeats ${operators[0].seqRepeats}, gaps ${operators[0].seqGaps} |`,
      `| pushes to the client on realtime copy 2 (until killed) | ${pushesOf(operators[1])}; sequence repeats ${operators[1].seqRepeats}, gaps ${operators[1].seqGaps} |`,
      `| transitions stored after the subscription, not pushed to the survivor's client / pushed twice | ${notPushed} / ${pushedTwice} (of ${after.length}) |`,
      '',
      '| process | cores (average) | RSS max |',
      '| --- | --- | --- |',
      // A killed copy's CPU over the window means nothing (it ran for part of it): memory only.
      ...usageRows(usage).map((row, i) => (usage[i]?.name.includes('killed') ? row.replace(/^\| ([^|]+) \| [^|]+ \|/, '| $1 | — |') : row)),
    );
    const text = report.join('\n');
    console.log(text);
    writeFileSync(join(tmpdir(), 'ioc-bench-copies.md'), text + '\n');
  } finally {
    for (const op of operators) op.socket.close();
    await pg.end();
    await nc.close();
    await Promise.all(all().map((a) => a.stop()));
    // The second ingest copy's persistent sessions (the context removes the first's).
    for (const clientId of [...Array.from({ length: config.BENCH_COPIES_INGEST_SESSIONS }, (_, i) => `${ctx.id}-ingest-b-${i}`), `${ctx.id}-ingest-b-alarms-0`, ...Array.from({ length: config.BENCH_COPIES_INGEST_SESSIONS }, (_, i) => `${ctx.id}-ingest-a-${i}`), `${ctx.id}-ingest-a-alarms-0`]) {
      const c = await mqtt.connectAsync(ctx.mqtt.url, { protocolVersion: 5, clientId, clean: true, username: ctx.mqtt.ingestUsername, password: ctx.mqtt.ingestPassword, properties: { sessionExpiryInterval: 0 }, reconnectPeriod: 0 });
      await c.endAsync();
    }
    await ctx.cleanup();
  }
}

// Interrupted (Ctrl-C, a timeout): exit through 'exit', where every app started is killed.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
