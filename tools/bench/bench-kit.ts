// What the pipeline benches share: the sliding-window publisher, the per-stage quantiles
// read off the apps' /metrics (`ioc_stage_seconds`), CPU and memory per process from
// /proc, and the per-id check of what the broker acknowledged against what JetStream holds.
import { execFile, execFileSync } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { connect, DeliverPolicy } from 'nats';
import { commonEnv, coverageEnv, createTestContext, incidentEnv, inheritedEnv, repoRoot, slaEnv, type AppProcess, type TestContext } from '@ioc/testing';

const run = promisify(execFile);
const SCHEMA_ENV = { incident: incidentEnv, coverage: coverageEnv, sla: slaEnv } as const;

/**
 * A bench run of its own: builds, makes a test context (prefixes, schemas, topic root),
 * migrates the registry and seeds the demo province, and migrates the schemas of `services`.
 */
export async function benchContext(services: (keyof typeof SCHEMA_ENV)[]): Promise<TestContext> {
  const root = repoRoot();
  await run(process.execPath, [join(root, 'tools', 'build.mjs')]);
  const ctx = await createTestContext();
  const env = { ...inheritedEnv(), ...commonEnv(ctx) };
  await run(process.execPath, [join(root, 'dist/apps/registry/src/migrate.js')], { env });
  await run(process.execPath, [join(root, 'dist/apps/registry/src/seed.js'), '--demo'], { env });
  for (const name of services) {
    await run(process.execPath, [join(root, `dist/apps/${name}/src/migrate.js`)], { env: { ...inheritedEnv(), ...SCHEMA_ENV[name](ctx) } });
  }
  return ctx;
}

export const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export const round = (n: number, digits = 0): number => Math.round(n * 10 ** digits) / 10 ** digits;

export async function gatewayClient(ctx: TestContext, id: string) {
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
export async function publishWindowed(count: number, inFlight: number, publish: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await publish(next++);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, lane));
}

// ── stages ──────────────────────────────────────────────────────────────────────────────

/** Cumulative bucket counts of `ioc_stage_seconds`, by stage then upper bound (s). */
export type StageCounts = Map<string, Map<number, number>>;

export async function stageCounts(apps: AppProcess[]): Promise<StageCounts> {
  const counts: StageCounts = new Map();
  for (const app of apps) {
    let text: string;
    try {
      text = await (await fetch(`${app.url}/metrics`)).text();
    } catch {
      continue; // a copy that was stopped
    }
    for (const line of text.split('\n')) {
      const m = /^ioc_stage_seconds_bucket\{(.*)\} (\d+(?:\.\d+)?)$/.exec(line);
      if (!m) continue;
      const stage = /stage="([^"]+)"/.exec(m[1])?.[1];
      const le = /le="([^"]+)"/.exec(m[1])?.[1];
      if (!stage || !le) continue;
      const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
      const byBound = counts.get(stage) ?? new Map<number, number>();
      byBound.set(bound, (byBound.get(bound) ?? 0) + Number(m[2]));
      counts.set(stage, byBound);
    }
  }
  return counts;
}

/** What happened between two readings. */
export function stageDelta(after: StageCounts, before: StageCounts): StageCounts {
  const delta: StageCounts = new Map();
  for (const [stage, buckets] of after) {
    const earlier = before.get(stage);
    delta.set(stage, new Map([...buckets].map(([le, n]) => [le, n - (earlier?.get(le) ?? 0)])));
  }
  return delta;
}

/** The bucket bound under which a fraction `q` of the observations fall ("≤ 10 ms"). */
export function stageQuantile(buckets: Map<number, number>, q: number): number {
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total === 0) return Number.NaN;
  return sorted.find(([, n]) => n >= q * total)?.[0] ?? Number.POSITIVE_INFINITY;
}

export const STAGE_ORDER = [
  'device_to_ingest',
  'ingest_to_jetstream',
  'jetstream_to_registry_commit',
  'jetstream_to_incident_commit',
  'state_to_push',
  'device_to_ingest_alarm',
  'ingest_to_jetstream_alarm',
  'jetstream_to_incident_commit_alarm',
  'incident_to_push',
];

