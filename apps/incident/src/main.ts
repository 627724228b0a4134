// Incident: turns device events, gateway presence and device status into incidents that
// operators acknowledge, assign, resolve and close.
import 'reflect-metadata';
import { bootHttpApp, loadConfig, runMain } from '@ioc/platform';
import { incidentConfigSchema } from './incident.config';
import { IncidentModule } from './incident.module';

runMain('incident', async () => {
  const config = loadConfig(incidentConfigSchema);
  await bootHttpApp(IncidentModule.forRoot(config), { service: 'incident', logLevel: config.LOG_LEVEL, host: config.HTTP_HOST, port: config.HTTP_PORT });
});
