// JetStreamConsumers on the real NATS server, in a stream of its own: batches from a
// durable consumer, an idle consumer's backlog read again, a failed batch redelivered, an ordered consumer that keeps what
// arrived before it was started, and a stop that loses nothing to the next copy.
import { randomBytes } from 'node:crypto';
import type { JsMsg, NatsConnection } from 'nats';
import { JetStreamConsumers } from './consumers';
import { JsonLogger } from './logger';
import { connectNats, decodeText, deleteStreams, encodeJson } from './nats';
import { Metrics } from './observability.module';
import { z } from 'zod';
import { loadConfig, natsEnv } from './config';

// The machine's NATS, or NATS_URL, read through the platform's own config loader.
const { NATS_URL } = loadConfig(z.object({ NATS_URL: natsEnv.NATS_URL }));
const prefix = `tc${randomBytes(4).toString('hex')}`;
const stream = { name: `${prefix}_events`, subjects: [`${prefix}.events.>`], maxAgeS: 3600, duplicateWindowS: 60 };
let nc: NatsConnection;
let consumers: JetStreamConsumers;
let metrics: Metrics;

beforeAll(async () => {
  nc = await connectNats(NATS_URL, 'consumers-test', { owns: [stream] });
  metrics = new Metrics('consumers-test');
  consumers = new JetStreamConsumers(nc, new JsonLogger('consumers-test', 'error'), metrics);
});

afterAll(async () => {
  await consumers.beforeApplicationShutdown();
  await deleteStreams(nc, [stream.name]);
  await nc.drain();
});

async function publish(subject: string, values: number[]): Promise<void> {
  const js = nc.jetstream();
  for (const n of values) await js.publish(`${prefix}.events.${subject}`, encodeJson({ n }));
}

const numbers = (batch: JsMsg[]) => batch.map((m) => (JSON.parse(decodeText(m.data)) as { n: number }).n);