const STAGE_WORDS: Record<string, string> = {
  device_to_ingest: 'gateway publish → ingest (payload `ts` → received; includes the broker queue)',
  ingest_to_jetstream: 'ingest → JetStream ack',
  jetstream_to_registry_commit: 'JetStream → registry commit',
  jetstream_to_incident_commit: 'JetStream → incident commit',
  state_to_push: 'device status change in JetStream → Socket.IO push (realtime)',
  device_to_ingest_alarm: 'alarm: gateway publish → ingest (its own MQTT sessions)',
  ingest_to_jetstream_alarm: 'alarm: ingest → JetStream ack',
  jetstream_to_incident_commit_alarm: 'alarm: JetStream → incident commit (events consumer)',
  incident_to_push: 'incident fact in JetStream → Socket.IO push (realtime)',
};

const ms = (s: number) => (Number.isFinite(s) ? `≤ ${round(s * 1000, 1)} ms` : s === Number.POSITIVE_INFINITY ? '> 30 s' : '—');

export function stageRows(delta: StageCounts): string[] {
  return STAGE_ORDER.filter((s) => delta.has(s)).map((stage) => {
    const buckets = delta.get(stage) ?? new Map<number, number>();
    const n = buckets.get(Number.POSITIVE_INFINITY) ?? 0;
    return `| ${STAGE_WORDS[stage] ?? stage} | ${n} | ${ms(stageQuantile(buckets, 0.5))} | ${ms(stageQuantile(buckets, 0.99))} |`;
  });
}

// ── processes ───────────────────────────────────────────────────────────────────────────

const TICKS_PER_S = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU seconds used so far by these pids (children that exited are not counted). */
function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // gone
    }
  }
  return ticks / TICKS_PER_S;
}

function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kb / 1024;
}

