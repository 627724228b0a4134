// NATS and JetStream plumbing shared by the services: streams, publishing with a dedupe
// id, batched pull consumption with explicit acks, the JSON codec and the coded error a
// service's refusal becomes at its caller (request/reply itself is in rpc.ts).
import {
  AckPolicy,
  connect,
  DeliverPolicy,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type ConsumerMessages,
  type JetStreamClient,
  type JsMsg,
  type NatsConnection,
} from 'nats';
import type { StreamSpec } from '@ioc/contracts';
import { errorMessage, sleep, type FieldIssue } from './errors';
import type { JsonLogger } from './logger';

const NS_PER_S = 1_000_000_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encodeJson = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));
export const decodeText = (data: Uint8Array): string => decoder.decode(data);

/**
 * Connects (reconnecting forever) and makes sure the app's streams exist: the ones it
 * `owns` are created or brought to their spec, the ones it only `uses` are created with
 * defaults if missing and otherwise left as their owner configured them.
 */
export async function connectNats(
  url: string,
  name: string,
  streams: { owns?: StreamSpec[]; uses?: StreamSpec[] } = {},
): Promise<NatsConnection> {
  const nc = await connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
  if (streams.owns?.length) await ensureStreams(nc, streams.owns, { update: true });
  if (streams.uses?.length) await ensureStreams(nc, streams.uses, { update: false });
  return nc;
}

/** Health check of a NATS connection. */
export const natsHealthCheck = (nc: NatsConnection) => () => {
  if (nc.isClosed()) throw new Error('connection closed');
};

/** Health check of anything with a ping (ioredis). */
export const pingHealthCheck = (client: { ping(): Promise<unknown> }) => async () => {
  await client.ping();
};

/**
 * Creates the streams that do not exist. The app that owns a stream (`update: true`) also
 * brings an existing one to its spec (subjects, retention); apps that only read or write
 * it leave an existing stream as its owner configured it.
 */
export async function ensureStreams(nc: NatsConnection, specs: StreamSpec[], { update }: { update: boolean }): Promise<void> {
  const jsm = await nc.jetstreamManager();
  for (const spec of specs) {
    const config = {
      name: spec.name,
      subjects: spec.subjects,
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: spec.maxAgeS * NS_PER_S,
      duplicate_window: spec.duplicateWindowS * NS_PER_S,
    };
    try {
      await jsm.streams.info(spec.name);
      if (update) await jsm.streams.update(spec.name, config);
    } catch (err) {
      if (!/stream not found/i.test(errorMessage(err))) throw err;
      await jsm.streams.add(config);
    }
  }
}

export async function deleteStreams(nc: NatsConnection, names: string[]): Promise<void> {
  const jsm = await nc.jetstreamManager();
  for (const name of names) {
    try {
      await jsm.streams.delete(name);
    } catch (err) {
      if (!/stream not found/i.test(errorMessage(err))) throw err;
    }
  }
}

/** Publishes JSON to JetStream; `msgId` makes JetStream drop repeats within its window. */
export async function publishJson(js: JetStreamClient, subject: string, value: unknown, msgId?: string) {
  return js.publish(subject, encodeJson(value), msgId ? { msgID: msgId } : undefined);
}

export interface DurableConsumerSpec {
  stream: string;
  durable: string;
  filterSubjects?: string[];
  deliverNew?: boolean;
  /** How long a delivered message may stay unacknowledged before redelivery. */
  ackWaitS?: number;
  maxAckPending?: number;
}

export async function ensureDurableConsumer(nc: NatsConnection, spec: DurableConsumerSpec): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const config: Partial<ConsumerConfig> = {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: spec.deliverNew ? DeliverPolicy.New : DeliverPolicy.All,
    ack_wait: (spec.ackWaitS ?? 30) * NS_PER_S,
    // Also bounds what runBatchLoop buffers in memory.
    max_ack_pending: spec.maxAckPending ?? 5000,
    ...(spec.filterSubjects?.length === 1 ? { filter_subject: spec.filterSubjects[0] } : {}),
    ...(spec.filterSubjects && spec.filterSubjects.length > 1 ? { filter_subjects: spec.filterSubjects } : {}),
  };
  let existing;
  try {
    existing = await jsm.consumers.info(spec.stream, spec.durable);
  } catch (err) {
    if (!/consumer not found/i.test(errorMessage(err))) throw err;
    await jsm.consumers.add(spec.stream, config);
    return;
  }
  // A new version of the app may read more subjects: bring the filter up to date (the
  // consumer keeps its position).
  const wanted = [...(spec.filterSubjects ?? [])].sort().join(' ');
  const current = [...(existing.config.filter_subjects ?? (existing.config.filter_subject ? [existing.config.filter_subject] : []))].sort().join(' ');
  if (wanted !== current) {
    await jsm.consumers.update(spec.stream, spec.durable, {
      filter_subject: spec.filterSubjects?.length === 1 ? spec.filterSubjects[0] : undefined,
      filter_subjects: spec.filterSubjects && spec.filterSubjects.length > 1 ? spec.filterSubjects : undefined,
    });
  }
}

export interface BatchLoopOptions {
  /** Most messages handed to `handle` at once (and buffered from the server). */
  maxMessages: number;
  logger: JsonLogger;
  /** Handles one batch. Messages it does not ack or nak are redelivered after ack wait. */
  handle: (batch: JsMsg[]) => Promise<void>;
}

/**
 * Consumes a durable consumer until stopped, in batches without added latency: messages
 * are buffered as they arrive and a batch is whatever has arrived when the previous one is
 * done (one message when traffic is light, up to maxMessages under load). The buffer is
 * bounded by the consumer's max_ack_pending. A batch that throws is nak'ed with a delay
 * and redelivered; the loop itself never dies on a handler error.
 */
export function runBatchLoop(js: JetStreamClient, stream: string, durable: string, options: BatchLoopOptions) {
  let stopped = false;
  let messages: ConsumerMessages | undefined;
  const buffer: JsMsg[] = [];
  let draining: Promise<void> | undefined;

  const handleBatch = async (batch: JsMsg[]) => {
    try {
      await options.handle(batch);
    } catch (err) {
      options.logger.event('error', 'batch handler failed; messages will be redelivered', {
        stream,
        durable,
        size: batch.length,
        error: errorMessage(err),
      });
      for (const m of batch) m.nak(1000);
    }
  };
  const drain = () => {
    draining ??= (async () => {
      while (buffer.length > 0 && !stopped) await handleBatch(buffer.splice(0, options.maxMessages));
      draining = undefined;
    })();
  };

  const done = (async () => {
    while (!stopped) {
      try {
        const consumer = await js.consumers.get(stream, durable);
        messages = await consumer.consume({
          max_messages: options.maxMessages,
          callback: (m) => {
            buffer.push(m);
            drain();
          },
        });
        await messages.closed();
      } catch (err) {
        if (stopped) break;
        options.logger.event('warn', 'consuming from JetStream failed; retrying', { stream, durable, error: errorMessage(err) });
        await sleep(500);
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      messages?.stop();
      await done;
      await draining;
    },
  };
}

/** A service refused a request: its error code (mapped to an HTTP status by the api), message and field issues. */
export class RemoteError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}
