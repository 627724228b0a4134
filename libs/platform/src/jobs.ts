// BullMQ plumbing shared by the services that keep durable timers and jobs in Redis
// (imports, daily snapshots, escalations, reports). Keys live under `${REDIS_PREFIX}:bull`.
import Redis from 'ioredis';
import type { JsonLogger } from './logger';

export const bullPrefix = (redisPrefix: string) => `${redisPrefix}:bull`;

/**
 * A Redis connection for BullMQ queues (its blocking reads need maxRetriesPerRequest:
 * null); workers and queue-event listeners take `.duplicate()`s of it. Errors are logged,
 * never thrown: ioredis reconnects by itself.
 */
export function bullConnection(url: string, logger: JsonLogger, what: string): Redis {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  connection.on('error', (err) => logger.event('warn', `redis (${what}) error`, { error: err.message }));
  return connection;
}

/** Runs work one piece at a time, in the order given; a failure does not stop what follows. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work, work);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Resolves once everything queued so far has run. */
  async idle(): Promise<void> {
    await this.tail;
  }
}
