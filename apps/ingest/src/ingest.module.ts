import { Module, type DynamicModule } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { defineContract, natsStreams, REGISTRY_OPERATIONS } from '@ioc/contracts';
import { JetStreamPublisher, Metrics, NatsOperationsClient, PlatformModule } from '@ioc/platform';
import { FrigateCameraResolver } from './adapters/frigate-camera.resolver';
import { BulkGate } from './bulk-gate';
import type { IngestConfig } from './ingest.config';
import { IngestPipeline } from './ingest.pipeline';
import { MqttIngestService } from './mqtt-ingest.service';
import { INGEST_JETSTREAM, INGEST_NATS } from './ingest.tokens';

/** How long a publish waits for JetStream's answer: under overload a late ack is cheaper than a retry. */
const JETSTREAM_ACK_TIMEOUT_MS = 30_000;
/** A run of alarms holds the bulk sessions at most this long at a time, then lets them go on at least BULK_MIN_OPEN_MS. */
const BULK_MAX_HELD_MS = 2000;
const BULK_MIN_OPEN_MS = 1000;
/** How long in each turn of the event loop the bulk sessions' messages are handled, all together (BulkGate). */
const BULK_TURN_MS = 10;

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
export class IngestModule {
  static forRoot(config: IngestConfig): DynamicModule {
    const streams = natsStreams(config.NATS_PREFIX, config.RAW_RETENTION_DAYS * 24 * 3600, config.INGEST_DEDUPE_WINDOW_S);
    return {
      module: IngestModule,
      imports: [
        PlatformModule.forRoot({
          service: 'ingest',
          config,
          nats: { owns: [streams.device, streams.rejects], uses: [streams.monitoring] },
          // The Frigate adapter's register lookups.
          operations: true,
        }),
      ],
      providers: [
        // The monitoring beats.
        { provide: INGEST_JETSTREAM, inject: [INGEST_NATS], useFactory: (nc: NatsConnection) => nc.jetstream({ timeout: JETSTREAM_ACK_TIMEOUT_MS }) },
        // The device messages' publishes, written together (decision 0027).
        { provide: JetStreamPublisher, inject: [INGEST_NATS], useFactory: (nc: NatsConnection) => new JetStreamPublisher(nc, JETSTREAM_ACK_TIMEOUT_MS) },
        { provide: FrigateCameraResolver, inject: [NatsOperationsClient], useFactory: (requests: NatsOperationsClient) => frigateCameraResolver(requests, config) },
        // Holds the bulk sessions while an alarm crosses the pipeline (decision 0028).
        {
          provide: BulkGate,
          inject: [Metrics],
          useFactory: (metrics: Metrics) => {
            const held = metrics.counter('ioc_ingest_bulk_held_seconds_total', 'Time the bulk MQTT sessions took no new message, an alarm crossing the pipeline');
            return new BulkGate({ windowMs: config.INGEST_ALARM_WINDOW_MS, maxShutMs: BULK_MAX_HELD_MS, minOpenMs: BULK_MIN_OPEN_MS, turnMs: BULK_TURN_MS, onReopen: (ms) => held.inc(ms / 1000) });
          },
        },
        IngestPipeline,
        // Closes its MQTT sessions in beforeApplicationShutdown, before the platform closes NATS.
        MqttIngestService,
      ],
    };
  }
}
