// The services' request/reply operations over @nestjs/microservices' NATS transport.
// Owns: the server strategy (per-run subject prefix, queue group, one zod check of every
// request against its operation's contract, the answer-size guard), the ClientProxy that
// calls it (prefix, per-call timeout, no-responders), the typed `call(operation, request)`
// clients are built from, and the RpcException filter that turns what a handler throws
// into the coded error envelope the api maps to problem+json.
import { Catch, Logger, type ArgumentsHost, type INestApplication, type OnApplicationShutdown, type RpcExceptionFilter } from '@nestjs/common';
import { ClientNats, NatsContext, RpcException, ServerNats, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { firstValueFrom, throwError, timeout, type Observable } from 'rxjs';
import type { Msg, NatsConnection, Subscription } from 'nats';
import { defineContract, formatIssues, type Contract, type ReplyEnvelope } from '@ioc/contracts';
import type { z } from 'zod';
import { errorMessage, ServiceError } from './errors';
import { bootHttpApp } from './bootstrap';
import type { JsonLogger } from './logger';
import { LOGGER } from './platform.tokens';
import { decodeText, encodeJson, RemoteError } from './nats';

type Operations = Record<string, { request: z.ZodType; reply: z.ZodType }>;

/** The error half of the envelope: what a failed operation answers (in the packet's `err`). */
export type OperationError = Extract<ReplyEnvelope<never>, { ok: false }>;

/** The handlers of an operations contract: one per operation, typed by its request and reply. */
export type OperationHandlers<Ops extends Operations> = {
  [O in keyof Ops]: (request: z.infer<Ops[O]['request']>) => Promise<z.infer<Ops[O]['reply']>>;
};

/** The request of one operation, as its handler receives it (validated, defaults applied). */
export type OperationRequest<Ops extends Operations, O extends keyof Ops> = z.infer<Ops[O]['request']>;

/**
 * The message patterns of a contract's operations: `<base>.<operation>` (for example
 * `registry.v1.auth.login`), each with its request schema. The server subscribes to
 * `<prefix>.<pattern>`, which is what natsSubjects(prefix) names.
 */
export function operationPatterns(base: string, operations: Operations): Record<string, z.ZodType> {
  return Object.fromEntries(Object.entries(operations).map(([name, op]) => [`${base}.${name}`, op.request]));
}

const NATS_RECONNECT = { maxReconnectAttempts: -1, reconnectTimeWait: 500 } as const;

export interface OperationsServerOptions {
  url: string;
  /** The connection's name (the service's). */
  name: string;
  /** The run's subject prefix (`ioc` in production); patterns are prefixed with it. */
  prefix: string;
  /** The queue group: copies of a service share the requests. */
  queue: string;
  /** Every pattern the service answers, with the schema its request must satisfy. */
  requests: Record<string, z.ZodType>;
  logger: JsonLogger;
  /** How long closing waits for the requests in hand (default 5 s). */
  drainMs?: number;
}

/**
 * NATS transport strategy for a service's operations: subscribes each @MessagePattern at
 * `<prefix>.<pattern>` in the service's queue group, refuses a request that is not JSON or
 * does not satisfy its operation's schema (the handler gets the parsed request, defaults
 * applied), and refuses an answer over the connection's max_payload with `answer_too_large`
 * instead of failing to send it.
 */
export class NatsOperationsServer extends ServerNats {
  private readonly contracts: Map<string, Contract<z.ZodType>>;
  private readonly operationSubscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly settings: OperationsServerOptions) {
    super({ servers: settings.url, name: `${settings.name}-operations`, queue: settings.queue, ...NATS_RECONNECT });
    this.contracts = new Map(Object.entries(settings.requests).map(([pattern, schema]) => [pattern, defineContract(pattern, 1, schema)]));
  }

  override bindEvents(client: NatsConnection): void {
    for (const pattern of this.messageHandlers.keys()) {
      // A handler without a contract would answer unchecked requests: refuse to start.
      if (!this.contracts.has(pattern)) throw new Error(`@MessagePattern('${pattern}') has no request contract`);
      const subscription = client.subscribe(`${this.settings.prefix}.${pattern}`, {
        queue: this.settings.queue,
        callback: (err, msg) => {
          if (err) {
            this.settings.logger.event('error', 'request subscription failed', { pattern, error: errorMessage(err) });
            return;
          }
          // Nothing that happens while answering may become an unhandled rejection (which
          // would end the process and, with it, every other caller's service).
          const answered = this.handleMessage(pattern, msg).catch((e: unknown) =>
            this.settings.logger.event('error', 'request could not be answered', { pattern, error: errorMessage(e) }),
          );
          this.inFlight.add(answered);
          void answered.finally(() => this.inFlight.delete(answered));
        },
      });
      this.operationSubscriptions.push(subscription);
    }
  }

  /**
   * Graceful: stops taking requests (the queue group's other copies get them), answers the
   * ones in hand (for at most `drainMs`), then closes the connection.
   */
  override async close(): Promise<void> {
    for (const subscription of this.operationSubscriptions.splice(0)) subscription.unsubscribe();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.settings.drainMs ?? 5000)));
    await Promise.race([Promise.all(this.inFlight), deadline]);
    clearTimeout(timer);
    await super.close();
  }

  override async handleMessage(pattern: string, msg: Msg): Promise<void> {
    let packet: { id?: string; data?: unknown };
    try {
      packet = JSON.parse(decodeText(msg.data)) as { id?: string; data?: unknown };
    } catch {
      this.refuse(msg, undefined, pattern, { code: 'malformed_json', message: 'request body is not JSON' });
      return;
    }
    const publish = this.getPublisher(msg, packet.id ?? '');
    const parsed = this.contracts.get(pattern)?.parse(packet.data);
    const handler = this.getHandlerByPattern(pattern);
    if (!parsed || !handler) {
      publish({ err: { ok: false, error: { code: 'not_found', message: `no operation ${pattern}` } } satisfies OperationError, isDisposed: true });
      return;
    }
    if (!parsed.ok) {
      const error = { code: 'invalid', message: formatIssues(parsed.issues), issues: parsed.issues };
      publish({ err: { ok: false, error } satisfies OperationError, isDisposed: true });
      return;
    }
    const response$ = this.transformToObservable(await handler(parsed.value, new NatsContext([msg.subject, msg.headers])));
    if (response$) this.send(response$, publish);
  }

  override getPublisher(msg: Msg, id: string): (response: WritePacket) => void {
    if (!msg.reply) return () => undefined;
    // An operation answers once (its handler returns a promise): the first packet, a value
    // or an error, is final, and the separate "disposed" packet Nest sends after it would
    // be one more message on the bus for every request.
    let answered = false;
    return (response) => {
      if (answered) return;
      answered = true;
      const body = encodeJson({ ...response, id, isDisposed: true });
      const limit = this.unwrap<NatsConnection>().info?.max_payload ?? Number.POSITIVE_INFINITY;
      if (body.length > limit) {
        this.settings.logger.event('warn', 'answer over the bus payload limit refused', { subject: msg.subject, bytes: body.length, limit });
        this.refuse(msg, id, msg.subject, {
          code: 'answer_too_large',
          message: `the answer is ${body.length} bytes, over the bus limit of ${limit}; ask for less (a page or a filter)`,
        });
        return;
      }
      this.respond(msg, body, msg.subject);
    };
  }

  private refuse(msg: Msg, id: string | undefined, subject: string, error: OperationError['error']): boolean {
    return this.respond(msg, encodeJson({ id, err: { ok: false, error } satisfies OperationError, isDisposed: true }), subject);
  }

  private respond(msg: Msg, body: Uint8Array, subject: string): boolean {
    try {
      return msg.respond(body);
    } catch (e) {
      this.settings.logger.event('error', 'answer could not be sent', { subject, bytes: body.length, error: errorMessage(e) });
      return false;
    }
  }
}

