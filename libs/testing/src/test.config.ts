// Configuration of the tests and the benchmark: where the services are and how loud the
// apps they start may log. The one place test code reads the environment, checked once.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { envInt, loadConfig } from '@ioc/platform';

const schema = z.object({
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/ioc'),
  MQTT_PORT: envInt(18830, 1, 65535),
  MQTT_URL: z.string().optional(),
  /** Where deploy/local/services.sh keeps the broker's state and credentials. */
  IOC_STATE_DIR: z.string().default(join(homedir(), '.local', 'state', 'ioc')),
  /** LOG_LEVEL of the apps the tests start. */
  TEST_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  /** Seed of the fuzz run (apps/platform-e2e/src/fuzz.int-spec.ts); random when unset, and printed. */
  SEED: z.coerce.number({ message: 'must be a whole number' }).int().min(0).max(2 ** 32 - 1).optional(),
});
export type TestConfig = z.infer<typeof schema> & { mqttUrl: string };

let cached: TestConfig | undefined;

export function testConfig(): TestConfig {
  if (!cached) {
    const c = loadConfig(schema);
    cached = { ...c, mqttUrl: c.MQTT_URL ?? `mqtt://127.0.0.1:${c.MQTT_PORT}` };
  }
  return cached;
}

/**
 * The environment a script or app started by a test inherits (PATH, HOME, service URLs),
 * to which the test adds its own settings.
 */
export function inheritedEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
}
