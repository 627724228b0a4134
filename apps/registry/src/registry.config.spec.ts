import { describeAppConfig } from '@ioc/testing';
import { registryConfigSchema } from './registry.config';

describeAppConfig('registry', registryConfigSchema, 3003, { MQTT_ADMIN_USERNAME: 'ioc-admin', MQTT_ADMIN_PASSWORD: 'secret' });
