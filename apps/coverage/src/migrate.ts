// `node dist/apps/coverage/src/migrate.js`: applies the coverage service's pending migrations to DB_SCHEMA.
import 'reflect-metadata';
import { migrateFromEnvironment, runMain } from '@ioc/platform';
import { coverageDatabase } from './database';

runMain('coverage-migrate', () => migrateFromEnvironment(coverageDatabase));
