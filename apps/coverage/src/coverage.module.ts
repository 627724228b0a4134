import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { natsStreams } from '@ioc/contracts';
import { connectNats, Health, JsonLogger, natsHealthCheck, NatsOperationsClient, ObservabilityModule, postgresHealthCheck } from '@ioc/platform';
import type { CoverageConfig } from './coverage.config';
import { CoverageDailyRepository } from './coverage-daily.repository';
import { CoverageState } from './coverage-state.service';
import { DailySnapshot } from './daily-snapshot.service';
import { coverageDataSource } from './database';
import { OperationsController } from './operations.handler';
import { COVERAGE_CONFIG, COVERAGE_DATA_SOURCE, COVERAGE_LOGGER, COVERAGE_NATS } from './coverage.tokens';

/** Coverage of key areas: kept current from the register and device status; figures, gaps, suggestions, history. */
@Module({})
export class CoverageModule implements OnApplicationShutdown {
  constructor(
    @Inject(COVERAGE_NATS) private readonly nc: NatsConnection,
    @Inject(COVERAGE_DATA_SOURCE) private readonly ds: DataSource,
    state: CoverageState,
    health: Health,
  ) {
    health.register('nats', natsHealthCheck(nc));
    health.register('postgres', postgresHealthCheck(ds));
    health.register('register', state.check);
  }

  static forRoot(config: CoverageConfig): DynamicModule {
    return {
      module: CoverageModule,
      imports: [ObservabilityModule.forRoot('coverage')],
      // The service's request/reply operations (@MessagePattern), served by the NATS microservice main.ts connects.
      controllers: [OperationsController],
      providers: [
        { provide: COVERAGE_CONFIG, useValue: config },
        { provide: COVERAGE_LOGGER, useValue: new JsonLogger('coverage', config.LOG_LEVEL) },
        // The registry's register pages, asked over the NATS transport.
        { provide: NatsOperationsClient, useFactory: () => new NatsOperationsClient({ url: config.NATS_URL, name: 'coverage', prefix: config.NATS_PREFIX }) },
        { provide: COVERAGE_NATS, useFactory: () => connectNats(config.NATS_URL, 'coverage', { uses: [natsStreams(config.NATS_PREFIX).state] }) },
        { provide: COVERAGE_DATA_SOURCE, useFactory: async () => coverageDataSource(config.DATABASE_URL, config.DB_SCHEMA).initialize() },
        { provide: CoverageDailyRepository, inject: [COVERAGE_DATA_SOURCE], useFactory: (ds: DataSource) => new CoverageDailyRepository(ds, config.DB_SCHEMA) },
        CoverageState,
        DailySnapshot,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.nc.drain();
    await this.ds.destroy();
  }
}
