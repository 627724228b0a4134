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

/**
 * Runs work one piece at a time, in the order given; a failure does not stop what follows.
 * Work marked `urgent` goes before all waiting work that is not (in its own order): an
 * alarm's batch need not wait behind every batch of heartbeats queued before it.
 */
export class SerialQueue {
  private readonly urgent: (() => Promise<void>)[] = [];
  private readonly normal: (() => Promise<void>)[] = [];
  private running?: Promise<void>;

  run<T>(work: () => Promise<T>, { urgent = false }: { urgent?: boolean } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // (A work that throws at once rejects like one that fails later.)
      (urgent ? this.urgent : this.normal).push(() => Promise.resolve().then(work).then(resolve, reject));
      this.running ??= this.drain();
    });
  }

  /** Resolves once everything queued so far has run. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Start on a later tick, as a promise chain would: the caller's code after run() goes first.
    await Promise.resolve();
    for (let next = this.urgent.shift() ?? this.normal.shift(); next; next = this.urgent.shift() ?? this.normal.shift()) await next();
    this.running = undefined;
  }
}

/**
 * Work of several partitions: one partition's in turn (urgent first), different partitions'
 * at the same time, so that an alarm's batch in one partition never waits for another
 * partition's batch and its database round trips. While urgent work runs, work that is not
 * waits to start: the process is single-threaded, and an alarm's database round trips would
 * otherwise each wait for a run of heartbeat batches. Work waiting to start does not hold its
 * partition: an urgent piece queued behind it starts first (before 2026-12-07 the partition's
 * next piece took its turn and then waited, so an alarm waited for every other partition's
 * alarms and one heartbeat batch; benchmarks.md, "alarms first across the machine"). Work
 * `alone` (a tick over every partition, an operator's action, loading state) waits until the
 * partitions' work in hand has finished, runs by itself, and goes before partition work that
 * had not started yet.
 */
export class PartitionedQueue {
  /** Work not started yet, per partition, urgent first. */
  private readonly waiting = new Map<number, { urgent: (() => void)[]; normal: (() => void)[] }>();
  /** Partitions with work in hand. */
  private readonly busy = new Set<number>();
  private urgentInside = 0;
  private readonly aloneQueue: (() => Promise<void>)[] = [];
  private aloneRunning = false;
  private idleWaiters: (() => void)[] = [];

  run<T>(partition: number, work: () => Promise<T>, options: { urgent?: boolean } = {}): Promise<T> {
    const urgent = options.urgent === true;
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.busy.add(partition);
        if (urgent) this.urgentInside++;
        // (A work that throws at once rejects like one that fails later.)
        void Promise.resolve()
          .then(work)
          .then(resolve, reject)
          .finally(() => {
            this.busy.delete(partition);
            if (urgent) this.urgentInside--;
            this.next();
          });
      };
      let queued = this.waiting.get(partition);
      if (!queued) this.waiting.set(partition, (queued = { urgent: [], normal: [] }));
      (urgent ? queued.urgent : queued.normal).push(start);
      this.next();
    });
  }

  alone<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.aloneQueue.push(() => Promise.resolve().then(work).then(resolve, reject));
      this.next();
    });
  }

  /** Resolves once everything queued so far has run. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return !this.aloneRunning && this.aloneQueue.length === 0 && this.busy.size === 0 && this.waiting.size === 0;
  }

  private next(): void {
    if (this.aloneRunning) return;
    if (this.aloneQueue.length > 0) {
      // Started by the last partition work to finish.
      if (this.busy.size > 0) return;
      const work = this.aloneQueue.shift() as () => Promise<void>;
      this.aloneRunning = true;
      void work().finally(() => {
        this.aloneRunning = false;
        this.next();
      });
      return;
    }
    // Urgent work first, in every partition not busy; the rest once no urgent work runs.
    for (const [partition, queued] of this.waiting) {
      if (!this.busy.has(partition)) queued.urgent.shift()?.();
    }
    if (this.urgentInside === 0) {
      for (const [partition, queued] of this.waiting) {
        if (!this.busy.has(partition)) queued.normal.shift()?.();
      }
    }
    for (const [partition, queued] of this.waiting) {
      if (queued.urgent.length === 0 && queued.normal.length === 0) this.waiting.delete(partition);
    }
    if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
