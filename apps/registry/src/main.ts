// Registry: key areas, gateways and devices, and each device's status from its messages.
import 'reflect-metadata';
import { bootHttpApp, loadConfig, runMain } from '@ioc/platform';
import { registryConfigSchema } from './registry.config';
import { RegistryModule } from './registry.module';

runMain('registry', async () => {
  const config = loadConfig(registryConfigSchema);
  await bootHttpApp(RegistryModule.forRoot(config), { service: 'registry', logLevel: config.LOG_LEVEL, host: config.HTTP_HOST, port: config.HTTP_PORT });
});
