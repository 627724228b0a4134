// The sign-in throttle's counters and lockouts, in Redis so that every registry copy sees
// the same ones (decision 0019; the rules are @ioc/access sign-in-throttle). Keys live under
// `{REDIS_PREFIX}:signin:`, named by a hash of the username or address so that whatever a
// client sends makes a short key. Commands fail fast while Redis is away: sign-in then
// answers 503 rather than letting guesses through uncounted.
import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import { lockoutsAfterFailure, type SignInLimits, type SignInLocks } from '@ioc/access';
import { JsonLogger } from '@ioc/platform';
import type { RegistryConfig } from '../registry.config';

const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

/** Owned by UsersService, which closes it at shutdown. */
export class SignInThrottleStore {
  private readonly redis: Redis;
  private readonly prefix: string;
  readonly limits: SignInLimits;

  constructor(config: RegistryConfig, logger: JsonLogger) {
    this.redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: false });
    this.redis.on('error', (err) => logger.event('warn', 'redis (sign-in throttle) error', { error: err.message }));
    this.prefix = `${config.REDIS_PREFIX}:signin`;
    this.limits = {
      maxFailuresPerUser: config.REGISTRY_SIGNIN_MAX_FAILURES_PER_USER,
      maxFailuresPerAddress: config.REGISTRY_SIGNIN_MAX_FAILURES_PER_ADDRESS,
      windowS: config.REGISTRY_SIGNIN_WINDOW_S,
      lockoutS: config.REGISTRY_SIGNIN_LOCKOUT_S,
    };
  }

  private key(kind: 'fail' | 'lock', who: 'user' | 'address', subject: string): string {
    return `${this.prefix}:${kind}:${who}:${digest(subject)}`;
  }

  /** Lockouts standing for this username and address. */
  async locks(username: string, address: string): Promise<SignInLocks> {
    const [user, addr] = await this.redis.mget(this.key('lock', 'user', username), this.key('lock', 'address', address));
    return { ...(user ? { userUntil: Number(user) } : {}), ...(addr ? { addressUntil: Number(addr) } : {}) };
  }

  /** Counts a failure for both; starts the lockouts it earns and returns them. */
  async fail(username: string, address: string, now: number): Promise<SignInLocks> {
    const userKey = this.key('fail', 'user', username);
    const addrKey = this.key('fail', 'address', address);
    // The window starts at the first failure (SET NX with its expiry), then counts up.
    const replies = await this.redis
      .multi()
      .set(userKey, 0, 'EX', this.limits.windowS, 'NX')
      .incr(userKey)
      .set(addrKey, 0, 'EX', this.limits.windowS, 'NX')
      .incr(addrKey)
      .exec();
    const count = (i: number) => Number(replies?.[i]?.[1] ?? 0);
    const locks = lockoutsAfterFailure({ user: count(1), address: count(3) }, this.limits, now);
    const tx = this.redis.multi();
    if (locks.userUntil) tx.set(this.key('lock', 'user', username), locks.userUntil, 'PX', locks.userUntil - now).del(userKey);
    if (locks.addressUntil) tx.set(this.key('lock', 'address', address), locks.addressUntil, 'PX', locks.addressUntil - now).del(addrKey);
    if (locks.userUntil || locks.addressUntil) await tx.exec();
    return locks;
  }

  /** A good sign-in forgets the username's failures (the address's stay: they may be other users'). */
  async succeed(username: string): Promise<void> {
    await this.redis.del(this.key('fail', 'user', username));
  }

  /** Clears a username's lockout and failures; the time it was locked until, if it was. */
  async clear(username: string): Promise<number | undefined> {
    const lockKey = this.key('lock', 'user', username);
    const replies = await this.redis.multi().get(lockKey).del(lockKey, this.key('fail', 'user', username)).exec();
    const until = replies?.[0]?.[1];
    return typeof until === 'string' ? Number(until) : undefined;
  }

  /** When each username's lockout ends (absent when not locked). */
  async lockedUntil(usernames: string[]): Promise<Map<string, number>> {
    if (usernames.length === 0) return new Map();
    const values = await this.redis.mget(usernames.map((u) => this.key('lock', 'user', u)));
    const out = new Map<string, number>();
    values.forEach((v, i) => {
      if (v) out.set(usernames[i], Number(v));
    });
    return out;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect()); // already closed: nothing left to quit
  }
}
