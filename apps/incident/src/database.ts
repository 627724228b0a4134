// The incident service's own Postgres schema, changed only by its migrations (see
// libs/platform/src/database.ts and docs/decisions/0009).
import type { DataSource } from 'typeorm';
import { serviceDataSource, type ServiceDatabase } from '@ioc/platform';
import { InitialIncident1764403200000 } from './migrations/1764403200000-initial-incident';
import { IncidentSnapshotUrl1765065600000 } from './migrations/1765065600000-incident-snapshot-url';
import { ProcessedEvents1796860800000 } from './migrations/1796860800000-processed-events';

export const incidentDatabase: ServiceDatabase = { service: 'incident', migrations: [InitialIncident1764403200000, IncidentSnapshotUrl1765065600000, ProcessedEvents1796860800000] };

export const incidentDataSource = (url: string, schema: string): DataSource => serviceDataSource(incidentDatabase, url, schema);
