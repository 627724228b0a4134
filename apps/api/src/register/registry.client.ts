// Forwards REST calls to the registry over NATS request/reply (REGISTRY_OPERATIONS). The
// reply is checked against the operation's contract before it reaches a client.
import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import {
  defineContract,
  natsSubjects,
  REGISTRY_OPERATIONS,
  type RegistryOperation,
  type RegistryReply,
  type RegistryRequest,
} from '@ioc/contracts';
import { requestJson } from '@ioc/platform';
import { API_CONFIG, type ApiConfig } from '../api.config';

export const API_NATS = Symbol('API_NATS');

const replyContracts = Object.fromEntries(
  Object.entries(REGISTRY_OPERATIONS).map(([name, op]) => [name, defineContract(`registry.${name}.reply`, 1, op.reply)]),
);

@Injectable()
export class RegistryClient {
  private readonly subjects;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(API_NATS) private readonly nc: NatsConnection,
  ) {
    this.subjects = natsSubjects(config.NATS_PREFIX);
  }

  async call<O extends RegistryOperation>(operation: O, request: RegistryRequest<O>, timeoutMs = this.config.API_REQUEST_TIMEOUT_MS): Promise<RegistryReply<O>> {
    const contract = replyContracts[operation];
    if (!contract) throw new Error(`unknown registry operation ${operation}`);
    return (await requestJson(this.nc, this.subjects.registryOperation(operation), request, contract, timeoutMs)) as RegistryReply<O>;
  }
}