/**
 * What a handler threw, as the error envelope: a ServiceError keeps its code and issues;
 * another service that did not answer in time is `unavailable` (the caller may retry);
 * anything else is `internal` and logged here, with its message.
 */
@Catch()
export class OperationErrorFilter implements RpcExceptionFilter<unknown> {
  // The app's logger (JsonLogger in every service), reached through Nest's.
  private readonly logger = new Logger('operations');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    return throwError(() => this.envelope(exception, host));
  }

  private envelope(e: unknown, host: ArgumentsHost): OperationError {
    if (e instanceof RpcException && typeof e.getError() === 'object') return e.getError() as OperationError;
    if (e instanceof ServiceError) return { ok: false, error: { code: e.code, message: e.message, ...(e.issues.length > 0 ? { issues: e.issues } : {}) } };
    const code = (e as { code?: string }).code;
    if (code === 'TIMEOUT' || code === '503') {
      return { ok: false, error: { code: 'unavailable', message: `a service this one depends on did not answer: ${errorMessage(e)}` } };
    }
    const subject = host.switchToRpc().getContext<NatsContext | undefined>()?.getSubject?.();
    this.logger.error(`request handler failed: ${subject ?? 'unknown subject'}: ${errorMessage(e)}`);
    return { ok: false, error: { code: 'internal', message: errorMessage(e) } };
  }
}

export interface OperationsClientOptions {
  url: string;
  /** The connection's name (the calling app's). */
  name: string;
  /** The run's subject prefix; a pattern `p` is sent to `<prefix>.p`. */
  prefix: string;
}

