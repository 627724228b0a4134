// The fault suite (`npm run test:faults`, also part of `npm test`): the platform on servers
// of its own (infra.ts), a gateway publishing at a steady rate with every message id
// recorded, and, in turn, each server and each app stopped (SIGTERM) or killed (SIGKILL)
// and started again. After each fault every acknowledged message is accounted for, once:
//   stored       the raw device log (JetStream) holds every PUBACK'ed id, none twice
//   transitions  each device has its one unknown → online transition in the registry, and
//                the SLA service's copy holds the same transitions
//   incidents    each device has one intrusion incident whose count equals its events in
//                the log, and the SLA service's copy holds the same incidents
// and every app answers /health 200 again with no manual step. An app stopped with SIGTERM
// exits within 10 s. Per fault it prints published, stored, transitions, incidents, lost
// and duplicated (docs/reliability.md has a run's table).
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { natsStreams, natsSubjects, partitionOfArea } from '@ioc/contracts';
import { type PlatformAppName, type TestContext, waitFor } from '@ioc/testing';
import { APP_NAMES, faultContext, startFaultPlatform, type FaultPlatform } from './fault-platform';
import { startFaultInfra, type FaultInfra, type InfraName } from './infra';
import { SteadyPublisher } from './publisher';

// Each app and server adds an exit handler that reaps it if the suite dies.
process.setMaxListeners(64);

const AREA = 'FLT-01';
const DEVICES_PER_FAULT = 4;
/** Messages per second from the gateway, over the fault's devices. */
const RATE_PER_S = 40;
/** Publishing before the fault, and after every app is healthy again. */
const BEFORE_MS = 2000;
const AFTER_MS = 2000;
/** How long a server stays down. */
const DOWN_MS = 1000;

type Signal = 'SIGTERM' | 'SIGKILL';
interface Fault {
  target: InfraName | PlatformAppName;
  signal: Signal;
  gatewayId: string;
  devices: string[];
}

const INFRA: InfraName[] = ['mosquitto', 'nats', 'postgres', 'redis'];
const FAULTS: Fault[] = [...INFRA, ...APP_NAMES].flatMap((target) => (['SIGTERM', 'SIGKILL'] as const).map((signal) => ({ target, signal }))).map((f, i) => {
  const gatewayId = `GW-F${String(i + 1).padStart(2, '0')}`;
  return { ...f, gatewayId, devices: Array.from({ length: DEVICES_PER_FAULT }, (_, d) => `${gatewayId}-CAM-${d + 1}`) };
});

interface Counts {
  published: number;
  acked: number;
  stored: number;
  transitions: number;
  incidents: number;
  eventsCounted: number;
  lost: number;
  duplicated: number;
  problems: string[];
}

let infra: FaultInfra;
let ctx: TestContext;
let platform: FaultPlatform;
let nc: NatsConnection;
let publisher: SteadyPublisher;
const results: { fault: string; counts: Counts; downMs: number; recoveredMs: number; resent: number }[] = [];

