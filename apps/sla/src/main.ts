// SLA: device availability from status transitions, incident response against targets,
// escalation of missed acknowledgements, monthly reports.
import 'reflect-metadata';
import { bootHttpApp, loadConfig, runMain } from '@ioc/platform';
import { slaConfigSchema } from './sla.config';
import { SlaModule } from './sla.module';

runMain('sla', async () => {
  const config = loadConfig(slaConfigSchema);
  await bootHttpApp(SlaModule.forRoot(config), { service: 'sla', logLevel: config.LOG_LEVEL, host: config.HTTP_HOST, port: config.HTTP_PORT });
});
