// SLA: device availability from status transitions, incident response against targets,
// escalation of missed acknowledgements, monthly reports.
import 'reflect-metadata';
import { SLA_OPERATIONS } from '@ioc/contracts';
import { bootOperationsService, loadConfig, operationPatterns, runMain } from '@ioc/platform';
import { slaConfigSchema } from './sla.config';
import { SlaModule } from './sla.module';

runMain('sla', async () => {
  const config = loadConfig(slaConfigSchema);
  // HTTP for health and metrics; the operations (@MessagePattern) over NATS, in the 'sla' queue group.
  await bootOperationsService('sla', SlaModule.forRoot(config), config, { ...operationPatterns('sla.v1', SLA_OPERATIONS) });
});
