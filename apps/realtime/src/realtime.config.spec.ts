import { describeAppConfig } from '@ioc/testing';
import { realtimeConfigSchema } from './realtime.config';

describeAppConfig('realtime', realtimeConfigSchema, 3001);
