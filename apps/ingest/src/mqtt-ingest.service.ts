// The MQTT side of the ingest: MQTT_CONNECTIONS persistent MQTT 5 sessions in one shared
// subscription group reading every gateway topic; the broker spreads the messages among
// them (and among every other ingest copy in the group). Each session has up to
// MQTT_IN_FLIGHT messages in hand at once (its receiveMaximum): the PUBACK of each is
// sent, in order, only once the pipeline has made it safe (PubackQueue, decision 0023).
//
// Alarms first: MQTT_ALARM_CONNECTIONS more sessions, in a group of their own, read only
// the alarm topics (events, Frigate, ONVIF). After an outage the broker holds a backlog of
// heartbeats and telemetry for the first group; an alarm published then reaches the alarm
// sessions at once instead of waiting behind it. The first group still receives every
// alarm too (MQTT cannot leave a topic out of `#`): it publishes that copy without counting
// it, JetStream keeps whichever copy came first (same id), and while the alarm sessions
// are down it is the copy that gets through.
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import mqtt, { type MqttClient } from 'mqtt';
import type { JetStreamClient } from 'nats';
import { alarmTopicFilters, gatewayTopicFilter } from '@ioc/contracts';
import type { Counter } from 'prom-client';
import { errorMessage, Health, JsonLogger, Metrics, MonitoringBeat } from '@ioc/platform';
import { BulkGate } from './bulk-gate';
import type { IngestConfig } from './ingest.config';
import { IngestPipeline, type IngestLane } from './ingest.pipeline';
import { ACK_LATER, PubackQueue, sendPuback } from './puback-queue';
import { INGEST_CONFIG, INGEST_JETSTREAM, INGEST_LOGGER } from './ingest.tokens';

const SESSION_EXPIRY_S = 7 * 24 * 3600;

