// Environment for each app in a test run, pointing at the run's own prefixes and schema.
import type { TestContext } from './test-context';
import { testConfig } from './test.config';
import { TEST_JWT_SECRET } from './tokens';

export function commonEnv(ctx: TestContext): Record<string, string> {
  return {
    LOG_LEVEL: testConfig().TEST_LOG_LEVEL,
    NATS_URL: ctx.natsUrl,
    NATS_PREFIX: ctx.natsPrefix,
    REDIS_URL: ctx.redisUrl,
    REDIS_PREFIX: ctx.redisPrefix,
    DATABASE_URL: ctx.databaseUrl,
    DB_SCHEMA: ctx.dbSchema,
    JWT_SECRET: TEST_JWT_SECRET,
  };
}

export function ingestEnv(ctx: TestContext, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...commonEnv(ctx),
    MQTT_URL: ctx.mqtt.url,
    MQTT_USERNAME: ctx.mqtt.ingestUsername,
    MQTT_PASSWORD: ctx.mqtt.ingestPassword,
    MQTT_TOPIC_ROOT: ctx.topicRoot,
    MQTT_SHARE_GROUP: `${ctx.id}-ingest`,
    MQTT_CLIENT_ID: `${ctx.id}-ingest`,
    MQTT_CONNECTIONS: '2',
    MQTT_ALARM_CONNECTIONS: '1',
    ...extra,
  };
}

export function registryEnv(ctx: TestContext, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...commonEnv(ctx),
    MQTT_URL: ctx.mqtt.url,
    MQTT_ADMIN_USERNAME: ctx.mqtt.adminUsername,
    MQTT_ADMIN_PASSWORD: ctx.mqtt.adminPassword,
    MQTT_TOPIC_ROOT: ctx.topicRoot,
    MQTT_GATEWAY_USERNAME_PREFIX: `${ctx.id}-gw-`,
    ...extra,
  };
}

export function incidentEnv(ctx: TestContext, extra: Record<string, string> = {}): Record<string, string> {
  return { ...commonEnv(ctx), DB_SCHEMA: ctx.incidentSchema, ...extra };
}

export function coverageEnv(ctx: TestContext, extra: Record<string, string> = {}): Record<string, string> {
  return { ...commonEnv(ctx), DB_SCHEMA: ctx.coverageSchema, ...extra };
}

export function slaEnv(ctx: TestContext, extra: Record<string, string> = {}): Record<string, string> {
  return { ...commonEnv(ctx), DB_SCHEMA: ctx.slaSchema, ...extra };
}
