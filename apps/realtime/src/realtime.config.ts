import { z } from 'zod';
import { commonEnv, envInt, httpEnv, jwtEnv, natsEnv, redisEnv } from '@ioc/platform';

export const realtimeConfigSchema = z.object({
  ...commonEnv,
  ...httpEnv(3001),
  ...natsEnv,
  ...redisEnv,
  /** Verifies the access token of every /ops handshake (the api signs with the same secret). */
  ...jwtEnv,
  /** Comma-separated origins allowed to open Socket.IO connections (the web app's). */
  REALTIME_CORS_ORIGINS: z
    .string()
    .default('http://127.0.0.1:3000,http://localhost:3000')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean)),
  REALTIME_SNAPSHOT_TIMEOUT_MS: envInt(5000, 100, 60_000),
});
export type RealtimeConfig = z.infer<typeof realtimeConfigSchema>;
