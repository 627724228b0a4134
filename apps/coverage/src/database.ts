// The coverage service's own Postgres schema, changed only by its migrations (see
// libs/platform/src/database.ts and docs/decisions/0009).
import type { DataSource } from 'typeorm';
import { serviceDataSource, type ServiceDatabase } from '@ioc/platform';
import { InitialCoverage1764576000000 } from './migrations/1764576000000-initial-coverage';

export const coverageDatabase: ServiceDatabase = { service: 'coverage', migrations: [InitialCoverage1764576000000] };

export const coverageDataSource = (url: string, schema: string): DataSource => serviceDataSource(coverageDatabase, url, schema);
