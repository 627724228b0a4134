// Incident: turns device events, gateway presence and device status into incidents that
// operators acknowledge, assign, resolve and close.
import 'reflect-metadata';
import { INCIDENT_OPERATIONS } from '@ioc/contracts';
import { bootHttpApp, JsonLogger, loadConfig, operationPatterns, runMain, startOperations } from '@ioc/platform';
import { incidentConfigSchema } from './incident.config';
import { IncidentModule } from './incident.module';

runMain('incident', async () => {
  const config = loadConfig(incidentConfigSchema);
  await bootHttpApp(IncidentModule.forRoot(config), {
    service: 'incident',
    logLevel: config.LOG_LEVEL,
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    // HTTP for health and metrics; the operations (@MessagePattern) over NATS, in the 'incident' queue group.
    configure: (app) =>
      startOperations(app, {
        url: config.NATS_URL,
        name: 'incident',
        prefix: config.NATS_PREFIX,
        queue: 'incident',
        requests: { ...operationPatterns('incident.v1', INCIDENT_OPERATIONS) },
        logger: new JsonLogger('incident', config.LOG_LEVEL),
      }),
  });
});
