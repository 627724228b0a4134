import { describeAppConfig } from '@ioc/testing';
import { ingestConfigSchema } from './ingest.config';

describeAppConfig('ingest', ingestConfigSchema, 3002, { MQTT_USERNAME: 'u', MQTT_PASSWORD: 'p' });
