// Incident: turns device events, gateway presence and device status into incidents that
// operators acknowledge, assign, resolve and close.
import 'reflect-metadata';
import { INCIDENT_OPERATIONS } from '@ioc/contracts';
import { bootOperationsService, loadConfig, operationPatterns, runMain } from '@ioc/platform';
import { incidentConfigSchema } from './incident.config';
import { IncidentModule } from './incident.module';

runMain('incident', async () => {
  const config = loadConfig(incidentConfigSchema);
  // HTTP for health and metrics; the operations (@MessagePattern) over NATS, in the 'incident' queue group.
  await bootOperationsService('incident', IncidentModule.forRoot(config), config, { ...operationPatterns('incident.v1', INCIDENT_OPERATIONS) });
});
