// The ingest's own PUBACKs against the real broker: a message whose PUBACK the queue sent is
// not delivered again to the persistent session, one it never acknowledged is.
import mqtt, { type MqttClient } from 'mqtt';
import { createTestContext, waitFor, type TestContext } from '@ioc/testing';
import { ACK_LATER, PubackQueue, sendPuback } from './puback-queue';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.cleanup();
});

async function session(clientId: string, received: { text: string; settle: (code: number) => void }[]): Promise<MqttClient> {
  let queue = PubackQueue.CLOSED;
  const client = mqtt.connect(ctx.mqtt.url, {
    clientId,
    username: ctx.mqtt.ingestUsername,
    password: ctx.mqtt.ingestPassword,
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: 300, receiveMaximum: 100 },
    reconnectPeriod: 0,
    customHandleAcks: (_topic, payload, packet, done) => {
      received.push({ text: payload.toString(), settle: queue.add(packet.messageId ?? 0) });
      done(ACK_LATER);
    },
  });
  // As the ingest does: the queue exists from the CONNACK on, before mqtt.js's 'connect',
  // since a resumed session's queued messages may come first.
  client.on('packetreceive', (packet) => {
    if (packet.cmd === 'connack') queue = new PubackQueue((id, code) => sendPuback(client, id, code));
  });
  client.on('error', (err) => {
    if (err !== ACK_LATER) throw err;
  });
  await new Promise((resolve) => client.once('connect', resolve));
  return client;
}

it('sends the PUBACKs it is told to, in order, and the broker redelivers only the rest', async () => {
  const clientId = `${ctx.id}-pq`;
  const filter = `$share/${ctx.id}-pq/${ctx.topicRoot}/pq/#`;
  const first: { text: string; settle: (code: number) => void }[] = [];
  const sub = await session(clientId, first);
  await sub.subscribeAsync(filter, { qos: 1 });
  const pub = await mqtt.connectAsync(ctx.mqtt.url, { protocolVersion: 5, clientId: `${ctx.id}-pq-pub`, username: ctx.mqtt.gatewayUsername, password: ctx.mqtt.gatewayPassword });
  for (const text of ['a', 'b', 'c']) await pub.publishAsync(`${ctx.topicRoot}/pq/x`, text, { qos: 1 });
  await waitFor('three messages in hand at once', () => first.length === 3, 5000, 10);
  // b is safe before a: its PUBACK waits for a's. c is never made safe.
  first[1].settle(0);
  first[0].settle(0);
  await new Promise((r) => setTimeout(r, 300));
  sub.stream.destroy();
  await new Promise((r) => setTimeout(r, 300));

  const again: { text: string; settle: (code: number) => void }[] = [];
  const resumed = await session(clientId, again);
  await waitFor('the unacknowledged message redelivered', () => again.length >= 1, 5000, 10);
  await new Promise((r) => setTimeout(r, 500));
  expect(again.map((m) => m.text)).toEqual(['c']);
  // Redelivered right after the CONNACK, before mqtt.js's 'connect': acknowledged all the same.
  again[0].settle(0);
  await new Promise((r) => setTimeout(r, 300));
  resumed.stream.destroy();
  await new Promise((r) => setTimeout(r, 300));
  const third: { text: string; settle: (code: number) => void }[] = [];
  const last = await session(clientId, third);
  await new Promise((r) => setTimeout(r, 700));
  expect(third.map((m) => m.text)).toEqual([]);
  await last.endAsync();
  await pub.endAsync();
  // Forget the persistent session.
  await (await mqtt.connectAsync(ctx.mqtt.url, { protocolVersion: 5, clientId, clean: true, username: ctx.mqtt.ingestUsername, password: ctx.mqtt.ingestPassword, properties: { sessionExpiryInterval: 0 } })).endAsync();
});
