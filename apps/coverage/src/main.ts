// Coverage: the planners' 100% target per key area, kept current as the register and the
// devices' status change.
import 'reflect-metadata';
import { bootHttpApp, loadConfig, runMain } from '@ioc/platform';
import { coverageConfigSchema } from './coverage.config';
import { CoverageModule } from './coverage.module';

runMain('coverage', async () => {
  const config = loadConfig(coverageConfigSchema);
  await bootHttpApp(CoverageModule.forRoot(config), { service: 'coverage', logLevel: config.LOG_LEVEL, host: config.HTTP_HOST, port: config.HTTP_PORT });
});
