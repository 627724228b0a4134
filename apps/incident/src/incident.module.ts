import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { natsStreams } from '@ioc/contracts';
import { parsePolicy } from '@ioc/incidents';
import { connectNats, Health, JsonLogger, natsHealthCheck, NatsOperationsClient, ObservabilityModule, postgresHealthCheck } from '@ioc/platform';
import { AreaDirectory } from './area-directory';
import { ConditionRepository } from './condition.repository';
import { incidentDataSource } from './database';
import type { IncidentConfig } from './incident.config';
import { IncidentRepository } from './incident.repository';
import { MaintenanceWindows } from './maintenance';
import { MaintenanceWindowRepository } from './maintenance-window.repository';
import { OperationsController } from './operations.handler';
import { OutboxRepository } from './outbox.repository';
import { SignalProcessor } from './signal-processor.service';
import { INCIDENT_CONFIG, INCIDENT_DATA_SOURCE, INCIDENT_LOGGER, INCIDENT_NATS, INCIDENT_POLICY } from './incident.tokens';

/** Incidents from device events, gateway presence and device status; the operator's queue. */
@Module({})
export class IncidentModule implements OnApplicationShutdown {
  constructor(
    @Inject(INCIDENT_NATS) private readonly nc: NatsConnection,
    @Inject(INCIDENT_DATA_SOURCE) private readonly ds: DataSource,
    health: Health,
  ) {
    health.register('nats', natsHealthCheck(nc));
    health.register('postgres', postgresHealthCheck(ds));
  }

  static forRoot(config: IncidentConfig): DynamicModule {
    // A bad policy stops the service at boot, naming the key.
    const policy = parsePolicy(config.INCIDENT_POLICY);
    return {
      module: IncidentModule,
      imports: [ObservabilityModule.forRoot('incident')],
      // The service's request/reply operations (@MessagePattern), served by the NATS microservice main.ts connects.
      controllers: [OperationsController],
      providers: [
        { provide: INCIDENT_CONFIG, useValue: config },
        { provide: INCIDENT_POLICY, useValue: policy },
        { provide: INCIDENT_LOGGER, useValue: new JsonLogger('incident', config.LOG_LEVEL) },
        {
          provide: INCIDENT_NATS,
          useFactory: () => {
            const streams = natsStreams(config.NATS_PREFIX);
            return connectNats(config.NATS_URL, 'incident', { uses: [streams.device, streams.state] });
          },
        },
        { provide: INCIDENT_DATA_SOURCE, useFactory: async () => incidentDataSource(config.DATABASE_URL, config.DB_SCHEMA).initialize() },
        // The repositories hold the service's SQL, one per aggregate, in its own schema.
        ...[IncidentRepository, ConditionRepository, OutboxRepository, MaintenanceWindowRepository].map((Repository) => ({
          provide: Repository,
          inject: [INCIDENT_DATA_SOURCE],
          useFactory: (ds: DataSource) => new Repository(ds, config.DB_SCHEMA),
        })),
        // The registry's operations (area districts, target locations), asked over the NATS transport.
        { provide: NatsOperationsClient, useFactory: () => new NatsOperationsClient({ url: config.NATS_URL, name: 'incident', prefix: config.NATS_PREFIX }) },
        { provide: AreaDirectory, inject: [NatsOperationsClient], useFactory: (requests: NatsOperationsClient) => new AreaDirectory(requests) },
        {
          provide: MaintenanceWindows,
          inject: [MaintenanceWindowRepository, NatsOperationsClient, AreaDirectory],
          useFactory: (windows: MaintenanceWindowRepository, requests: NatsOperationsClient, areas: AreaDirectory) => new MaintenanceWindows(windows, requests, areas),
        },
        SignalProcessor,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.nc.drain();
    await this.ds.destroy();
  }
}
