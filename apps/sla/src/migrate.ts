// `node dist/apps/sla/src/migrate.js`: applies the sla service's pending migrations to DB_SCHEMA.
import 'reflect-metadata';
import { migrateFromEnvironment, runMain } from '@ioc/platform';
import { slaDatabase } from './database';

runMain('sla-migrate', () => migrateFromEnvironment(slaDatabase));
