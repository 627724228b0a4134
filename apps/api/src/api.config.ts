import { z } from 'zod';
import { commonEnv, envUrl, httpEnv } from '@ioc/platform';

export const apiConfigSchema = z.object({
  ...commonEnv,
  ...httpEnv(3000),
  /** Where browsers reach the realtime app (Socket.IO namespace /ops). */
  REALTIME_PUBLIC_URL: envUrl('http://127.0.0.1:3001', ['http:', 'https:']),
});
export type ApiConfig = z.infer<typeof apiConfigSchema>;
export const API_CONFIG = Symbol('API_CONFIG');
