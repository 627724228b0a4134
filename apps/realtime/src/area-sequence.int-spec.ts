// AreaSequence on the machine's Redis (REDIS_URL), under a prefix of its own: a batch gets
// one number per push, in order, from one round trip, and numbers never repeat.
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { z } from 'zod';
import { loadConfig, redisEnv } from '@ioc/platform';
import { AreaSequence } from './area-sequence';
import type { RealtimeConfig } from './realtime.config';

const { REDIS_URL } = loadConfig(z.object({ REDIS_URL: redisEnv.REDIS_URL }));
const prefix = `ts${randomBytes(4).toString('hex')}`;
let redis: Redis;
let sequence: AreaSequence;

beforeAll(() => {
  redis = new Redis(REDIS_URL);
  sequence = new AreaSequence({ REDIS_PREFIX: prefix } as RealtimeConfig, redis);
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

it('numbers a batch in order, each area on from where it stood, in one round trip', async () => {
  expect(await sequence.nextFor([])).toEqual([]);
  expect(await sequence.nextFor(['DH-A', 'DH-B', 'DH-A', 'DH-A'])).toEqual([1, 1, 2, 3]);
  expect(await sequence.nextFor(['DH-B', 'DH-A'])).toEqual([2, 4]);
  expect(await sequence.current(['DH-A', 'DH-B', 'DH-C'])).toEqual([4, 2, 0]);
});

it('never hands the same number twice to batches numbered at once (two realtime copies)', async () => {
  const batches = await Promise.all(Array.from({ length: 20 }, () => sequence.nextFor(['QT-X', 'QT-X', 'QT-X'])));
  const all = batches.flat().sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  for (const b of batches) expect(b[1] - b[0]).toBe(1);
});