function collector() {
  const seen: number[] = [];
  let wake: () => void = () => undefined;
  return {
    seen,
    add(values: number[]) {
      seen.push(...values);
      wake();
    },
    /** Waits until `count` messages were seen, or until every one of `values` was. */
    async until(count: number | number[], timeoutMs = 5000): Promise<number[]> {
      const deadline = Date.now() + timeoutMs;
      const done = () => (typeof count === 'number' ? seen.length >= count : count.every((n) => seen.includes(n)));
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`not all of ${String(count)} within ${timeoutMs} ms: seen ${seen.join(',')}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
      return seen;
    },
  };
}

it('hands a durable consumer its backlog in batches of at most maxMessages, and counts them', async () => {
  await publish('a', [1, 2, 3, 4, 5, 6, 7]);
  const got = collector();
  const sizes: number[] = [];
  const consumer = await consumers.declare({ stream: stream.name, durable: 'batches', filterSubjects: [`${prefix}.events.a`], maxMessages: 3 });
  expect(consumer.backlog).toBe(7);
  consumer.start(async (batch) => {
    sizes.push(batch.length);
    got.add(numbers(batch));
    for (const m of batch) m.ack();
  });
  expect(await got.until(7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
  const text = await metrics.registry.metrics();
  expect(text).toMatch(new RegExp(`ioc_consumer_messages_total\\{consumer="${stream.name}:batches",service="consumers-test"\\} 7`));
});

it('reads an idle consumer’s backlog again from the server, and not a busy one’s', async () => {
  await publish('idle', [1, 2, 3]);
  const got = collector();
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const consumer = await consumers.declare({ stream: stream.name, durable: 'idle', filterSubjects: [`${prefix}.events.idle`], maxMessages: 10 });
  consumer.start(async (batch) => {
    got.add(numbers(batch));
    if (got.seen.length === 3) await held;
    for (const m of batch) m.ack();
  });
  await got.until(3);
  // A batch in hand: busy, no answer.
  expect(await consumer.idleBacklog(0)).toBeUndefined();
  release();
  await waitUntil(async () => (await consumer.idleBacklog(0)) === 0);
  // A count left over from a batch (as a stale `pending` would leave it): kept while the
  // consumer has been idle for less than asked, corrected from the server after.
  consumer.backlog = 1;
  expect(await consumer.idleBacklog(60_000)).toBeUndefined();
  expect(consumer.backlog).toBe(1);
  expect(await consumer.idleBacklog(0)).toBe(0);
  expect(consumer.backlog).toBe(0);
});

async function waitUntil(done: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('redelivers a batch whose handler threw, and counts the failure', async () => {
  await publish('b', [10, 11]);
  const got = collector();
  let failures = 0;
  await consumers.consume({ stream: stream.name, durable: 'retry', filterSubjects: [`${prefix}.events.b`], maxMessages: 10, ackWaitS: 30 }, async (batch) => {
    if (failures === 0) {
      failures++;
      throw new Error('database unavailable');
    }
    got.add(numbers(batch));
    for (const m of batch) m.ack();
  });
  // nak'ed with a 1 s delay, well before the 30 s ack wait.
  expect((await got.until(2, 5000)).sort()).toEqual([10, 11]);
  expect(await metrics.registry.metrics()).toMatch(new RegExp(`ioc_consumer_failed_batches_total\\{consumer="${stream.name}:retry",service="consumers-test"\\} 1`));
});

it('keeps what an ordered consumer received between declare and start', async () => {
  const consumer = await consumers.declare({ stream: stream.name, filterSubjects: [`${prefix}.events.c`], deliverNew: true, maxMessages: 100 });
  await publish('c', [20, 21, 22]);
  // Give the buffer time to fill before anyone handles it.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const got = collector();
  consumer.start(async (batch) => got.add(numbers(batch)));
  expect(await got.until(3)).toEqual([20, 21, 22]);
});

it('loses nothing a stopped copy had received but not handled: another copy gets it', async () => {
  // Buffered messages are nak'ed at stop (back at once); one in flight at that moment comes back after ack wait.
  const consumer = await consumers.declare({ stream: stream.name, durable: 'handover', filterSubjects: [`${prefix}.events.d`], maxMessages: 1, ackWaitS: 2 });
  let release: () => void = () => undefined;
  const first = collector();
  consumer.start(async (batch) => {
    first.add(numbers(batch));
    for (const m of batch) m.ack();
    await new Promise<void>((resolve) => (release = resolve));
  });
  await publish('d', [30, 31, 32]);
  await first.until(1);
  const stopping = consumer.stop();
  release();
  await stopping;
  const second = collector();
  await consumers.consume({ stream: stream.name, durable: 'handover', filterSubjects: [`${prefix}.events.d`], maxMessages: 10, ackWaitS: 2 }, async (batch) => {
    second.add(numbers(batch));
    for (const m of batch) m.ack();
  });
  expect(first.seen).toEqual([30]);
  // (A message may come twice: delivery is at least once, and the services' writes are idempotent.)
  await second.until([31, 32], 8000);
}, 15_000);

it('takes over a consumer whose copy died holding messages: in order, without waiting for the ack wait', async () => {
  const spec = { stream: stream.name, durable: 'takeover', filterSubjects: [`${prefix}.events.e`], maxMessages: 10, ackWaitS: 60, resumeAfterAckFloor: true };
  await publish('e', [40, 41]);
  const dead = collector();
  const first = await consumers.declare(spec);
  // Acknowledges 40 only, then "dies" with 41 delivered and not acknowledged.
  first.start(async (batch) => {
    dead.add(numbers(batch));
    for (const m of batch) if (numbers([m])[0] === 40) m.ack();
  });
  await dead.until([40, 41]);
  await first.stop();
  await publish('e', [42, 43]);
  const next = collector();
  const second = await consumers.declare(spec);
  second.start(async (batch) => {
    next.add(numbers(batch));
    for (const m of batch) m.ack();
  });
  // Well within the 60 s ack wait, and 41 before the newer ones.
  expect(await next.until(3, 5000)).toEqual([41, 42, 43]);
});

it('starts a consumer that replaces others after the lowest of their positions, and deletes them', async () => {
  const filter = `${prefix}.events.r.>`;
  await publish('r.status', [50, 51]);
  await publish('r.telemetry', [52, 53]);
  // Two old consumers, one per channel: status handled up to 51 (all of it), telemetry up to 52 (53 not).
  for (const [durable, channel, last] of [['old-status', 'status', 51], ['old-telemetry', 'telemetry', 52]] as const) {
    const got = collector();
    const old = await consumers.declare({ stream: stream.name, durable, filterSubjects: [`${prefix}.events.r.${channel}`], maxMessages: 10 });
    old.start(async (batch) => {
      for (const m of batch) if (numbers([m])[0] <= last) m.ack();
      got.add(numbers(batch));
    });
    await got.until([last]);
    await old.stop();
  }
  await publish('r.status', [54]);
  const merged = collector();
  await consumers.consume({ stream: stream.name, durable: 'merged', filterSubjects: [filter], maxMessages: 10, replaces: ['old-status', 'old-telemetry', 'never-existed'] }, async (batch) => {
    merged.add(numbers(batch));
    for (const m of batch) m.ack();
  });
  // The status consumer's position is past 53 (a filtered consumer's moves over what it does
  // not read); the telemetry one's is at 52: the merged one starts right after 52.
  expect(await merged.until(2)).toEqual([53, 54]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(merged.seen).toEqual([53, 54]);
  const names = (await (await nc.jetstreamManager()).consumers.list(stream.name).next()).map((c) => c.name);
  expect(names).toContain('merged');
  expect(names).not.toContain('old-status');
  expect(names).not.toContain('old-telemetry');
});

it('writes the acks given to JetStreamConsumers.ack, of every consumer together, and before a stop returns', async () => {
  await publish('f1', [60, 61, 62]);
  await publish('f2', [63, 64]);
  const jsm = await nc.jetstreamManager();
  const got = collector();
  const started = await Promise.all(
    ['f1', 'f2'].map((s) =>
      consumers.consume({ stream: stream.name, durable: `acks-${s}`, filterSubjects: [`${prefix}.events.${s}`], maxMessages: 1 }, async (batch) => {
        got.add(numbers(batch));
        consumers.ack(batch);
      }),
    ),
  );
  await got.until(5);
  await Promise.all(started.map((c) => c.stop()));
  // Right after the stops: nothing delivered is left unacknowledged on the server.
  for (const [s, last] of [['f1', 3], ['f2', 2]] as const) {
    const info = await jsm.consumers.info(stream.name, `acks-${s}`);
    expect(info.num_ack_pending).toBe(0);
    expect(info.ack_floor.consumer_seq).toBe(last);
  }
});
