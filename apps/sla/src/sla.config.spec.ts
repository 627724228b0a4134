import { describeAppConfig } from '@ioc/testing';
import { slaConfigSchema } from './sla.config';

describeAppConfig('sla', slaConfigSchema, 3006);
