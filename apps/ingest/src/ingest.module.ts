import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import type { NatsConnection } from 'nats';
import { defineContract, natsStreams, REGISTRY_OPERATIONS } from '@ioc/contracts';
import { connectNats, Health, JsonLogger, natsHealthCheck, NatsOperationsClient, ObservabilityModule, pingHealthCheck } from '@ioc/platform';
import { FrigateCameraResolver } from './adapters/frigate-camera.resolver';
import type { IngestConfig } from './ingest.config';
import { IngestPipeline } from './ingest.pipeline';
import { MqttIngestService } from './mqtt-ingest.service';
import { INGEST_CONFIG, INGEST_JETSTREAM, INGEST_LOGGER, INGEST_NATS, INGEST_REDIS } from './ingest.tokens';

const resolveFrigate = REGISTRY_OPERATIONS['devices.resolve-frigate'];
const ResolveFrigateReply = defineContract('registry.devices.resolve-frigate.reply', 1, resolveFrigate.reply);

/** The Frigate adapter's register lookup: the registry's `devices.resolve-frigate`, cached. */
function frigateCameraResolver(requests: NatsOperationsClient, config: IngestConfig): FrigateCameraResolver {
  return new FrigateCameraResolver(
    (gatewayId, frigateCamera, timeoutMs) => requests.request('registry.v1.devices.resolve-frigate', { gatewayId, frigateCamera }, ResolveFrigateReply, timeoutMs),
    {
    ttlMs: config.FRIGATE_CAMERA_CACHE_TTL_S * 1000,
    timeoutMs: config.FRIGATE_LOOKUP_TIMEOUT_MS,
  });
}

@Module({})
export class IngestModule implements OnApplicationShutdown {
  constructor(
    @Inject(INGEST_NATS) private readonly nc: NatsConnection,
    @Inject(INGEST_REDIS) private readonly redis: Redis,
    health: Health,
  ) {
    health.register('nats', natsHealthCheck(nc));
    health.register('redis', pingHealthCheck(redis));
  }

  static forRoot(config: IngestConfig): DynamicModule {
    return {
      module: IngestModule,
      imports: [ObservabilityModule.forRoot('ingest')],
      providers: [
        { provide: INGEST_CONFIG, useValue: config },
        { provide: INGEST_LOGGER, useValue: new JsonLogger('ingest', config.LOG_LEVEL) },
        {
          provide: INGEST_NATS,
          useFactory: () => {
            const streams = natsStreams(config.NATS_PREFIX, config.RAW_RETENTION_DAYS * 24 * 3600);
            return connectNats(config.NATS_URL, 'ingest', { owns: [streams.device, streams.rejects] });
          },
        },
        { provide: INGEST_JETSTREAM, inject: [INGEST_NATS], useFactory: (nc: NatsConnection) => nc.jetstream() },
        { provide: NatsOperationsClient, useFactory: () => new NatsOperationsClient({ url: config.NATS_URL, name: 'ingest', prefix: config.NATS_PREFIX }) },
        { provide: FrigateCameraResolver, inject: [NatsOperationsClient], useFactory: (requests: NatsOperationsClient) => frigateCameraResolver(requests, config) },
        // Fail fast while Redis is away: the dedupe then falls back to JetStream's (see IngestPipeline.claim).
        { provide: INGEST_REDIS, useFactory: () => new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 1000 }) },
        IngestPipeline,
        MqttIngestService,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    // MqttIngestService closed its sessions in beforeApplicationShutdown.
    await this.nc.drain();
    this.redis.disconnect();
  }
}
