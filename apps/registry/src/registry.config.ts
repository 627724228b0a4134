import { z } from 'zod';
import { commonEnv, databaseEnv, envInt, httpEnv, natsEnv } from '@ioc/platform';

export const registryConfigSchema = z.object({
  ...commonEnv,
  ...httpEnv(3003),
  ...natsEnv,
  ...databaseEnv('registry'),
  /** How often silent devices are looked for. */
  REGISTRY_SWEEP_INTERVAL_MS: envInt(1000, 50, 60_000),
  /** Most messages taken from JetStream and written to Postgres in one transaction. */
  REGISTRY_BATCH_SIZE: envInt(500, 1, 5000),
});
export type RegistryConfig = z.infer<typeof registryConfigSchema>;
export const REGISTRY_CONFIG = Symbol('REGISTRY_CONFIG');
