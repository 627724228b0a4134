// The one way a service reads a JetStream stream: `JetStreamConsumers.declare` names the
// consumer (durable and shared by the service's copies, or ordered and private to this
// process), `start` hands it batches, and the platform stops every consumer before the
// app's connections close. A batch is one unit of work: the handler writes it in one
// transaction and then acks; a batch that throws is nak'ed and comes back. Every
// consumer has the same metrics (messages, batches, failed batches, pending).
// A hot consumer acks through `JetStreamConsumers.ack`: the acks of every consumer of the
// process within a few milliseconds go out in one socket write (WriteCoalescer).
import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  type Consumer,
  type JsMsg,
  type NatsConnection,
} from 'nats';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { errorMessage, sleep } from './errors';
import type { JsonLogger } from './logger';
import { Metrics } from './observability.module';
import { LOGGER, NATS_CONNECTION } from './platform.tokens';
import { WriteCoalescer } from './write-coalescer';

const NS_PER_S = 1_000_000_000;
/**
 * Acks asked for within this long of the previous write go out with the next one. An ack
 * only frees JetStream's record of the message (ack wait 30 s); nothing waits for it.
 */
const ACK_WRITE_INTERVAL_MS = 10;
/**
 * How long one pull request stands before nats.js renews it (its idle heartbeat is half
 * that). With nats.js's 30 s, a pull the server had stopped filling held an events consumer's
 * alarms for 15 s with messages pending (seen once in the bench, NATS 2.9); renewed every 5 s,
 * such a stall lasts at most that. A renewal is one small request per consumer.
 */
const PULL_EXPIRES_MS = 5000;

export interface ConsumerSpec {
  stream: string;
  /**
   * A durable consumer: the service's copies share it and its position survives restarts.
   * Without one, an ordered consumer of this process alone, reading from `deliverNew` on,
   * which buffers from `declare` (so nothing published while the service loads is missed).
   */
  durable?: string;
  filterSubjects?: string[];
  /** Start at the messages published after the consumer is created (default: all kept). */
  deliverNew?: boolean;
  /**
   * Durables of the same stream this one replaces (consumers merged or renamed in a new
   * version): when it is created it starts after the lowest of their acknowledged positions,
   * so it neither replays the stream nor skips what was not handled, and they are deleted.
   */
  replaces?: string[];
  /** How long a delivered message may stay unacknowledged before redelivery (durable). */
  ackWaitS?: number;
  /** Also bounds what is buffered in memory (durable). */
  maxAckPending?: number;
  /** Most messages handed to the handler at once. */
  maxMessages: number;
  /**
   * Durable, taken over from a copy that may have died holding messages (a partition's
   * consumer, decision 0024): if messages were delivered and not acknowledged, delivery starts
   * again right after the last acknowledged one, in stream order, instead of the newer
   * messages first and the unacknowledged ones after their ack wait.
   */
  resumeAfterAckFloor?: boolean;
}

export type BatchHandler = (batch: JsMsg[]) => Promise<void>;

interface ConsumerMetrics {
  messages: Counter<'consumer'>;
  batches: Counter<'consumer'>;
  failed: Counter<'consumer'>;
  pending: Gauge<'consumer'>;
}

