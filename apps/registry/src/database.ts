// The registry service's own Postgres schema, changed only by its migrations (see
// libs/platform/src/database.ts and docs/decisions/0009).
import type { DataSource } from 'typeorm';
import { serviceDataSource, type ServiceDatabase } from '@ioc/platform';
import { InitialRegistry1764230400000 } from './migrations/1764230400000-initial-registry';
import { RegisterDetails1764316800000 } from './migrations/1764316800000-register-details';
import { RegisterEvents1764489600000 } from './migrations/1764489600000-register-events';
import { UserSessions1765000000000 } from './migrations/1765000000000-user-sessions';

export const registryDatabase: ServiceDatabase = { service: 'registry', migrations: [InitialRegistry1764230400000, RegisterDetails1764316800000, RegisterEvents1764489600000, UserSessions1765000000000] };

export const registryDataSource = (url: string, schema: string): DataSource => serviceDataSource(registryDatabase, url, schema);
