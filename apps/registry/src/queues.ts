// Every BullMQ queue of the registry, in one place. Keys live under bullPrefix(REDIS_PREFIX).
export enum RegistryQueue {
  /** Bulk imports of devices and checkpoints (one job per uploaded file). */
  RegisterImport = 'register-import',
}
