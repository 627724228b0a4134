// The MQTT side of the ingest: MQTT_CONNECTIONS persistent MQTT 5 sessions in one shared
// subscription group. mqtt.js handles one incoming message per session at a time and
// sends its PUBACK only when our handler calls back, which we do after the pipeline has
// made the message safe. Several sessions give the parallelism; the broker spreads the
// messages among them (and among every other ingest copy in the group).
import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import mqtt, { type MqttClient } from 'mqtt';
import { gatewayTopicFilter } from '@ioc/contracts';
import { errorMessage, Health, JsonLogger } from '@ioc/platform';
import { INGEST_CONFIG, type IngestConfig } from './ingest.config';
import { INGEST_LOGGER, IngestPipeline } from './ingest.pipeline';

const SESSION_EXPIRY_S = 7 * 24 * 3600;

@Injectable()
export class MqttIngestService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private clients: MqttClient[] = [];

  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(INGEST_LOGGER) private readonly logger: JsonLogger,
    private readonly pipeline: IngestPipeline,
    health: Health,
  ) {
    health.register('mqtt', () => {
      const down = this.clients.filter((c) => !c.connected).length;
      if (down > 0) throw new Error(`${down} of ${this.clients.length} MQTT sessions disconnected`);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const filter = `$share/${this.config.MQTT_SHARE_GROUP}/${gatewayTopicFilter(this.config.MQTT_TOPIC_ROOT)}`;
    this.clients = await Promise.all(
      Array.from({ length: this.config.MQTT_CONNECTIONS }, (_, i) => this.openSession(`${this.config.MQTT_CLIENT_ID}-${i}`, filter)),
    );
    this.logger.event('info', 'subscribed', { filter, sessions: this.clients.length, url: this.config.MQTT_URL });
  }

  private async openSession(clientId: string, filter: string): Promise<MqttClient> {
    const client = mqtt.connect(this.config.MQTT_URL, {
      clientId,
      username: this.config.MQTT_USERNAME,
      password: this.config.MQTT_PASSWORD,
      protocolVersion: 5,
      clean: false,
      properties: { sessionExpiryInterval: SESSION_EXPIRY_S, receiveMaximum: 1000 },
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      resubscribe: false,
      customHandleAcks: (topic, payload, _packet, done) => {
        this.pipeline.handle(topic, payload).then(
          () => done(0),
          (err) => {
            // The pipeline only throws on a bug; refuse the message (0x80) and keep running.
            this.logger.event('error', 'message handling failed', { topic, error: errorMessage(err) });
            done(0x80);
          },
        );
      },
    });
    client.on('error', (err) => this.logger.event('error', 'MQTT error', { clientId, error: errorMessage(err) }));
    client.on('offline', () => this.logger.event('warn', 'MQTT session offline', { clientId }));
    await new Promise<void>((resolve, reject) => {
      client.once('connect', (connack) => {
        // A resumed session keeps its subscription; subscribing again is harmless.
        this.logger.event('info', 'MQTT session connected', { clientId, sessionPresent: connack.sessionPresent });
        client.subscribe(filter, { qos: 1 }, (err, granted) => {
          if (err) return reject(err);
          const code = granted?.[0]?.qos;
          if (code !== undefined && code >= 0x80) return reject(new Error(`broker refused subscription to ${filter} (reason ${code})`));
          resolve();
        });
      });
      client.once('error', reject);
    });
    return client;
  }

  /** Closes the sessions before the module drains NATS (which happens on shutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.endAsync()));
    this.clients = [];
  }
}
