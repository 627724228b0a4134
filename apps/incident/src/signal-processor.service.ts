// Turns what devices, gateways and the registry report into incidents. Durable JetStream
// consumers (device events, statuses and telemetry apart; gateway presence; device status
// changes) feed one queue per partition of the device traffic: a partition's batches run in
// turn, different partitions' side by side (an alarm in one never waits for another's
// database round trips). A tick that re-evaluates waiting conditions (debounce, maintenance
// window over, gateway back) and the operators' actions run alone, between batches. Each
// batch: signals (@ioc/incidents) → the conditions and incidents of their keys from
// Postgres (the reads side by side) → decisions → one statement (conditions, incidents,
// checked against an operator's change, timeline, outbox) → ack → publish what it wrote
// (without holding the partition).
// The SQL is in the repositories (conditions, incidents, outbox); this class decides and
// orders the work.
//
// Idempotency: a redelivered message carries the same id, which its condition remembers,
// and the database keeps one standing incident per dedup key (partial unique index).
//
// Copies share the work by partition of the device traffic (decision 0024): a copy reads
// only the partitions it owns, each with its own consumers (`incident-p<k>-event`, …), ticks
// only their waiting conditions, and runs the operator actions on their incidents
// (OperationsController routes an action to the owner), so batches, ticks and actions on
// one incident still run in turn in one process.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { JsMsg, NatsConnection } from 'nats';
import {
  DeviceMessageV1,
  DeviceStatusChangedV1,
  formatIssues,
  GatewayPresenceV1,
  natsStreams,
  natsSubjects,
  partitionOfArea,
  type Incident,
  type IncidentEvent,
  type IncidentEventName,
  type TimelineEntry,
} from '@ioc/contracts';
import {
  applySystemAction,
  decommissionSignals,
  gatewayKey,
  onSignal,
  onTick,
  restatesCondition,
  signalFromPresence,
  signalFromStatusChange,
  signalsFromDeviceMessage,
  type ConditionRest,
  type ConditionState,
  type Decision,
  type IncidentPolicy,
  type Signal,
} from '@ioc/incidents';
import {
  decodeJson,
  errorMessage,
  JetStreamConsumers,
  JsonLogger,
  Metrics,
  observeSinceStored,
  PartitionOwnership,
  type PartitionParticipant,
  PartitionedQueue,
  type DeclaredConsumer,
} from '@ioc/platform';
import type { Counter, Histogram } from 'prom-client';
import { ConditionRepository } from './condition.repository';
import type { IncidentConfig } from './incident.config';
import { IncidentRepository } from './incident.repository';
import { MaintenanceWindows, type ActiveWindows } from './maintenance';
import { type OutboxEntry, OutboxRepository } from './outbox.repository';
import { ProcessedEventRepository } from './processed-event.repository';
import { INCIDENT_CONFIG, INCIDENT_LOGGER, INCIDENT_NATS, INCIDENT_POLICY } from './incident.tokens';

const EVENT_OF_ACTION = { open: 'incident.opened', repeat: 'incident.updated', reopen: 'incident.updated', auto_resolve: 'incident.resolved' } as const;

/** The statement part of a write that updates incidents, returning the ids it let through. */
const UPDATED = 'updated';

/** What one batch or tick decided, to be written in one statement. */
class Changes {
  readonly conditions = new Map<string, ConditionState>();
  readonly opened = new Map<string, Incident>();
  readonly updated = new Map<string, { incident: Incident; expectedVersion: number | null }>();
  readonly timeline: { incidentId: string; entry: TimelineEntry }[] = [];
  readonly events: { name: IncidentEventName; incidentId: string }[] = [];
  /** The device events applied by these changes (recorded with them). */
  processedEvents: string[] = [];

  get empty(): boolean {
    return this.conditions.size === 0 && this.opened.size === 0 && this.updated.size === 0;
  }
}