/** Creates a durable consumer, or brings its filter up to date (it keeps its position). */
export async function ensureDurableConsumer(nc: NatsConnection, spec: ConsumerSpec & { durable: string }): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const filters = spec.filterSubjects ?? [];
  const filter = { filter_subject: filters.length === 1 ? filters[0] : undefined, filter_subjects: filters.length > 1 ? filters : undefined };
  const config: Partial<ConsumerConfig> = {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: spec.deliverNew ? DeliverPolicy.New : DeliverPolicy.All,
    ack_wait: (spec.ackWaitS ?? 30) * NS_PER_S,
    max_ack_pending: spec.maxAckPending ?? 5000,
    ...filter,
  };
  let existing;
  try {
    existing = await jsm.consumers.info(spec.stream, spec.durable);
  } catch (err) {
    if (!/consumer not found/i.test(errorMessage(err))) throw err;
  }
  if (existing) {
    // A new version of the app may read more subjects.
    const current = existing.config.filter_subjects ?? (existing.config.filter_subject ? [existing.config.filter_subject] : []);
    if ([...filters].sort().join(' ') !== [...current].sort().join(' ')) await jsm.consumers.update(spec.stream, spec.durable, filter);
  } else {
    const floors = (await Promise.all((spec.replaces ?? []).map((name) => ackFloor(nc, spec.stream, name)))).filter((f): f is number => f !== undefined);
    const from = floors.length > 0 ? Math.min(...floors) + 1 : undefined;
    await jsm.consumers.add(spec.stream, from === undefined ? config : { ...config, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from });
  }
  // Once this one exists (a copy may have died between the two steps), the replaced ones go.
  for (const name of spec.replaces ?? []) {
    await jsm.consumers.delete(spec.stream, name).catch((err) => {
      if (!/consumer not found/i.test(errorMessage(err))) throw err;
    });
  }
}

/** Observes, for each message, the time since JetStream stored it (`Metrics.stages()`). */
export function observeSinceStored(stages: Histogram<'stage'>, stage: string, messages: JsMsg[]): void {
  const now = Date.now();
  for (const m of messages) stages.observe({ stage }, Math.max(0, now - m.info.timestampNanos / 1e6) / 1000);
}

/** The stream sequence a durable has acknowledged up to, or undefined if there is no such durable. */
async function ackFloor(nc: NatsConnection, stream: string, durable: string): Promise<number | undefined> {
  try {
    return (await (await nc.jetstreamManager()).consumers.info(stream, durable)).ack_floor.stream_seq;
  } catch (err) {
    if (/consumer not found/i.test(errorMessage(err))) return undefined;
    throw err;
  }
}

/**
 * One consumer of a stream. Batches come without added latency: messages are buffered as
 * they arrive and a batch is whatever has arrived by the next turn of the event loop after
 * the previous one is done (one message when traffic is light, up to maxMessages under load).
 */
export class DeclaredConsumer {
  /** Messages still waiting for this consumer: at declaration, then after each batch. */
  backlog: number;
  private handle?: BatchHandler;
  private stopped = false;
  private stopping?: Promise<void>;
  private messages?: ConsumerMessages;
  private readonly buffer: JsMsg[] = [];
  private draining?: Promise<void>;
  private loop?: Promise<void>;
  private lastBatchAt = Date.now();

  constructor(
    private readonly consumer: Consumer,
    readonly label: string,
    private readonly spec: ConsumerSpec,
    backlog: number,
    private readonly logger: JsonLogger,
    private readonly metrics: ConsumerMetrics,
    private readonly flushAcks: () => Promise<void>,
  ) {
    this.backlog = backlog;
    // An ordered consumer starts buffering now; a durable one only when started.
    if (!spec.durable) this.loop = this.consume();
  }

  /**
   * The backlog once the consumer has been idle for `idleMs` (nothing buffered, no batch in
   * hand, none finished since), read again from the server; undefined while it is busy. A
   * batch's last `pending` can stay above zero with no later message to correct it (seen
   * with NATS 2.9 after a partition's consumer was taken over), and a caller that waits for
   * an empty backlog (the registry's silence sweep) would wait for ever.
   */
  async idleBacklog(idleMs: number): Promise<number | undefined> {
    if (this.buffer.length > 0 || this.draining || Date.now() - this.lastBatchAt < idleMs) return undefined;
    const asked = this.lastBatchAt;
    const info = await this.consumer.info(false);
    // A batch that came meanwhile makes the answer old.
    if (this.buffer.length > 0 || this.draining || this.lastBatchAt !== asked) return undefined;
    this.backlog = info.num_pending + info.num_ack_pending;
    this.metrics.pending.set({ consumer: this.label }, this.backlog);
    return this.backlog;
  }

