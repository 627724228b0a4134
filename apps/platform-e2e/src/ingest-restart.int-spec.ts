// QoS 1 with persistent sessions: the ingest can die (SIGKILL, no goodbye) and come back
// while a gateway keeps publishing, and every message still reaches JetStream, once.
import mqtt from 'mqtt';
import { connect, type NatsConnection } from 'nats';
import { natsStreams } from '@ioc/contracts';
import { mosquittoPub, waitFor } from '@ioc/testing';
import { createTestContext, startApp, type TestContext } from './support/platform';

const TOTAL = 3000;
const RATE_PER_S = 600;

let ctx: TestContext;
let nc: NatsConnection;

beforeAll(async () => {
  ctx = await createTestContext();
  nc = await connect({ servers: ctx.natsUrl });
});

afterAll(async () => {
  await nc?.close();
  await ctx?.cleanup();
});

async function storedMessageIds(): Promise<string[]> {
  const jsm = await nc.jetstreamManager();
  const name = natsStreams(ctx.natsPrefix).device.name;
  const info = await jsm.streams.info(name);
  if (info.state.messages === 0) return [];
  const js = nc.jetstream();
  const consumer = await js.consumers.get(name); // ordered consumer: reads the whole stream
  const ids: string[] = [];
  const iter = await consumer.fetch({ max_messages: info.state.messages, expires: 5000 });
  for await (const m of iter) ids.push(JSON.parse(new TextDecoder().decode(m.data)).messageId);
  return ids;
}

describe('ingest restart under load', () => {
  it('loses no QoS 1 message while the ingest is killed and restarted', async () => {
    let ingest = await startApp('ingest', ctx);
    const gateway = await mqtt.connectAsync(ctx.mqtt.url, {
      protocolVersion: 5,
      clientId: `${ctx.id}-gateway`,
      username: ctx.mqtt.gatewayUsername,
      password: ctx.mqtt.gatewayPassword,
      clean: true,
    });
    const topic = `${ctx.topicRoot}/DH-TT/GW-1/CAM-1/status`;
    const publishing = (async () => {
      const started = Date.now();
      const pending: Promise<unknown>[] = [];
      for (let i = 0; i < TOTAL; i++) {
        const due = started + (i * 1000) / RATE_PER_S;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        pending.push(gateway.publishAsync(topic, JSON.stringify({ id: `m-${i}`, ts: new Date().toISOString(), online: true }), { qos: 1 }));
      }
      await Promise.all(pending);
    })();

    await new Promise((r) => setTimeout(r, 1200));
    ingest.kill();
    await new Promise((r) => setTimeout(r, 1500));
    ingest = await startApp('ingest', ctx);
    await publishing;
    await gateway.endAsync();

    await waitFor(
      `all ${TOTAL} messages in JetStream`,
      async () => (await nc.jetstreamManager().then((j) => j.streams.info(natsStreams(ctx.natsPrefix).device.name))).state.messages >= TOTAL,
      30_000,
      200,
    );
    const ids = await storedMessageIds();
    expect(new Set(ids).size).toBe(TOTAL);
    expect(ids).toHaveLength(TOTAL);
    await ingest.stop();
  });

  it('keeps a message published while no ingest runs, and delivers it when the ingest returns', async () => {
    // The first test's sessions persist on the broker; this message waits in their queue.
    await mosquittoPub(ctx.mqtt, `${ctx.topicRoot}/DH-TT/GW-1/CAM-1/status`, JSON.stringify({ id: 'while-down', ts: new Date().toISOString() }));
    const ingest = await startApp('ingest', ctx);
    await waitFor('the queued message to arrive', async () => (await storedMessageIds()).includes('while-down'), 10_000, 200);
    await ingest.stop();
  });
});
