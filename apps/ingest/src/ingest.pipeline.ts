// The ingest's one job per message: validate and hand it to JetStream, which drops
// repeats by id (decision 0004). `handle` resolves only once the message is safe (in
// JetStream, or recorded as a rejection), and only then does the MQTT session acknowledge
// it to the broker: a crash at any point means the broker redelivers, never that a message
// is lost. No other round trip per message: JetStream's ack is the only one.
//
// Relayed Frigate and ONVIF messages leave here as ordinary `event` messages of their
// device (adapters/); a Frigate camera is first looked up in the register.
import { Inject, Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import {
  ALARM_EVENT_TYPES,
  isAlarmTopic,
  natsSubjects,
  REJECT_REASONS,
  type DeviceChannel,
  type DeviceMessage,
  type GatewayPresence,
  type IngestRejected,
  type RejectReason,
} from '@ioc/contracts';
import { encodeJson, errorMessage, JetStreamPublisher, JsonLogger, Metrics, sleep } from '@ioc/platform';
import { FrigateCameraResolver } from './adapters/frigate-camera.resolver';
import { BulkGate } from './bulk-gate';
import { FRIGATE_IGNORED, type FrigateMapping } from './adapters/frigate.adapter';
import type { IngestConfig } from './ingest.config';
import { validateMessage, type ValidatedMessage } from './validate-message';
import { INGEST_CONFIG, INGEST_LOGGER } from './ingest.tokens';

type FrigateMessage = Extract<ValidatedMessage, { kind: 'frigate' }>;
type FrigateEvent = Extract<FrigateMessage['outcome'], { kind: 'event' }>['payload'];

/** Which MQTT sessions a message came on: every gateway topic, or the alarm topics alone. */
export type IngestLane = 'all' | 'alarms';

const ALARMS = new Set<unknown>(ALARM_EVENT_TYPES);

/** An event that opens an incident or counts on one (not its end): what an operator waits for. */
function raisesIncident(channel: string, payload: Record<string, unknown>): boolean {
  return channel === 'event' && ALARMS.has(payload.type) && payload.state !== 'end';
}

function frigateOutgoing(msg: FrigateMessage, deviceId: string, event: FrigateEvent): Outgoing {
  return { areaCode: msg.areaCode, gatewayId: msg.gatewayId, deviceId, channel: 'event', messageId: event.id, payload: event };
}

interface Outgoing {
  areaCode: string;
  gatewayId: string;
  deviceId: string;
  channel: DeviceChannel;
  messageId: string;
  payload: DeviceMessage['payload'];
}

@Injectable()
export class IngestPipeline {
  private readonly subjects;
  private readonly accepted: Counter<'channel'>;
  private readonly rejected: Counter<'reason'>;
  private readonly duplicates: Counter<'by'>;
  private readonly stages: Histogram<'stage'>;
  private readonly adapterEvents: Counter<'adapter' | 'type'>;
  private readonly adapterIgnored: Counter<'adapter' | 'why'>;
  private readonly frigateLookups: Counter<'result'>;
  private readonly frigateMapping: FrigateMapping;
  private readonly publishRetries: Counter;
  private lastRetryWarning = 0;

  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    private readonly publisher: JetStreamPublisher,
    @Inject(INGEST_LOGGER) private readonly logger: JsonLogger,
    private readonly frigateCameras: FrigateCameraResolver,
    private readonly bulkGate: BulkGate,
    metrics: Metrics,
  ) {
    this.subjects = natsSubjects(config.NATS_PREFIX);
    this.accepted = metrics.counter('ioc_ingest_accepted_total', 'Device messages accepted and published to JetStream', ['channel']);
    this.rejected = metrics.counter('ioc_ingest_rejected_total', 'MQTT messages rejected, by reason', ['reason']);
    this.duplicates = metrics.counter('ioc_ingest_duplicates_total', 'Repeated message ids dropped, by where they were caught (JetStream: decision 0004)', ['by']);
    this.duplicates.inc({ by: 'jetstream' }, 0);
    this.stages = metrics.stages();
    this.publishRetries = metrics.counter('ioc_ingest_publish_retries_total', 'JetStream publishes that failed (timeout, NATS away) and were tried again');
    for (const reason of REJECT_REASONS) this.rejected.inc({ reason }, 0);
    this.adapterEvents = metrics.counter('ioc_ingest_adapter_events_total', 'Events made by the Frigate and ONVIF adapters and published', ['adapter', 'type']);
    this.adapterIgnored = metrics.counter('ioc_ingest_adapter_ignored_total', 'Valid relayed messages that map onto no event, by why', ['adapter', 'why']);
    for (const why of FRIGATE_IGNORED) this.adapterIgnored.inc({ adapter: 'frigate', why }, 0);
    this.frigateLookups = metrics.counter('ioc_ingest_frigate_lookups_total', 'Frigate camera → device resolutions, by where the answer came from', ['result']);
    for (const result of ['cache', 'registry', 'stale', 'failed']) this.frigateLookups.inc({ result }, 0);
    this.frigateMapping = {
      intrusionLabels: config.FRIGATE_INTRUSION_LABELS,
      intrusionZones: config.FRIGATE_INTRUSION_ZONES,
      parkingLabels: config.FRIGATE_PARKING_LABELS,
      parkingZones: config.FRIGATE_PARKING_ZONES,
      snapshotBaseUrl: config.FRIGATE_SNAPSHOT_BASE_URL,
    };
  }

  /**
   * `lane` is the kind of MQTT session the message came on (MqttIngestService). An alarm
   * topic's message comes on both: the `alarms` lane handles it in full; on the `all` lane
   * it is only a backup (published, JetStream keeps the first copy) and is neither counted
   * nor recorded as a rejection, so every alarm counts once whichever copy came first.
   */
  async handle(topic: string, payload: Buffer, lane: IngestLane = 'alarms'): Promise<void> {
    const receivedAt = new Date().toISOString();
    const counted = lane === 'alarms' || !isAlarmTopic(this.config.MQTT_TOPIC_ROOT, topic);
    const msg = validateMessage(this.config.MQTT_TOPIC_ROOT, topic, payload, this.frigateMapping);
    if (!msg.ok) return counted ? this.reject(msg.reason, msg.detail, topic, payload, receivedAt) : undefined;

    if (msg.kind === 'presence') {
      const presence: GatewayPresence = { areaCode: msg.areaCode, gatewayId: msg.gatewayId, state: msg.state, receivedAt };
      await this.untilPublished(() => this.publish(this.subjects.gatewayPresence(msg.areaCode, msg.gatewayId), presence));
      this.accepted.inc({ channel: '$presence' });
      return;
    }
    if (msg.kind === 'frigate') return this.handleFrigate(msg, topic, payload, receivedAt, counted);

    // Alarms timed apart: they must pass the heartbeats. One that raises an incident holds
    // the bulk sessions while it crosses the pipeline (BulkGate).
    const stage = lane === 'alarms' ? '_alarm' : '';
    if (lane === 'alarms' && raisesIncident(msg.channel, msg.payload)) this.bulkGate.alarm();
    if (counted && typeof msg.payload.ts === 'string') this.observeSince(`device_to_ingest${stage}`, Date.parse(msg.payload.ts));
    const published = await this.publishDeviceMessage(msg, receivedAt, counted, stage);
    if (published && counted && msg.adapter) this.adapterEvents.inc({ adapter: msg.adapter, type: String(msg.payload.type) });
  }

  /**
   * A mapped Frigate event becomes an `event` of the device registered with that Frigate
   * camera name on this gateway. Unregistered → `unknown_device`; registry silent for
   * FRIGATE_LOOKUP_TIMEOUT_MS → `registry_unavailable` (FrigateCameraResolver says why not
   * wait longer).
   */
  private async handleFrigate(msg: FrigateMessage, topic: string, payload: Buffer, receivedAt: string, counted: boolean): Promise<void> {
    const { outcome } = msg;
    if (outcome.kind === 'ignored') {
      if (counted) this.adapterIgnored.inc({ adapter: 'frigate', why: outcome.why });
      return;
    }
    if (counted && raisesIncident('event', outcome.payload)) this.bulkGate.alarm();
    const found = await this.frigateCameras.resolve(msg.gatewayId, outcome.camera);
    if (!counted) {
      if (found.ok && found.deviceId !== null) await this.publishDeviceMessage(frigateOutgoing(msg, found.deviceId, outcome.payload), receivedAt, false);
      return;
    }
    this.frigateLookups.inc({ result: found.ok ? found.from : 'failed' });
    if (!found.ok) return this.reject('registry_unavailable', found.error, topic, payload, receivedAt);
    if (found.deviceId === null) {
      const detail = `Frigate camera "${outcome.camera}" is not registered on gateway ${msg.gatewayId}: set it as externalRefs.frigateCamera of the device`;
      return this.reject('unknown_device', detail, topic, payload, receivedAt);
    }
    if (await this.publishDeviceMessage(frigateOutgoing(msg, found.deviceId, outcome.payload), receivedAt, true)) {
      this.adapterEvents.inc({ adapter: 'frigate', type: outcome.payload.type });
    }
  }

  /** To JetStream, with the id as Nats-Msg-Id. Resolves true if the message was new, false for a repeat. */
  private async publishDeviceMessage(msg: Outgoing, receivedAt: string, counted: boolean, stage = ''): Promise<boolean> {
    // Ids are unique per device (docs/device-protocol.md), so the dedupe key includes it.
    const dedupeId = `${msg.gatewayId}.${msg.deviceId}.${msg.messageId}`;
    const out: DeviceMessage = {
      messageId: msg.messageId,
      areaCode: msg.areaCode,
      gatewayId: msg.gatewayId,
      deviceId: msg.deviceId,
      channel: msg.channel,
      receivedAt,
      payload: msg.payload,
    };
    const started = Date.now();
    const ack = await this.untilPublished(() =>
      this.publish(this.subjects.deviceMessage(msg.areaCode, msg.gatewayId, msg.deviceId, msg.channel), out, dedupeId),
    );
    if (!counted) return !ack.duplicate;
    this.observeSince(`ingest_to_jetstream${stage}`, started);
    if (ack.duplicate) {
      this.duplicates.inc({ by: 'jetstream' });
      return false;
    }
    this.accepted.inc({ channel: msg.channel });
    return true;
  }

  private publish(subject: string, value: unknown, msgId?: string) {
    return this.publisher.publish(subject, encodeJson(value), msgId);
  }

  private observeSince(stage: string, since: number): void {
    if (Number.isFinite(since)) this.stages.observe({ stage }, Math.max(0, Date.now() - since) / 1000);
  }

  private async reject(reason: RejectReason, detail: string, topic: string, payload: Buffer, receivedAt: string): Promise<void> {
    this.rejected.inc({ reason });
    this.logger.event('warn', 'message rejected', { reason, detail, topic, sizeBytes: payload.length });
    const record: IngestRejected = {
      reason,
      detail,
      topic,
      receivedAt,
      sizeBytes: payload.length,
      excerpt: payload.subarray(0, 512).toString('utf8'),
    };
    await this.untilPublished(() => this.publish(this.subjects.ingestRejected, record));
  }

  /**
   * Retries a JetStream publish until it succeeds. While NATS is down the MQTT session
   * stops acknowledging, so the broker holds the backlog instead of the ingest dropping it.
   */
  private async untilPublished<T>(publish: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await publish();
      } catch (err) {
        this.publishRetries.inc();
        // Every message in hand fails at once when NATS goes away: one line per 10 s, the metric counts all.
        const now = Date.now();
        if (now - this.lastRetryWarning >= 10_000) {
          this.lastRetryWarning = now;
          this.logger.event('warn', 'JetStream publish failed; retrying', { attempt, error: errorMessage(err) });
        }
        await sleep(Math.min(2000, 50 * 2 ** Math.min(attempt, 6)));
      }
    }
  }
}
