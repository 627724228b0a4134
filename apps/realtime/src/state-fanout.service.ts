// Pushes state changes from NATS to the /ops rooms of their areas. One durable consumer
// shared by every realtime copy: each change is emitted once, through the Redis adapter,
// to every copy's clients. Area rooms hold only sockets whose user has the area in scope
// (OpsGateway checks at subscribe), so a push reaches nobody outside its area's scope.
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { DeviceStatusChangedV1, formatIssues, natsStreams, natsSubjects, OPS_EVENTS, type OpsDeviceStatus } from '@ioc/contracts';
import { decodeText, ensureDurableConsumer, JsonLogger, runBatchLoop } from '@ioc/platform';
import { AreaSequence } from './area-sequence';
import { areaRoom, OpsGateway, REALTIME_LOGGER, REALTIME_NATS } from './ops.gateway';
import { REALTIME_CONFIG, type RealtimeConfig } from './realtime.config';
import { RealtimeMetrics } from './realtime.metrics';

@Injectable()
export class StateFanout implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private loop?: { stop(): Promise<void> };

  constructor(
    @Inject(REALTIME_CONFIG) private readonly config: RealtimeConfig,
    @Inject(REALTIME_NATS) private readonly nc: NatsConnection,
    @Inject(REALTIME_LOGGER) private readonly logger: JsonLogger,
    private readonly gateway: OpsGateway,
    private readonly sequence: AreaSequence,
    private readonly metrics: RealtimeMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const stream = natsStreams(this.config.NATS_PREFIX).state.name;
    await ensureDurableConsumer(this.nc, {
      stream,
      durable: 'realtime',
      filterSubjects: [natsSubjects(this.config.NATS_PREFIX).deviceStatusChangedAll],
      // Browsers get state from snapshots; a push backlog older than the consumer is useless.
      deliverNew: true,
      ackWaitS: 10,
    });
    this.loop = runBatchLoop(this.nc.jetstream(), stream, 'realtime', {
      maxMessages: 256,
      logger: this.logger,
      handle: async (batch) => {
        for (const m of batch) {
          let body: unknown;
          try {
            body = JSON.parse(decodeText(m.data));
          } catch {
            body = undefined;
          }
          const parsed = DeviceStatusChangedV1.parse(body);
          if (!parsed.ok) {
            this.metrics.dropped.inc({ reason: 'schema_violation' });
            this.logger.event('warn', 'state change not pushed', { subject: m.subject, detail: formatIssues(parsed.issues) });
            m.term();
            continue;
          }
          const change = parsed.value;
          const push: OpsDeviceStatus = { ...change, seq: await this.sequence.next(change.areaCode) };
          this.gateway.server.to(areaRoom(change.areaCode)).emit(OPS_EVENTS.deviceStatus, push);
          this.metrics.pushed.inc({ event: OPS_EVENTS.deviceStatus });
          m.ack();
        }
      },
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
  }
}
