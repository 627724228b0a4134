// Request/reply on the real NATS server: one request must never take a service down.
import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { z } from 'zod';
import { defineContract } from '@ioc/contracts';
import { JsonLogger } from './logger';
import { requestJson, serveRequests, type RemoteError } from './nats';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const Request = defineContract('test.size', 1, z.object({ bytes: z.number().int().min(0) }));
const Reply = defineContract('test.size.reply', 1, z.object({ text: z.string() }));

let nc: NatsConnection;
const subject = `t${randomBytes(4).toString('hex')}.size`;

beforeAll(async () => {
  nc = await connect({ servers: NATS_URL });
  serveRequests(nc, subject, 'test', Request, async ({ bytes }) => ({ text: 'x'.repeat(bytes) }), new JsonLogger('test', 'error'));
});

afterAll(async () => {
  await nc.close();
});

describe('answering requests', () => {
  it('answers an answer too large for the bus with answer_too_large, and keeps serving', async () => {
    const limit = nc.info?.max_payload ?? 1024 * 1024;
    await expect(requestJson(nc, subject, { bytes: limit + 10 }, Reply)).rejects.toMatchObject({ code: 'answer_too_large' } satisfies Partial<RemoteError>);
    await expect(requestJson(nc, subject, { bytes: 5 }, Reply)).resolves.toEqual({ text: 'xxxxx' });
  });

  it('refuses a request that breaks its contract with the field named', async () => {
    await expect(requestJson(nc, subject, { bytes: -1 }, Reply)).rejects.toMatchObject({ code: 'invalid' });
  });
});
