// One simulated gateway: its MQTT 5 connection (Last Will `offline` on $presence), the
// publishing schedule of the devices behind it, and the outages it can be told to act
// out. main.ts drives every gateway from one timer through tick(), so thousands of devices
// cost no timers of their own and a target rate is reached by sending what is due.
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { deviceTopic, presenceTopic } from '@ioc/contracts';
import { type AreaCategory, type DemoDevice, type DemoGateway, type Rng, pick, uniform } from '@ioc/demo-province';
import {
  type AnalyticsEventType,
  type CameraHealth,
  type ConditionEventType,
  HEALTHY,
  type MessageIds,
  type VehicleClass,
  cameraStatus,
  deviceEvent,
  planAnalyticsEvent,
  sensorStatus,
  snapshotUrl,
  trafficTelemetry,
  vehicleClassesFor,
} from './messages';

export type Channel = 'status' | 'telemetry' | 'event' | 'presence';

export interface Counters {
  sent: Record<Channel, number>;
  acked: number;
  failed: number;
}

export const newCounters = (): Counters => ({ sent: { status: 0, telemetry: 0, event: 0, presence: 0 }, acked: 0, failed: 0 });

export type LogFn = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

export type OutageKind = 'device_silent' | 'gateway_drop' | 'recording_off' | 'storage_failure' | 'video_loss' | 'tamper';

export interface GatewaySimConfig {
  gateway: DemoGateway;
  category: AreaCategory;
  devices: DemoDevice[];
  url: string;
  username?: string;
  password?: string;
  root: string;
  /** MQTT client id prefix: the id is `{clientPrefix}-{gatewayId}`. */
  clientPrefix: string;
  /** Mean spacing of one device's status heartbeats. */
  heartbeatMs: number;
  /** Relative jitter of the heartbeat spacing, e.g. 0.1 for ±10%. */
  heartbeatJitter: number;
  telemetryS: number;
  /** Mean seconds between analytics events of one camera. */
  eventMeanS: number;
  rng: Rng;
  ids: MessageIds;
  log: LogFn;
  counters: Counters;
  /** Called once when the broker refuses the connection for good (bad credentials). */
  onFatal: (reason: string) => void;
  /** Outstanding QoS 1 publishes above which sending pauses until acknowledgements arrive. */
  maxInflight?: number;
  /** Told `{gatewayId}.{deviceId}.{id}` of each device message the broker acknowledged. */
  onAcked?: (key: string) => void;
}

/** Lanes each traffic sensor reports separately (one per direction). */
export const SENSOR_LANES = 2;
/** At most this many heartbeats of one device per tick, so a stalled process does not burst. */
const MAX_CATCH_UP = 50;

interface DeviceState {
  device: DemoDevice;
  topics: { status: string; event: string; telemetry: string };
  vehicleClasses: VehicleClass[];
  nextStatusAt: number;
  nextTelemetryAt: number;
  nextEventAt: number;
  /** Outage: the device publishes nothing until then. */
  silentUntil: number;
  /** Outage: recording off or storage failed until then. */
  faultUntil: number;
  health: CameraHealth;
  /** The next heartbeat spacing is drawn from (0, 1] × the interval, to break lock-step. */
  dephase?: boolean;
  /** Outage: an open video_loss or tamper condition. */
  condition?: { type: ConditionEventType; endsAt: number };
  /** An analytics event that was started and will be ended. */
  openEvent?: { type: AnalyticsEventType; endsAt: number; plate?: string; startId: string };
}

type State = 'idle' | 'connecting' | 'connected' | 'dropped' | 'stopping' | 'stopped';

export class GatewaySim {
  readonly id: string;
  readonly areaCode: string;
  private client?: MqttClient;
  private state: State = 'idle';
  private reconnectAt = 0;
  private readonly devices: DeviceState[];
  private readonly presence: string;
  /** Bumped whenever the connection is thrown away, so late callbacks of the old one are ignored. */
  private generation = 0;
  private inflight = 0;
  /** Where the next tick starts, so a pause for acknowledgements does not favour the first devices. */
  private cursor = 0;
  private lastError?: string;
  private fatal = false;
  private everConnected = false;
  /** Reason code of a DISCONNECT the broker sent, if it sent one before closing. */
  private disconnectReason?: number;
  private connectedAt = 0;

