// NATS and JetStream plumbing shared by the services: streams, publishing with a dedupe
// id, the JSON codec and the coded error a service's refusal becomes at its caller
// (request/reply is in rpc.ts, consuming streams in consumers.ts).
import { connect, RetentionPolicy, StorageType, type JetStreamClient, type NatsConnection, type StreamConfig } from 'nats';
import type { StreamSpec } from '@ioc/contracts';
import { errorMessage, type FieldIssue } from './errors';

const NS_PER_S = 1_000_000_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encodeJson = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));
export const decodeText = (data: Uint8Array): string => decoder.decode(data);

/** A bus message's JSON body, or undefined when it is not JSON (the caller's contract check then refuses it). */
export function decodeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(decodeText(data)) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Connects (reconnecting forever) and makes sure the app's streams exist: the ones it
 * `owns` are created or brought to their spec, the ones it only `uses` are created with
 * defaults if missing and otherwise left as their owner configured them. Both are created
 * with `replicas` (NATS_STREAM_REPLICAS) copies.
 */
export async function connectNats(
  url: string,
  name: string,
  streams: { owns?: StreamSpec[]; uses?: StreamSpec[] } = {},
  { replicas = 1 }: { replicas?: number } = {},
): Promise<NatsConnection> {
  // noAsyncTraces: nats.js otherwise captures a stack (new Error) for every request and
  // JetStream publish, in case it times out; that was 15% of the ingest's CPU under load.
  const nc = await connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 500, noAsyncTraces: true });
  if (streams.owns?.length) await ensureStreams(nc, streams.owns, { update: true, replicas });
  if (streams.uses?.length) await ensureStreams(nc, streams.uses, { update: false, replicas });
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

/** The JetStream configuration of a stream spec with `replicas` copies (file storage, limits retention). */
export function streamConfig(spec: StreamSpec, replicas = 1): Partial<StreamConfig> & { name: string } {
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 5) throw new RangeError(`stream ${spec.name}: replicas must be a whole number from 1 to 5, got ${replicas}`);
  return {
    name: spec.name,
    subjects: spec.subjects,
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: spec.maxAgeS * NS_PER_S,
    duplicate_window: spec.duplicateWindowS * NS_PER_S,
    num_replicas: replicas,
  };
}

/**
 * Creates the streams that do not exist, with `replicas` copies. The app that owns a stream
 * (`update: true`) also brings an existing one to its spec (subjects, retention, replicas);
 * apps that only read or write it leave an existing stream as its owner configured it.
 */
export async function ensureStreams(nc: NatsConnection, specs: StreamSpec[], { update, replicas = 1 }: { update: boolean; replicas?: number }): Promise<void> {
  const jsm = await nc.jetstreamManager();
  for (const spec of specs) {
    const config = streamConfig(spec, replicas);
    let exists = true;
    try {
      await jsm.streams.info(spec.name);
    } catch (err) {
      if (!/stream not found/i.test(errorMessage(err))) throw err;
      exists = false;
    }
    if (exists && !update) continue;
    try {
      if (exists) await jsm.streams.update(spec.name, config);
      else await jsm.streams.add(config);
    } catch (err) {
      // A stream of 3 replicas on a single server is refused by NATS; say which setting asks for it.
      const hint = replicas > 1 ? ` (NATS_STREAM_REPLICAS=${replicas} needs a JetStream cluster of at least ${replicas} servers)` : '';
      throw new Error(`stream ${spec.name}: cannot ${exists ? 'update' : 'create'} it with ${replicas} replica(s): ${errorMessage(err)}${hint}`, { cause: err });
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
