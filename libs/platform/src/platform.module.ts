// The plumbing every app shares, set up in one place: its configuration, its logger (pino,
// secrets redacted), its NATS connection with the streams it owns or uses, the client for
// other services' operations, Redis, its database, JetStream consumers, /health (readiness
// from what the app connects to, liveness from the process) and /metrics, unhandled
// rejections logged and counted, and graceful shutdown: consumers stop first, the batch in
// hand is finished and acknowledged, then the connections close, within the deadline.
import {
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
  type Provider,
} from '@nestjs/common';
import Redis, { type RedisOptions } from 'ioredis';
import type { NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import type { StreamSpec } from '@ioc/contracts';
import { JetStreamConsumers } from './consumers';
import { postgresHealthCheck } from './database';
import { errorMessage } from './errors';
import { JsonLogger, type LogLevel } from './logger';
import { connectNats, natsHealthCheck, pingHealthCheck } from './nats';
import { Health, Metrics, ObservabilityModule } from './observability.module';
import { APP_CONFIG, DATA_SOURCE, LOGGER, NATS_CONNECTION, REDIS_CLIENT } from './platform.tokens';
import { PartitionOwnerCalls } from './partition-calls';
import { PartitionOwnership } from './partition-ownership';
import { NatsOperationsClient } from './rpc';

/** What the platform reads from an app's configuration (each part only if the app uses it). */
export interface PlatformConfig {
  LOG_LEVEL: LogLevel;
  NATS_URL?: string;
  NATS_PREFIX?: string;
  NATS_STREAM_REPLICAS?: number;
  REDIS_URL?: string;
  DATABASE_URL?: string;
  DB_SCHEMA?: string;
}

export interface PlatformOptions<C extends PlatformConfig> {
  service: string;
  config: C;
  /** The app's NATS connection; the streams it owns are brought to their spec, those it uses created if missing. */
  nats?: { owns?: StreamSpec[]; uses?: StreamSpec[] };
  /** Calls other services' operations (NatsOperationsClient). */
  operations?: boolean;
  /** A Redis client with these options (ioredis). */
  redis?: RedisOptions;
  /** The service's database: an uninitialised DataSource, initialised at boot and closed at shutdown. */
  database?: () => DataSource;
  /**
   * The service's copies share the partitions of the device traffic (decision 0024):
   * PartitionOwnership (locks on a connection of its own) and PartitionOwnerCalls. The app
   * adds its participants and starts the ownership; the platform gives every partition up at
   * shutdown, before the connections close.
   */
  partitions?: { intervalMs?: number };
  /** The longest a signalled shutdown may take before the process exits anyway (default 9 s, within the 10 s orchestrators give). */
  shutdownTimeoutMs?: number;
}

const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');

/** Gives every owned partition up at shutdown (work finished first), before the connections close. */
@Injectable()
class PartitionLifecycle implements BeforeApplicationShutdown {
  constructor(private readonly ownership: PartitionOwnership) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.ownership.stop();
  }
}

/** Registers health checks for the connections, counts unhandled rejections, closes the connections last. */
@Injectable()
class PlatformLifecycle implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly onRejection: (reason: unknown) => void;

  constructor(
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions<PlatformConfig>,
    @Inject(LOGGER) private readonly logger: JsonLogger,
    private readonly health: Health,
    metrics: Metrics,
    private readonly connections: { nats?: NatsConnection; redis?: Redis; database?: DataSource },
  ) {
    const rejections = metrics.counter('ioc_unhandled_rejections_total', 'Promise rejections nothing handled (logged; the process goes on)');
    this.onRejection = (reason) => {
      rejections.inc();
      logger.event('error', 'unhandled promise rejection (the process goes on)', { error: errorMessage(reason), stack: reason instanceof Error ? reason.stack : undefined });
    };
  }

  onModuleInit(): void {
    const { nats, redis, database } = this.connections;
    if (nats) this.health.register('nats', natsHealthCheck(nats));
    if (redis) this.health.register('redis', pingHealthCheck(redis));
    if (database) this.health.register('postgres', postgresHealthCheck(database));
    // A rejection nobody handled must not end the process and every request it serves.
    process.on('unhandledRejection', this.onRejection);
  }

  beforeApplicationShutdown(signal?: string): void {
    if (!signal) return;
    const timeoutMs = this.options.shutdownTimeoutMs ?? 9000;
    this.logger.event('info', 'shutting down', { signal, timeoutMs });
    setTimeout(() => {
      this.logger.event('error', 'shutdown took too long; exiting', { timeoutMs });
      process.exit(1);
    }, timeoutMs).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    process.off('unhandledRejection', this.onRejection);
    const { nats, redis, database } = this.connections;
    // drain: what this app published is flushed before the connection closes.
    await nats?.drain().catch((err: unknown) => this.logger.event('warn', 'NATS drain failed', { error: errorMessage(err) }));
    redis?.disconnect();
    await database?.destroy();
  }
}

