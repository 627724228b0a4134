// Turns what devices, gateways and the registry report into incidents. Two durable
// JetStream consumers (raw device traffic and presence; device status changes) feed one
// serial queue, together with a tick that re-evaluates waiting conditions (debounce,
// maintenance window over, gateway back). Each batch: signals (@ioc/incidents) → the
// conditions and incidents of their keys from Postgres → decisions → one transaction
// (conditions, incidents, timeline, outbox) → ack → publish the outbox.
//
// Idempotency: a redelivered message carries the same id, which its condition remembers,
// and the database keeps one standing incident per dedup key (partial unique index).
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { JsMsg, NatsConnection } from 'nats';
import type { DataSource, EntityManager } from 'typeorm';
import {
  DeviceMessageV1,
  DeviceStatusChangedV1,
  formatIssues,
  GatewayPresenceV1,
  natsStreams,
  natsSubjects,
  type Incident,
  type IncidentEvent,
  type IncidentEventName,
  type TimelineEntry,
} from '@ioc/contracts';
import {
  applySystemAction,
  awaitingTick,
  decommissionSignals,
  gatewayKey,
  onSignal,
  onTick,
  signalFromPresence,
  signalFromStatusChange,
  signalsFromDeviceMessage,
  type ConditionState,
  type Decision,
  type IncidentPolicy,
  type Signal,
} from '@ioc/incidents';
import { decodeText, ensureDurableConsumer, errorMessage, JsonLogger, Metrics, publishJson, runBatchLoop, SerialQueue } from '@ioc/platform';
import type { Counter } from 'prom-client';
import { INCIDENT_DATA_SOURCE } from './database';
import { INCIDENT_CONFIG, type IncidentConfig } from './incident.config';
import { readIncident, toIncident, type IncidentRow } from './incident.read';
import { MaintenanceWindows, type ActiveWindows } from './maintenance';

export const INCIDENT_NATS = Symbol('INCIDENT_NATS');
export const INCIDENT_LOGGER = Symbol('INCIDENT_LOGGER');
export const INCIDENT_POLICY = Symbol('INCIDENT_POLICY');

const EVENT_OF_ACTION = { open: 'incident.opened', repeat: 'incident.updated', reopen: 'incident.updated', auto_resolve: 'incident.resolved' } as const;

/** What one batch or tick decided, to be written in one transaction. */
class Changes {
  readonly conditions = new Map<string, ConditionState>();
  readonly opened = new Map<string, Incident>();
  readonly updated = new Map<string, { incident: Incident; expectedVersion: number | null }>();
  readonly timeline: { incidentId: string; entry: TimelineEntry }[] = [];
  readonly events: { name: IncidentEventName; incidentId: string }[] = [];

  get empty(): boolean {
    return this.conditions.size === 0 && this.opened.size === 0 && this.updated.size === 0;
  }
}