@Injectable()
export class SignalProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown, PartitionParticipant {
  /** Each partition's batches in turn, partitions side by side; ticks, actions and loads alone. */
  private readonly queue = new PartitionedQueue();
  /** The outbox publisher in progress, and whether a caller asked again meanwhile. */
  private publishing?: Promise<void>;
  /** Batches' events being published (publishBehind). */
  private readonly behind = new Set<Promise<void>>();
  private publishAgain = false;
  private readonly stages: Histogram<'stage'>;
  private tickTimer?: NodeJS.Timeout;
  private readonly subjects;
  private readonly statusChangePrefix: string;
  /**
   * Every key with a condition row, and where it rests: an `end` for any other key has
   * nothing to end, and a level signal restating a condition's rest changes nothing
   * (`restatesCondition`): neither is loaded. Written after each commit, read at each take.
   */
  private readonly rest = new Map<string, ConditionRest>();
  /** Gateways with a standing gateway_offline condition. */
  private readonly gatewaysDown = new Set<string>();
  /**
   * Messages waiting in each consumer. Ticks wait until it is at most one batch: while a
   * backlog is applied, a debounce could seem to have passed for a condition whose `end`
   * is still queued; under steady traffic a batch or less is always in flight.
   */
  private readonly backlog = new Map<string, number>();
  /** The consumers of each owned partition. */
  private readonly partitionConsumers = new Map<number, DeclaredConsumer[]>();
  private lastOutboxPrune = 0;
  private readonly signalsCounter: Counter<'type' | 'phase'>;
  private readonly actionsCounter: Counter<'action'>;
  private readonly dropped: Counter<'reason'>;

  constructor(
    @Inject(INCIDENT_CONFIG) private readonly config: IncidentConfig,
    @Inject(INCIDENT_NATS) private readonly nc: NatsConnection,
    @Inject(INCIDENT_LOGGER) private readonly logger: JsonLogger,
    @Inject(INCIDENT_POLICY) private readonly policy: IncidentPolicy,
    private readonly maintenance: MaintenanceWindows,
    private readonly conditions: ConditionRepository,
    private readonly incidents: IncidentRepository,
    private readonly outbox: OutboxRepository,
    private readonly processedEvents: ProcessedEventRepository,
    private readonly consumers: JetStreamConsumers,
    private readonly ownership: PartitionOwnership,
    metrics: Metrics,
  ) {
    ownership.participate(this);
    this.subjects = natsSubjects(config.NATS_PREFIX);
    // `….>` → `….`
    this.statusChangePrefix = this.subjects.deviceStatusChangedAll.slice(0, -1);
    this.signalsCounter = metrics.counter('ioc_incident_signals_total', 'Signals applied to conditions, by incident type and phase', ['type', 'phase']);
    this.actionsCounter = metrics.counter('ioc_incident_actions_total', 'Incidents opened, repeated, reopened and auto-resolved', ['action']);
    this.stages = metrics.stages();
    this.dropped = metrics.counter('ioc_incident_dropped_total', 'Bus messages the incident service could not use, by reason', ['reason']);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ownership.start();
    this.tickTimer = setInterval(() => {
      void this.queue.alone(() => this.tick()).catch((err) => this.logger.event('error', 'incident tick failed', { error: errorMessage(err) }));
    }, this.config.INCIDENT_TICK_MS);
  }

  /** Which keys have conditions, and which gateways are down, as Postgres has them now. */
  private async loadKeys(): Promise<void> {
    const rows = await this.conditions.keys();
    // Another copy may have written these partitions' conditions: start from what is stored.
    this.gatewaysDown.clear();
    for (const r of rows) {
      this.rest.set(r.key, { standing: r.standing, raised: r.raised === true, parts: r.parts ?? [] });
      const gw = /^gateway:(.+):gateway_offline$/.exec(r.key);
      if (gw?.[1] && r.standing) this.gatewaysDown.add(gw[1]);
    }
  }

  /**
   * Partitions taken: the keys as stored, then their consumers. Device events (alarms) have
   * a consumer of their own, so an alarm is never queued behind heartbeats and telemetry (a
   * gateway's reconnect storm, this service's restart), and its batches go first in the
   * partition's queue; the rest of the partition's device traffic (statuses, telemetry, gateway
   * presence) is one consumer, which passes the events over (one filter, as NATS 2.9 needs;
   * every consumer on the device stream costs the server on every message). A batch lost
   * with a crashed copy comes back at once, in order (`resumeAfterAckFloor`); the short ack
   * wait covers a copy that stalls.
   */
  async acquired(partitions: number[]): Promise<void> {
    await this.queue.alone(() => this.loadKeys());
    const streams = natsStreams(this.config.NATS_PREFIX);
    for (const p of partitions) {
      const spec = (stream: string, durable: string, filter: string, replaces?: string[]) => ({
        stream,
        durable,
        filterSubjects: [filter],
        replaces,
        resumeAfterAckFloor: true,
        ackWaitS: 10,
        maxMessages: this.config.INCIDENT_BATCH_SIZE,
      });
      const specs = [
        spec(streams.device.name, `incident-p${p}-event`, this.subjects.deviceChannelOfPartition(p, 'event')),
        // Before 2026-12-07 statuses, telemetry and presence had a consumer each.
        spec(streams.device.name, `incident-p${p}-device`, this.subjects.devicePartition(p), ['presence', 'telemetry', 'status'].map((c) => `incident-p${p}-${c}`)),
        spec(streams.state.name, `incident-p${p}`, this.subjects.deviceStatusChangedOfPartition(p)),
      ];
      const declared: DeclaredConsumer[] = [];
      for (const s of specs) declared.push(this.startConsumer(await this.consumers.declare(s), p, s.durable.endsWith('-event')));
      this.partitionConsumers.set(p, declared);
    }
  }