  constructor(private readonly config: GatewaySimConfig) {
    this.id = config.gateway.id;
    this.areaCode = config.gateway.areaCode;
    this.presence = presenceTopic(config.root, this.areaCode, this.id);
    const now = Date.now();
    this.devices = config.devices.map((device) => ({
      device,
      topics: {
        status: deviceTopic(config.root, device.areaCode, this.id, device.id, 'status'),
        event: deviceTopic(config.root, device.areaCode, this.id, device.id, 'event'),
        telemetry: deviceTopic(config.root, device.areaCode, this.id, device.id, 'telemetry'),
      },
      vehicleClasses: vehicleClassesFor(config.category),
      nextStatusAt: now + config.rng() * config.heartbeatMs,
      nextTelemetryAt: now + config.rng() * config.telemetryS * 1000,
      nextEventAt: now + this.exponentialMs(config.eventMeanS),
      silentUntil: 0,
      faultUntil: 0,
      health: { ...HEALTHY },
    }));
  }

  get connected(): boolean {
    return this.state === 'connected';
  }

  get deviceCount(): number {
    return this.devices.length;
  }

  /** Devices currently acting out an outage (silent, faulty or with an open condition). */
  get devicesInOutage(): number {
    return this.devices.filter((s) => s.silentUntil || s.faultUntil || s.condition).length;
  }

  connect(): void {
    const { gateway, username, password } = this.config;
    const options: IClientOptions = {
      clientId: `${this.config.clientPrefix}-${gateway.id}`,
      protocolVersion: 5,
      clean: true,
      keepalive: 30,
      reconnectPeriod: 3000,
      connectTimeout: 10_000,
      username,
      password,
      will: { topic: this.presence, payload: Buffer.from('offline'), qos: 1, retain: true },
    };
    this.state = 'connecting';
    const client = connect(this.config.url, options);
    this.client = client;
    client.on('connect', () => this.onConnect());
    client.on('disconnect', (packet) => {
      this.disconnectReason = packet.reasonCode;
    });
    client.on('close', () => this.onClose());
    client.on('error', (error: Error & { code?: number | string }) => this.onError(error));
  }

  private onConnect(): void {
    const wasDropped = this.reconnectAt !== 0;
    this.everConnected = true;
    this.connectedAt = Date.now();
    this.state = 'connected';
    this.reconnectAt = 0;
    this.lastError = undefined;
    this.generation++;
    this.inflight = 0;
    this.publish('presence', this.presence, 'online', true);
    // A (re)connected gateway reports all its devices within a few seconds; the second
    // heartbeat comes sooner than usual, by a random amount, so the devices do not stay
    // in lock-step and heartbeats spread evenly over the interval.
    const now = Date.now();
    for (const s of this.devices) {
      s.nextStatusAt = now + this.config.rng() * Math.min(this.config.heartbeatMs, 5000);
      s.dephase = true;
    }
    this.config.log('info', 'gateway.connected', { areaCode: this.areaCode, gatewayId: this.id, devices: this.devices.length });
    if (wasDropped) this.config.log('info', 'outage.end', { kind: 'gateway_drop', areaCode: this.areaCode, gatewayId: this.id });
  }

  private onClose(): void {
    const code = this.disconnectReason;
    this.disconnectReason = undefined;
    if (this.state === 'connected') {
      this.state = 'connecting';
      // Mosquitto 2.0 closes a session taken over by a client with the same id without a
      // DISCONNECT, so a connection that dies young is the best hint of a second simulator.
      const reason =
        code === 0x8e || (code === undefined && Date.now() - this.connectedAt < 15_000)
          ? `connection closed soon after connecting: is another client using client id ${this.config.clientPrefix}-${this.id} (a second simulator? give it another --client-prefix)? reconnecting`
          : code !== undefined
            ? `broker sent DISCONNECT with reason code ${code}, reconnecting`
            : 'connection closed, reconnecting';
      this.config.log('warn', 'gateway.disconnected', { areaCode: this.areaCode, gatewayId: this.id, reason, reasonCode: code ?? null });
    }
  }

