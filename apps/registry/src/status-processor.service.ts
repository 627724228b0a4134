// Keeps every device's status (DESIGN.md §4) from the device messages in JetStream:
// pulls batches, applies the pure rules of @ioc/device-status, writes the batch's
// transitions and last-seen times to Postgres in one transaction, acks, then publishes
// the transitions on NATS. A partition's batches run one at a time, in order; different
// partitions' side by side (a device is in one partition); silence sweeps, reloads and
// decommissions run alone, between batches.
//
// The registry's copies share the device traffic by partition (decision 0024): this copy
// reads only the partitions it owns, each with its durable consumer `registry-p<k>`, holds
// only their devices in memory, and sweeps only them. Taking a partition loads its devices
// from Postgres, then starts its consumer (after the last acknowledged message, if the
// previous owner died holding some); giving one up finishes and acknowledges the batch in
// hand, stops the consumer, then forgets the devices. Registrations reach the owner by a
// NATS notification; decommissioning runs on the owner (RegisterService).
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import type { JetStreamClient, JsMsg, NatsConnection, Subscription } from 'nats';
import type { Counter, Histogram } from 'prom-client';
import type { EntityManager } from 'typeorm';
import {
  DeviceMessageV1,
  DeviceStatusChangedV1,
  formatIssues,
  GatewayPresenceV1,
  natsStreams,
  natsSubjects,
  partitionOfArea,
  type DeviceMessage,
  type DeviceStatusChanged,
  type GatewayPresence,
} from '@ioc/contracts';
import { lastSeenStoreIntervalMs, observe, type Observation, type Transition } from '@ioc/device-status';
import {
  decodeJson,
  decodeText,
  type DeclaredConsumer,
  encodeJson,
  errorMessage,
  JetStreamConsumers,
  JsonLogger,
  Metrics,
  MonitoringBeat,
  observeSinceStored,
  PartitionOwnership,
  type PartitionParticipant,
  publishJson,
  type ReleaseReason,
  PartitionedQueue,
  ServiceError,
} from '@ioc/platform';
import { DeviceRegistryStore, type TrackedDevice } from './device-registry.store';
import { DeviceStatusRepository } from './device-status.repository';
import type { RegistryConfig } from './registry.config';
import { REGISTRY_CONFIG, REGISTRY_LOGGER, REGISTRY_NATS, REGISTRY_STORE } from './registry.tokens';

/** How long a partition's consumer must have been idle before its backlog is asked again. */
const BACKLOG_RECHECK_IDLE_MS = 2000;

interface StoredTransition extends Transition {
  id: string;
  device: TrackedDevice;
  messageId: string | null;
}

interface GatewayChange {
  gatewayId: string;
  from: string;
  to: 'online' | 'offline';
  at: number;
}

@Injectable()
export class StatusProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown, PartitionParticipant {
  private readonly js: JetStreamClient;
  private readonly subjects;
  private sweepTimer?: NodeJS.Timeout;
  /** Each partition's batches in turn, partitions side by side; sweeps, reloads and decommissions alone. */
  private readonly queue = new PartitionedQueue();
  private outboxDirty = false;
  private readonly lastDropLog = new Map<string, number>();
  /**
   * Messages still waiting in JetStream for each owned partition's consumer. While there
   * is a backlog (after an outage of the registry or NATS, or a partition just taken), silence
   * is not evidence: the messages that prove a device alive may be in it. The sweep waits
   * until every one is drained.
   */
  private readonly backlog = new Map<number, number>();
  private readonly partitionConsumers = new Map<number, DeclaredConsumer>();
  private changesSubscription?: Subscription;
  private readonly dropped: Counter<'reason'>;
  private readonly transitionsCounter: Counter<'to'>;
  /** "The registry is monitoring" while its status consumer runs (docs/availability.md). */
  private readonly beat: MonitoringBeat;
  private consuming = false;
  private readonly stages: Histogram<'stage'>;

