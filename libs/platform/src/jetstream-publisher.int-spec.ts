// JetStreamPublisher on the real NATS server, in a stream of its own: acknowledgements in
// the order of the publishes, repeats of an id reported as duplicates, and the three ways a
// publish fails (no stream, JetStream's refusal, no answer in time), each with its reason.
import { randomBytes } from 'node:crypto';
import { DiscardPolicy, type NatsConnection } from 'nats';
import { z } from 'zod';
import { loadConfig, natsEnv } from './config';
import { JetStreamPublisher } from './jetstream-publisher';
import { connectNats, decodeText, deleteStreams, encodeJson } from './nats';

const { NATS_URL } = loadConfig(z.object({ NATS_URL: natsEnv.NATS_URL }));
const prefix = `tc${randomBytes(4).toString('hex')}`;
const stream = { name: `${prefix}_pub`, subjects: [`${prefix}.pub.>`], maxAgeS: 3600, duplicateWindowS: 60 };
let nc: NatsConnection;

beforeAll(async () => {
  nc = await connectNats(NATS_URL, 'publisher-test', { owns: [stream] });
});

afterAll(async () => {
  await deleteStreams(nc, [stream.name]);
  await nc.drain();
});

it('stores what is published in one turn, in order, and answers each publish with its own sequence', async () => {
  const publisher = new JetStreamPublisher(nc, 5000);
  const acks = await Promise.all(Array.from({ length: 500 }, (_, i) => publisher.publish(`${prefix}.pub.order`, encodeJson({ i }), `order-${i}`)));
  const seqs = acks.map((a) => a.seq);
  expect(acks.every((a) => a.stream === stream.name && !a.duplicate)).toBe(true);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  expect(new Set(seqs).size).toBe(500);
  const jsm = await nc.jetstreamManager();
  for (const i of [0, 250, 499]) {
    const stored = await jsm.streams.getMessage(stream.name, { seq: seqs[i] });
    expect(JSON.parse(decodeText(stored.data))).toEqual({ i });
    expect(stored.header.get('Nats-Msg-Id')).toBe(`order-${i}`);
  }
});

it('reports a repeated id as a duplicate with the first copy’s sequence, and stores it once', async () => {
  const publisher = new JetStreamPublisher(nc, 5000);
  const first = await publisher.publish(`${prefix}.pub.dup`, encodeJson({ n: 1 }), 'dup-1');
  const again = await publisher.publish(`${prefix}.pub.dup`, encodeJson({ n: 1 }), 'dup-1');
  expect(first.duplicate).toBe(false);
  expect(again).toMatchObject({ duplicate: true, seq: first.seq });
});

it('fails a publish that no stream takes, one JetStream refuses and one nobody answers in time, saying which', async () => {
  const publisher = new JetStreamPublisher(nc, 400);
  await expect(publisher.publish(`${prefix}.nostream.x`, encodeJson({}))).rejects.toThrow(/no JetStream stream takes this subject/);
  // A stream that refuses: its limit of one message, new ones refused.
  const full = { name: `${prefix}_full`, subjects: [`${prefix}.full.>`] };
  const jsm = await nc.jetstreamManager();
  await jsm.streams.add({ ...full, max_msgs: 1, discard: DiscardPolicy.New });
  try {
    await publisher.publish(`${prefix}.full.a`, encodeJson({ n: 1 }));
    await expect(publisher.publish(`${prefix}.full.a`, encodeJson({ n: 2 }))).rejects.toThrow(/JetStream refused the message: .*maximum messages exceeded/);
  } finally {
    await jsm.streams.delete(full.name);
  }
  // A plain subscriber takes the subject and never answers.
  const silent = nc.subscribe(`${prefix}.silent.>`, { callback: () => undefined });
  try {
    const started = Date.now();
    await expect(publisher.publish(`${prefix}.silent.x`, encodeJson({}))).rejects.toThrow(/did not answer within 400 ms/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  } finally {
    silent.unsubscribe();
  }
});
