// `node dist/apps/incident/src/migrate.js`: applies the incident service's pending migrations to DB_SCHEMA.
import 'reflect-metadata';
import { migrateFromEnvironment, runMain } from '@ioc/platform';
import { incidentDatabase } from './database';

runMain('incident-migrate', () => migrateFromEnvironment(incidentDatabase));
