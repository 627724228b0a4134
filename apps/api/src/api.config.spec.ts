import { describeAppConfig } from '@ioc/testing';
import { apiConfigSchema } from './api.config';

describeAppConfig('api', apiConfigSchema, 3000);
