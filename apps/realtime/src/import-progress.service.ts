// Relays the progress of bulk imports from the registry (core NATS) to the sockets of the
// user who started the import, in their private room. The subscription is in a queue
// group: with several realtime copies each message is taken by one copy, which emits it
// once through the Redis adapter to that user's sockets on every copy. Progress is not
// durable: a lost message is replaced by the next one, and the job's state stays readable
// over REST.
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Msg, NatsConnection, NatsError, Subscription } from 'nats';
import { formatIssues, natsSubjects, OPS_EVENTS, OpsImportProgressV1, type OpsImportProgress } from '@ioc/contracts';
import { decodeText, errorMessage, JsonLogger } from '@ioc/platform';
import { OpsGateway } from './ops.gateway';
import { userRoom } from './ops-auth';
import type { RealtimeConfig } from './realtime.config';
import { RealtimeMetrics } from './realtime.metrics';
import { REALTIME_CONFIG, REALTIME_LOGGER, REALTIME_NATS } from './realtime.tokens';

/** Queue group of every realtime copy on the import progress subject. */
export const IMPORT_PROGRESS_QUEUE = 'realtime';

@Injectable()
export class ImportProgressRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private subscription?: Subscription;

  constructor(
    @Inject(REALTIME_CONFIG) private readonly config: RealtimeConfig,
    @Inject(REALTIME_NATS) private readonly nc: NatsConnection,
    @Inject(REALTIME_LOGGER) private readonly logger: JsonLogger,
    private readonly gateway: OpsGateway,
    private readonly metrics: RealtimeMetrics,
  ) {}

  onApplicationBootstrap(): void {
    const subject = natsSubjects(this.config.NATS_PREFIX).importProgress;
    this.subscription = this.nc.subscribe(subject, {
      queue: IMPORT_PROGRESS_QUEUE,
      callback: (err, msg) => this.relay(err, msg),
    });
  }

  private relay(err: NatsError | null, msg: Msg): void {
    if (err) {
      this.logger.event('error', 'import progress subscription failed', { error: errorMessage(err) });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(decodeText(msg.data));
    } catch {
      this.drop(msg, 'body is not JSON');
      return;
    }
    const parsed = OpsImportProgressV1.parse(body);
    if (!parsed.ok) {
      this.drop(msg, formatIssues(parsed.issues));
      return;
    }
    const progress: OpsImportProgress = parsed.value;
    try {
      this.gateway.server.to(userRoom(progress.userId)).emit(OPS_EVENTS.importProgress, progress);
      this.metrics.pushed.inc({ event: OPS_EVENTS.importProgress });
    } catch (e) {
      this.logger.event('error', 'import progress not pushed', { jobId: progress.jobId, userId: progress.userId, error: errorMessage(e) });
    }
  }

  private drop(msg: Msg, detail: string): void {
    this.metrics.dropped.inc({ reason: 'invalid_import_progress' });
    this.logger.event('warn', 'import progress not pushed', { subject: msg.subject, detail, excerpt: decodeText(msg.data.subarray(0, 256)) });
  }

  beforeApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }
}
