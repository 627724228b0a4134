// The SLA service's own Postgres schema, changed only by its migrations (see
// libs/platform/src/database.ts and docs/decisions/0009).
import type { DataSource } from 'typeorm';
import { serviceDataSource, type ServiceDatabase } from '@ioc/platform';
import { InitialSla1764662400000 } from './migrations/1764662400000-initial-sla';

export const slaDatabase: ServiceDatabase = { service: 'sla', migrations: [InitialSla1764662400000] };

export const slaDataSource = (url: string, schema: string): DataSource => serviceDataSource(slaDatabase, url, schema);
