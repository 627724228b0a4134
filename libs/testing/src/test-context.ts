// Per-run isolation for integration tests against the real services: every run gets its
// own NATS prefix (so its own streams), Redis key prefix, Postgres schema and MQTT topic
// root, and removes them afterwards.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { connect } from 'nats';
import mqtt from 'mqtt';
import { natsStreams } from '@ioc/contracts';
import { deleteStreams } from '@ioc/platform';
import { testConfig } from './test.config';

export interface MqttCredentials {
  url: string;
  adminUsername: string;
  adminPassword: string;
  ingestUsername: string;
  ingestPassword: string;
  gatewayUsername: string;
  gatewayPassword: string;
}

export interface TestContext {
  id: string;
  natsUrl: string;
  natsPrefix: string;
  redisUrl: string;
  redisPrefix: string;
  databaseUrl: string;
  dbSchema: string;
  /** The incident service's schema. */
  incidentSchema: string;
  /** The coverage service's schema. */
  coverageSchema: string;
  /** The SLA service's schema. */
  slaSchema: string;
  /** MQTT topic root for this run, in place of `city`. */
  topicRoot: string;
  mqtt: MqttCredentials;
  cleanup(): Promise<void>;
}

/** Reads the credentials deploy/local/services.sh created for the project's Mosquitto. */
export function mqttCredentials(): MqttCredentials {
  const file = join(testConfig().IOC_STATE_DIR, 'mqtt-credentials.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file} is missing: run "bash deploy/local/services.sh" (npm test does) to start the project's Mosquitto`);
  }
  const env = Object.fromEntries(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#') && l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/^['"]|['"]$/g, '')]),
  );
  return {
    url: testConfig().mqttUrl,
    adminUsername: env.MQTT_ADMIN_USERNAME,
    adminPassword: env.MQTT_ADMIN_PASSWORD,
    ingestUsername: env.MQTT_INGEST_USERNAME,
    ingestPassword: env.MQTT_INGEST_PASSWORD,
    gatewayUsername: env.MQTT_TEST_GATEWAY_USERNAME,
    gatewayPassword: env.MQTT_TEST_GATEWAY_PASSWORD,
  };
}

export async function createTestContext(): Promise<TestContext> {
  const id = 't' + randomBytes(4).toString('hex');
  const config = testConfig();
  const ctx: TestContext = {
    id,
    natsUrl: config.NATS_URL,
    natsPrefix: id,
    redisUrl: config.REDIS_URL,
    redisPrefix: id,
    databaseUrl: config.DATABASE_URL,
    dbSchema: `${id}_registry`,
    incidentSchema: `${id}_incident`,
    coverageSchema: `${id}_coverage`,
    slaSchema: `${id}_sla`,
    topicRoot: `${id}/city`,
    mqtt: mqttCredentials(),
    cleanup: async () => {
      const nc = await connect({ servers: ctx.natsUrl });
      await deleteStreams(nc, Object.values(natsStreams(ctx.natsPrefix)).map((spec) => spec.name));
      await nc.close();
      const redis = new Redis(ctx.redisUrl);
      // SCAN + UNLINK in chunks: a benchmark run leaves hundreds of thousands of dedupe keys.
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${ctx.redisPrefix}:*`, 'COUNT', 1000);
        if (keys.length) await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
      redis.disconnect();
      const pg = new Client({ connectionString: ctx.databaseUrl });
      await pg.connect();
      for (const schema of [ctx.dbSchema, ctx.incidentSchema, ctx.coverageSchema, ctx.slaSchema]) await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pg.end();
      // The run's persistent MQTT sessions (ingest-0, ingest-1, …) would otherwise stay on the broker.
      for (let i = 0; i < 8; i++) {
        const client = await mqtt.connectAsync(ctx.mqtt.url, {
          protocolVersion: 5,
          clientId: `${id}-ingest-${i}`,
          clean: true,
          username: ctx.mqtt.ingestUsername,
          password: ctx.mqtt.ingestPassword,
          properties: { sessionExpiryInterval: 0 },
          reconnectPeriod: 0,
        });
        await client.endAsync();
      }
    },
  };
  return ctx;
}
