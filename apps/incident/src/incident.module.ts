import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { natsStreams } from '@ioc/contracts';
import { parsePolicy } from '@ioc/incidents';
import { NatsOperationsClient, PlatformModule } from '@ioc/platform';
import { AreaDirectory } from './area-directory';
import { ConditionRepository } from './condition.repository';
import { incidentDataSource } from './database';
import type { IncidentConfig } from './incident.config';
import { IncidentRepository } from './incident.repository';
import { MaintenanceWindows } from './maintenance';
import { MaintenanceWindowRepository } from './maintenance-window.repository';
import { OperationsController } from './operations.handler';
import { OutboxRepository } from './outbox.repository';
import { ProcessedEventRepository } from './processed-event.repository';
import { SignalProcessor } from './signal-processor.service';
import { INCIDENT_DATA_SOURCE, INCIDENT_POLICY } from './incident.tokens';

/** Incidents from device events, gateway presence and device status; the operator's queue. */
@Module({})
export class IncidentModule {
  static forRoot(config: IncidentConfig): DynamicModule {
    // A bad policy stops the service at boot, naming the key.
    const policy = parsePolicy(config.INCIDENT_POLICY);
    const streams = natsStreams(config.NATS_PREFIX);
    return {
      module: IncidentModule,
      imports: [
        PlatformModule.forRoot({
          service: 'incident',
          config,
          nats: { uses: [streams.device, streams.state] },
          // The registry's operations (area districts, target locations), asked over the NATS transport.
          operations: true,
          database: () => incidentDataSource(config.DATABASE_URL, config.DB_SCHEMA),
          // Signals are decided per partition of the device traffic (decision 0024).
          partitions: { intervalMs: config.INCIDENT_PARTITION_INTERVAL_MS },
        }),
      ],
      // The service's request/reply operations (@MessagePattern), served by the NATS microservice main.ts connects.
      controllers: [OperationsController],
      providers: [
        { provide: INCIDENT_POLICY, useValue: policy },
        // The repositories hold the service's SQL, one per aggregate, in its own schema.
        ...[IncidentRepository, ConditionRepository, OutboxRepository, MaintenanceWindowRepository, ProcessedEventRepository].map((Repository) => ({
          provide: Repository,
          inject: [INCIDENT_DATA_SOURCE],
          useFactory: (ds: DataSource) => new Repository(ds, config.DB_SCHEMA),
        })),
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
}