/** The longest a request may wait at the transport; callers set their own, shorter, timeouts. */
const MAX_REQUEST_MS = 300_000;

/**
 * ClientProxy for the services' operations: sends a pattern to `<prefix>.<pattern>` as one
 * NATS request, so that a subject nobody serves fails at once (`503`, like a timeout:
 * `unavailable`) instead of waiting for the timeout. Closed with the app.
 */
export class NatsOperationsClient extends ClientNats implements OnApplicationShutdown {
  constructor(private readonly settings: OperationsClientOptions) {
    super({ servers: settings.url, name: `${settings.name}-requests`, ...NATS_RECONNECT });
  }

  protected override publish(partialPacket: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const packet = this.assignPacketId(partialPacket);
    const subject = `${this.settings.prefix}.${this.normalizePattern(partialPacket.pattern)}`;
    (this.natsClient as NatsConnection)
      .request(subject, encodeJson(packet), { timeout: MAX_REQUEST_MS })
      .then((reply) => {
        const { err, response } = JSON.parse(decodeText(reply.data)) as WritePacket;
        callback({ err, response, isDisposed: true });
      })
      .catch((err: unknown) => callback({ err, isDisposed: true }));
    return () => undefined;
  }

  /** Sends one request and validates the answer against `reply`; throws RemoteError for a coded refusal. */
  async request<S extends z.ZodType>(pattern: string, body: unknown, reply: Contract<S>, timeoutMs = 5000): Promise<z.infer<S>> {
    const answer$ = this.send<unknown>(pattern, body).pipe(
      timeout({ first: timeoutMs, with: () => throwError(() => Object.assign(new Error(`TIMEOUT: ${pattern}`), { code: 'TIMEOUT' })) }),
    );
    let data: unknown;
    try {
      data = await firstValueFrom(answer$);
    } catch (e) {
      const envelope = e as Partial<OperationError> | undefined;
      if (envelope?.ok === false && envelope.error) throw new RemoteError(envelope.error.code, envelope.error.message, envelope.error.issues);
      throw e;
    }
    const parsed = reply.parse(data);
    if (!parsed.ok) throw new RemoteError('invalid_reply', formatIssues(parsed.issues));
    return parsed.value;
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}

/**
 * Makes `app` (the service's HTTP app: health, metrics) a hybrid app that also answers its
 * @MessagePattern operations over NATS. The app is initialised first, so that no request
 * reaches a handler before every provider's bootstrap has run.
 */
export async function startOperations(app: INestApplication, options: OperationsServerOptions): Promise<void> {
  app.connectMicroservice({ strategy: new NatsOperationsServer(options) });
  await app.init();
  await app.startAllMicroservices();
}

/** What a service that answers operations reads from its configuration to start. */
export interface OperationsServiceConfig {
  HTTP_HOST: string;
  HTTP_PORT: number;
  NATS_URL: string;
  NATS_PREFIX: string;
}

/**
 * Starts a service that answers an operations contract (registry, incident, coverage, sla)
 * as a hybrid app: HTTP for /health and /metrics, and its @MessagePattern handlers over
 * NATS in the queue group named after the service, so copies share the requests.
 * `requests` are the patterns it serves with their request schemas (`operationPatterns`).
 */
export async function bootOperationsService(service: string, module: unknown, config: OperationsServiceConfig, requests: Record<string, z.ZodType>): Promise<INestApplication> {
  return bootHttpApp(module, {
    service,
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    configure: (app) =>
      startOperations(app, {
        url: config.NATS_URL,
        name: service,
        prefix: config.NATS_PREFIX,
        queue: service,
        requests,
        logger: app.get<JsonLogger>(LOGGER),
      }),
  });
}

/**
 * A typed caller of one service's operations contract: `call('areas.get', request)` sends
 * to the pattern `<base>.areas.get` and checks the reply against the operation's contract.
 */
export class OperationsClient<Ops extends Operations> {
  private readonly replies: Map<string, Contract<z.ZodType>>;

  constructor(
    private readonly proxy: NatsOperationsClient,
    private readonly base: string,
    operations: Ops,
    private readonly timeoutMs: number,
  ) {
    this.replies = new Map(Object.entries(operations).map(([name, op]) => [name, defineContract(`${base}.${name}.reply`, 1, op.reply)]));
  }

  async call<O extends keyof Ops & string>(operation: O, request: z.input<Ops[O]['request']>, timeoutMs = this.timeoutMs): Promise<z.infer<Ops[O]['reply']>> {
    const contract = this.replies.get(operation);
    if (!contract) throw new Error(`unknown operation ${operation}`);
    return (await this.proxy.request(`${this.base}.${operation}`, request, contract, timeoutMs)) as z.infer<Ops[O]['reply']>;
  }
}