function pidsOf(pattern: string, exact = false): number[] {
  try {
    return execFileSync('pgrep', [exact ? '-x' : '-f', pattern]).toString().trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** A process (or a set, like Postgres's backends) watched for CPU and memory. */
export interface Watched {
  name: string;
  pids: () => number[];
}

export function watchApps(apps: AppProcess[]): Watched[] {
  return apps.map((a) => ({ name: a.name, pids: () => (a.pid ? [a.pid] : []) }));
}

/** The servers the pipeline runs on: the machine's NATS and Postgres, the project's Mosquitto. */
export function watchServers(): Watched[] {
  return [
    { name: 'nats-server', pids: () => pidsOf('nats-server', true) },
    { name: 'mosquitto (project)', pids: () => pidsOf('mosquitto -d -c .*/ioc/mosquitto/') },
    { name: 'postgres (all backends)', pids: () => pidsOf('postgres', true) },
  ];
}

export interface Usage {
  name: string;
  /** Cores used on average over the window. */
  cores: number;
  /** CPU seconds used over the window. */
  cpuS: number;
  rssMaxMb: number;
  /** RSS once a `sampleEveryS`, for trends. */
  rssSeries: number[];
}

/** Samples RSS every second and CPU at the start and end of the window. */
export class UsageSampler {
  private readonly cpuStart: number[];
  private readonly started = Date.now();
  private readonly series: number[][];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly watched: Watched[]) {
    this.cpuStart = watched.map((w) => cpuSeconds(w.pids()));
    this.series = watched.map(() => []);
    this.timer = setInterval(() => this.watched.forEach((w, i) => this.series[i].push(rssMb(w.pids()))), 1000);
  }

  stop(): Usage[] {
    clearInterval(this.timer);
    const seconds = (Date.now() - this.started) / 1000;
    return this.watched.map((w, i) => {
      const cpuS = cpuSeconds(w.pids()) - this.cpuStart[i];
      return {
        name: w.name,
        cores: cpuS / seconds,
        cpuS,
        rssMaxMb: Math.max(0, ...this.series[i].filter(Number.isFinite)),
        rssSeries: this.series[i],
      };
    });
  }
}

/** What an app's V8 heap holds, read off its /metrics: tells a leak (used keeps rising) from a heap collected lazily (total rises, used does not). */
export interface HeapSample {
  usedMb: number;
  totalMb: number;
  externalMb: number;
}

/** Reads every app's heap figures once every `everyS` seconds; a failed read is NaN. */
export class HeapSampler {
  readonly series = new Map<string, HeapSample[]>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly apps: AppProcess[], everyS: number) {
    for (const a of apps) this.series.set(a.name, []);
    this.timer = setInterval(() => void this.sample(), everyS * 1000);
  }

  private async sample(): Promise<void> {
    await Promise.all(
      this.apps.map(async (a) => {
        const mb = async (name: string) => (await a.metric(name).catch(() => Number.NaN)) / 1024 / 1024;
        const [usedMb, totalMb, externalMb] = await Promise.all(['ioc_nodejs_heap_size_used_bytes', 'ioc_nodejs_heap_size_total_bytes', 'ioc_nodejs_external_memory_bytes'].map(mb));
        this.series.get(a.name)?.push({ usedMb, totalMb, externalMb });
      }),
    );
  }

  stop(): Map<string, HeapSample[]> {
    clearInterval(this.timer);
    return this.series;
  }
}

/** A row per process; with `messages`, the CPU each of them cost (µs) in a column before RSS (left blank when not measured). */
export function usageRows(usage: Usage[], messages?: number): string[] {
  const perMessage = (u: Usage) => (messages ? ` ${Math.round((u.cpuS * 1e6) / messages)} µs |` : '');
  const rss = (u: Usage) => (Number.isFinite(u.rssMaxMb) ? `${Math.round(u.rssMaxMb)} MB` : '');
  return usage.map((u) => `| ${u.name} | ${round(u.cores, 2)} |${perMessage(u)} ${rss(u)} |`);
}

/** Least-squares slope of a series sampled once a second, in MB per hour. */
export function trendMbPerHour(series: number[]): number {
  const points = series.map((y, x) => [x, y]).filter(([, y]) => Number.isFinite(y) && y > 0);
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return (num / den) * 3600;
}

// ── per-id check ────────────────────────────────────────────────────────────────────────

export interface IdCheck {
  acknowledged: number;
  stored: number;
  lost: number;
  duplicated: number;
  /** Stored without the simulator's acknowledgement: probes, alarms, presence, or a publish in flight at its stop. */
  storedOnlyHere: number;
  lostExamples: string[];
}

/**
 * Every id the simulator logged as acknowledged (`--acked-log`) must be in the device stream
 * exactly once, as its Nats-Msg-Id, among the messages after `afterSeq`.
 */
export async function checkIds(natsUrl: string, stream: string, afterSeq: number, ackedLog: string): Promise<IdCheck> {
  const seen = new Map<string, number>();
  const nc = await connect({ servers: natsUrl });
  try {
    const last = (await (await nc.jetstreamManager()).streams.info(stream)).state.last_seq;
    if (last > afterSeq) {
      const consumer = await nc.jetstream().consumers.get(stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterSeq + 1 });
      const messages = await consumer.consume({ max_messages: 10_000 });
      for await (const m of messages) {
        const id = m.headers?.get('Nats-Msg-Id');
        if (id) seen.set(id, (seen.get(id) ?? 0) + 1);
        if (m.seq >= last) break;
      }
    }
  } finally {
    await nc.close();
  }
  let acknowledged = 0;
  let lost = 0;
  const lostExamples: string[] = [];
  const acked = new Set<string>();
  for await (const line of createInterface({ input: createReadStream(ackedLog) })) {
    if (!line || acked.has(line)) continue;
    acked.add(line);
    acknowledged++;
    if (!seen.has(line)) {
      lost++;
      if (lostExamples.length < 5) lostExamples.push(line);
    }
  }
  let stored = 0;
  let duplicated = 0;
  let storedOnlyHere = 0;
  for (const [id, n] of seen) {
    stored += n;
    if (n > 1) duplicated += n - 1;
    if (!acked.has(id)) storedOnlyHere++;
  }
  return { acknowledged, stored, lost, duplicated, storedOnlyHere, lostExamples };
}
