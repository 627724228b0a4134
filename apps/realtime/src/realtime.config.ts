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
  /** Per-socket limits (socket-limits.ts): messages at once and per second, key areas held, refusals before a disconnect. */
  REALTIME_SOCKET_BURST: envInt(20, 1, 10_000),
  REALTIME_SOCKET_RATE_PER_S: envInt(5, 1, 10_000),
  REALTIME_SOCKET_MAX_AREAS: envInt(500, 1, 100_000),
  REALTIME_SOCKET_DISCONNECT_AFTER: envInt(50, 1, 100_000),
});
export type RealtimeConfig = z.infer<typeof realtimeConfigSchema>;