  private onError(error: Error & { code?: number | string }): void {
    // 134 bad user name or password, 135 not authorized. Refused before ever connecting,
    // the options are wrong and retrying will not help; refused later (a broker restarting
    // while its security plugin loads), a real gateway keeps trying, and so does this one.
    if ((error.code === 134 || error.code === 135) && !this.everConnected && !this.fatal) {
      this.fatal = true;
      this.config.onFatal(`broker refused gateway ${this.id}: ${error.message}`);
      return;
    }
    if (error.message !== this.lastError) {
      this.lastError = error.message;
      this.config.log('warn', 'gateway.error', { areaCode: this.areaCode, gatewayId: this.id, error: error.message, code: error.code });
    }
  }

  private publish(channel: Channel, topic: string, payload: object | string, retain = false): void {
    const client = this.client;
    if (!client) return;
    const generation = this.generation;
    this.inflight++;
    this.config.counters.sent[channel]++;
    client.publish(topic, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: 1, retain }, (error) => {
      if (generation !== this.generation) return;
      this.inflight--;
      if (error) {
        this.config.counters.failed++;
        if (error.message !== this.lastError) {
          this.lastError = error.message;
          this.config.log('warn', 'publish.failed', { areaCode: this.areaCode, gatewayId: this.id, topic, error: error.message });
        }
      } else {
        this.config.counters.acked++;
        if (this.config.onAcked && channel !== 'presence' && typeof payload === 'object' && 'id' in payload) {
          this.config.onAcked(`${this.id}.${topic.split('/').at(-2)}.${String(payload.id)}`);
        }
      }
    });
  }

  private exponentialMs(meanS: number): number {
    return -Math.log(1 - this.config.rng()) * meanS * 1000;
  }

  private nextHeartbeatSpacing(): number {
    const j = this.config.heartbeatJitter;
    return this.config.heartbeatMs * uniform(this.config.rng, 1 - j, 1 + j);
  }

  /** Sends whatever is due at `now` and ends outages whose time has come. */
  tick(now: number): void {
    if (this.state === 'dropped' && now >= this.reconnectAt) {
      this.state = 'connecting';
      this.config.log('info', 'gateway.reconnecting', { areaCode: this.areaCode, gatewayId: this.id });
      this.client?.reconnect();
    }
    const live = this.state === 'connected';
    const maxInflight = this.config.maxInflight ?? 5000;
    const count = this.devices.length;
    const at = new Date(now);
    for (let k = 0; k < count; k++) {
      const index = (this.cursor + k) % count;
      const s = this.devices[index];
      this.endExpiredOutages(s, now);
      if (!live || s.silentUntil) continue;
      if (this.inflight >= maxInflight) {
        this.cursor = index;
        return;
      }

      if (s.condition && now >= s.condition.endsAt) {
        this.sendCondition(s, s.condition.type, 'end', at);
        this.config.log('info', 'outage.end', { kind: s.condition.type, areaCode: this.areaCode, gatewayId: this.id, deviceId: s.device.id });
        s.condition = undefined;
        s.health.videoLost = false;
        s.nextStatusAt = now;
      }
      if (s.openEvent && now >= s.openEvent.endsAt) {
        this.sendEventEnd(s, at);
        s.openEvent = undefined;
      }

      for (let n = 0; now >= s.nextStatusAt && n < MAX_CATCH_UP; n++) {
        const id = this.config.ids.next(s.device.id, at);
        const payload = s.device.kind === 'camera' ? cameraStatus(s.device, id, at, this.config.rng, s.health) : sensorStatus(s.device, id, at, this.config.rng);
        this.publish('status', s.topics.status, payload);
        s.nextStatusAt += s.dephase ? this.config.heartbeatMs * uniform(this.config.rng, 0.05, 1) : this.nextHeartbeatSpacing();
        s.dephase = false;
      }
      if (now >= s.nextStatusAt) s.nextStatusAt = now + this.nextHeartbeatSpacing(); // fell far behind: skip ahead

      if (s.device.kind === 'traffic_sensor') {
        if (now >= s.nextTelemetryAt) {
          this.sendTelemetry(s, at);
          s.nextTelemetryAt = Math.max(s.nextTelemetryAt + this.config.telemetryS * 1000, now);
        }
      } else if (now >= s.nextEventAt) {
        if (!s.openEvent && !s.condition) this.sendAnalyticsEvent(s, at);
        s.nextEventAt = now + this.exponentialMs(this.config.eventMeanS);
      }
    }
  }

  private endExpiredOutages(s: DeviceState, now: number): void {
    if (s.silentUntil && now >= s.silentUntil) {
      s.silentUntil = 0;
      s.nextStatusAt = now;
      this.config.log('info', 'outage.end', { kind: 'device_silent', areaCode: this.areaCode, gatewayId: this.id, deviceId: s.device.id });
    }
    if (s.faultUntil && now >= s.faultUntil) {
      const kind = s.health.storageOk ? 'recording_off' : 'storage_failure';
      s.faultUntil = 0;
      s.health.recording = true;
      s.health.storageOk = true;
      s.nextStatusAt = now;
      this.config.log('info', 'outage.end', { kind, areaCode: this.areaCode, gatewayId: this.id, deviceId: s.device.id });
    }
  }

  private sendTelemetry(s: DeviceState, at: Date): void {
    for (let laneId = 1; laneId <= SENSOR_LANES; laneId++) {
      for (const vehicleType of s.vehicleClasses) {
        const id = this.config.ids.next(s.device.id, at);
        const payload = trafficTelemetry(id, at, this.config.rng, { category: this.config.category, intervalS: this.config.telemetryS, laneId, vehicleType });
        this.publish('telemetry', s.topics.telemetry, payload);
      }
    }
  }

  private sendAnalyticsEvent(s: DeviceState, at: Date): void {
    const rng = this.config.rng;
    const plan = planAnalyticsEvent(s.device, this.config.category, at, rng);
    const id = this.config.ids.next(s.device.id, at);
    const state = plan.durationS === undefined ? 'instant' : 'start';
    this.publish(
      'event',
      s.topics.event,
      deviceEvent(id, at, {
        type: plan.type,
        state,
        confidence: uniform(rng, 0.6, 0.99),
        plate: plan.plate,
        attributes: plan.attributes,
        snapshotUrl: snapshotUrl(this.id, id),
      }),
    );
    if (plan.durationS !== undefined) s.openEvent = { type: plan.type, endsAt: at.getTime() + plan.durationS * 1000, plate: plan.plate, startId: id };
  }

  private sendEventEnd(s: DeviceState, at: Date): void {
    if (!s.openEvent) return;
    const id = this.config.ids.next(s.device.id, at);
    const { type, plate, startId } = s.openEvent;
    this.publish('event', s.topics.event, deviceEvent(id, at, { type, state: 'end', confidence: 0.9, plate, attributes: { startId } }));
  }

  private sendCondition(s: DeviceState, type: ConditionEventType, state: 'start' | 'end', at: Date): void {
    const id = this.config.ids.next(s.device.id, at);
    const attributes = type === 'video_loss' ? { source: 'VideoSource/SignalLoss' } : { source: 'RuleEngine/TamperDetector/Tamper' };
    this.publish('event', s.topics.event, deviceEvent(id, at, { type, state, confidence: state === 'start' ? 0.97 : 1, attributes }));
  }

  /**
   * Acts out one outage, chosen by the caller. Returns false when this gateway cannot
   * (not connected, or no device free for that kind of outage).
   */
  startOutage(kind: OutageKind, now: number): boolean {
    if (this.state !== 'connected') return false;
    const rng = this.config.rng;
    if (kind === 'gateway_drop') {
      const durationS = Math.round(uniform(rng, 60, 180));
      this.state = 'dropped';
      this.reconnectAt = now + durationS * 1000;
      this.generation++;
      this.inflight = 0;
      this.config.log('info', 'outage.start', { kind, areaCode: this.areaCode, gatewayId: this.id, durationS });
      // Destroy the socket without DISCONNECT, as a power cut would: the broker publishes the Last Will.
      this.client?.end(true);
      return true;
    }
    const free = this.devices.filter(
      (s) => !s.silentUntil && !s.faultUntil && !s.condition && !s.openEvent && (kind === 'device_silent' || s.device.kind === 'camera'),
    );
    if (free.length === 0) return false;
    const s = pick(rng, free);
    const fields = { kind, areaCode: this.areaCode, gatewayId: this.id, deviceId: s.device.id };
    switch (kind) {
      case 'device_silent': {
        const durationS = Math.round(s.device.heartbeatTimeoutS + uniform(rng, 60, 240));
        s.silentUntil = now + durationS * 1000;
        this.config.log('info', 'outage.start', { ...fields, durationS, heartbeatTimeoutS: s.device.heartbeatTimeoutS });
        return true;
      }
      case 'recording_off':
      case 'storage_failure': {
        const durationS = Math.round(uniform(rng, 120, 480));
        s.faultUntil = now + durationS * 1000;
        s.health.recording = false;
        s.health.storageOk = kind !== 'storage_failure';
        s.nextStatusAt = now;
        this.config.log('info', 'outage.start', { ...fields, durationS });
        return true;
      }
      case 'video_loss':
      case 'tamper': {
        const durationS = Math.round(uniform(rng, 60, 300));
        s.condition = { type: kind, endsAt: now + durationS * 1000 };
        if (kind === 'video_loss') s.health.videoLost = true;
        this.sendCondition(s, kind, 'start', new Date(now));
        s.nextStatusAt = now;
        this.config.log('info', 'outage.start', { ...fields, durationS });
        return true;
      }
    }
  }

  /** Announces `offline` (retained) and disconnects cleanly; a dropped gateway just stays down. */
  async stop(timeoutMs = 5000): Promise<void> {
    const client = this.client;
    const wasConnected = this.state === 'connected';
    this.state = 'stopping';
    if (!client) {
      this.state = 'stopped';
      return;
    }
    if (wasConnected && client.connected) {
      // A gateway shut down on purpose closes what it opened, so no incident is left hanging.
      const at = new Date();
      for (const s of this.devices) {
        if (s.condition) this.sendCondition(s, s.condition.type, 'end', at);
        if (s.openEvent) this.sendEventEnd(s, at);
        s.condition = undefined;
        s.openEvent = undefined;
      }
      this.config.counters.sent.presence++;
      await withTimeout(client.publishAsync(this.presence, 'offline', { qos: 1, retain: true }), timeoutMs).then(
        () => this.config.counters.acked++,
        (error: Error) => this.config.log('warn', 'gateway.stop', { areaCode: this.areaCode, gatewayId: this.id, error: error.message }),
      );
      await withTimeout(client.endAsync(), timeoutMs).catch(() => client.end(true));
    } else {
      client.end(true);
    }
    this.state = 'stopped';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface LoadShape {
  devices: number;
  cameras: number;
  sensors: number;
  /** Telemetry messages per sensor per report (lanes × vehicle classes). */
  telemetryPerReport: number;
  telemetryS: number;
  eventMeanS: number;
}

/**
 * Mean heartbeat spacing per device. Without a target rate it is the configured heartbeat;
 * with one, heartbeats fill whatever the rate leaves after telemetry and events (a start
 * and an end count as about 1.3 messages per camera event), but never less than 5% of it.
 */
export function heartbeatSpacingMs(heartbeatS: number, rate: number | undefined, shape: LoadShape): { heartbeatMs: number; backgroundRate: number } {
  const backgroundRate = (shape.sensors * shape.telemetryPerReport) / shape.telemetryS + (shape.cameras * 1.3) / shape.eventMeanS;
  if (rate === undefined || shape.devices === 0) return { heartbeatMs: heartbeatS * 1000, backgroundRate };
  const statusRate = Math.max(rate - backgroundRate, rate * 0.05);
  return { heartbeatMs: (shape.devices / statusRate) * 1000, backgroundRate };
}
