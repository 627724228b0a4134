import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JsonLogger, Metrics, PlatformModule } from '@ioc/platform';
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
import { API_LOGGER } from './api.tokens';

/** The REST API under /api/v1 (OpenAPI at /api/docs), forwarding to the services over NATS; the operations-centre web app at /. */
@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      // NATS for readiness and the ClientProxy for the services' operations, which the four typed clients share.
      imports: [PlatformModule.forRoot({ service: 'api', config, nats: {}, operations: true })],
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
        RegistryClient,
        IncidentClient,
        CoverageClient,
        SlaClient,
        { provide: APP_GUARD, useClass: AuthGuard },
        {
          provide: APP_FILTER,
          inject: [API_LOGGER, Metrics],
          useFactory: (logger: JsonLogger, metrics: Metrics) =>
            new ProblemFilter(logger, metrics.counter('ioc_api_errors_total', 'REST requests answered with an error, by HTTP status', ['status'])),
        },
      ],
    };
  }
}