  /** Partitions given up: the batches in hand finished and acknowledged, the consumers stopped. */
  async released(partitions: number[]): Promise<void> {
    await Promise.all(partitions.flatMap((p) => (this.partitionConsumers.get(p) ?? []).map((c) => c.stop())));
    // The acknowledgements reach the server before the next owner looks at the consumers.
    await this.nc.flush().catch(() => undefined);
    for (const p of partitions) {
      for (const c of this.partitionConsumers.get(p) ?? []) this.backlog.delete(c.label);
      this.partitionConsumers.delete(p);
    }
  }

  /** Whether this copy decides for a key area (owns its partition). */
  ownsArea(areaCode: string): boolean {
    return this.ownership.owns(partitionOfArea(areaCode));
  }

  /** `events`: the events consumer, whose batches go first; the others pass events over. */
  private startConsumer(consumer: DeclaredConsumer, partition: number, events: boolean): DeclaredConsumer {
    this.backlog.set(consumer.label, consumer.backlog);
    consumer.start((batch) =>
      this.queue.run(
        partition,
        async () => {
          await this.processBatch(events ? batch : batch.filter((m) => !this.subjects.isDeviceEvent(m.subject)), batch, events);
          this.backlog.set(consumer.label, batch[batch.length - 1]?.info.pending ?? 0);
        },
        { urgent: events },
      ),
    );
    return consumer;
  }

  async beforeApplicationShutdown(): Promise<void> {
    // The platform has stopped the consumers (their batches in hand finished) before this runs.
    clearInterval(this.tickTimer);
    await this.queue.idle();
    await Promise.all(this.behind);
  }

  // ── input ───────────────────────────────────────────────────────────────────────────

  private drop(reason: string, subject: string, detail: string): void {
    this.dropped.inc({ reason });
    this.logger.event('warn', 'bus message not used', { reason, subject, detail });
  }

  private async signalsOf(batch: JsMsg[]): Promise<Signal[]> {
    const signals: Signal[] = [];
    for (const m of batch) {
      const body = decodeJson(m.data);
      if (m.subject.startsWith(this.statusChangePrefix)) {
        const parsed = DeviceStatusChangedV1.parse(body);
        if (!parsed.ok) {
          this.drop('schema_violation', m.subject, formatIssues(parsed.issues));
          continue;
        }
        const signal = signalFromStatusChange(parsed.value);
        if (signal) signals.push(signal);
        if (parsed.value.to === 'decommissioned') {
          const conditions = await this.conditions.ofDevice(parsed.value.deviceId);
          signals.push(...decommissionSignals(parsed.value, conditions));
        }
      } else if (this.subjects.isGatewayPresence(m.subject)) {
        const parsed = GatewayPresenceV1.parse(body);
        if (parsed.ok) signals.push(signalFromPresence(parsed.value));
        else this.drop('schema_violation', m.subject, formatIssues(parsed.issues));
      } else {
        const parsed = DeviceMessageV1.parse(body);
        if (parsed.ok) signals.push(...signalsFromDeviceMessage(parsed.value, this.policy));
        else this.drop('schema_violation', m.subject, formatIssues(parsed.issues));
      }
    }
    // Most traffic restates what is known: an end for a key that has never had a condition,
    // or a heartbeat restating a condition's rest, has nothing to change.
    return signals.filter((s) => (s.phase !== 'end' || this.rest.has(s.key)) && !restatesCondition(s, this.rest.get(s.key)));
  }

