// The coverage service's copy of the register (key areas with checkpoints, devices with
// their status) and the coverage index built from it (@ioc/coverage). At start it reads
// the register in pages from the registry; then it follows the bus: register changes and
// device status changes each update the index incrementally, and every area whose figures
// changed is published as `coverage.updated.v1` (realtime pushes it to the area's room).
//
// The bus is read through an ordered consumer (the platform's JetStreamConsumers, no
// durable) declared before the register is read, with "deliver new": nothing published
// meanwhile is missed, and what was already read is applied again harmlessly (upserts).
// Each copy of the service has its own.
//
// Several copies (decision 0024): every copy follows the same messages in the same order
// and computes the same figures, and publishes each `coverage.updated` with a message id
// made of the area and the stream sequence of the change that moved it (or the day, for the
// midnight recompute). JetStream keeps the first and drops the others' repeats, so each
// change is pushed once however many copies run, and still pushed if one of them dies.
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { JsMsg, NatsConnection } from 'nats';
import {
  CheckpointV1,
  DeviceStatusChangedV1,
  DeviceV1,
  formatIssues,
  KeyAreaV1,
  natsStreams,
  natsSubjects,
  RegisterChangedV1,
  type CoverageUpdated,
  type Device,
  type KeyArea,
  type RegisterChanged,
} from '@ioc/contracts';
import {
  CoverageIndex,
  coverageAreaFromRegister,
  coverageCheckpointFromRegister,
  coverageDeviceFromRegister,
  type ChangedAreas,
} from '@ioc/coverage';
import { decodeJson, errorMessage, JetStreamConsumers, JsonLogger, Metrics, NatsOperationsClient, publishJson, readRegisterPages, type RegisterPageRequest, untilRegistryAnswers } from '@ioc/platform';
import type { Counter } from 'prom-client';
import type { CoverageConfig } from './coverage.config';
import { localDate } from './local-time';
import { COVERAGE_CONFIG, COVERAGE_LOGGER, COVERAGE_NATS } from './coverage.tokens';

