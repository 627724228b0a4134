// Forwards REST calls to the services over NATS request/reply: the registry
// (REGISTRY_OPERATIONS) and the incident service (INCIDENT_OPERATIONS). Each reply is
// checked against its operation's contract before it reaches a client.
import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { z } from 'zod';
import {
  defineContract,
  INCIDENT_OPERATIONS,
  natsSubjects,
  REGISTRY_OPERATIONS,
  type Contract,
  type IncidentOperation,
  type IncidentReply,
  type IncidentRequest,
  type RegistryOperation,
  type RegistryReply,
  type RegistryRequest,
} from '@ioc/contracts';
import { requestJson } from '@ioc/platform';
import { API_CONFIG, type ApiConfig } from './api.config';

export const API_NATS = Symbol('API_NATS');

type Operations = Record<string, { reply: z.ZodType }>;

function replyContracts(service: string, operations: Operations): Map<string, Contract<z.ZodType>> {
  return new Map(Object.entries(operations).map(([name, op]) => [name, defineContract(`${service}.${name}.reply`, 1, op.reply)]));
}

class OperationsClient {
  private readonly replies: Map<string, Contract<z.ZodType>>;

  constructor(
    private readonly nc: NatsConnection,
    private readonly subject: (operation: string) => string,
    service: string,
    operations: Operations,
    private readonly timeoutMs: number,
  ) {
    this.replies = replyContracts(service, operations);
  }

  async call(operation: string, request: unknown, timeoutMs = this.timeoutMs): Promise<unknown> {
    const contract = this.replies.get(operation);
    if (!contract) throw new Error(`unknown operation ${operation}`);
    return requestJson(this.nc, this.subject(operation), request, contract, timeoutMs);
  }
}

@Injectable()
export class RegistryClient {
  private readonly client: OperationsClient;

  constructor(@Inject(API_CONFIG) config: ApiConfig, @Inject(API_NATS) nc: NatsConnection) {
    const subjects = natsSubjects(config.NATS_PREFIX);
    this.client = new OperationsClient(nc, subjects.registryOperation, 'registry', REGISTRY_OPERATIONS, config.API_REQUEST_TIMEOUT_MS);
  }

  async call<O extends RegistryOperation>(operation: O, request: RegistryRequest<O>, timeoutMs?: number): Promise<RegistryReply<O>> {
    return (await this.client.call(operation, request, timeoutMs)) as RegistryReply<O>;
  }
}

@Injectable()
export class IncidentClient {
  private readonly client: OperationsClient;

  constructor(@Inject(API_CONFIG) config: ApiConfig, @Inject(API_NATS) nc: NatsConnection) {
    const subjects = natsSubjects(config.NATS_PREFIX);
    this.client = new OperationsClient(nc, subjects.incidentOperation, 'incident', INCIDENT_OPERATIONS, config.API_REQUEST_TIMEOUT_MS);
  }

  async call<O extends IncidentOperation>(operation: O, request: IncidentRequest<O>): Promise<IncidentReply<O>> {
    return (await this.client.call(operation, request)) as IncidentReply<O>;
  }
}
