// Registry: key areas, gateways and devices, and each device's status from its messages.
import 'reflect-metadata';
import { REGISTRY_OPERATIONS, RegistrySnapshotRequestV1 } from '@ioc/contracts';
import { bootOperationsService, loadConfig, operationPatterns, runMain } from '@ioc/platform';
import { registryConfigSchema } from './registry.config';
import { RegistryModule } from './registry.module';

runMain('registry', async () => {
  const config = loadConfig(registryConfigSchema);
  // HTTP for health and metrics; the operations (@MessagePattern) over NATS, in the 'registry' queue group.
  await bootOperationsService('registry', RegistryModule.forRoot(config), config, { ...operationPatterns('registry.v1', REGISTRY_OPERATIONS), 'registry.snapshot.v1': RegistrySnapshotRequestV1.schema });
});