beforeAll(async () => {
  infra = await startFaultInfra();
  ctx = faultContext(infra);
  platform = await startFaultPlatform(ctx, {
    areas: [{ code: AREA, name: 'Khu vực thử lỗi', district: 'Thành phố Đồng Hới', category: 'intersection' }],
    gateways: FAULTS.map((f) => ({ id: f.gatewayId, areaCode: AREA, name: `Gateway ${f.target} ${f.signal}` })),
    // Silence after a fault's turn must not turn into transitions while later faults run.
    devices: FAULTS.flatMap((f) => f.devices.map((id) => ({ id, gatewayId: f.gatewayId, areaCode: AREA, kind: 'camera' as const, name: `Camera ${id}`, heartbeatTimeoutS: 3600 }))),
  });
  nc = await connect({ servers: ctx.natsUrl, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  publisher = await SteadyPublisher.connect(ctx.mqtt.url, `${ctx.id}-gateway`, ctx.mqtt.gatewayUsername, ctx.mqtt.gatewayPassword);
}, 240_000);

afterAll(async () => {
  if (results.length) {
    const rows = results.map(
      ({ fault, counts: c, downMs, recoveredMs, resent }) =>
        `${fault.padEnd(20)} ${String(c.acked).padStart(9)} ${String(c.stored).padStart(6)} ${String(c.transitions).padStart(11)} ${String(c.incidents).padStart(9)} ${String(c.eventsCounted).padStart(6)} ${String(c.lost).padStart(4)} ${String(c.duplicated).padStart(10)} ${String(downMs).padStart(7)} ${String(recoveredMs).padStart(10)} ${String(resent).padStart(11)}`,
    );
    // One table for the run: docs/reliability.md copies it.
    process.stdout.write(
      [
        '',
        'fault suite: per fault, messages the gateway had acknowledged (PUBACK) and what the platform kept of them',
        `${'fault'.padEnd(20)} ${'published'.padStart(9)} ${'stored'.padStart(6)} ${'transitions'.padStart(11)} ${'incidents'.padStart(9)} ${'events'.padStart(6)} ${'lost'.padStart(4)} ${'duplicated'.padStart(10)} ${'stop ms'.padStart(7)} ${'healthy ms'.padStart(10)} ${'resent 0x10'.padStart(11)}`,
        ...rows,
        '',
      ].join('\n'),
    );
  }
  await publisher?.end().catch(() => undefined);
  await nc?.close().catch(() => undefined);
  await platform?.stop().catch(() => undefined);
  await infra?.stop();
}, 60_000);

/** What the raw device log (JetStream) holds for one gateway: message ids, with repeats. */
async function storedIds(gatewayId: string): Promise<string[]> {
  const js = nc.jetstream();
  const consumer = await js.consumers.get(natsStreams(ctx.natsPrefix).device.name, { filterSubjects: `${natsSubjects(ctx.natsPrefix).devicePartition(partitionOfArea(AREA)).slice(0, -1)}${AREA}.${gatewayId}.>` });
  const ids: string[] = [];
  const batch = await consumer.fetch({ max_messages: 100_000, expires: 1000 });
  for await (const m of batch) {
    ids.push((m.json() as { messageId: string }).messageId);
    if (m.info.pending === 0) break;
  }
  return ids;
}

async function query<T>(sql: string, params: unknown[]): Promise<T[]> {
  const c = new Client({ connectionString: ctx.databaseUrl });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Every count of one fault's devices; `lost` and `duplicated` sum the ways a message can go missing or count twice. */
async function countsOf(fault: Fault): Promise<Counts> {
  const problems: string[] = [];
  const sent = [...publisher.sent.values()].filter((m) => fault.devices.includes(m.deviceId));
  const acked = sent.filter((m) => publisher.acked.has(m.id));
  const ids = await storedIds(fault.gatewayId);
  const stored = new Set(ids);
  let lost = 0;
  let duplicated = 0;

  const missing = acked.filter((m) => !stored.has(m.id));
  if (missing.length) problems.push(`acknowledged but not in the log: ${missing.slice(0, 5).map((m) => m.id).join(', ')}`);
  lost += missing.length;
  const repeats = ids.length - stored.size;
  if (repeats) problems.push(`${repeats} ids twice in the log`);
  duplicated += repeats;
  const sentIds = new Set(sent.map((m) => m.id));
  const strangers = [...stored].filter((id) => !sentIds.has(id));
  if (strangers.length) problems.push(`in the log but never sent: ${strangers.slice(0, 5).join(', ')}`);

  const transitions = await query<{ id: string; device_id: string; from_status: string; to_status: string }>(
    `SELECT id, device_id, from_status, to_status FROM "${ctx.dbSchema}".device_status_transitions WHERE device_id = ANY($1) ORDER BY device_id, at`,
    [fault.devices],
  );
  const slaTransitions = await query<{ id: string }>(`SELECT id FROM "${ctx.slaSchema}".transitions WHERE device_id = ANY($1)`, [fault.devices]);
  const incidents = await query<{ id: string; device_id: string; count: number }>(
    `SELECT id, device_id, count FROM "${ctx.incidentSchema}".incidents WHERE device_id = ANY($1) AND type = 'intrusion'`,
    [fault.devices],
  );
  const slaIncidents = await query<{ id: string }>(`SELECT id FROM "${ctx.slaSchema}".incidents WHERE device_id = ANY($1)`, [fault.devices]);

  for (const deviceId of fault.devices) {
    const mine = transitions.filter((t) => t.device_id === deviceId);
    const online = mine.filter((t) => t.to_status === 'online');
    if (online.length === 0 && sent.some((m) => m.deviceId === deviceId && stored.has(m.id) && m.channel === 'status')) {
      lost++;
      problems.push(`${deviceId}: no transition to online`);
    }
    if (mine.length > 1) {
      duplicated += mine.length - 1;
      problems.push(`${deviceId}: ${mine.length} transitions (${mine.map((t) => `${t.from_status}→${t.to_status}`).join(', ')})`);
    }
    const events = sent.filter((m) => m.deviceId === deviceId && m.channel === 'event' && stored.has(m.id)).length;
    const own = incidents.filter((i) => i.device_id === deviceId);
    if (own.length > 1) {
      duplicated += own.length - 1;
      problems.push(`${deviceId}: ${own.length} intrusion incidents`);
    }
    const counted = own.reduce((sum, i) => sum + Number(i.count), 0);
    if (counted < events) {
      lost += events - counted;
      problems.push(`${deviceId}: ${events} events in the log, ${counted} counted on its incident`);
    } else if (counted > events) {
      duplicated += counted - events;
      problems.push(`${deviceId}: ${events} events in the log, ${counted} counted on its incident`);
    }
  }
  // The SLA service keeps its own copies, from the bus: the same rows, once each.
  const slaT = new Set(slaTransitions.map((t) => t.id));
  const slaI = new Set(slaIncidents.map((i) => i.id));
  const tMissing = transitions.filter((t) => !slaT.has(String(t.id))).length;
  const iMissing = incidents.filter((i) => !slaI.has(i.id)).length;
  if (tMissing) problems.push(`${tMissing} transitions missing from the SLA service's copy`);
  if (iMissing) problems.push(`${iMissing} incidents missing from the SLA service's copy`);
  lost += tMissing + iMissing;
  const tExtra = slaTransitions.length - (transitions.length - tMissing);
  const iExtra = slaIncidents.length - (incidents.length - iMissing);
  if (tExtra > 0 || iExtra > 0) problems.push(`the SLA service's copy has ${tExtra} transitions and ${iExtra} incidents more`);
  duplicated += Math.max(0, tExtra) + Math.max(0, iExtra);

  return {
    published: sent.length,
    acked: acked.length,
    stored: stored.size,
    transitions: transitions.length,
    incidents: incidents.length,
    eventsCounted: incidents.reduce((sum, i) => sum + Number(i.count), 0),
    lost,
    duplicated,
    problems,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('faults: every server and every app stopped and killed under steady publishing', () => {
  it.each(FAULTS.map((f) => [`${f.target} ${f.signal}`, f] as const))('%s: every acknowledged message stored once, every app healthy again', async (name, fault) => {
    const resentBefore = publisher.resentNoSubscribers;
    const run = publisher.run((deviceId, channel) => `${ctx.topicRoot}/${AREA}/${fault.gatewayId}/${deviceId}/${channel}`, fault.devices, RATE_PER_S);
    await sleep(BEFORE_MS);

    const began = Date.now();
    let downMs: number;
    if ((INFRA as string[]).includes(fault.target)) {
      const server = infra[fault.target as InfraName];
      downMs = await server.stop(fault.signal);
      await sleep(DOWN_MS);
      await server.start();
    } else {
      const app = platform.apps[fault.target as PlatformAppName];
      const t = Date.now();
      if (fault.signal === 'SIGTERM') await app.stop();
      else app.kill();
      downMs = Date.now() - t;
      await platform.restart(fault.target as PlatformAppName);
    }
    // No manual step: every app finds its way back by itself.
    await waitFor('every app to answer /health 200', () => platform.healthy(), 60_000, 250);
    const recoveredMs = Date.now() - began;
    await sleep(AFTER_MS);
    await run.stop();

    let counts = await countsOf(fault);
    try {
      counts = await waitFor('every acknowledged message to be accounted for', async () => {
        const c = await countsOf(fault);
        counts = c;
        return c.lost === 0 ? c : false;
      }, 60_000, 1000);
    } catch {
      // reported below, with the counts
    }
    results.push({ fault: name, counts, downMs, recoveredMs, resent: publisher.resentNoSubscribers - resentBefore });
    if (counts.problems.length) {
      // What the servers and the ingest said, to find where the messages went.
      const ingestLog = platform.apps.ingest.output.filter((l) => /mqtt|jetstream|redis|nats|reject/i.test(l)).slice(-15);
      const metrics = await fetch(`${platform.apps.ingest.url}/metrics`).then((r) => r.text(), () => '');
      ingestLog.push(...metrics.split('\n').filter((l) => /^ioc_ingest_(accepted|duplicates|rejected|failed)/.test(l) && !/ 0$/.test(l)));
      process.stdout.write(`${name}: ${counts.problems.join('; ')}\n--- ingest ---\n${ingestLog.join('\n')}\n--- mosquitto ---\n${infra.mosquittoLog().slice(-20).join('\n')}\n`);
    }

    if (fault.signal === 'SIGTERM' && !(INFRA as string[]).includes(fault.target)) expect(downMs).toBeLessThan(10_000);
    expect(counts.acked).toBeGreaterThan(0);
    expect({ lost: counts.lost, duplicated: counts.duplicated, problems: counts.problems }).toEqual({ lost: 0, duplicated: 0, problems: [] });
  });
});
