// The registry's own Postgres schema, changed only by migrations (synchronize is off).
// Queries are SQL (PostGIS functions, batched unnest writes); see docs/decisions/0009.
import { DataSource } from 'typeorm';
import { InitialRegistry1764230400000 } from './migrations/1764230400000-initial-registry';
import { RegisterDetails1764316800000 } from './migrations/1764316800000-register-details';
import { RegisterEvents1764489600000 } from './migrations/1764489600000-register-events';

export const REGISTRY_DATA_SOURCE = Symbol('REGISTRY_DATA_SOURCE');

export function registryDataSource(url: string, schema: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    schema,
    migrations: [InitialRegistry1764230400000, RegisterDetails1764316800000, RegisterEvents1764489600000],
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
