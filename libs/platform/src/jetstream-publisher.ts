// JetStream publishes for a hot path (the ingest's device messages). The same protocol as
// nats.js's `js.publish` (a core publish with a reply subject; JetStream answers with its
// PubAck, or an error, or NATS with "no responders" when no stream takes the subject), with
// three differences that matter at thousands of messages a second (benchmarks.md, "writes
// gathered"):
// - the publishes of one turn of the event loop, and under load of WRITE_INTERVAL_MS, go
//   out in one socket write (WriteCoalescer), not one write each;
// - every acknowledgement comes back on one subscription of this publisher, matched by the
//   reply subject's last token, not a request (with its timer) per message;
// - nothing is allocated for a publish that succeeds beyond its promise: nats.js builds an
//   Error (with a stack) for every request it resolves, 7 % of the ingest's CPU.
import { createInbox, headers, type NatsConnection, type PubAck } from 'nats';
import { decodeJson } from './nats';
import { WriteCoalescer } from './write-coalescer';

/** Publishes asked for within this long of the previous write go out with the next one. */
const WRITE_INTERVAL_MS = 2;
/** How often unanswered publishes are checked against their deadline. */
const SWEEP_MS = 250;

interface Waiting {
  resolve: (ack: PubAck) => void;
  reject: (err: Error) => void;
  deadline: number;
}

interface Queued {
  subject: string;
  data: Uint8Array;
  msgId?: string;
  reply: string;
  token: number;
}

export class JetStreamPublishError extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'JetStreamPublishError';
  }
}

interface ApiReply {
  stream?: string;
  seq?: number;
  duplicate?: boolean;
  domain?: string;
  error?: { code?: number; description?: string };
}

export class JetStreamPublisher {
  private readonly inbox = createInbox();
  private readonly waiting = new Map<number, Waiting>();
  private queued: Queued[] = [];
  private nextToken = 0;
  private readonly writes: WriteCoalescer;
  private readonly sweeper: NodeJS.Timeout;

  /**
   * `timeoutMs`: how long a publish may wait for JetStream's answer before it fails (and is
   * retried by the caller). The publisher lives as long as the connection: its subscription
   * ends when the connection is drained.
   */
  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs: number,
  ) {
    nc.subscribe(`${this.inbox}.*`, { callback: (err, msg) => (err ? undefined : this.answered(msg.subject, msg.data, msg.headers?.code)) });
    this.writes = new WriteCoalescer(() => this.write(), WRITE_INTERVAL_MS);
    this.sweeper = setInterval(() => this.expire(), SWEEP_MS);
    this.sweeper.unref();
  }

  /** Resolves with JetStream's acknowledgement (`duplicate` when the message id was seen within the stream's window). */
  publish(subject: string, data: Uint8Array, msgId?: string): Promise<PubAck> {
    return new Promise<PubAck>((resolve, reject) => {
      const token = ++this.nextToken;
      this.waiting.set(token, { resolve, reject, deadline: Date.now() + this.timeoutMs });
      this.queued.push({ subject, data, msgId, reply: `${this.inbox}.${token}`, token });
      this.writes.schedule();
    });
  }

  /** Every queued publish in one run, so nats.js writes them in one go. */
  private write(): void {
    const batch = this.queued;
    this.queued = [];
    for (const q of batch) {
      let h;
      if (q.msgId) {
        h = headers();
        h.set('Nats-Msg-Id', q.msgId);
      }
      try {
        this.nc.publish(q.subject, q.data, { reply: q.reply, headers: h });
      } catch (err) {
        // The connection is closed or draining: the caller retries (or gives up at shutdown).
        this.settle(q.token)?.reject(err instanceof Error ? err : new JetStreamPublishError(String(err)));
      }
    }
  }

  private answered(subject: string, data: Uint8Array, status: number | undefined): void {
    const waiting = this.settle(Number(subject.slice(this.inbox.length + 1)));
    if (!waiting) return; // late: it timed out and was retried
    if (data.length === 0 && status === 503) {
      waiting.reject(new JetStreamPublishError('no JetStream stream takes this subject (no responders)', 503));
      return;
    }
    const reply = decodeJson(data) as ApiReply | undefined;
    if (typeof reply !== 'object' || reply === null) {
      waiting.reject(new JetStreamPublishError(`JetStream answered with something that is not JSON (status ${status ?? 'none'})`));
      return;
    }
    if (reply.error) waiting.reject(new JetStreamPublishError(`JetStream refused the message: ${reply.error.description ?? 'no description'}`, reply.error.code));
    else if (!reply.stream || typeof reply.seq !== 'number') waiting.reject(new JetStreamPublishError('JetStream answered without a stream and sequence'));
    else waiting.resolve({ stream: reply.stream, seq: reply.seq, duplicate: reply.duplicate === true, domain: reply.domain ?? '' });
  }

  private settle(token: number): Waiting | undefined {
    const waiting = this.waiting.get(token);
    this.waiting.delete(token);
    return waiting;
  }

  /** Deadlines are in token order (one timeout for all), so the sweep stops at the first one still running. */
  private expire(): void {
    const now = Date.now();
    for (const [token, waiting] of this.waiting) {
      if (waiting.deadline > now) break;
      this.waiting.delete(token);
      waiting.reject(new JetStreamPublishError(`JetStream did not answer within ${this.timeoutMs} ms`));
    }
  }
}
