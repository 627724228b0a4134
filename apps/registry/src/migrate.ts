// `node dist/apps/registry/src/migrate.js`: applies the registry's pending migrations.
import 'reflect-metadata';
import { z } from 'zod';
import { databaseEnv, JsonLogger, loadConfig, runMain } from '@ioc/platform';
import { migrateRegistry } from './database';

runMain('registry-migrate', async () => {
  const config = loadConfig(z.object(databaseEnv('registry')));
  const applied = await migrateRegistry(config.DATABASE_URL, config.DB_SCHEMA);
  new JsonLogger('registry-migrate').event('info', applied.length ? 'migrations applied' : 'schema up to date', {
    schema: config.DB_SCHEMA,
    applied,
  });
});
