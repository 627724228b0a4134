import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { NatsConnection } from 'nats';
import { connectNats, Health, JsonLogger, Metrics, natsHealthCheck, NatsOperationsClient, ObservabilityModule } from '@ioc/platform';
import type { ApiConfig } from './api.config';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { UsersController } from './auth/users.controller';
import { ProblemFilter } from './http/problem.filter';
import { AreasController } from './register/areas.controller';
import { AuditController } from './register/audit.controller';
import { DevicesController } from './register/devices.controller';
import { ExportsController } from './register/exports.controller';
import { GatewaysController } from './register/gateways.controller';
import { ImportsController } from './register/imports.controller';
import { CoverageClient, IncidentClient, RegistryClient, SlaClient } from './service.clients';
import { SlaController } from './sla/sla.controller';
import { CoverageController } from './coverage/coverage.controller';
import { IncidentsController } from './incidents/incidents.controller';
import { MaintenanceWindowsController } from './incidents/maintenance-windows.controller';
import { WebAppController } from './web/web-app';
import { API_CONFIG, API_NATS } from './api.tokens';

/** The REST API under /api/v1 (OpenAPI at /api/docs), forwarding to the services over NATS; the operations-centre web app at /. */
@Module({})
export class ApiModule implements OnApplicationShutdown {
  constructor(@Inject(API_NATS) private readonly nc: NatsConnection, health: Health) {
    health.register('nats', natsHealthCheck(nc));
  }

  static forRoot(config: ApiConfig): DynamicModule {
    const logger = new JsonLogger('api', config.LOG_LEVEL);
    return {
      module: ApiModule,
      imports: [ObservabilityModule.forRoot('api')],
      controllers: [
        WebAppController,
        AuthController,
        UsersController,
        AreasController,
        GatewaysController,
        DevicesController,
        ImportsController,
        AuditController,
        ExportsController,
        IncidentsController,
        MaintenanceWindowsController,
        CoverageController,
        SlaController,
      ],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: API_NATS, useFactory: () => connectNats(config.NATS_URL, 'api') },
        // One ClientProxy for the services' operations; the four typed clients share it.
        { provide: NatsOperationsClient, useFactory: () => new NatsOperationsClient({ url: config.NATS_URL, name: 'api', prefix: config.NATS_PREFIX }) },
        RegistryClient,
        IncidentClient,
        CoverageClient,
        SlaClient,
        { provide: APP_GUARD, useClass: AuthGuard },
        {
          provide: APP_FILTER,
          inject: [Metrics],
          useFactory: (metrics: Metrics) =>
            new ProblemFilter(logger, metrics.counter('ioc_api_errors_total', 'REST requests answered with an error, by HTTP status', ['status'])),
        },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.nc.drain();
  }
}
