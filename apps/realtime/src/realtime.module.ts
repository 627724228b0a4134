import { Module, type DynamicModule } from '@nestjs/common';
import { natsStreams } from '@ioc/contracts';
import { PlatformModule } from '@ioc/platform';
import { AreaSequence } from './area-sequence';
import { ImportProgressRelay } from './import-progress.service';
import { OpsGateway } from './ops.gateway';
import type { RealtimeConfig } from './realtime.config';
import { RealtimeMetrics } from './realtime.metrics';
import { StateFanout } from './state-fanout.service';

@Module({})
export class RealtimeModule {
  static forRoot(config: RealtimeConfig): DynamicModule {
    return {
      module: RealtimeModule,
      imports: [
        PlatformModule.forRoot({
          service: 'realtime',
          config,
          nats: { uses: [natsStreams(config.NATS_PREFIX).state] },
          // The registry's snapshots and the incident service's standing incidents, over the NATS transport.
          operations: true,
          redis: {},
        }),
      ],
      providers: [RealtimeMetrics, AreaSequence, OpsGateway, StateFanout, ImportProgressRelay],
    };
  }
}
