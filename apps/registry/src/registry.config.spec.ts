import { describeAppConfig } from '@ioc/testing';
import { registryConfigSchema } from './registry.config';

describeAppConfig('registry', registryConfigSchema, 3003);
