import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { natsStreams } from '@ioc/contracts';
import { connectNats, ensureStreams, Health, JsonLogger, ObservabilityModule } from '@ioc/platform';
import { REGISTRY_DATA_SOURCE, registryDataSource } from './database';
import { DeviceRegistryStore } from './device-registry.store';
import { REGISTRY_CONFIG, type RegistryConfig } from './registry.config';
import { SnapshotHandler } from './snapshot.handler';
import { REGISTRY_LOGGER, REGISTRY_NATS, REGISTRY_STORE, StatusProcessor } from './status-processor.service';

@Module({})
export class RegistryModule implements OnApplicationShutdown {
  constructor(
    @Inject(REGISTRY_NATS) private readonly nc: NatsConnection,
    @Inject(REGISTRY_DATA_SOURCE) private readonly ds: DataSource,
    health: Health,
  ) {
    health.register('nats', () => {
      if (nc.isClosed()) throw new Error('connection closed');
    });
    health.register('postgres', async () => {
      await ds.query('SELECT 1');
    });
  }

  static forRoot(config: RegistryConfig): DynamicModule {
    return {
      module: RegistryModule,
      imports: [ObservabilityModule.forRoot('registry')],
      providers: [
        { provide: REGISTRY_CONFIG, useValue: config },
        { provide: REGISTRY_LOGGER, useValue: new JsonLogger('registry', config.LOG_LEVEL) },
        {
          provide: REGISTRY_NATS,
          useFactory: async () => {
            const nc = await connectNats(config.NATS_URL, 'registry');
            const streams = natsStreams(config.NATS_PREFIX);
            await ensureStreams(nc, [streams.state], { update: true }); // registry publishes state changes
            await ensureStreams(nc, [streams.device], { update: false }); // owned by ingest (RAW_RETENTION_DAYS)
            return nc;
          },
        },
        {
          provide: REGISTRY_DATA_SOURCE,
          useFactory: async () => registryDataSource(config.DATABASE_URL, config.DB_SCHEMA).initialize(),
        },
        {
          provide: REGISTRY_STORE,
          inject: [REGISTRY_DATA_SOURCE],
          useFactory: (ds: DataSource) => new DeviceRegistryStore(ds, config.DB_SCHEMA),
        },
        StatusProcessor,
        SnapshotHandler,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.nc.drain();
    await this.ds.destroy();
  }
}