@Injectable()
export class SignalProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loops: { stop(): Promise<void> }[] = [];
  /** Batches, sweeps/ticks and register changes run one at a time, in order. */
  private readonly serial = new SerialQueue();
  private tickTimer?: NodeJS.Timeout;
  private readonly schema: string;
  private readonly subjects;
  private readonly statusChangePrefix: string;
  private readonly presencePrefix: string;
  /** Keys with a condition row: an `end` for any other key has nothing to end. */
  private readonly knownKeys = new Set<string>();
  /** Gateways with a standing gateway_offline condition. */
  private readonly gatewaysDown = new Set<string>();
  /**
   * Messages waiting in each consumer. Ticks wait until it is at most one batch: while a
   * backlog is applied, a debounce could seem to have passed for a condition whose `end`
   * is still queued; under steady traffic a batch or less is always in flight.
   */
  private readonly backlog = new Map<string, number>();
  private lastOutboxPrune = 0;
  private readonly signalsCounter: Counter<'type' | 'phase'>;
  private readonly actionsCounter: Counter<'action'>;
  private readonly dropped: Counter<'reason'>;

  constructor(
    @Inject(INCIDENT_CONFIG) private readonly config: IncidentConfig,
    @Inject(INCIDENT_NATS) private readonly nc: NatsConnection,
    @Inject(INCIDENT_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(INCIDENT_LOGGER) private readonly logger: JsonLogger,
    @Inject(INCIDENT_POLICY) private readonly policy: IncidentPolicy,
    private readonly maintenance: MaintenanceWindows,
    metrics: Metrics,
  ) {
    this.schema = config.DB_SCHEMA;
    this.subjects = natsSubjects(config.NATS_PREFIX);
    // `….>` → `….`
    this.statusChangePrefix = this.subjects.deviceStatusChangedAll.slice(0, -1);
    this.presencePrefix = this.subjects.gatewayPresenceAll.slice(0, -1);
    this.signalsCounter = metrics.counter('ioc_incident_signals_total', 'Signals applied to conditions, by incident type and phase', ['type', 'phase']);
    this.actionsCounter = metrics.counter('ioc_incident_actions_total', 'Incidents opened, repeated, reopened and auto-resolved', ['action']);
    this.dropped = metrics.counter('ioc_incident_dropped_total', 'Bus messages the incident service could not use, by reason', ['reason']);
  }

  async onApplicationBootstrap(): Promise<void> {
    const rows: { key: string; standing: boolean }[] = await this.ds.query(`SELECT key, standing FROM "${this.schema}".conditions`);
    for (const r of rows) {
      this.knownKeys.add(r.key);
      const gw = /^gateway:(.+):gateway_offline$/.exec(r.key);
      if (gw?.[1] && r.standing) this.gatewaysDown.add(gw[1]);
    }
    const streams = natsStreams(this.config.NATS_PREFIX);
    const js = this.nc.jetstream();
    // A batch lost with a crashed copy comes back after ackWait: short, so a restart catches up quickly.
    await ensureDurableConsumer(this.nc, { stream: streams.device.name, durable: 'incident', ackWaitS: 10 });
    await ensureDurableConsumer(this.nc, { stream: streams.state.name, durable: 'incident', filterSubjects: [this.subjects.deviceStatusChangedAll], ackWaitS: 10 });
    const jsm = await this.nc.jetstreamManager();
    for (const stream of [streams.device.name, streams.state.name]) {
      const info = await jsm.consumers.info(stream, 'incident');
      // Delivered to a copy that died and not acked: it comes back after ackWait.
      this.backlog.set(stream, info.num_pending + info.num_ack_pending);
      this.loops.push(
        runBatchLoop(js, stream, 'incident', {
          maxMessages: this.config.INCIDENT_BATCH_SIZE,
          logger: this.logger,
          handle: (batch) =>
            this.serial.run(async () => {
              await this.processBatch(batch);
              this.backlog.set(stream, batch[batch.length - 1]?.info.pending ?? 0);
            }),
        }),
      );
    }
    this.tickTimer = setInterval(() => {
      void this.serial.run(() => this.tick()).catch((err) => this.logger.event('error', 'incident tick failed', { error: errorMessage(err) }));
    }, this.config.INCIDENT_TICK_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.tickTimer);
    await Promise.all(this.loops.map((l) => l.stop()));
    await this.serial.idle();
  }


  // ── input ───────────────────────────────────────────────────────────────────────────

  private parse(m: JsMsg): unknown {
    try {
      return JSON.parse(decodeText(m.data));
    } catch {
      return undefined;
    }
  }

  private drop(reason: string, subject: string, detail: string): void {
    this.dropped.inc({ reason });
    this.logger.event('warn', 'bus message not used', { reason, subject, detail });
  }

  private async signalsOf(batch: JsMsg[]): Promise<Signal[]> {
    const signals: Signal[] = [];
    for (const m of batch) {
      const body = this.parse(m);
      if (m.subject.startsWith(this.statusChangePrefix)) {
        const parsed = DeviceStatusChangedV1.parse(body);
        if (!parsed.ok) {
          this.drop('schema_violation', m.subject, formatIssues(parsed.issues));
          continue;
        }
        const signal = signalFromStatusChange(parsed.value);
        if (signal) signals.push(signal);
        if (parsed.value.to === 'decommissioned') {
          const conditions = await this.conditionsOfDevice(parsed.value.deviceId);
          signals.push(...decommissionSignals(parsed.value, conditions));
        }
      } else if (m.subject.startsWith(this.presencePrefix)) {
        const parsed = GatewayPresenceV1.parse(body);
        if (parsed.ok) signals.push(signalFromPresence(parsed.value));
        else this.drop('schema_violation', m.subject, formatIssues(parsed.issues));
      } else {
        const parsed = DeviceMessageV1.parse(body);
        if (parsed.ok) signals.push(...signalsFromDeviceMessage(parsed.value, this.policy));
        else this.drop('schema_violation', m.subject, formatIssues(parsed.issues));
      }
    }
    // Most traffic restates that all is well: an end or level restatement for a key that
    // has never had a condition has nothing to change.
    return signals.filter((s) => s.phase !== 'end' || this.knownKeys.has(s.key));
  }

  private async conditionsOfDevice(deviceId: string): Promise<ConditionState[]> {
    const rows: { state: ConditionState }[] = await this.ds.query(`SELECT state FROM "${this.schema}".conditions WHERE key LIKE $1`, [
      `device:${deviceId.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`,
    ]);
    return rows.map((r) => r.state);
  }

  private async processBatch(batch: JsMsg[]): Promise<void> {
    const signals = await this.signalsOf(batch);
    if (signals.length > 0) {
      const now = Date.now();
      const { conditions, incidents } = await this.load([...new Set(signals.map((s) => s.key))]);
      const windows = await this.maintenance.around(now, now);
      const changes = new Changes();
      for (const signal of signals) {
        const current = conditions.get(signal.key);
        const incident = current?.incidentId ? incidents.get(current.incidentId) : undefined;
        const decision = onSignal(current, incident, signal, this.context(signal, windows, now));
        this.signalsCounter.inc({ type: signal.type, phase: signal.phase });
        this.apply(decision, conditions, incidents, changes);
      }
      await this.write(changes);
    }
    for (const m of batch) m.ack();
    await this.publishPending();
  }

  /** Conditions waiting for time to pass (debounce, a window's end, the gateway's return). */
  private async tick(): Promise<void> {
    if ([...this.backlog.values()].some((n) => n > this.config.INCIDENT_BATCH_SIZE)) return this.publishPending();
    const rows: { state: ConditionState }[] = await this.ds.query(`SELECT state FROM "${this.schema}".conditions WHERE waiting`);
    if (rows.length > 0) {
      const now = Date.now();
      const conditions = new Map(rows.map((r) => [r.state.key, r.state]));
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

  private async load(keys: string[], extraIncidentIds: string[] = []): Promise<{ conditions: Map<string, ConditionState>; incidents: Map<string, Incident> }> {
    const rows: { state: ConditionState }[] = keys.length
      ? await this.ds.query(`SELECT state FROM "${this.schema}".conditions WHERE key = ANY($1)`, [keys])
      : [];
    const conditions = new Map(rows.map((r) => [r.state.key, r.state]));
    const ids = [...new Set([...rows.map((r) => r.state.incidentId), ...extraIncidentIds].filter((id): id is string => id !== null))];
    const incidentRows: IncidentRow[] = ids.length ? await this.ds.query(`SELECT * FROM "${this.schema}".incidents WHERE id = ANY($1)`, [ids]) : [];
    return { conditions, incidents: new Map(incidentRows.map((r) => [r.id, toIncident(r)])) };
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

  private async write(changes: Changes): Promise<void> {
    if (changes.empty) return;
    const s = `"${this.schema}"`;
    const skipped = new Set<string>();
    await this.ds.transaction(async (em) => {
      for (const incident of changes.opened.values()) await insertIncident(em, s, incident);
      for (const { incident, expectedVersion } of changes.updated.values()) {
        // An operator may have acted since the incident was loaded: the system's change
        // (auto-resolve, reopen) applies only to the version it decided on.
        const ok = await updateIncident(em, s, incident, expectedVersion);
        if (!ok) skipped.add(incident.id);
      }
      const entries = changes.timeline.filter((t) => !skipped.has(t.incidentId));
      if (entries.length) {
        await em.query(
          `INSERT INTO ${s}.incident_timeline (incident_id, at, actor, action, note)
           SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[])`,
          [entries.map((t) => t.incidentId), entries.map((t) => t.entry.at), entries.map((t) => t.entry.actor), entries.map((t) => t.entry.action), entries.map((t) => t.entry.note)],
        );
      }
      const conditions = [...changes.conditions.values()];
      if (conditions.length) {
        await em.query(
          `INSERT INTO ${s}.conditions (key, standing, waiting, state, updated_at)
           SELECT u.key, u.standing, u.waiting, u.state, now() FROM unnest($1::text[], $2::boolean[], $3::boolean[], $4::jsonb[]) AS u(key, standing, waiting, state)
           ON CONFLICT (key) DO UPDATE SET standing = EXCLUDED.standing, waiting = EXCLUDED.waiting, state = EXCLUDED.state, updated_at = now()`,
          [conditions.map((c) => c.key), conditions.map((c) => c.standing), conditions.map((c) => awaitingTick(c)), conditions.map((c) => JSON.stringify(c))],
        );
      }
      const incidents = new Map([...changes.opened, ...[...changes.updated].map(([id, u]) => [id, u.incident] as const)]);
      await this.enqueue(
        em,
        changes.events.filter((e) => !skipped.has(e.incidentId)).flatMap((e) => {
          const incident = incidents.get(e.incidentId);
          return incident ? [{ name: e.name, incident }] : [];
        }),
      );
    });
    for (const c of changes.conditions.values()) {
      this.knownKeys.add(c.key);
      if (c.key === gatewayKey(c.gatewayId, 'gateway_offline')) {
        if (c.standing) this.gatewaysDown.add(c.gatewayId);
        else this.gatewaysDown.delete(c.gatewayId);
      }
    }
    if (skipped.size) this.logger.event('info', 'system change skipped: an operator changed the incident first', { incidents: [...skipped] });
  }

  /** Adds incident events to the outbox (same transaction as the change). */
  async enqueue(em: EntityManager, events: { name: IncidentEventName; incident: Incident }[]): Promise<void> {
    if (events.length === 0) return;
    const at = new Date().toISOString();
    const rows = events.map(({ name, incident }) => {
      const { timeline: _omit, ...withoutTimeline } = incident;
      const event: IncidentEvent = { event: name, eventId: randomUUID(), at, incident: withoutTimeline };
      return { id: event.eventId, subject: this.subjects.incidentEvent(incident.areaCode), payload: JSON.stringify(event) };
    });
    await em.query(
      `INSERT INTO "${this.schema}".outbox (event_id, subject, payload) SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[])`,
      [rows.map((r) => r.id), rows.map((r) => r.subject), rows.map((r) => r.payload)],
    );
  }

  /** Publishes what the outbox holds, in order; what fails stays for the next tick. */
  async publishPending(): Promise<void> {
    // Published events are kept a day for diagnosis, then go.
    if (Date.now() - this.lastOutboxPrune > 3_600_000) {
      this.lastOutboxPrune = Date.now();
      await this.ds.query(`DELETE FROM "${this.schema}".outbox WHERE published_at < now() - interval '1 day'`);
    }
    const rows: { event_id: string; subject: string; payload: unknown }[] = await this.ds.query(
      `SELECT event_id, subject, payload FROM "${this.schema}".outbox WHERE published_at IS NULL ORDER BY created_at, event_id LIMIT 1000`,
    );
    if (rows.length === 0) return;
    const js = this.nc.jetstream();
    const done: string[] = [];
    try {
      for (const r of rows) {
        await publishJson(js, r.subject, r.payload, r.event_id);
        done.push(r.event_id);
      }
    } catch (err) {
      this.logger.event('warn', 'publishing incident events failed; will retry', { error: errorMessage(err), pending: rows.length - done.length });
    }
    if (done.length) await this.ds.query(`UPDATE "${this.schema}".outbox SET published_at = now() WHERE event_id = ANY($1)`, [done]);
  }

  /** For operator actions: reads an incident as the processor sees it. */
  read(id: string): Promise<Incident | undefined> {
    return readIncident(this.ds, this.schema, id, true);
  }

  /** Runs `work` in turn with batches and ticks (operator actions change the same rows). */
  inTurn<T>(work: () => Promise<T>): Promise<T> {
    return this.serial.run(work);
  }
}

async function insertIncident(em: EntityManager, s: string, i: Incident): Promise<void> {
  await em.query(
    `INSERT INTO ${s}.incidents (id, dedup_key, type, severity, status, area_code, gateway_id, device_id, title, count, first_seen_at, last_seen_at,
        opened_at, reopen_count, escalation_level, version, snapshot_url)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
    [i.id, i.dedupKey, i.type, i.severity, i.status, i.areaCode, i.gatewayId, i.deviceId, i.title, i.count, i.firstSeenAt, i.lastSeenAt, i.openedAt, i.reopenCount, i.escalationLevel, i.version, i.snapshotUrl],
  );
}

/** Writes an incident's mutable fields; with `expectedVersion`, only if it still has it. */
export async function updateIncident(em: EntityManager, s: string, i: Incident, expectedVersion: number | null): Promise<boolean> {
  const result: [unknown[], number] = await em.query(
    `UPDATE ${s}.incidents SET status = $2, count = $3, last_seen_at = $4, acknowledged_at = $5, acknowledged_by = $6, assigned_to = $7,
        resolved_at = $8, resolved_by = $9, resolution_code = $10, resolution_note = $11, closed_at = $12, reopen_count = $13,
        escalation_level = $14, version = $15, snapshot_url = $16, updated_at = now()
     WHERE id = $1 ${expectedVersion === null ? '' : 'AND version = $17'}`,
    [
      i.id,
      i.status,
      i.count,
      i.lastSeenAt,
      i.acknowledgedAt,
      i.acknowledgedBy,
      i.assignedTo,
      i.resolvedAt,
      i.resolvedBy,
      i.resolutionCode,
      i.resolutionNote,
      i.closedAt,
      i.reopenCount,
      i.escalationLevel,
      i.version,
      i.snapshotUrl,
      ...(expectedVersion === null ? [] : [expectedVersion]),
    ],
  );
  return result[1] > 0;
}

