// The operations transport on the real NATS server: a @MessagePattern handler behind
// NatsOperationsServer, called through NatsOperationsClient. One request must never take
// a service down: an answer over the bus limit is refused with answer_too_large.
import { randomBytes } from 'node:crypto';
import { Controller, type INestMicroservice, Module, UseFilters } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern } from '@nestjs/microservices';
import { z } from 'zod';
import { defineContract } from '@ioc/contracts';
import { ServiceError } from './errors';
import { JsonLogger } from './logger';
import type { RemoteError } from './nats';
import { NatsOperationsClient, NatsOperationsServer, OperationErrorFilter } from './rpc';
import { loadConfig, natsEnv } from './config';

// The machine's NATS, or NATS_URL, read through the platform's own config loader.
const { NATS_URL } = loadConfig(z.object({ NATS_URL: natsEnv.NATS_URL }));
const SizeRequest = z.object({ bytes: z.number().int().min(0) });
const Reply = defineContract('test.size.reply', 1, z.object({ text: z.string() }));

@Controller()
@UseFilters(new OperationErrorFilter())
class SizeController {
  @MessagePattern('test.v1.size')
  async size(r: z.infer<typeof SizeRequest>) {
    if (r.bytes === 13) throw new ServiceError('conflict', 'unlucky');
    return { text: 'x'.repeat(r.bytes) };
  }
}

@Module({ controllers: [SizeController] })
class SizeModule {}

const prefix = `t${randomBytes(4).toString('hex')}`;
let service: INestMicroservice;
let client: NatsOperationsClient;

beforeAll(async () => {
  const logger = new JsonLogger('test', 'error');
  service = await NestFactory.createMicroservice(SizeModule, {
    strategy: new NatsOperationsServer({ url: NATS_URL, name: 'test', prefix, queue: 'test', requests: { 'test.v1.size': SizeRequest }, logger }),
    logger,
  });
  await service.listen();
  client = new NatsOperationsClient({ url: NATS_URL, name: 'test', prefix });
});

afterAll(async () => {
  await client.close();
  await service.close();
});

describe('answering operations', () => {
  it('answers an answer too large for the bus with answer_too_large, and keeps serving', async () => {
    const limit = 1024 * 1024;
    await expect(client.request('test.v1.size', { bytes: limit + 10 }, Reply)).rejects.toMatchObject({ code: 'answer_too_large' } satisfies Partial<RemoteError>);
    await expect(client.request('test.v1.size', { bytes: 5 }, Reply)).resolves.toEqual({ text: 'xxxxx' });
  });

  it('refuses a request that breaks its contract with the field named', async () => {
    await expect(client.request('test.v1.size', { bytes: -1 }, Reply)).rejects.toMatchObject({ code: 'invalid', issues: [{ path: 'bytes' }] });
  });

  it("passes a handler's coded error on, and says unavailable when nobody serves the subject", async () => {
    await expect(client.request('test.v1.size', { bytes: 13 }, Reply)).rejects.toMatchObject({ code: 'conflict', message: 'unlucky' });
    await expect(client.request('test.v1.nobody', {}, Reply)).rejects.toMatchObject({ code: '503' });
  });
});
