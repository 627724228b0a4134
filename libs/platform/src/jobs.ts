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
 * Work of several partitions: one partition's in turn (a SerialQueue each, urgent first),
 * different partitions' at the same time, so that an alarm's batch in one partition never
 * waits for another partition's batch and its database round trips. While urgent work runs,
 * work that is not waits to start: the process is single-threaded, and an alarm's database
 * round trips would otherwise each wait for a run of heartbeat batches. Work `alone` (a tick
 * over every partition, an operator's action, loading state) waits until the partitions'
 * work in hand has finished, runs by itself, and goes before partition work that had not
 * started yet.
 */
export class PartitionedQueue {
  private readonly queues = new Map<number, SerialQueue>();
  /** Partition work running now, and how much of it is urgent. */
  private inside = 0;
  private urgentInside = 0;
  private readonly aloneQueue: (() => Promise<void>)[] = [];
  private aloneRunning = false;
  private readonly waitingToEnter: { urgent: boolean; go: () => void }[] = [];

  run<T>(partition: number, work: () => Promise<T>, options: { urgent?: boolean } = {}): Promise<T> {
    let queue = this.queues.get(partition);
    if (!queue) this.queues.set(partition, (queue = new SerialQueue()));
    const urgent = options.urgent === true;
    return queue.run(async () => {
      await this.enter(urgent);
      try {
        return await work();
      } finally {
        this.inside--;
        if (urgent) this.urgentInside--;
        this.next();
      }
    }, options);
  }

  alone<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.aloneQueue.push(() => Promise.resolve().then(work).then(resolve, reject));
      this.next();
    });
  }

  /** Resolves once everything queued so far has run. */
  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.idle()));
    await this.alone(async () => undefined);
  }

  private enter(urgent: boolean): Promise<void> | undefined {
    const counted = () => {
      this.inside++;
      if (urgent) this.urgentInside++;
    };
    if (!this.aloneRunning && this.aloneQueue.length === 0 && (urgent || this.urgentInside === 0)) {
      counted();
      return undefined;
    }
    return new Promise((resolve) =>
      this.waitingToEnter.push({
        urgent,
        go: () => {
          counted();
          resolve();
        },
      }),
    );
  }

  private next(): void {
    if (this.aloneRunning) return;
    const work = this.aloneQueue.shift();
    if (work) {
      if (this.inside > 0) {
        // Started by the last partition work to finish.
        this.aloneQueue.unshift(work);
        return;
      }
      this.aloneRunning = true;
      void work().finally(() => {
        this.aloneRunning = false;
        this.next();
      });
      return;
    }
    // Urgent work first; the rest once no urgent work runs.
    const waiting = this.waitingToEnter.splice(0).sort((a, b) => Number(b.urgent) - Number(a.urgent));
    for (const w of waiting) {
      if (w.urgent || this.urgentInside === 0) w.go();
      else this.waitingToEnter.push(w);
    }
  }
}
