import { Module, type DynamicModule } from '@nestjs/common';
import { ObservabilityModule } from '@ioc/platform';
import { API_CONFIG, type ApiConfig } from './api.config';
import { LiveCountsController } from './live-counts.controller';

/** The REST API (`/api/v1`, coming with the register) and, for now, the live counts page. */
@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [ObservabilityModule.forRoot('api')],
      controllers: [LiveCountsController],
      providers: [{ provide: API_CONFIG, useValue: config }],
    };
  }
}
