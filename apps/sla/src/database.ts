// The SLA service's own Postgres schema, changed only by its migrations (see
// libs/platform/src/database.ts and docs/decisions/0009).
import type { DataSource } from 'typeorm';
import { serviceDataSource, type ServiceDatabase } from '@ioc/platform';
import { InitialSla1764662400000 } from './migrations/1764662400000-initial-sla';
import { ReportNumbers1796601600000 } from './migrations/1796601600000-report-numbers';
import { MonitoringSessions1796688000000 } from './migrations/1796688000000-monitoring-sessions';
import { ReportXlsx1796774400000 } from './migrations/1796774400000-report-xlsx';
import { FactVersions1796947200000 } from './migrations/1796947200000-fact-versions';

export const slaDatabase: ServiceDatabase = {
  service: 'sla',
  migrations: [InitialSla1764662400000, ReportNumbers1796601600000, MonitoringSessions1796688000000, ReportXlsx1796774400000, FactVersions1796947200000],
};

export const slaDataSource = (url: string, schema: string): DataSource => serviceDataSource(slaDatabase, url, schema);
