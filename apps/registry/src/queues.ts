// Every BullMQ queue of the registry, in one place. Keys live under `${REDIS_PREFIX}:bull`.
export enum RegistryQueue {
  /** Bulk imports of devices and checkpoints (one job per uploaded file). */
  RegisterImport = 'register-import',
}

export const bullPrefix = (redisPrefix: string) => `${redisPrefix}:bull`;