  /** Applies `messages` (of `batch`), then acknowledges the whole batch; `alarms`: the events consumer's. */
  private async processBatch(messages: JsMsg[], batch: JsMsg[], alarms = false): Promise<void> {
    const heard = await this.signalsOf(messages);
    let written: OutboxEntry[] = [];
    if (heard.length > 0) {
      const now = Date.now();
      // The reads side by side: on a busy machine each round trip waits for a core twice
      // (benchmarks.md, "alarms first across the machine"). Keys of events found applied
      // already are read for nothing; that is a redelivery, rare.
      const [signals, { conditions, incidents }, windows] = await Promise.all([
        this.freshSignals(heard),
        this.load([...new Set(heard.map((s) => s.key))]),
        this.maintenance.around(now, now),
      ]);
      const changes = new Changes();
      for (const signal of signals) {
        const current = conditions.get(signal.key);
        const incident = current?.incidentId ? incidents.get(current.incidentId) : undefined;
        const decision = onSignal(current, incident, signal, this.context(signal, windows, now));
        this.signalsCounter.inc({ type: signal.type, phase: signal.phase });
        this.apply(decision, conditions, incidents, changes);
      }
      changes.processedEvents = [...new Set(signals.filter((s) => !s.level).map((s) => s.messageId))];
      written = await this.write(changes);
    }
    observeSinceStored(this.stages, alarms ? 'jetstream_to_incident_commit_alarm' : 'jetstream_to_incident_commit', batch);
    this.consumers.ack(batch);
    // Most batches (heartbeats restating that all is well) write nothing and publish nothing;
    // the tick publishes what an earlier failure left in the outbox.
    this.publishBehind(written);
  }

  /**
   * Publishes a batch's events without holding the partition: the consumer's next batch
   * (another alarm, often) starts while the acknowledgements come back and the outbox rows
   * are marked, two round trips that under a reconnect storm took 40–60 ms (benchmarks.md,
   * "an alarm batch's own round trips"). The publishes go out now, in the order the batches
   * end, on one connection, so the order holds; a failure leaves the rows to the tick.
   */
  private publishBehind(events: OutboxEntry[]): void {
    if (events.length === 0) return;
    const publishing: Promise<void> = this.publishEvents(events)
      .catch((err) => this.logger.event('warn', 'marking incident events published failed; the tick publishes them again', { error: errorMessage(err) }))
      .finally(() => this.behind.delete(publishing));
    this.behind.add(publishing);
  }

  /**
   * Leaves out the device events (edges, each counted on its incident) already applied: a
   * batch redelivered after the service died between commit and ack. Level signals restate
   * a state and change nothing when applied twice.
   */
  private async freshSignals(signals: Signal[]): Promise<Signal[]> {
    const applied = await this.processedEvents.seen([...new Set(signals.filter((s) => !s.level).map((s) => s.messageId))]);
    if (applied.size === 0) return signals;
    this.dropped.inc({ reason: 'already_applied' }, applied.size);
    return signals.filter((s) => s.level || !applied.has(s.messageId));
  }

  /** Conditions waiting for time to pass (debounce, a window's end, the gateway's return). */
  private async tick(): Promise<void> {
    if ([...this.backlog.values()].some((n) => n > this.config.INCIDENT_BATCH_SIZE)) return this.publishPending();
    // Only the partitions this copy owns: the others' owners tick theirs.
    const conditions = new Map([...(await this.conditions.waiting())].filter(([, c]) => this.ownsArea(c.areaCode)));
    if (conditions.size > 0) {
      const now = Date.now();
      const { incidents } = await this.load([], [...conditions.values()].map((c) => c.incidentId).filter((id): id is string => id !== null));
      const windows = await this.maintenance.around(now, now);
      const changes = new Changes();
      for (const condition of conditions.values()) {
        const incident = condition.incidentId ? incidents.get(condition.incidentId) : undefined;
        this.apply(onTick(condition, incident, this.context(condition, windows, now)), conditions, incidents, changes);
      }
      await this.write(changes);
    }
    await this.publishPending();
  }

  private context(target: { key: string; deviceId: string | null; gatewayId: string; areaCode: string; type: string }, windows: ActiveWindows, now: number) {
    return {
      policy: this.policy,
      now,
      suppressed: windows.covers(target, now),
      gatewayDown: target.type === 'device_offline' && this.gatewaysDown.has(target.gatewayId),
      newIncidentId: randomUUID(),
    };
  }

