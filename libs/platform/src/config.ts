// Typed configuration, checked once at boot: a missing or malformed variable stops the
// app with a message naming the variable. Apps read the environment only through here.
import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

export function loadConfig<S extends z.ZodType>(schema: S, env: Env = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.map(String).join('.') || '(environment)';
    const value = typeof issue.path[0] === 'string' ? env[issue.path[0]] : undefined;
    const shown = value === undefined ? 'is not set' : /PASSWORD|SECRET|TOKEN/i.test(variable) ? 'is set' : `is "${value}"`;
    return `${variable} ${shown}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}

/** Environment fragments shared by the apps; each app composes the ones it needs. */
export const envInt = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);

export const envUrl = (def: string, protocols: string[]) =>
  z
    .string()
    .default(def)
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a URL starting with ${protocols.map((p) => p + '//').join(' or ')}`);

const prefix = (def: string) =>
  z
    .string()
    .default(def)
    .refine((v) => /^[A-Za-z][A-Za-z0-9_-]{0,31}$/.test(v), 'must be a letter followed by up to 31 letters, digits, "_" or "-"');

export const commonEnv = {
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
};
export const httpEnv = (defaultPort: number) => ({ HTTP_PORT: envInt(defaultPort, 0, 65535), HTTP_HOST: z.string().default('127.0.0.1') });
export const natsEnv = {
  NATS_URL: envUrl('nats://127.0.0.1:4222', ['nats:', 'tls:']),
  NATS_PREFIX: prefix('ioc'),
  /**
   * Replicas of the JetStream streams the app creates, or brings to their spec as their owner:
   * 1 on a single server, 3 on a 3-node cluster (deploy/k8s). JetStream allows at most 5.
   */
  NATS_STREAM_REPLICAS: envInt(1, 1, 5),
};
export const redisEnv = {
  REDIS_URL: envUrl('redis://127.0.0.1:6379', ['redis:', 'rediss:']),
  REDIS_PREFIX: prefix('ioc'),
};
export const databaseEnv = (defaultSchema: string) => ({
  DATABASE_URL: envUrl('postgres://postgres@127.0.0.1:5432/ioc', ['postgres:', 'postgresql:']),
  DB_SCHEMA: z
    .string()
    .default(defaultSchema)
    .refine((v) => /^[a-z_][a-z0-9_]{0,62}$/.test(v), 'must be a lower-case SQL identifier'),
});

/** Signing key of access and refresh tokens, shared by api (issues) and realtime (verifies). */
export const jwtEnv = {
  JWT_SECRET: z
    .string({ message: 'is required: a random secret of at least 32 characters (npm start generates one)' })
    .min(32, 'must be at least 32 characters'),
};

/** The project's Mosquitto, as its administrator (dynamic-security plugin). */
export const mqttAdminEnv = {
  MQTT_URL: envUrl('mqtt://127.0.0.1:18830', ['mqtt:', 'mqtts:', 'ws:', 'wss:']),
  MQTT_ADMIN_USERNAME: z.string({ message: 'is required (see deploy/local/services.sh)' }).min(1),
  MQTT_ADMIN_PASSWORD: z.string({ message: 'is required (see deploy/local/services.sh)' }).min(1),
};

/** An IANA time zone the runtime knows, e.g. Asia/Ho_Chi_Minh. */
export const timeZone = (def: string) =>
  z
    .string()
    .default(def)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Asia/Ho_Chi_Minh');

/** A five-field cron pattern (minute hour day-of-month month day-of-week). */
export const cronPattern = (def: string) =>
  z
    .string()
    .default(def)
    .refine((p) => /^(\S+\s+){4}\S+$/.test(p.trim()), 'must be a cron pattern of five fields, e.g. "0 0 * * *"');
