// Remembers message ids for INGEST_DEDUPE_TTL_S, longer than JetStream's 2-minute
// duplicate window, so a gateway that resends after a long reconnect is still caught.
//
// A key is first written as "pending" and becomes "done" only after JetStream has the
// message. A crash in between leaves "pending", which is not treated as a duplicate: the
// redelivered message is published again and JetStream's own msgId window drops it.
// So no message is ever lost to the dedupe, and none is published twice.
import type Redis from 'ioredis';

export type Claim = 'new' | 'retry' | 'duplicate';

export class DedupeStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly ttlS: number,
  ) {}

  private key(id: string): string {
    return `${this.keyPrefix}:dedupe:${id}`;
  }

  async claim(id: string): Promise<Claim> {
    // SET … NX GET returns the previous value, or null if the key did not exist.
    const previous = (await this.redis.call('SET', this.key(id), 'pending', 'NX', 'GET', 'EX', String(this.ttlS))) as string | null;
    if (previous === null) return 'new';
    return previous === 'done' ? 'duplicate' : 'retry';
  }

  /** Not awaited by the caller: a lost write only means one extra JetStream dedupe. */
  markDone(id: string): Promise<unknown> {
    return this.redis.set(this.key(id), 'done', 'EX', this.ttlS);
  }
}
