// The incident service's own Postgres schema, changed only by migrations.
import { DataSource } from 'typeorm';
import { InitialIncident1764403200000 } from './migrations/1764403200000-initial-incident';

export const INCIDENT_DATA_SOURCE = Symbol('INCIDENT_DATA_SOURCE');

export function incidentDataSource(url: string, schema: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    schema,
    migrations: [InitialIncident1764403200000],
    migrationsTableName: 'incident_migrations',
    synchronize: false,
    extra: { max: 10, application_name: 'ioc-incident' },
  });
}

/** Creates the schema if needed and applies pending migrations; returns their names. */
export async function migrateIncident(url: string, schema: string): Promise<string[]> {
  const ds = incidentDataSource(url, schema);
  await ds.initialize();
  try {
    await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
