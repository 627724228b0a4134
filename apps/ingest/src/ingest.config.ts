import { hostname } from 'node:os';
import { z } from 'zod';
import { commonEnv, envInt, envUrl, httpEnv, natsEnv, redisEnv } from '@ioc/platform';

export const ingestConfigSchema = z.object({
  ...commonEnv,
  ...httpEnv(3002),
  ...natsEnv,
  ...redisEnv,
  MQTT_URL: envUrl('mqtt://127.0.0.1:18830', ['mqtt:', 'mqtts:']),
  MQTT_USERNAME: z.string().min(1, 'the ingest needs its MQTT username'),
  MQTT_PASSWORD: z.string().min(1, 'the ingest needs its MQTT password'),
  MQTT_TOPIC_ROOT: z.string().min(1).default('city'),
  /** All ingest copies share this group: the broker gives each message to one of them. */
  MQTT_SHARE_GROUP: z.string().regex(/^[A-Za-z0-9_-]+$/).default('ingest'),
  /** Stable per copy: the broker keeps this session's queue while the copy restarts. */
  MQTT_CLIENT_ID: z.string().regex(/^[A-Za-z0-9_-]+$/).default(`ingest-${hostname().replace(/[^A-Za-z0-9_-]/g, '-')}`),
  /** Parallel MQTT sessions per process; each handles its messages one at a time. */
  MQTT_CONNECTIONS: envInt(4, 1, 64),
  INGEST_DEDUPE_TTL_S: envInt(600, 1, 7 * 24 * 3600),
  RAW_RETENTION_DAYS: envInt(7, 1, 365),
});
export type IngestConfig = z.infer<typeof ingestConfigSchema>;
export const INGEST_CONFIG = Symbol('INGEST_CONFIG');
