// Forwards REST calls to the services over NATS request/reply: the registry
// (REGISTRY_OPERATIONS), the incident service (INCIDENT_OPERATIONS) and the coverage
// service (COVERAGE_OPERATIONS) and the SLA service (SLA_OPERATIONS). Each reply is checked against its operation's contract
// before it reaches a client.
import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { z } from 'zod';
import { COVERAGE_OPERATIONS, defineContract, INCIDENT_OPERATIONS, natsSubjects, REGISTRY_OPERATIONS, SLA_OPERATIONS, type Contract } from '@ioc/contracts';
import { requestJson } from '@ioc/platform';
import { API_CONFIG, type ApiConfig } from './api.config';

export const API_NATS = Symbol('API_NATS');

type Operations = Record<string, { request: z.ZodType; reply: z.ZodType }>;

abstract class OperationsClient<Ops extends Operations> {
  private readonly replies: Map<string, Contract<z.ZodType>>;

  protected constructor(
    private readonly nc: NatsConnection,
    private readonly subject: (operation: string) => string,
    service: string,
    operations: Ops,
    private readonly timeoutMs: number,
  ) {
    this.replies = new Map(Object.entries(operations).map(([name, op]) => [name, defineContract(`${service}.${name}.reply`, 1, op.reply)]));
  }

  async call<O extends keyof Ops & string>(operation: O, request: z.input<Ops[O]['request']>, timeoutMs = this.timeoutMs): Promise<z.infer<Ops[O]['reply']>> {
    const contract = this.replies.get(operation);
    if (!contract) throw new Error(`unknown operation ${operation}`);
    return (await requestJson(this.nc, this.subject(operation), request, contract, timeoutMs)) as z.infer<Ops[O]['reply']>;
  }
}

@Injectable()
export class RegistryClient extends OperationsClient<typeof REGISTRY_OPERATIONS> {
  constructor(@Inject(API_CONFIG) config: ApiConfig, @Inject(API_NATS) nc: NatsConnection) {
    super(nc, natsSubjects(config.NATS_PREFIX).registryOperation, 'registry', REGISTRY_OPERATIONS, config.API_REQUEST_TIMEOUT_MS);
  }
}

@Injectable()
export class IncidentClient extends OperationsClient<typeof INCIDENT_OPERATIONS> {
  constructor(@Inject(API_CONFIG) config: ApiConfig, @Inject(API_NATS) nc: NatsConnection) {
    super(nc, natsSubjects(config.NATS_PREFIX).incidentOperation, 'incident', INCIDENT_OPERATIONS, config.API_REQUEST_TIMEOUT_MS);
  }
}

@Injectable()
export class CoverageClient extends OperationsClient<typeof COVERAGE_OPERATIONS> {
  constructor(@Inject(API_CONFIG) config: ApiConfig, @Inject(API_NATS) nc: NatsConnection) {
    super(nc, natsSubjects(config.NATS_PREFIX).coverageOperation, 'coverage', COVERAGE_OPERATIONS, config.API_REQUEST_TIMEOUT_MS);
  }
}

@Injectable()
export class SlaClient extends OperationsClient<typeof SLA_OPERATIONS> {
  constructor(@Inject(API_CONFIG) config: ApiConfig, @Inject(API_NATS) nc: NatsConnection) {
    super(nc, natsSubjects(config.NATS_PREFIX).slaOperation, 'sla', SLA_OPERATIONS, config.API_REQUEST_TIMEOUT_MS);
  }
}