@Module({})
export class PlatformModule {
  static forRoot<C extends PlatformConfig>(options: PlatformOptions<C>): DynamicModule {
    const { service, config } = options;
    const need = (value: string | undefined, name: string): string => {
      if (!value) throw new Error(`${service}: PlatformModule needs ${name} in the configuration`);
      return value;
    };
    const providers: Provider[] = [
      { provide: PLATFORM_OPTIONS, useValue: options },
      { provide: APP_CONFIG, useValue: config },
      { provide: LOGGER, useValue: new JsonLogger(service, config.LOG_LEVEL) },
    ];
    const exported: NonNullable<DynamicModule['exports']> = [APP_CONFIG, LOGGER];
    const connections: symbol[] = [];
    if (options.nats) {
      const streams = options.nats;
      providers.push({ provide: NATS_CONNECTION, useFactory: () => connectNats(need(config.NATS_URL, 'NATS_URL'), service, streams, { replicas: config.NATS_STREAM_REPLICAS }) }, JetStreamConsumers);
      exported.push(NATS_CONNECTION, JetStreamConsumers);
      connections.push(NATS_CONNECTION);
    }
    if (options.operations) {
      providers.push({
        provide: NatsOperationsClient,
        useFactory: () => new NatsOperationsClient({ url: need(config.NATS_URL, 'NATS_URL'), name: service, prefix: need(config.NATS_PREFIX, 'NATS_PREFIX') }),
      });
      exported.push(NatsOperationsClient);
    }
    if (options.redis) {
      const redisOptions = options.redis;
      providers.push({ provide: REDIS_CLIENT, useFactory: () => new Redis(need(config.REDIS_URL, 'REDIS_URL'), redisOptions) });
      exported.push(REDIS_CLIENT);
      connections.push(REDIS_CLIENT);
    }
    if (options.database) {
      const database = options.database;
      providers.push({ provide: DATA_SOURCE, useFactory: () => database().initialize() });
      exported.push(DATA_SOURCE);
      connections.push(DATA_SOURCE);
    }
    if (options.partitions) {
      const partitions = options.partitions;
      providers.push(
        {
          provide: PartitionOwnership,
          inject: [LOGGER, Metrics],
          useFactory: (logger: JsonLogger, metrics: Metrics) =>
            new PartitionOwnership(
              { service, databaseUrl: need(config.DATABASE_URL, 'DATABASE_URL'), schema: need(config.DB_SCHEMA, 'DB_SCHEMA'), intervalMs: partitions.intervalMs },
              logger,
              metrics,
            ),
        },
        {
          provide: PartitionOwnerCalls,
          inject: [NATS_CONNECTION, PartitionOwnership, LOGGER],
          useFactory: (nc: NatsConnection, ownership: PartitionOwnership, logger: JsonLogger) => {
            const calls = new PartitionOwnerCalls(nc, need(config.NATS_PREFIX, 'NATS_PREFIX'), service, ownership, logger);
            ownership.participate(calls, 'last');
            return calls;
          },
        },
        PartitionLifecycle,
      );
      exported.push(PartitionOwnership, PartitionOwnerCalls);
    }
    providers.push({
      provide: PlatformLifecycle,
      inject: [PLATFORM_OPTIONS, LOGGER, Health, Metrics, ...connections],
      useFactory: (opts: PlatformOptions<C>, logger: JsonLogger, health: Health, metrics: Metrics, ...values: unknown[]) => {
        const byToken = new Map(connections.map((token, i) => [token, values[i]]));
        return new PlatformLifecycle(opts, logger, health, metrics, {
          nats: byToken.get(NATS_CONNECTION) as NatsConnection | undefined,
          redis: byToken.get(REDIS_CLIENT) as Redis | undefined,
          database: byToken.get(DATA_SOURCE) as DataSource | undefined,
        });
      },
    });
    return {
      module: PlatformModule,
      global: true,
      imports: [ObservabilityModule.forRoot(service)],
      providers,
      exports: [...exported, ObservabilityModule],
    };
  }
}
