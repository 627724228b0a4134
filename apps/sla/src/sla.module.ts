import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { natsStreams } from '@ioc/contracts';
import { NatsOperationsClient, PlatformModule } from '@ioc/platform';
import { responsePolicy, type ResponsePolicyOverrides } from '@ioc/sla';
import { slaDataSource } from './database';
import { Escalations } from './escalations.service';
import { FactsFollower } from './facts.follower';
import { SlaFactsRepository } from './facts.repository';
import { SLA_DATA_SOURCE, SLA_MEASUREMENTS, SLA_POLICY } from './sla.tokens';
import { Measurements } from './measurements';
import { ReportRepository } from './report.repository';
import { OperationsController } from './operations.handler';
import { Reports } from './reports.service';
import type { SlaConfig } from './sla.config';

/** Parses SLA_POLICY (JSON of ResponsePolicyOverrides); a bad one stops the service at boot. */
function policyOf(json: string | undefined) {
  if (!json) return responsePolicy();
  let overrides: ResponsePolicyOverrides;
  try {
    overrides = JSON.parse(json) as ResponsePolicyOverrides;
  } catch {
    throw new Error('SLA_POLICY is not JSON');
  }
  return responsePolicy(overrides);
}

/** SLA: availability from transitions, response against targets, escalation, monthly reports. */
@Module({})
export class SlaModule {
  static forRoot(config: SlaConfig): DynamicModule {
    const policy = policyOf(config.SLA_POLICY);
    return {
      module: SlaModule,
      imports: [
        PlatformModule.forRoot({
          service: 'sla',
          config,
          nats: { uses: [natsStreams(config.NATS_PREFIX).state, natsStreams(config.NATS_PREFIX).monitoring] },
          // The other services' operations (registry register, incident escalations and windows, coverage), over the NATS transport.
          operations: true,
          database: () => slaDataSource(config.DATABASE_URL, config.DB_SCHEMA),
        }),
      ],
      // The service's request/reply operations (@MessagePattern), served by the NATS microservice main.ts connects.
      controllers: [OperationsController],
      providers: [
        { provide: SLA_POLICY, useValue: policy },
        // The repositories hold the service's SQL, one per aggregate, in its own schema.
        { provide: SlaFactsRepository, inject: [SLA_DATA_SOURCE], useFactory: (ds: DataSource) => new SlaFactsRepository(ds, config.DB_SCHEMA) },
        { provide: ReportRepository, inject: [SLA_DATA_SOURCE], useFactory: (ds: DataSource) => new ReportRepository(ds, config.DB_SCHEMA) },
        {
          provide: SLA_MEASUREMENTS,
          inject: [SlaFactsRepository, NatsOperationsClient],
          useFactory: (facts: SlaFactsRepository, requests: NatsOperationsClient) => new Measurements(facts, requests, config.SLA_TIME_ZONE, policy),
        },
        Escalations,
        FactsFollower,
        Reports,
      ],
    };
  }
}
