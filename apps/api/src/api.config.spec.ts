import { describeAppConfig } from '@ioc/testing';
import { apiConfigSchema } from './api.config';

describeAppConfig('api', apiConfigSchema, 3000, { JWT_SECRET: 'a-test-secret-of-at-least-32-characters' });
