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

  next(areaCode: string): Promise<number> {
    return this.redis.incr(this.key(areaCode));
  }

  async current(areaCodes: string[]): Promise<number[]> {
    if (areaCodes.length === 0) return [];
    const values = await this.redis.mget(areaCodes.map((c) => this.key(c)));
    return values.map((v) => (v === null ? 0 : Number(v)));
  }
}