  /** Hands batches to `handle` from now on (what was buffered first). */
  start(handle: BatchHandler): this {
    if (this.handle) throw new Error(`consumer ${this.label} is already started`);
    this.handle = handle;
    this.loop ??= this.consume();
    this.drain();
    return this;
  }

  /** Stops taking messages and waits for the batch in hand; what is buffered is redelivered (durable). */
  async stop(): Promise<void> {
    if (this.stopped) return this.stopping;
    this.stopped = true;
    this.stopping = this.finish();
    return this.stopping;
  }

  private async finish(): Promise<void> {
    this.messages?.stop();
    await this.loop;
    await this.draining;
    // What was handled is acknowledged before the stop returns (a partition is given up
    // only then, and its next owner starts after the last acknowledged message).
    await this.flushAcks();
    // Not handled here: back to the stream at once, for another copy (or this one after a restart).
    if (this.spec.durable) for (const m of this.buffer.splice(0)) m.nak();
    this.onStopped?.();
  }

  /** Called once the consumer has stopped (JetStreamConsumers forgets it). */
  onStopped?: () => void;

  private async consume(): Promise<void> {
    while (!this.stopped) {
      try {
        this.messages = await this.consumer.consume({
          max_messages: this.spec.maxMessages,
          expires: PULL_EXPIRES_MS,
          callback: (m) => {
            this.buffer.push(m);
            this.drain();
          },
        });
        await this.messages.closed();
      } catch (err) {
        if (this.stopped) break;
        this.logger.event('warn', 'consuming from JetStream failed; retrying', { consumer: this.label, error: errorMessage(err) });
        await sleep(500);
      }
    }
  }

  private drain(): void {
    if (!this.handle || this.buffer.length === 0) return;
    this.draining ??= (async () => {
      // Each batch on a turn of the event loop of its own. A batch that writes nothing (most
      // heartbeats) never waits for I/O, so without this a full buffer would be handled in
      // one run of promise callbacks, every consumer of the process in turn, and no socket
      // read in between: an alarm arriving meanwhile waited 170 ms in the incident service
      // behind a reconnect storm's heartbeats (benchmarks.md, "one turn per batch").
      do {
        await nextTurn();
        if (this.buffer.length === 0 || this.stopped) break;
        await this.runBatch(this.buffer.splice(0, this.spec.maxMessages));
      } while (this.buffer.length > 0);
      this.draining = undefined;
    })();
  }

  private async runBatch(batch: JsMsg[]): Promise<void> {
    const labels = { consumer: this.label };
    try {
      await this.handle?.(batch);
      this.metrics.batches.inc(labels);
      this.metrics.messages.inc(labels, batch.length);
    } catch (err) {
      this.metrics.failed.inc(labels);
      this.logger.event('error', 'batch handler failed; messages will be redelivered', { consumer: this.label, size: batch.length, error: errorMessage(err) });
      if (this.spec.durable) for (const m of batch) m.nak(1000);
    }
    this.backlog = batch[batch.length - 1]?.info.pending ?? 0;
    this.lastBatchAt = Date.now();
    this.metrics.pending.set(labels, this.backlog);
  }
}