  constructor(
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    @Inject(REGISTRY_NATS) private readonly nc: NatsConnection,
    private readonly repository: DeviceStatusRepository,
    @Inject(REGISTRY_STORE) private readonly store: DeviceRegistryStore,
    @Inject(REGISTRY_LOGGER) private readonly logger: JsonLogger,
    private readonly consumers: JetStreamConsumers,
    private readonly ownership: PartitionOwnership,
    metrics: Metrics,
  ) {
    this.js = nc.jetstream();
    this.subjects = natsSubjects(config.NATS_PREFIX);
    this.dropped = metrics.counter('ioc_registry_dropped_total', 'Device messages the registry could not apply, by reason', ['reason']);
    this.transitionsCounter = metrics.counter('ioc_registry_transitions_total', 'Device status transitions, by new status', ['to']);
    this.stages = metrics.stages();
    this.beat = new MonitoringBeat(this.js, logger, {
      service: 'registry',
      natsPrefix: config.NATS_PREFIX,
      intervalMs: config.MONITORING_BEAT_INTERVAL_MS,
      monitoring: () => this.consuming && this.partitionConsumers.size > 0 && !nc.isClosed(),
    });
    ownership.participate(this);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.publishPending();
    // Registrations made through another copy: reload those of our partitions.
    this.changesSubscription = this.nc.subscribe(this.subjects.registryOperation('devices-changed'), {
      callback: (err, msg) => {
        if (err) return;
        const ids = (decodeJson(msg.data) as { ids?: unknown } | undefined)?.ids;
        if (!Array.isArray(ids)) return;
        void this.queue.alone(() => this.store.reload(ids.filter((id): id is string => typeof id === 'string'))).catch((e) =>
          this.logger.event('error', 'reloading changed devices failed', { error: errorMessage(e) }),
        );
      },
    });
    this.consuming = true;
    await this.ownership.start();
    this.beat.start();
    this.sweepTimer = setInterval(() => {
      void this.queue.alone(() => this.sweep()).catch((err) =>
        this.logger.event('error', 'silence sweep failed', { error: errorMessage(err) }),
      );
    }, this.config.REGISTRY_SWEEP_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    // The platform has given the partitions up (their batches in hand finished) before this runs.
    this.consuming = false;
    this.beat.stop();
    clearInterval(this.sweepTimer);
    this.changesSubscription?.unsubscribe();
    await this.queue.idle();
  }

  /** Partitions taken: their devices loaded from Postgres, then their consumers started. */
  async acquired(partitions: number[]): Promise<void> {
    // No sweep until each partition's backlog is known: its devices' last-seen times come from
    // Postgres, and the messages that prove them alive may be waiting in the stream.
    for (const p of partitions) this.backlog.set(p, Number.POSITIVE_INFINITY);
    await this.queue.alone(() => this.store.loadPartitions(partitions));
    // Transitions a copy that died committed but did not get to publish: published now (by id, so once).
    await this.publishPending().catch((err) => {
      this.outboxDirty = true;
      this.logger.event('warn', 'publishing transitions left unpublished failed; will retry', { error: errorMessage(err) });
    });
    const stream = natsStreams(this.config.NATS_PREFIX).device.name;
    for (const p of partitions) {
      const consumer = await this.consumers.declare({
        stream,
        durable: `registry-p${p}`,
        filterSubjects: [this.subjects.devicePartition(p)],
        ackWaitS: 60,
        maxMessages: this.config.REGISTRY_BATCH_SIZE,
        resumeAfterAckFloor: true,
      });
      this.backlog.set(p, consumer.backlog);
      this.partitionConsumers.set(p, consumer);
      consumer.start((batch) =>
        this.queue.run(p, async () => {
          await this.processBatch(batch);
          this.backlog.set(p, batch[batch.length - 1].info.pending);
        }),
      );
    }
  }

  /** Partitions given up: the batch in hand finished and acknowledged, the consumers stopped, the devices forgotten. */
  async released(partitions: number[], reason: ReleaseReason): Promise<void> {
    await Promise.all(partitions.map((p) => this.partitionConsumers.get(p)?.stop()));
    // The acknowledgements reach the server before the next owner looks at the consumer.
    await this.nc.flush().catch(() => undefined);
    for (const p of partitions) {
      this.partitionConsumers.delete(p);
      this.backlog.delete(p);
    }
    await this.queue.alone(async () => {
      // The last-seen times not stored yet, for the next owner (not when the database is the trouble).
      if (reason !== 'lost') await this.storeLastSeen(partitions).catch((err) => this.logger.event('warn', 'storing last-seen times of partitions given up failed', { partitions, error: errorMessage(err) }));
      this.store.forget(partitions);
    });
    if (reason === 'lost') this.logger.event('warn', 'status keeping stopped for partitions whose lock was lost', { partitions });
  }

  /** Writes the last-seen times of these partitions' devices that Postgres does not have yet. */
  private async storeLastSeen(partitions: number[]): Promise<void> {
    const wanted = new Set(partitions);
    const behind = new Set([...this.store.devices.values()].filter((d) => wanted.has(partitionOfArea(d.areaCode)) && d.state.lastSeenAt !== d.storedLastSeenAt));
    await this.writeOnce([], behind, []);
  }

  /**
   * Brings devices whose registration changed (registered, moved, new heartbeat timeout)
   * into the working set, in turn with the batches so no batch writes stale state over them;
   * the other copies are told, so the owner of each device's partition does the same.
   */
  async reloadDevices(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.queue.alone(() => this.store.reload(ids));
    this.nc.publish(this.subjects.registryOperation('devices-changed'), encodeJson({ ids }));
  }

  /** Whether this copy keeps the status of a key area's devices (owns its partition). */
  ownsArea(areaCode: string): boolean {
    return this.ownership.owns(partitionOfArea(areaCode));
  }

  /**
   * Decommissions a device: its transition is stored and published like any other, and
   * `alsoWrite` (the register row, the audit entry) commits in the same transaction.
   */
  decommission(deviceId: string, at: number, alsoWrite: (em: EntityManager) => Promise<void>): Promise<void> {
    return this.queue.alone(async () => {
      await this.store.ensureLoaded([deviceId], []);
      const device = this.store.devices.get(deviceId);
      if (!device) throw new ServiceError('unavailable', `device ${deviceId} is not kept by this copy of the registry (its partition moved); try again`);
      const transitions: StoredTransition[] = [];
      const touched = new Set<TrackedDevice>();
      this.applyObservation(device, { kind: 'decommission', at }, null, transitions, touched);
      await this.write(transitions, touched, [], alsoWrite);
      await this.publish(transitions);
    });
  }

  private async processBatch(batch: JsMsg[]): Promise<void> {
    const presences: GatewayPresence[] = [];
    const messages: DeviceMessage[] = [];
    for (const m of batch) {
      let body: unknown;
      try {
        body = JSON.parse(decodeText(m.data));
      } catch {
        this.drop('malformed_json', m.subject, 'not JSON');
        continue;
      }
      const contract = this.subjects.isGatewayPresence(m.subject) ? GatewayPresenceV1 : DeviceMessageV1;
      const parsed = contract.parse(body);
      if (!parsed.ok) {
        this.drop('schema_violation', m.subject, formatIssues(parsed.issues));
        continue;
      }
      if (contract === GatewayPresenceV1) presences.push(parsed.value as GatewayPresence);
      else messages.push(parsed.value as DeviceMessage);
    }

    await this.store.ensureLoaded(
      messages.map((m) => m.deviceId),
      [...messages.map((m) => m.gatewayId), ...presences.map((p) => p.gatewayId)],
    );

    const transitions: StoredTransition[] = [];
    const touched = new Set<TrackedDevice>();
    const gatewayChanges: GatewayChange[] = [];
    // Presence and device messages are applied in the order they were received.
    const items = [
      ...presences.map((p) => ({ at: Date.parse(p.receivedAt), presence: p })),
      ...messages.map((m) => ({ at: Date.parse(m.receivedAt), message: m })),
    ].sort((a, b) => a.at - b.at);
    for (const item of items) {
      if ('presence' in item && item.presence) this.applyPresence(item.presence, item.at, gatewayChanges, transitions, touched);
      else if ('message' in item && item.message) this.applyMessage(item.message, item.at, transitions, touched);
    }

    await this.write(transitions, touched, gatewayChanges);
    observeSinceStored(this.stages, 'jetstream_to_registry_commit', batch);
    this.consumers.ack(batch);
    await this.publish(transitions);
  }

  /** Publishing never blocks status keeping: what fails stays in the outbox for the next sweep. */
  private async publish(transitions: StoredTransition[]): Promise<void> {
    try {
      await this.publishTransitions(transitions);
    } catch (err) {
      this.outboxDirty = true;
      this.logger.event('warn', 'publishing status changes failed; will retry', { count: transitions.length, error: errorMessage(err) });
    }
  }

  private applyMessage(msg: DeviceMessage, at: number, transitions: StoredTransition[], touched: Set<TrackedDevice>): void {
    const device = this.store.devices.get(msg.deviceId);
    if (!device) return this.drop('unknown_device', msg.deviceId, `device ${msg.deviceId} is not registered`);
    if (device.gatewayId !== msg.gatewayId || device.areaCode !== msg.areaCode) {
      return this.drop(
        'gateway_mismatch',
        msg.deviceId,
        `published by ${msg.areaCode}/${msg.gatewayId}, registered under ${device.areaCode}/${device.gatewayId}`,
      );
    }
    const p = msg.payload as Record<string, unknown>;
    let obs: Observation;
    if (msg.channel === 'status') {
      obs = {
        kind: 'status',
        at,
        online: typeof p.online === 'boolean' ? p.online : undefined,
        recording: typeof p.recording === 'boolean' ? p.recording : undefined,
        storageOk: typeof p.storageOk === 'boolean' ? p.storageOk : undefined,
      };
    } else if (msg.channel === 'event') {
      obs = { kind: 'event', at, type: String(p.type), state: p.state as 'start' | 'end' | 'instant' };
    } else {
      obs = { kind: 'telemetry', at };
    }
    this.applyObservation(device, obs, msg.messageId, transitions, touched);
  }

  private applyPresence(
    p: GatewayPresence,
    at: number,
    changes: GatewayChange[],
    transitions: StoredTransition[],
    touched: Set<TrackedDevice>,
  ): void {
    const gateway = this.store.gateways.get(p.gatewayId);
    if (!gateway) return this.drop('unknown_gateway', p.gatewayId, `gateway ${p.gatewayId} is not registered`);
    if (gateway.areaCode !== p.areaCode) {
      return this.drop('gateway_mismatch', p.gatewayId, `presence under ${p.areaCode}, registered in ${gateway.areaCode}`);
    }
    if (gateway.presence !== p.state) {
      changes.push({ gatewayId: gateway.id, from: gateway.presence, to: p.state, at });
      gateway.presence = p.state;
    }
    if (p.state === 'offline') {
      for (const device of this.store.devicesOf(gateway.id)) {
        this.applyObservation(device, { kind: 'gateway_offline', at }, null, transitions, touched);
      }
    }
  }

  private applyObservation(
    device: TrackedDevice,
    obs: Observation,
    messageId: string | null,
    transitions: StoredTransition[],
    touched: Set<TrackedDevice>,
  ): void {
    const before = device.state;
    const result = observe(before, obs);
    device.state = result.state;
    if (result.transition) {
      device.statusSince = result.transition.at;
      transitions.push({ ...result.transition, id: randomUUID(), device, messageId });
    }
    if (result.state.lastSeenAt !== before.lastSeenAt) device.lastSeenSlackMs = 0;
    // The last-seen time alone is stored only every lastSeenStoreIntervalMs (a device under load
    // reports many times a second): most batches of heartbeats then write nothing.
    const seen = result.state.lastSeenAt;
    const seenToStore = seen !== null && (device.storedLastSeenAt === null || seen - device.storedLastSeenAt >= lastSeenStoreIntervalMs(device.heartbeatTimeoutS));
    if (result.transition || seenToStore || before.conditions !== result.state.conditions) touched.add(device);
  }

  /**
   * Whether every owned partition's stream backlog is applied. A partition whose last batch
   * said more was pending, and whose consumer has been idle since, is asked the server again.
   */
  private async backlogsApplied(): Promise<boolean> {
    for (const [p, n] of this.backlog) {
      if (n <= 0) continue;
      const fresh = Number.isFinite(n) ? await this.partitionConsumers.get(p)?.idleBacklog(BACKLOG_RECHECK_IDLE_MS) : undefined;
      if (fresh === undefined || fresh > 0) return false;
      this.backlog.set(p, fresh);
    }
    return true;
  }

  /** Takes offline every reachable device silent for longer than its heartbeat timeout. */
  private async sweep(): Promise<void> {
    if (!(await this.backlogsApplied())) return;
    if (this.outboxDirty) {
      this.outboxDirty = false;
      await this.publishPending().catch((err) => {
        this.outboxDirty = true;
        this.logger.event('warn', 'outbox retry failed', { error: errorMessage(err) });
      });
    }
    const now = Date.now();
    const transitions: StoredTransition[] = [];
    const touched = new Set<TrackedDevice>();
    for (const device of this.store.devices.values()) {
      if (device.state.reachable !== true) continue;
      const check = { kind: 'silence_check', at: now, heartbeatTimeoutS: device.heartbeatTimeoutS, lastSeenSlackMs: device.lastSeenSlackMs } as const;
      this.applyObservation(device, check, null, transitions, touched);
    }
    if (transitions.length === 0) return;
    await this.write(transitions, touched, []);
    await this.publish(transitions);
  }

  /**
   * Writes a batch's changes. The in-memory state was already advanced; if the write
   * fails, memory is reloaded from Postgres before the error propagates, so that the
   * redelivered messages (or the next sweep) produce the same transitions again.
   */
  private async write(
    transitions: StoredTransition[],
    touched: Set<TrackedDevice>,
    gateways: GatewayChange[],
    alsoWrite?: (em: EntityManager) => Promise<void>,
  ): Promise<void> {
    try {
      await this.writeOnce(transitions, touched, gateways, alsoWrite);
    } catch (err) {
      this.logger.event('error', 'writing status changes failed; reloading state from Postgres', { error: errorMessage(err) });
      await this.store.loadPartitions(this.store.held).catch((reloadErr) =>
        this.logger.event('error', 'reloading state failed', { error: errorMessage(reloadErr) }),
      );
      throw err;
    }
  }

  private async writeOnce(
    transitions: StoredTransition[],
    touched: Set<TrackedDevice>,
    gateways: GatewayChange[],
    alsoWrite?: (em: EntityManager) => Promise<void>,
  ): Promise<void> {
    if (transitions.length === 0 && touched.size === 0 && gateways.length === 0 && !alsoWrite) return;
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    await this.repository.transaction(async (em) => {
      await this.repository.insertTransitions(
        em,
        transitions.map((t) => ({
          id: t.id,
          deviceId: t.device.id,
          gatewayId: t.device.gatewayId,
          areaCode: t.device.areaCode,
          from: t.from,
          to: t.to,
          reason: t.reason,
          at: new Date(t.at).toISOString(),
          messageId: t.messageId,
        })),
      );
      await this.repository.saveStates(
        em,
        [...touched].map((d) => ({ id: d.id, status: d.state.status, statusSince: iso(d.statusSince), lastSeenAt: iso(d.state.lastSeenAt), conditions: d.state.conditions })),
      );
      await this.repository.recordPresence(
        em,
        gateways.map((g) => ({ gatewayId: g.gatewayId, from: g.from, to: g.to, at: new Date(g.at).toISOString() })),
      );
      if (alsoWrite) await alsoWrite(em);
    });
    for (const d of touched) d.storedLastSeenAt = d.state.lastSeenAt;
    for (const t of transitions) this.transitionsCounter.inc({ to: t.to });
  }

  private async publishTransitions(transitions: StoredTransition[]): Promise<void> {
    if (transitions.length === 0) return;
    await this.publishEvents(
      transitions.map((t) => ({
        transitionId: t.id,
        deviceId: t.device.id,
        gatewayId: t.device.gatewayId,
        areaCode: t.device.areaCode,
        from: t.from,
        to: t.to,
        reason: t.reason,
        at: new Date(t.at).toISOString(),
      })),
    );
  }

  /** Publishes transitions written but not yet published (the outbox), e.g. after a crash. */
  private async publishPending(): Promise<void> {
    const rows = await this.repository.unpublishedTransitions();
    if (rows.length === 0) return;
    this.logger.event('info', 'publishing transitions left unpublished', { count: rows.length });
    await this.publishEvents(
      rows.map((r) => ({
        transitionId: r.id,
        deviceId: r.device_id,
        gatewayId: r.gateway_id,
        areaCode: r.area_code,
        from: r.from_status,
        to: r.to_status,
        reason: r.reason,
        at: r.at.toISOString(),
      })) as DeviceStatusChanged[],
    );
  }

  private async publishEvents(events: DeviceStatusChanged[]): Promise<void> {
    for (const e of events) {
      const checked = DeviceStatusChangedV1.parse(e);
      if (!checked.ok) throw new Error(`refusing to publish an invalid status change: ${formatIssues(checked.issues)}`);
    }
    // The transition id is JetStream's dedupe id, so republishing after a crash is harmless.
    await Promise.all(events.map((e) => publishJson(this.js, this.subjects.deviceStatusChanged(e.areaCode), e, e.transitionId)));
    await this.repository.markTransitionsPublished(events.map((e) => e.transitionId));
  }

  /** Counts every dropped message; logs each source at most once a minute (no log floods). */
  private drop(reason: string, subject: string, detail: string): void {
    this.dropped.inc({ reason });
    const key = `${reason}:${subject}`;
    const now = Date.now();
    if ((this.lastDropLog.get(key) ?? 0) > now - 60_000) return;
    if (this.lastDropLog.size > 10_000) this.lastDropLog.clear();
    this.lastDropLog.set(key, now);
    this.logger.event('warn', 'device message not applied (repeats of this are counted, logged once a minute)', { reason, subject, detail });
  }
}
