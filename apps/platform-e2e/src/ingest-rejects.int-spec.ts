// Every way a gateway can get a message wrong is rejected with its own reason, counted,
// published on the rejects subject, and the ingest carries on with the next message.
import { connect, type NatsConnection } from 'nats';
import { natsStreams, type IngestRejected } from '@ioc/contracts';
import { AppProcess, mosquittoPub, waitFor } from '@ioc/testing';
import { createTestContext, startApp, type TestContext } from './support/platform';

let ctx: TestContext;
let ingest: AppProcess;
let nc: NatsConnection;

beforeAll(async () => {
  ctx = await createTestContext();
  ingest = await startApp('ingest', ctx);
  nc = await connect({ servers: ctx.natsUrl });
});

afterAll(async () => {
  await ingest?.stop();
  await nc?.close();
  await ctx?.cleanup();
});

async function rejectsRecorded(): Promise<IngestRejected[]> {
  const jsm = await nc.jetstreamManager();
  const name = natsStreams(ctx.natsPrefix).rejects.name;
  const info = await jsm.streams.info(name);
  const out: IngestRejected[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(name, { seq });
    out.push(JSON.parse(new TextDecoder().decode(m.data)));
  }
  return out;
}

async function deviceMessagesStored(): Promise<number> {
  const jsm = await nc.jetstreamManager();
  return (await jsm.streams.info(natsStreams(ctx.natsPrefix).device.name)).state.messages;
}

describe('ingest rejections', () => {
  const base = (): string => `${ctx.topicRoot}/DH-TT/GW-1/CAM-1`;
  const valid = (id: string): string => JSON.stringify({ id, ts: new Date().toISOString(), online: true });

  it.each([
    ['malformed JSON', 'malformed_json', (): string => `${base()}/status`, (): string | Buffer => '{"id": "x", "ts": '],
    ['a schema violation', 'schema_violation', (): string => `${base()}/status`, () => JSON.stringify({ id: 'x', ts: 'yesterday', fps: 'fast' })],
    ['an unknown channel', 'unknown_channel', (): string => `${base()}/video`, () => valid('unknown-channel-1')],
    ['a 20 KiB payload', 'payload_too_large', (): string => `${base()}/telemetry`, () => Buffer.alloc(20 * 1024, 'a')],
  ] as const)('rejects %s with reason %s, counts it, and processes the next valid message', async (_what, reason, topic, payload): Promise<void> => {
    const before = await ingest.metric('ioc_ingest_rejected_total', { reason });
    const storedBefore = await deviceMessagesStored();
    const body = payload();
    await mosquittoPub(ctx.mqtt, topic(), body);
    await waitFor(`a ${reason} rejection to be counted`, async () => (await ingest.metric('ioc_ingest_rejected_total', { reason })) === before + 1);

    const rejects = await rejectsRecorded();
    const last = rejects.filter((r) => r.reason === reason).pop();
    expect(last).toMatchObject({ reason, topic: topic(), sizeBytes: Buffer.byteLength(body) });
    expect(last?.detail.length).toBeGreaterThan(0);

    const nextId = `after-${reason}`;
    await mosquittoPub(ctx.mqtt, `${base()}/status`, valid(nextId));
    await waitFor('the next valid message to reach JetStream', async () => (await deviceMessagesStored()) === storedBefore + 1);
    expect(await ingest.metric('ioc_ingest_rejected_total')).toBe(
      (await ingest.metric('ioc_ingest_rejected_total', { reason: 'malformed_json' })) +
        (await ingest.metric('ioc_ingest_rejected_total', { reason: 'schema_violation' })) +
        (await ingest.metric('ioc_ingest_rejected_total', { reason: 'unknown_channel' })) +
        (await ingest.metric('ioc_ingest_rejected_total', { reason: 'payload_too_large' })),
    );
  });

  it('names the offending fields of a schema violation', async () => {
    const rejects = await rejectsRecorded();
    const violation = rejects.find((r) => r.reason === 'schema_violation');
    expect(violation?.detail).toContain('ts:');
    expect(violation?.detail).toContain('fps:');
  });

  it('is still healthy after all of them', async () => {
    const res = await fetch(`${ingest.url}/health`);
    expect(res.status).toBe(200);
  });
});
