import { describeAppConfig } from '@ioc/testing';
import { realtimeConfigSchema } from './realtime.config';

describeAppConfig('realtime', realtimeConfigSchema, 3001, { JWT_SECRET: 'a-test-secret-of-at-least-32-characters' });