@Injectable()
export class MqttIngestService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private clients: MqttClient[] = [];
  /** The PUBACKs of each session's current connection. */
  private readonly acks = new Map<MqttClient, PubackQueue>();
  private readonly subscribed = new Map<MqttClient, boolean>();
  private readonly failed: Counter;
  /** "Ingest is monitoring" while at least one session is connected and subscribed (docs/availability.md). */
  private readonly beat: MonitoringBeat;

  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(INGEST_LOGGER) private readonly logger: JsonLogger,
    private readonly pipeline: IngestPipeline,
    private readonly bulkGate: BulkGate,
    health: Health,
    metrics: Metrics,
    @Inject(INGEST_JETSTREAM) js: JetStreamClient,
  ) {
    this.beat = new MonitoringBeat(js, logger, {
      service: 'ingest',
      natsPrefix: config.NATS_PREFIX,
      intervalMs: config.MONITORING_BEAT_INTERVAL_MS,
      monitoring: () => this.clients.some((c) => c.connected && this.subscribed.get(c) === true),
    });
    this.failed = metrics.counter('ioc_ingest_failed_total', 'Messages refused because handling failed unexpectedly (a bug: see the error log)');
    health.register('mqtt', () => {
      const down = this.clients.filter((c) => !c.connected || !this.subscribed.get(c)).length;
      if (down > 0) throw new Error(`${down} of ${this.clients.length} MQTT sessions not connected and subscribed`);
    });
  }

  onApplicationBootstrap(): void {
    const { MQTT_SHARE_GROUP: group, MQTT_TOPIC_ROOT: root, MQTT_CLIENT_ID: clientId } = this.config;
    const all = [`$share/${group}/${gatewayTopicFilter(root)}`];
    const alarms = alarmTopicFilters(root).map((f) => `$share/${group}-alarms/${f}`);
    // Boot does not wait for the broker: sessions keep retrying, and /health says "down"
    // until every one is connected and subscribed.
    this.clients = [
      ...Array.from({ length: this.config.MQTT_CONNECTIONS }, (_, i) => this.openSession(`${clientId}-${i}`, all, 'all')),
      ...Array.from({ length: this.config.MQTT_ALARM_CONNECTIONS }, (_, i) => this.openSession(`${clientId}-alarms-${i}`, alarms, 'alarms')),
    ];
    this.beat.start();
  }

  private openSession(clientId: string, filters: string[], lane: IngestLane): MqttClient {
    const client = mqtt.connect(this.config.MQTT_URL, {
      clientId,
      username: this.config.MQTT_USERNAME,
      password: this.config.MQTT_PASSWORD,
      protocolVersion: 5,
      clean: false,
      properties: { sessionExpiryInterval: SESSION_EXPIRY_S, receiveMaximum: this.config.MQTT_IN_FLIGHT },
      // Short: after a broker restart, what gateways send before the shared subscription is
      // back is dropped (Mosquitto 2.0 does not restore it; docs/reliability.md).
      reconnectPeriod: 200,
      connectTimeout: 10_000,
      resubscribe: false,
      customHandleAcks: (topic, payload, packet, done) => {
        // A message is proof of the subscription: after a restart with a queued backlog the
        // SUBACK arrives behind up to receiveMaximum messages.
        this.markSubscribed(client);
        const queue = acks.get(client) ?? PubackQueue.CLOSED;
        const settle = queue.add(packet.messageId ?? 0);
        this.pipeline.handle(topic, payload, lane).then(
          () => settle(0),
          (err) => {
            // The pipeline retries JetStream, so this is a bug: refuse the message (0x80)
            // rather than stall the session, count it and log it in full.
            this.failed.inc();
            this.logger.event('error', 'message handling failed', { topic, error: errorMessage(err), excerpt: payload.subarray(0, 256).toString('utf8') });
            settle(0x80);
          },
        );
        // On to the next PUBLISH without mqtt.js's PUBACK (the queue sends it, decision 0023),
        // as soon as fewer than MQTT_IN_FLIGHT are in hand. A session held back goes on at the
        // next turn of the event loop, not inside the JetStream acknowledgements that let it go:
        // the other sessions' sockets (the alarm sessions') are read in between. A bulk
        // session also waits while an alarm crosses the pipeline (BulkGate, decision 0028).
        let holding = false;
        const next = () => (holding ? setImmediate(done, ACK_LATER) : done(ACK_LATER));
        queue.whenBelow(this.config.MQTT_IN_FLIGHT, lane === 'all' ? () => this.bulkGate.whenOpen(next) : next);
        holding = true;
      },
    });
    const acks = this.acks;
    // A new queue with each CONNACK: mqtt.js emits 'connect' only after its own stored
    // packets are sent, and the broker's queued PUBLISHes may be handled before that.
    client.on('packetreceive', (packet) => {
      if (packet.cmd !== 'connack') return;
      acks.get(client)?.close();
      acks.set(client, new PubackQueue((messageId, reasonCode) => sendPuback(client, messageId, reasonCode)));
    });
    client.on('close', () => acks.get(client)?.close());
    this.subscribed.set(client, false);
    client.on('error', (err) => {
      if (err !== ACK_LATER) this.logger.event('error', 'MQTT error', { clientId, error: errorMessage(err) });
    });
    client.on('offline', () => {
      this.subscribed.set(client, false);
      this.logger.event('warn', 'MQTT session offline', { clientId });
    });
    client.on('connect', (connack) => {
      // A resumed session keeps its subscription; subscribing again is harmless and covers
      // a session the broker no longer had.
      this.logger.event('info', 'MQTT session connected', { clientId, sessionPresent: connack.sessionPresent, filters });
      client.subscribe(filters, { qos: 1 }, (err, granted) => {
        const refused = granted?.find((g) => g.qos >= 0x80);
        if (err || refused) {
          this.logger.event('error', 'broker refused the subscription', { clientId, filters, error: err ? errorMessage(err) : `reason ${refused?.qos} for ${refused?.topic}` });
          return;
        }
        this.markSubscribed(client);
      });
    });
    return client;
  }

  private markSubscribed(client: MqttClient): void {
    if (this.subscribed.get(client)) return;
    const wasMonitoring = [...this.subscribed.values()].some(Boolean);
    this.subscribed.set(client, true);
    if (!wasMonitoring) this.beat.now();
  }

  /** Closes the sessions before the module drains NATS (which happens on shutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    this.beat.stop();
    // Held sessions go on, so that what they have in hand is acknowledged before they close.
    this.bulkGate.close();
    await Promise.all(this.clients.map((c) => c.endAsync()));
    this.clients = [];
  }
}
