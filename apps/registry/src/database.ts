// The registry's own Postgres schema, changed only by migrations (synchronize is off).
import { DataSource } from 'typeorm';
import { DeviceStatusTransitionEntity } from './entities/device-status-transition.entity';
import { DeviceEntity } from './entities/device.entity';
import { GatewayPresenceTransitionEntity } from './entities/gateway-presence-transition.entity';
import { GatewayEntity } from './entities/gateway.entity';
import { KeyAreaEntity } from './entities/key-area.entity';
import { InitialRegistry1764230400000 } from './migrations/1764230400000-initial-registry';

export const REGISTRY_DATA_SOURCE = Symbol('REGISTRY_DATA_SOURCE');

export function registryDataSource(url: string, schema: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    schema,
    entities: [KeyAreaEntity, GatewayEntity, DeviceEntity, DeviceStatusTransitionEntity, GatewayPresenceTransitionEntity],
    migrations: [InitialRegistry1764230400000],
    migrationsTableName: 'registry_migrations',
    synchronize: false,
    extra: { max: 10, application_name: 'ioc-registry' },
  });
}

/** Creates the schema if needed and applies pending migrations; returns their names. */
export async function migrateRegistry(url: string, schema: string): Promise<string[]> {
  const ds = registryDataSource(url, schema);
  await ds.initialize();
  try {
    await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
