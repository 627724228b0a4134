// Coverage: the planners' 100% target per key area, kept current as the register and the
// devices' status change.
import 'reflect-metadata';
import { COVERAGE_OPERATIONS } from '@ioc/contracts';
import { bootOperationsService, loadConfig, operationPatterns, runMain } from '@ioc/platform';
import { coverageConfigSchema } from './coverage.config';
import { CoverageModule } from './coverage.module';

runMain('coverage', async () => {
  const config = loadConfig(coverageConfigSchema);
  // HTTP for health and metrics; the operations (@MessagePattern) over NATS, in the 'coverage' queue group.
  await bootOperationsService('coverage', CoverageModule.forRoot(config), config, { ...operationPatterns('coverage.v1', COVERAGE_OPERATIONS) });
});
