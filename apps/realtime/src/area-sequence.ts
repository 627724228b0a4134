// Per-area push sequence numbers, in Redis so that every realtime copy counts alike.
import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import type { RealtimeConfig } from './realtime.config';
import { REALTIME_CONFIG, REALTIME_REDIS } from './realtime.tokens';

@Injectable()
export class AreaSequence {
  constructor(
    @Inject(REALTIME_CONFIG) private readonly config: RealtimeConfig,
    @Inject(REALTIME_REDIS) private readonly redis: Redis,
  ) {}

  private key(areaCode: string): string {
    return `${this.config.REDIS_PREFIX}:ops-seq:${areaCode}`;
  }

  /**
   * One sequence number for each entry, in order (an area named twice gets two, ascending),
   * from one pipelined INCRBY per area: a batch of pushes costs one round trip, not one each.
   */
  async nextFor(areaCodes: string[]): Promise<number[]> {
    if (areaCodes.length === 0) return [];
    const counts = new Map<string, number>();
    for (const code of areaCodes) counts.set(code, (counts.get(code) ?? 0) + 1);
    const pipeline = this.redis.pipeline();
    for (const [code, n] of counts) pipeline.incrby(this.key(code), n);
    const results = (await pipeline.exec()) ?? [];
    const next = new Map<string, number>();
    [...counts].forEach(([code, n], i) => {
      const [err, last] = results[i] ?? [new Error('no reply from Redis')];
      if (err) throw err;
      next.set(code, Number(last) - n + 1);
    });
    return areaCodes.map((code) => {
      const seq = next.get(code) ?? Number.NaN;
      next.set(code, seq + 1);
      return seq;
    });
  }

  async current(areaCodes: string[]): Promise<number[]> {
    if (areaCodes.length === 0) return [];
    const values = await this.redis.mget(areaCodes.map((c) => this.key(c)));
    return values.map((v) => (v === null ? 0 : Number(v)));
  }
}
