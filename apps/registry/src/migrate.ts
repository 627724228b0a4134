// `node dist/apps/registry/src/migrate.js`: applies the registry service's pending migrations to DB_SCHEMA.
import 'reflect-metadata';
import { migrateFromEnvironment, runMain } from '@ioc/platform';
import { registryDatabase } from './database';

runMain('registry-migrate', () => migrateFromEnvironment(registryDatabase));