@Injectable()
export class CoverageState implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly index = new CoverageIndex();
  /** The register as last seen, for exports and for re-deriving devices. */
  readonly areas = new Map<string, KeyArea>();
  readonly devices = new Map<string, Device>();
  /** The day "installed" is judged on; moves at local midnight (see refreshDay). */
  private asOfDate: string;
  private ready = false;
  /** Moves the day at local midnight in every copy, not only the one that takes the snapshot. */
  private dayTimer?: NodeJS.Timeout;
  private readonly subjects;
  private readonly applied: Counter<'kind'>;
  private readonly dropped: Counter<'reason'>;
  private readonly published: Counter;

  constructor(
    @Inject(COVERAGE_CONFIG) private readonly config: CoverageConfig,
    @Inject(COVERAGE_NATS) private readonly nc: NatsConnection,
    private readonly consumers: JetStreamConsumers,
    @Inject(COVERAGE_LOGGER) private readonly logger: JsonLogger,
    private readonly requests: NatsOperationsClient,
    metrics: Metrics,
  ) {
    this.subjects = natsSubjects(config.NATS_PREFIX);
    this.asOfDate = localDate(new Date(), config.COVERAGE_TIME_ZONE);
    this.applied = metrics.counter('ioc_coverage_changes_applied_total', 'Register and status changes applied to the coverage index', ['kind']);
    this.dropped = metrics.counter('ioc_coverage_dropped_total', 'Bus messages the coverage service could not use, by reason', ['reason']);
    this.published = metrics.counter('ioc_coverage_updates_published_total', 'coverage.updated facts published (one per area whose figures changed)');
  }

  /** For /health: the register has been read and the bus is followed. */
  check = async (): Promise<void> => {
    if (!this.ready) throw new Error('the register has not been loaded yet');
  };

  async onApplicationBootstrap(): Promise<void> {
    // Ordered (no durable): buffers from here on, while the register is read.
    const consumer = await this.consumers.declare({
      stream: natsStreams(this.config.NATS_PREFIX).state.name,
      // One filter: NATS 2.9 takes no more per consumer.
      filterSubjects: [this.subjects.stateAll],
      deliverNew: true,
      maxMessages: 256,
    });
    // The registry may still be starting: wait for it, saying so.
    await untilRegistryAnswers(() => this.loadRegister(), this.logger);
    this.ready = true;
    consumer.start((batch) => this.follow(batch));
    this.dayTimer = setInterval(() => {
      this.refreshDay().catch((err) => this.logger.event('error', 'moving coverage to the new day failed', { error: errorMessage(err) }));
    }, 60_000);
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.dayTimer);
  }

  private async loadRegister(): Promise<void> {
    const started = Date.now();
    const timeout = this.config.COVERAGE_LOAD_TIMEOUT_MS;
    const request: RegisterPageRequest = (operation, body, reply) => this.requests.request(`registry.v1.${operation}`, body, reply, timeout);
    await readRegisterPages(request, {
      areas: (page) => page.forEach((area) => this.areas.set(area.code, area)),
      devices: (page) => page.forEach((device) => this.devices.set(device.id, device)),
    });
    this.rebuild();
    this.logger.event('info', 'register loaded', { index: this.index.stats(), ms: Date.now() - started });
  }

  /** Recomputes everything from the register copy (at start, and when the day changes). */
  private rebuild(): void {
    const areas = [...this.areas.values()];
    this.index.load(
      areas.map(coverageAreaFromRegister),
      areas.flatMap((a) => a.checkpoints.map(coverageCheckpointFromRegister)),
      [...this.devices.values()].flatMap((d) => coverageDeviceFromRegister(d, this.asOfDate) ?? []),
    );
  }

  /**
   * A device installed "tomorrow" becomes installed at local midnight: the daily snapshot
   * calls this first, so the day's figures count what is installed on that day.
   */
  async refreshDay(now = new Date()): Promise<void> {
    const day = localDate(now, this.config.COVERAGE_TIME_ZONE);
    if (day === this.asOfDate) return;
    this.asOfDate = day;
    const before = new Map(this.index.allAreaCoverage().map((a) => [a.areaCode, JSON.stringify(a)]));
    this.rebuild();
    const changed = new Set(this.index.allAreaCoverage().filter((a) => before.get(a.areaCode) !== JSON.stringify(a)).map((a) => a.areaCode));
    await this.announce(changed, `day-${day}`);
  }

  private async follow(batch: JsMsg[]): Promise<void> {
    for (const m of batch) {
      try {
        await this.announce(this.apply(m), `seq-${m.info.streamSequence}`);
      } catch (err) {
        this.dropped.inc({ reason: 'failed' });
        this.logger.event('error', 'applying a change to coverage failed', { subject: m.subject, error: errorMessage(err) });
      }
      m.ack();
    }
  }

  private apply(m: JsMsg): ChangedAreas {
    if (!m.subject.startsWith(this.subjects.registerChangedAll.slice(0, -1)) && !m.subject.startsWith(this.subjects.deviceStatusChangedAll.slice(0, -1))) {
      return new Set();
    }
    const body = decodeJson(m.data);
    if (m.subject.startsWith(this.subjects.deviceStatusChangedAll.slice(0, -1))) {
      const parsed = DeviceStatusChangedV1.parse(body);
      if (!parsed.ok) return this.drop('schema_violation', m.subject, formatIssues(parsed.issues));
      const device = this.devices.get(parsed.value.deviceId);
      if (!device) return new Set();
      this.applied.inc({ kind: 'status' });
      return this.putDevice({ ...device, status: parsed.value.to, statusSince: parsed.value.at });
    }
    const parsed = RegisterChangedV1.parse(body);
    if (!parsed.ok) return this.drop('schema_violation', m.subject, formatIssues(parsed.issues));
    this.applied.inc({ kind: parsed.value.entityType });
    return this.applyRegisterChange(parsed.value, m.subject);
  }

  private applyRegisterChange(change: RegisterChanged, subject: string): ChangedAreas {
    switch (change.entityType) {
      case 'device': {
        const device = DeviceV1.safeParse(change.after);
        if (!device.success) return this.drop('schema_violation', subject, `device ${change.entityId}: not a device record`);
        const known = this.devices.get(device.data.id);
        // A register record carries the status as it was when written; a newer one from the
        // status stream wins.
        const status = known && known.statusSince && (!device.data.statusSince || known.statusSince > device.data.statusSince) ? known : device.data;
        return this.putDevice({ ...device.data, status: status.status, statusSince: status.statusSince });
      }
      case 'checkpoint': {
        const [areaCode = '', id = ''] = change.entityId.split('/');
        const area = this.areas.get(areaCode);
        if (change.after === null) {
          if (area) this.areas.set(areaCode, { ...area, checkpoints: area.checkpoints.filter((c) => c.id !== id) });
          return this.index.removeCheckpoint(areaCode, id);
        }
        const checkpoint = CheckpointV1.safeParse(change.after);
        if (!checkpoint.success) return this.drop('schema_violation', subject, `checkpoint ${change.entityId}: not a checkpoint record`);
        if (area) this.areas.set(areaCode, { ...area, checkpoints: [...area.checkpoints.filter((c) => c.id !== id), checkpoint.data] });
        return this.index.upsertCheckpoint(coverageCheckpointFromRegister(checkpoint.data));
      }
      case 'key_area': {
        const area = KeyAreaV1.safeParse(change.after);
        if (!area.success) return this.drop('schema_violation', subject, `key area ${change.entityId}: not a key area record`);
        this.areas.set(area.data.code, area.data);
        const changed = new Set(this.index.upsertArea(coverageAreaFromRegister(area.data)));
        for (const c of area.data.checkpoints) for (const code of this.index.upsertCheckpoint(coverageCheckpointFromRegister(c))) changed.add(code);
        return changed;
      }
      default:
        return new Set();
    }
  }

  private putDevice(device: Device): ChangedAreas {
    this.devices.set(device.id, device);
    const forCoverage = coverageDeviceFromRegister(device, this.asOfDate);
    return forCoverage ? this.index.upsertDevice(forCoverage) : this.index.removeDevice(device.id);
  }

  private drop(reason: string, subject: string, detail: string): ChangedAreas {
    this.dropped.inc({ reason });
    this.logger.event('warn', 'bus message not used', { reason, subject, detail });
    return new Set();
  }

  /**
   * Publishes the new figures of each changed area; `cause` (the change's stream sequence,
   * or the day) makes the message id every copy gives the same update.
   */
  private async announce(areaCodes: Iterable<string>, cause: string): Promise<void> {
    const js = this.nc.jetstream();
    const at = new Date().toISOString();
    for (const code of areaCodes) {
      const coverage = this.index.areaCoverage(code);
      const fact: CoverageUpdated = { at, coverage };
      const ack = await publishJson(js, this.subjects.coverageUpdated(code), fact, `coverage-${code}-${cause}`);
      if (!ack.duplicate) this.published.inc();
    }
  }
}
