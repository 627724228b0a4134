// The api's callers of the services' operations over the NATS transport (ClientProxy): the
// registry (REGISTRY_OPERATIONS), the incident service (INCIDENT_OPERATIONS), the coverage
// service (COVERAGE_OPERATIONS) and the SLA service (SLA_OPERATIONS). Each reply is checked
// against its operation's contract before it reaches a client.
import { Inject, Injectable } from '@nestjs/common';
import { COVERAGE_OPERATIONS, INCIDENT_OPERATIONS, REGISTRY_OPERATIONS, SLA_OPERATIONS } from '@ioc/contracts';
import { NatsOperationsClient, OperationsClient } from '@ioc/platform';
import type { ApiConfig } from './api.config';
import { API_CONFIG } from './api.tokens';

@Injectable()
export class RegistryClient extends OperationsClient<typeof REGISTRY_OPERATIONS> {
  constructor(@Inject(API_CONFIG) config: ApiConfig, proxy: NatsOperationsClient) {
    super(proxy, 'registry.v1', REGISTRY_OPERATIONS, config.API_REQUEST_TIMEOUT_MS);
  }
}

@Injectable()
export class IncidentClient extends OperationsClient<typeof INCIDENT_OPERATIONS> {
  constructor(@Inject(API_CONFIG) config: ApiConfig, proxy: NatsOperationsClient) {
    super(proxy, 'incident.v1', INCIDENT_OPERATIONS, config.API_REQUEST_TIMEOUT_MS);
  }
}

@Injectable()
export class CoverageClient extends OperationsClient<typeof COVERAGE_OPERATIONS> {
  constructor(@Inject(API_CONFIG) config: ApiConfig, proxy: NatsOperationsClient) {
    super(proxy, 'coverage.v1', COVERAGE_OPERATIONS, config.API_REQUEST_TIMEOUT_MS);
  }
}

@Injectable()
export class SlaClient extends OperationsClient<typeof SLA_OPERATIONS> {
  constructor(@Inject(API_CONFIG) config: ApiConfig, proxy: NatsOperationsClient) {
    super(proxy, 'sla.v1', SLA_OPERATIONS, config.API_REQUEST_TIMEOUT_MS);
  }
}