  /** The conditions of `keys` and their incidents (and `extraIncidentIds`), read side by side. */
  private async load(keys: string[], extraIncidentIds: string[] = []): Promise<{ conditions: Map<string, ConditionState>; incidents: Map<string, Incident> }> {
    const [conditions, incidents] = await Promise.all([this.conditions.byKeys(keys), this.incidents.ofConditions(keys, extraIncidentIds)]);
    return { conditions, incidents };
  }

  /** Applies a decision to the working maps and records what must be written. */
  private apply(decision: Decision, conditions: Map<string, ConditionState>, incidents: Map<string, Incident>, changes: Changes): void {
    if (decision.changed && decision.condition) {
      conditions.set(decision.condition.key, decision.condition);
      changes.conditions.set(decision.condition.key, decision.condition);
    }
    for (const action of decision.actions) {
      this.actionsCounter.inc({ action: action.kind });
      if (action.kind === 'open') {
        const incident: Incident = { ...action.incident };
        incidents.set(incident.id, incident);
        changes.opened.set(incident.id, incident);
        changes.timeline.push({ incidentId: incident.id, entry: action.entry });
        changes.events.push({ name: EVENT_OF_ACTION.open, incidentId: incident.id });
        continue;
      }
      const before = incidents.get(action.incidentId);
      if (!before) {
        this.logger.event('error', 'a decision names an incident that is not loaded', { incidentId: action.incidentId, action: action.kind });
        continue;
      }
      const after = applySystemAction(before, action);
      incidents.set(after.id, after);
      if (changes.opened.has(after.id)) changes.opened.set(after.id, after);
      else {
        const pending = changes.updated.get(after.id);
        const expectedVersion = pending ? pending.expectedVersion : 'expectedVersion' in action ? action.expectedVersion : null;
        changes.updated.set(after.id, { incident: after, expectedVersion });
      }
      changes.timeline.push({ incidentId: after.id, entry: action.entry });
      changes.events.push({ name: EVENT_OF_ACTION[action.kind], incidentId: after.id });
    }
  }

  // ── output ──────────────────────────────────────────────────────────────────────────

  /**
   * Writes what a batch or a tick decided, in one statement; returns the incident events
   * written (in the outbox, to be published).
   */
  private async write(changes: Changes): Promise<OutboxEntry[]> {
    if (changes.empty) return [];
    const incidents = new Map([...changes.opened, ...[...changes.updated].map(([id, u]) => [id, u.incident] as const)]);
    const events = changes.events.flatMap((e) => {
      const incident = incidents.get(e.incidentId);
      return incident ? [{ name: e.name, incident }] : [];
    });
    const entries = this.outboxEntries(events).map((entry, i) => ({ entry, incidentId: events[i].incident.id }));
    const ofUpdated = ({ incidentId }: { incidentId: string }) => changes.updated.has(incidentId);
    const guarded = entries.filter(ofUpdated);
    // An operator may have acted since the incident was loaded: the system's change
    // (auto-resolve, reopen, a repeat counted) applies only to the version it decided on, and
    // its timeline entries and events only with it. All in one statement, one round trip.
    const rows = await this.incidents.writeAll<{ id: string }>(
      [
        this.incidents.updates([...changes.updated.values()], UPDATED),
        this.incidents.insert([...changes.opened.values()]),
        this.incidents.addTimeline(changes.timeline.filter((t) => !ofUpdated(t))),
        this.incidents.addTimeline(changes.timeline.filter(ofUpdated), UPDATED),
        this.conditions.save([...changes.conditions.values()]),
        this.processedEvents.add(changes.processedEvents),
        this.outbox.add(entries.filter((e) => !ofUpdated(e)).map((e) => e.entry)),
        this.outbox.add(
          guarded.map((e) => e.entry),
          { part: UPDATED, incidentIds: guarded.map((e) => e.incidentId) },
        ),
      ],
      changes.updated.size > 0 ? `SELECT id FROM ${UPDATED}` : undefined,
    );
    const updated = new Set(rows.map((r) => r.id));
    const skipped = new Set([...changes.updated.keys()].filter((id) => !updated.has(id)));
    for (const c of changes.conditions.values()) {
      this.rest.set(c.key, { standing: c.standing, raised: c.raised, parts: c.parts });
      if (c.key === gatewayKey(c.gatewayId, 'gateway_offline')) {
        if (c.standing) this.gatewaysDown.add(c.gatewayId);
        else this.gatewaysDown.delete(c.gatewayId);
      }
    }
    if (skipped.size) this.logger.event('info', 'system change skipped: an operator changed the incident first', { incidents: [...skipped] });
    return entries.filter((e) => !skipped.has(e.incidentId)).map((e) => e.entry);
  }

