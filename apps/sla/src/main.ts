// SLA: device availability from status transitions, incident response against targets,
// escalation of missed acknowledgements, monthly reports.
import 'reflect-metadata';
import { SLA_OPERATIONS } from '@ioc/contracts';
import { bootHttpApp, JsonLogger, loadConfig, operationPatterns, runMain, startOperations } from '@ioc/platform';
import { slaConfigSchema } from './sla.config';
import { SlaModule } from './sla.module';

runMain('sla', async () => {
  const config = loadConfig(slaConfigSchema);
  await bootHttpApp(SlaModule.forRoot(config), {
    service: 'sla',
    logLevel: config.LOG_LEVEL,
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    // HTTP for health and metrics; the operations (@MessagePattern) over NATS, in the 'sla' queue group.
    configure: (app) =>
      startOperations(app, {
        url: config.NATS_URL,
        name: 'sla',
        prefix: config.NATS_PREFIX,
        queue: 'sla',
        requests: { ...operationPatterns('sla.v1', SLA_OPERATIONS) },
        logger: new JsonLogger('sla', config.LOG_LEVEL),
      }),
  });
});
