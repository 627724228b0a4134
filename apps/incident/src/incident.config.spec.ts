import { describeAppConfig } from '@ioc/testing';
import { incidentConfigSchema } from './incident.config';

describeAppConfig('incident', incidentConfigSchema, 3004);
