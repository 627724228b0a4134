// `node dist/apps/incident/src/migrate.js`: applies the incident service's pending migrations.
import 'reflect-metadata';
import { z } from 'zod';
import { databaseEnv, JsonLogger, loadConfig, runMain } from '@ioc/platform';
import { migrateIncident } from './database';

runMain('incident-migrate', async () => {
  const config = loadConfig(z.object(databaseEnv('incident')));
  const applied = await migrateIncident(config.DATABASE_URL, config.DB_SCHEMA);
  new JsonLogger('incident-migrate').event('info', applied.length ? 'migrations applied' : 'schema up to date', { schema: config.DB_SCHEMA, applied });
});
