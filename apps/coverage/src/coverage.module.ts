import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { natsStreams } from '@ioc/contracts';
import { Health, PlatformModule } from '@ioc/platform';
import type { CoverageConfig } from './coverage.config';
import { CoverageDailyRepository } from './coverage-daily.repository';
import { CoverageState } from './coverage-state.service';
import { DailySnapshot } from './daily-snapshot.service';
import { coverageDataSource } from './database';
import { OperationsController } from './operations.handler';
import { COVERAGE_DATA_SOURCE } from './coverage.tokens';

/** Coverage of key areas: kept current from the register and device status; figures, gaps, suggestions, history. */
@Module({})
export class CoverageModule {
  constructor(state: CoverageState, health: Health) {
    health.register('register', state.check);
  }

  static forRoot(config: CoverageConfig): DynamicModule {
    return {
      module: CoverageModule,
      imports: [
        PlatformModule.forRoot({
          service: 'coverage',
          config,
          nats: { uses: [natsStreams(config.NATS_PREFIX).state] },
          // The registry's register pages, asked over the NATS transport.
          operations: true,
          database: () => coverageDataSource(config.DATABASE_URL, config.DB_SCHEMA),
        }),
      ],
      // The service's request/reply operations (@MessagePattern), served by the NATS microservice main.ts connects.
      controllers: [OperationsController],
      providers: [
        { provide: CoverageDailyRepository, inject: [COVERAGE_DATA_SOURCE], useFactory: (ds: DataSource) => new CoverageDailyRepository(ds, config.DB_SCHEMA) },
        CoverageState,
        DailySnapshot,
      ],
    };
  }
}
