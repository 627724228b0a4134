// Operations that must run on the copy owning a partition (decision 0024): a change to
// state that copy holds in memory or writes in turn with its batches (the registry's
// decommissioning, the incident service's operator actions). Any copy may take the request
// from the api's queue group; it runs the operation itself when it owns the partition, and
// otherwise asks the owner on `<prefix>.<service>.v1.owner.p<k>` (core NATS request/reply),
// which only the owner subscribes to. During a handover nobody answers for a moment: the
// call tries again until its deadline, then answers `unavailable`.
import type { Msg, NatsConnection, Subscription } from 'nats';
import { partitionToken } from '@ioc/contracts';
import { errorMessage, ServiceError, sleep, type FieldIssue } from './errors';
import type { JsonLogger } from './logger';
import { decodeText, encodeJson } from './nats';
import type { PartitionOwnership, PartitionParticipant } from './partition-ownership';

type Handler = (request: unknown) => Promise<unknown>;

type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; issues?: FieldIssue[] } };

export class PartitionOwnerCalls implements PartitionParticipant {
  private readonly handlers = new Map<string, Handler>();
  private readonly subscriptions = new Map<number, Subscription>();
  /** Calls being answered, per partition: a handover waits for them. */
  private readonly inFlight = new Map<number, Set<Promise<void>>>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly service: string,
    private readonly ownership: PartitionOwnership,
    private readonly logger: JsonLogger,
  ) {}

  subject(partition: number): string {
    return `${this.prefix}.${this.service}.v1.owner.${partitionToken(partition)}`;
  }

  /** Names an operation the owner runs; before the ownership starts. */
  handle<Req, Res>(operation: string, handler: (request: Req) => Promise<Res>): void {
    this.handlers.set(operation, handler as Handler);
  }

  /** Runs `operation` on the owner of `partition`: here if this copy owns it. */
  async call<Res>(partition: number, operation: string, request: unknown, timeoutMs = 8000): Promise<Res> {
    const handler = this.handlers.get(operation);
    if (!handler) throw new Error(`no owner operation ${operation}`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.ownership.owns(partition)) return (await handler(request)) as Res;
      const left = deadline - Date.now();
      if (left <= 0) break;
      let reply: Msg;
      try {
        reply = await this.nc.request(this.subject(partition), encodeJson({ operation, request }), { timeout: Math.max(100, Math.min(left, 5000)) });
      } catch (err) {
        // 503: nobody owns the partition right now (a handover); a timeout: the owner is busy or gone.
        if (Date.now() + 200 >= deadline) break;
        if (!/503|no responders|timeout/i.test(`${(err as { code?: string }).code ?? ''} ${errorMessage(err)}`)) throw err;
        await sleep(200);
        continue;
      }
      const envelope = JSON.parse(decodeText(reply.data)) as Envelope;
      if (envelope.ok) return envelope.value as Res;
      if (envelope.error.code === 'internal') throw new Error(envelope.error.message);
      throw new ServiceError(envelope.error.code, envelope.error.message, envelope.error.issues ?? []);
    }
    throw new ServiceError('unavailable', `no copy of the ${this.service} service owns partition ${partition} right now; try again in a few seconds`);
  }

  async acquired(partitions: number[]): Promise<void> {
    for (const p of partitions) {
      this.subscriptions.set(p, this.nc.subscribe(this.subject(p), { callback: (err, msg) => (err ? undefined : this.answer(p, msg)) }));
    }
  }

  async released(partitions: number[]): Promise<void> {
    for (const p of partitions) {
      this.subscriptions.get(p)?.unsubscribe();
      this.subscriptions.delete(p);
    }
    await Promise.all(partitions.flatMap((p) => [...(this.inFlight.get(p) ?? [])]));
  }

  private answer(partition: number, msg: Msg): void {
    const work = (async () => {
      let envelope: Envelope;
      try {
        const { operation, request } = JSON.parse(decodeText(msg.data)) as { operation: string; request: unknown };
        const handler = this.handlers.get(operation);
        if (!handler) throw new Error(`no owner operation ${operation}`);
        envelope = { ok: true, value: await handler(request) };
      } catch (err) {
        envelope =
          err instanceof ServiceError
            ? { ok: false, error: { code: err.code, message: err.message, issues: err.issues } }
            : { ok: false, error: { code: 'internal', message: errorMessage(err) } };
        if (!(err instanceof ServiceError)) this.logger.event('error', 'an operation for the partition owner failed', { service: this.service, partition, error: errorMessage(err) });
      }
      msg.respond(encodeJson(envelope));
    })();
    let calls = this.inFlight.get(partition);
    if (!calls) this.inFlight.set(partition, (calls = new Set()));
    calls.add(work);
    void work.finally(() => calls.delete(work));
  }
}
