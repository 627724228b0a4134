// API: REST for scripts and the web app; serves the live counts page at /.
import 'reflect-metadata';
import { bootHttpApp, loadConfig, runMain } from '@ioc/platform';
import { apiConfigSchema } from './api.config';
import { ApiModule } from './api.module';

runMain('api', async () => {
  const config = loadConfig(apiConfigSchema);
  await bootHttpApp(ApiModule.forRoot(config), { service: 'api', logLevel: config.LOG_LEVEL, host: config.HTTP_HOST, port: config.HTTP_PORT });
});