@Injectable()
export class JetStreamConsumers implements BeforeApplicationShutdown {
  private readonly declared: DeclaredConsumer[] = [];
  private readonly metrics: ConsumerMetrics;
  private acks: JsMsg[] = [];
  private readonly ackWrites = new WriteCoalescer(() => {
    const acks = this.acks;
    this.acks = [];
    for (const m of acks) m.ack();
  }, ACK_WRITE_INTERVAL_MS);

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly logger: JsonLogger,
    metrics: Metrics,
  ) {
    this.metrics = {
      messages: metrics.counter('ioc_consumer_messages_total', 'Stream messages handled, by consumer', ['consumer']),
      batches: metrics.counter('ioc_consumer_batches_total', 'Batches handled, by consumer', ['consumer']),
      failed: metrics.counter('ioc_consumer_failed_batches_total', 'Batches whose handler threw (redelivered when durable), by consumer', ['consumer']),
      pending: metrics.gauge('ioc_consumer_pending', 'Messages still waiting for the consumer after its last batch', ['consumer']),
    };
  }

  /**
   * Acknowledges messages handled (written and committed), together with what the process's
   * other consumers acknowledge within ACK_WRITE_INTERVAL_MS: one socket write, where a
   * consumer given a message at a time would write each ack alone.
   */
  ack(messages: readonly JsMsg[]): void {
    for (const m of messages) this.acks.push(m);
    this.ackWrites.schedule();
  }

  /** Creates (or updates) the consumer; a durable one reads its backlog, an ordered one starts buffering. */
  async declare(spec: ConsumerSpec): Promise<DeclaredConsumer> {
    const js = this.nc.jetstream();
    let consumer: Consumer;
    let backlog = 0;
    if (spec.durable) {
      await ensureDurableConsumer(this.nc, { ...spec, durable: spec.durable });
      const jsm = await this.nc.jetstreamManager();
      let info = await jsm.consumers.info(spec.stream, spec.durable);
      if (spec.resumeAfterAckFloor && info.num_ack_pending > 0) {
        // Delivered to a copy that is gone and never acknowledged: start again after the last
        // acknowledged message, in order (what follows it is delivered again; handlers are idempotent).
        const from = info.ack_floor.stream_seq + 1;
        await jsm.consumers.delete(spec.stream, spec.durable);
        await jsm.consumers.add(spec.stream, {
          ...info.config,
          deliver_policy: DeliverPolicy.StartSequence,
          opt_start_seq: from,
          opt_start_time: undefined,
        });
        this.logger.event('info', 'consumer taken over: delivering again after the last acknowledged message', {
          consumer: spec.durable,
          fromSequence: from,
          unacknowledged: info.num_ack_pending,
        });
        info = await jsm.consumers.info(spec.stream, spec.durable);
      }
      // Delivered to a copy that died and not acked: it comes back after ack wait.
      backlog = info.num_pending + info.num_ack_pending;
      consumer = await js.consumers.get(spec.stream, spec.durable);
    } else {
      const filters = spec.filterSubjects ?? [];
      consumer = await js.consumers.get(spec.stream, {
        // One filter as a string: NATS 2.9 knows no list of filters.
        filterSubjects: filters.length === 1 ? filters[0] : filters,
        deliver_policy: spec.deliverNew ? DeliverPolicy.New : DeliverPolicy.All,
      });
    }
    const declared = new DeclaredConsumer(consumer, `${spec.stream}:${spec.durable ?? 'ordered'}`, spec, backlog, this.logger, this.metrics, () => this.flushAcks());
    this.declared.push(declared);
    declared.onStopped = () => {
      const i = this.declared.indexOf(declared);
      if (i >= 0) this.declared.splice(i, 1);
    };
    return declared;
  }

  /** Declares and starts at once, for a service with nothing to load first. */
  async consume(spec: ConsumerSpec, handle: BatchHandler): Promise<DeclaredConsumer> {
    return (await this.declare(spec)).start(handle);
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Each stop writes the acks of what was handled.
    await Promise.all(this.declared.map((c) => c.stop()));
  }

  /** Writes the acks waiting for the coalescer, and waits until the server has read them. */
  private async flushAcks(): Promise<void> {
    if (this.acks.length === 0) return;
    this.ackWrites.now();
    // A connection already closed loses them: the messages come back after their ack wait,
    // and every handler is idempotent.
    await this.nc.flush().catch(() => undefined);
  }
}
