// Registry: key areas, gateways and devices, and each device's status from its messages.
import 'reflect-metadata';
import { REGISTRY_OPERATIONS, RegistrySnapshotRequestV1 } from '@ioc/contracts';
import { bootHttpApp, JsonLogger, loadConfig, operationPatterns, runMain, startOperations } from '@ioc/platform';
import { registryConfigSchema } from './registry.config';
import { RegistryModule } from './registry.module';

runMain('registry', async () => {
  const config = loadConfig(registryConfigSchema);
  await bootHttpApp(RegistryModule.forRoot(config), {
    service: 'registry',
    logLevel: config.LOG_LEVEL,
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    // HTTP for health and metrics; the operations (@MessagePattern) over NATS, in the 'registry' queue group.
    configure: (app) =>
      startOperations(app, {
        url: config.NATS_URL,
        name: 'registry',
        prefix: config.NATS_PREFIX,
        queue: 'registry',
        requests: { ...operationPatterns('registry.v1', REGISTRY_OPERATIONS), 'registry.snapshot.v1': RegistrySnapshotRequestV1.schema },
        logger: new JsonLogger('registry', config.LOG_LEVEL),
      }),
  });
});