  /**
   * Writes an operator's (or an escalation's) change to one incident: the incident, only if
   * it still has `expectedVersion`, its timeline entry and its event, in one statement.
   * false: someone changed the incident meanwhile, and nothing was written.
   */
  async record(incident: Incident, expectedVersion: number, entry: TimelineEntry, event: IncidentEventName): Promise<boolean> {
    const rows = await this.incidents.writeAll(
      [
        this.incidents.updates([{ incident, expectedVersion }], UPDATED),
        this.incidents.addTimeline([{ incidentId: incident.id, entry }], UPDATED),
        this.outbox.add(this.outboxEntries([{ name: event, incident }]), { part: UPDATED, incidentIds: [incident.id] }),
      ],
      `SELECT id FROM ${UPDATED}`,
    );
    return rows.length > 0;
  }

  /** The outbox rows of incident events (written in the same statement as the change). */
  private outboxEntries(events: { name: IncidentEventName; incident: Incident }[]): OutboxEntry[] {
    const at = new Date().toISOString();
    return events.map(({ name, incident }) => {
      const { timeline: _omit, ...withoutTimeline } = incident;
      const event: IncidentEvent = { event: name, eventId: randomUUID(), at, incident: withoutTimeline };
      return { eventId: event.eventId, subject: this.subjects.incidentEvent(incident.areaCode), payload: JSON.stringify(event) };
    });
  }

  /**
   * Publishes what the outbox holds, in order, all at once rather than one acknowledgement
   * after another (a burst of alarms after an outage opens dozens of incidents in one batch,
   * and each round trip would delay the ones behind it). One connection keeps the order.
   * Only the events up to the first failure count as published; the rest go again at the next
   * tick, and JetStream drops the copies it already has (same event id). After such a failure
   * a later event of an incident can be stored before an earlier one: consumers keep the
   * higher incident version (the web app's live state, the SLA's versioned writes).
   */
  async publishPending(): Promise<void> {
    // One publisher at a time (partitions' batches end side by side): a call meanwhile makes
    // it read the outbox once more, so what that caller wrote is published before it resolves.
    if (this.publishing) {
      this.publishAgain = true;
      return this.publishing;
    }
    this.publishing = (async () => {
      do {
        this.publishAgain = false;
        await this.publishOutbox();
      } while (this.publishAgain);
    })().finally(() => (this.publishing = undefined));
    return this.publishing;
  }

  private async publishOutbox(): Promise<void> {
    // Published events are kept a day for diagnosis, then go.
    if (Date.now() - this.lastOutboxPrune > 3_600_000) {
      this.lastOutboxPrune = Date.now();
      await this.outbox.pruneOlderThanADay();
      await this.processedEvents.pruneOlderThanTwoDays();
    }
    const rows = await this.outbox.pending(1000);
    await this.publishEvents(rows.map((r) => ({ eventId: r.event_id, subject: r.subject, payload: JSON.stringify(r.payload) })));
  }

  /**
   * Publishes events, in order, all at once; marks published those up to the first failure
   * (the rest stay in the outbox for the next tick). A batch publishes the events it has just
   * written without reading them back (one round trip less on an alarm's way to the screen);
   * JetStream drops the copy a tick's `publishPending` may publish meanwhile (same event id).
   */
  private async publishEvents(events: OutboxEntry[]): Promise<void> {
    if (events.length === 0) return;
    const js = this.nc.jetstream();
    const results = await Promise.allSettled(events.map((e) => js.publish(e.subject, new TextEncoder().encode(e.payload), { msgID: e.eventId })));
    const failed = results.findIndex((r) => r.status === 'rejected');
    if (failed >= 0) {
      const reason = (results[failed] as PromiseRejectedResult).reason;
      this.logger.event('warn', 'publishing incident events failed; will retry', { error: errorMessage(reason), pending: events.length - failed });
    }
    await this.outbox.markPublished((failed < 0 ? events : events.slice(0, failed)).map((e) => e.eventId));
  }

  /** For operator actions: reads an incident as the processor sees it. */
  read(id: string): Promise<Incident | undefined> {
    return this.incidents.read(id, true);
  }

  /** Runs `work` in turn with batches and ticks (operator actions change the same rows). */
  inTurn<T>(work: () => Promise<T>): Promise<T> {
    return this.queue.alone(work);
  }
}
