// NATS and JetStream plumbing shared by the services: streams, publishing with a dedupe
// id, batched pull consumption with explicit acks, and validated request/reply.
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
  type Msg,
  type Subscription,
} from 'nats';
import type { Contract, ReplyEnvelope, StreamSpec } from '@ioc/contracts';
import { defineContract, formatIssues } from '@ioc/contracts';
import type { z } from 'zod';
import { errorMessage, ServiceError, sleep, type FieldIssue } from './errors';
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

/**
 * Serves a request/reply subject in a queue group: requests are validated against the
 * contract; the reply is `{ ok: true, data }` or `{ ok: false, error }`, never silence.
 */
export function serveRequests<S extends z.ZodType, R>(
  nc: NatsConnection,
  subject: string,
  queue: string,
  contract: Contract<S>,
  handler: (request: z.infer<S>) => Promise<R>,
  logger: JsonLogger,
): Subscription {
  return nc.subscribe(subject, {
    queue,
    callback: (err, msg) => {
      if (err) {
        logger.event('error', 'request subscription failed', { subject, error: errorMessage(err) });
        return;
      }
      const respond = (envelope: ReplyEnvelope<R>) => respondSafely(nc, msg, envelope, subject, logger);
      let input: unknown;
      try {
        input = JSON.parse(decodeText(msg.data));
      } catch {
        respond({ ok: false, error: { code: 'malformed_json', message: 'request body is not JSON' } });
        return;
      }
      const parsed = contract.parse(input);
      if (!parsed.ok) {
        respond({ ok: false, error: { code: 'invalid', message: formatIssues(parsed.issues), issues: parsed.issues } });
        return;
      }
      // A handler that throws before its first await still answers (never breaks the subscription).
      Promise.resolve()
        .then(() => handler(parsed.value))
        .then(
        (data) => respond({ ok: true, data }),
        (e) => {
          if (e instanceof ServiceError) {
            respond({ ok: false, error: { code: e.code, message: e.message, ...(e.issues.length > 0 ? { issues: e.issues } : {}) } });
            return;
          }
          // Another service did not answer this one in time: the caller may retry.
          const code = (e as { code?: string }).code;
          if (code === 'TIMEOUT' || code === '503') {
            respond({ ok: false, error: { code: 'unavailable', message: `a service this one depends on did not answer: ${errorMessage(e)}` } });
            return;
          }
          logger.event('error', 'request handler failed', { subject, error: errorMessage(e) });
          respond({ ok: false, error: { code: 'internal', message: errorMessage(e) } });
        },
      )
        // Nothing that happens while answering may become an unhandled rejection (which
        // would end the process and, with it, every other caller's service).
        .catch((e: unknown) => logger.event('error', 'request could not be answered', { subject, error: errorMessage(e) }));
    },
  });
}

/**
 * Answers a request. An answer over the connection's max_payload (1 MiB by default) cannot
 * be sent: the caller gets `answer_too_large` instead (ask for less: a page, a filter),
 * and the service goes on. Returns false when not even that could be sent.
 */
export function respondSafely<R>(nc: NatsConnection, msg: Msg, envelope: ReplyEnvelope<R>, subject: string, logger: JsonLogger): boolean {
  const body = encodeJson(envelope);
  const limit = nc.info?.max_payload ?? Number.POSITIVE_INFINITY;
  try {
    if (body.length > limit) {
      logger.event('warn', 'answer over the bus payload limit refused', { subject, bytes: body.length, limit });
      return msg.respond(
        encodeJson({
          ok: false,
          error: { code: 'answer_too_large', message: `the answer is ${body.length} bytes, over the bus limit of ${limit}; ask for less (a page or a filter)` },
        } satisfies ReplyEnvelope<R>),
      );
    }
    return msg.respond(body);
  } catch (e) {
    logger.event('error', 'answer could not be sent', { subject, bytes: body.length, error: errorMessage(e) });
    return false;
  }
}

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

/** Sends a request and validates the reply against `replyContract`. */
export async function requestJson<S extends z.ZodType>(
  nc: NatsConnection,
  subject: string,
  body: unknown,
  replyContract: Contract<S>,
  timeoutMs = 5000,
): Promise<z.infer<S>> {
  const reply = await nc.request(subject, encodeJson(body), { timeout: timeoutMs });
  const envelope = JSON.parse(decodeText(reply.data)) as ReplyEnvelope<unknown>;
  if (!envelope.ok) throw new RemoteError(envelope.error.code, envelope.error.message, envelope.error.issues);
  const parsed = replyContract.parse(envelope.data);
  if (!parsed.ok) throw new RemoteError('invalid_reply', formatIssues(parsed.issues));
  return parsed.value;
}


/**
 * Serves every operation of a service's operations contract (`{ name: { request, reply } }`)
 * on `subjectOf(name)` in queue group `queue`, each request checked against its schema.
 */
export function serveOperations<Ops extends Record<string, { request: z.ZodType }>>(
  nc: NatsConnection,
  subjectOf: (operation: string) => string,
  queue: string,
  operations: Ops,
  handlers: { [O in keyof Ops]: (request: z.infer<Ops[O]['request']>) => Promise<unknown> },
  logger: JsonLogger,
  around: (run: () => Promise<unknown>) => Promise<unknown> = (run) => run(),
): Subscription[] {
  return Object.keys(operations).map((name) => {
    const contract = defineContract(`${queue}.${name}`, 1, operations[name]?.request as z.ZodType);
    const handler = handlers[name] as (request: unknown) => Promise<unknown>;
    return serveRequests(nc, subjectOf(name), queue, contract, (request) => around(() => handler(request)), logger);
  });
}

/** The handlers of an operations contract: one per operation, typed by its request and reply. */
export type OperationHandlers<Ops extends Record<string, { request: z.ZodType; reply: z.ZodType }>> = {
  [O in keyof Ops]: (request: z.infer<Ops[O]['request']>) => Promise<z.infer<Ops[O]['reply']>>;
};
