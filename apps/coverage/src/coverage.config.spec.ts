import { describeAppConfig } from '@ioc/testing';
import { coverageConfigSchema } from './coverage.config';

describeAppConfig('coverage', coverageConfigSchema, 3005);
