// Coverage: the planners' 100% target per key area, kept current as the register and the
// devices' status change.
import 'reflect-metadata';
import { COVERAGE_OPERATIONS } from '@ioc/contracts';
import { bootHttpApp, JsonLogger, loadConfig, operationPatterns, runMain, startOperations } from '@ioc/platform';
import { coverageConfigSchema } from './coverage.config';
import { CoverageModule } from './coverage.module';

runMain('coverage', async () => {
  const config = loadConfig(coverageConfigSchema);
  await bootHttpApp(CoverageModule.forRoot(config), {
    service: 'coverage',
    logLevel: config.LOG_LEVEL,
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    // HTTP for health and metrics; the operations (@MessagePattern) over NATS, in the 'coverage' queue group.
    configure: (app) =>
      startOperations(app, {
        url: config.NATS_URL,
        name: 'coverage',
        prefix: config.NATS_PREFIX,
        queue: 'coverage',
        requests: { ...operationPatterns('coverage.v1', COVERAGE_OPERATIONS) },
        logger: new JsonLogger('coverage', config.LOG_LEVEL),
      }),
  });
});
