import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { natsStreams } from '@ioc/contracts';
import { Health, JsonLogger, PlatformModule } from '@ioc/platform';
import { registryDataSource } from './database';
import { DeviceRegistryStore } from './device-registry.store';
import { DeviceStatusRepository } from './device-status.repository';
import type { RegistryConfig } from './registry.config';
import { SnapshotHandler } from './snapshot.handler';
import { BrokerAdminSession } from './gateway-credentials/gateway-credentials';
import { RegisterImportService } from './imports/register-import.service';
import { OperationsController } from './operations.handler';
import { AuditRepository } from './register/audit.repository';
import { AreaRepository } from './register/area.repository';
import { DeviceRepository } from './register/device.repository';
import { GatewayRepository } from './register/gateway.repository';
import { RegisterEventsPublisher } from './register/register-events.publisher';
import { RegisterService } from './register/register.service';
import { UserRepository } from './users/user.repository';
import { UsersService } from './users/users.service';
import { StatusProcessor } from './status-processor.service';
import { GATEWAY_CREDENTIALS, REGISTRY_DATA_SOURCE, REGISTRY_LOGGER, REGISTRY_STORE } from './registry.tokens';

@Module({})
export class RegistryModule implements OnApplicationShutdown {
  constructor(
    private readonly broker: BrokerAdminSession,
    health: Health,
  ) {
    health.register('mqtt-admin', broker.check);
  }

  static forRoot(config: RegistryConfig): DynamicModule {
    const streams = natsStreams(config.NATS_PREFIX);
    return {
      module: RegistryModule,
      imports: [
        PlatformModule.forRoot({
          service: 'registry',
          config,
          // The device stream belongs to ingest (RAW_RETENTION_DAYS); state changes and monitoring beats to us.
          nats: { owns: [streams.state, streams.monitoring], uses: [streams.device] },
          database: () => registryDataSource(config.DATABASE_URL, config.DB_SCHEMA),
          // Device status is kept per partition of the device traffic (decision 0024).
          partitions: { intervalMs: config.REGISTRY_PARTITION_INTERVAL_MS },
        }),
      ],
      // The service's request/reply operations (@MessagePattern), served by the NATS microservice main.ts connects.
      controllers: [OperationsController],
      providers: [
        // The repositories hold the service's SQL, one per aggregate, in its own schema.
        { provide: DeviceStatusRepository, inject: [REGISTRY_DATA_SOURCE], useFactory: (ds: DataSource) => new DeviceStatusRepository(ds, config.DB_SCHEMA) },
        { provide: AreaRepository, inject: [REGISTRY_DATA_SOURCE], useFactory: (ds: DataSource) => new AreaRepository(ds, config.DB_SCHEMA) },
        { provide: GatewayRepository, inject: [REGISTRY_DATA_SOURCE], useFactory: (ds: DataSource) => new GatewayRepository(ds, config.DB_SCHEMA, config.MQTT_TOPIC_ROOT) },
        { provide: DeviceRepository, inject: [REGISTRY_DATA_SOURCE], useFactory: (ds: DataSource) => new DeviceRepository(ds, config.DB_SCHEMA) },
        { provide: AuditRepository, inject: [REGISTRY_DATA_SOURCE], useFactory: (ds: DataSource) => new AuditRepository(ds, config.DB_SCHEMA) },
        { provide: UserRepository, inject: [REGISTRY_DATA_SOURCE], useFactory: (ds: DataSource) => new UserRepository(ds, config.DB_SCHEMA) },
        { provide: REGISTRY_STORE, inject: [DeviceStatusRepository], useFactory: (repository: DeviceStatusRepository) => new DeviceRegistryStore(repository) },
        {
          provide: BrokerAdminSession,
          inject: [REGISTRY_LOGGER],
          useFactory: (logger: JsonLogger) => {
            const session = new BrokerAdminSession(config, logger);
            session.start();
            return session;
          },
        },
        { provide: GATEWAY_CREDENTIALS, inject: [BrokerAdminSession], useFactory: (s: BrokerAdminSession) => s.client },
        StatusProcessor,
        SnapshotHandler,
        RegisterService,
        UsersService,
        RegisterImportService,
        RegisterEventsPublisher,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.broker.close();
  }
}
