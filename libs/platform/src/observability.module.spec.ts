// The health routes as start.sh, docker-compose and the e2e harness see them: readiness on
// /health and /health/ready from the registered checks, liveness on /health/live from the
// process alone.
import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Health, ObservabilityModule } from './observability.module';

@Module({ imports: [ObservabilityModule.forRoot('test')] })
class TestAppModule {}

describe('health', () => {
  let app: INestApplication;
  let url: string;
  let brokerDown: string | undefined;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [TestAppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    const health = app.get(Health);
    health.register('nats', () => undefined);
    health.register('mqtt', async () => {
      if (brokerDown) throw new Error(brokerDown);
    });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(() => app.close());

  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    return { status: res.status, body: (await res.json()) as { status: string; details: Record<string, { status: string; message?: string }> } };
  };

  it('answers 200 on /health and /health/ready when every check passes', async () => {
    brokerDown = undefined;
    for (const path of ['/health', '/health/ready']) {
      const { status, body } = await get(path);
      expect(status).toBe(200);
      expect(body.status).toBe('ok');
      expect(body.details).toEqual({ nats: { status: 'up' }, mqtt: { status: 'up' } });
    }
  });

  it('answers 503 with the failing check and its reason when one is down, while liveness stays 200', async () => {
    brokerDown = '1 of 4 MQTT sessions not connected and subscribed';
    for (const path of ['/health', '/health/ready']) {
      const { status, body } = await get(path);
      expect(status).toBe(503);
      expect(body.status).toBe('error');
      expect(body.details['mqtt']).toEqual({ status: 'down', message: brokerDown });
      expect(body.details['nats']).toEqual({ status: 'up' });
    }
    const live = await get('/health/live');
    expect(live.status).toBe(200);
    expect(Object.keys(live.body.details)).toEqual(['process']);
  });
});
