import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import type { NatsConnection } from 'nats';
import { natsStreams } from '@ioc/contracts';
import { connectNats, Health, JsonLogger, natsHealthCheck, NatsOperationsClient, ObservabilityModule, pingHealthCheck } from '@ioc/platform';
import { AreaSequence } from './area-sequence';
import { ImportProgressRelay } from './import-progress.service';
import { OpsGateway } from './ops.gateway';
import type { RealtimeConfig } from './realtime.config';
import { RealtimeMetrics } from './realtime.metrics';
import { StateFanout } from './state-fanout.service';
import { REALTIME_CONFIG, REALTIME_LOGGER, REALTIME_NATS, REALTIME_REDIS } from './realtime.tokens';

@Module({})
export class RealtimeModule implements OnApplicationShutdown {
  constructor(
    @Inject(REALTIME_NATS) private readonly nc: NatsConnection,
    @Inject(REALTIME_REDIS) private readonly redis: Redis,
    health: Health,
  ) {
    health.register('nats', natsHealthCheck(nc));
    health.register('redis', pingHealthCheck(redis));
  }

  static forRoot(config: RealtimeConfig): DynamicModule {
    return {
      module: RealtimeModule,
      imports: [ObservabilityModule.forRoot('realtime')],
      providers: [
        { provide: REALTIME_CONFIG, useValue: config },
        { provide: REALTIME_LOGGER, useValue: new JsonLogger('realtime', config.LOG_LEVEL) },
        {
          provide: REALTIME_NATS,
          useFactory: () => connectNats(config.NATS_URL, 'realtime', { uses: [natsStreams(config.NATS_PREFIX).state] }),
        },
        // The registry's snapshots and the incident service's standing incidents, over the NATS transport.
        { provide: NatsOperationsClient, useFactory: () => new NatsOperationsClient({ url: config.NATS_URL, name: 'realtime', prefix: config.NATS_PREFIX }) },
        { provide: REALTIME_REDIS, useFactory: () => new Redis(config.REDIS_URL) },
        RealtimeMetrics,
        AreaSequence,
        OpsGateway,
        StateFanout,
        ImportProgressRelay,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.nc.drain();
    this.redis.disconnect();
  }
}
