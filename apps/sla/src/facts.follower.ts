// Keeps the SLA service's copies of what it measures, from the bus: device status
// transitions (the only source of availability: never sampling), devices and key areas
// (installation, decommissioning, contractor, district), and incidents (response times,
// escalation). One durable consumer `sla` on the state stream from its beginning, so the
// copies catch up after downtime; every write is idempotent (transition id, upserts).
// A second, `sla-monitoring`, keeps the monitoring beats of ingest and the registry as
// monitoring sessions: when the platform was watching at all (decision 0022).
// Devices and areas are also read in pages from the registry at start (the demo seed and
// changes older than the stream reach the SLA service that way).
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { JsMsg } from 'nats';
import {
  DeviceStatusChangedV1,
  DeviceV1,
  formatIssues,
  IncidentEventV1,
  KeyAreaV1,
  MonitoringBeatV1,
  type MonitoringBeat,
  natsStreams,
  natsSubjects,
  RegisterChangedV1,
  type Device,
  type DeviceStatusChanged,
  type Incident,
  type KeyArea,
} from '@ioc/contracts';
import { decodeJson, JetStreamConsumers, JsonLogger, Metrics, NatsOperationsClient, readRegisterPages, type RegisterPageRequest, untilRegistryAnswers } from '@ioc/platform';
import type { Counter } from 'prom-client';
import { SlaFactsRepository } from './facts.repository';
import { SLA_CONFIG, SLA_LOGGER } from './sla.tokens';
import { Escalations } from './escalations.service';
import type { SlaConfig } from './sla.config';

@Injectable()
export class FactsFollower implements OnApplicationBootstrap {
  private readonly subjects;
  private readonly dropped: Counter<'reason'>;

  constructor(
    @Inject(SLA_CONFIG) private readonly config: SlaConfig,
    private readonly consumers: JetStreamConsumers,
    private readonly facts: SlaFactsRepository,
    @Inject(SLA_LOGGER) private readonly logger: JsonLogger,
    private readonly requests: NatsOperationsClient,
    private readonly escalations: Escalations,
    metrics: Metrics,
  ) {
    this.subjects = natsSubjects(config.NATS_PREFIX);
    this.dropped = metrics.counter('ioc_sla_dropped_total', 'Bus messages the SLA service could not use, by reason', ['reason']);
  }

  async onApplicationBootstrap(): Promise<void> {
    const streams = natsStreams(this.config.NATS_PREFIX);
    const beats = await this.consumers.declare({ stream: streams.monitoring.name, durable: 'sla-monitoring', filterSubjects: [this.subjects.monitoringBeatAll], ackWaitS: 30, maxMessages: 500 });
    beats.start((batch) => this.handleBeats(batch));
    const consumer = await this.consumers.declare({ stream: streams.state.name, durable: 'sla', filterSubjects: [this.subjects.stateAll], ackWaitS: 30, maxMessages: 500 });
    // The registry may still be starting: wait for it, saying so.
    await untilRegistryAnswers(() => this.loadRegister(), this.logger);
    consumer.start((batch) => this.handle(batch));
  }


  private async loadRegister(): Promise<void> {
    const timeout = this.config.SLA_LOAD_TIMEOUT_MS;
    const request: RegisterPageRequest = (operation, body, reply) => this.requests.request(`registry.v1.${operation}`, body, reply, timeout);
    await readRegisterPages(request, { areas: (page) => this.facts.putAreas(page), devices: (page) => this.facts.putDevices(page) });
  }

  private async handle(batch: JsMsg[]): Promise<void> {
    const transitions: DeviceStatusChanged[] = [];
    const devices: Device[] = [];
    const areas: KeyArea[] = [];
    const incidents = new Map<string, Incident>();
    const prefix = (all: string) => all.slice(0, -1);
    for (const m of batch) {
      const body = decodeJson(m.data);
      if (m.subject.startsWith(prefix(this.subjects.deviceStatusChangedAll))) {
        const parsed = DeviceStatusChangedV1.parse(body);
        if (parsed.ok) transitions.push(parsed.value);
        else this.drop(m.subject, formatIssues(parsed.issues));
      } else if (m.subject.startsWith(prefix(this.subjects.incidentEventAll))) {
        const parsed = IncidentEventV1.parse(body);
        if (!parsed.ok) {
          this.drop(m.subject, formatIssues(parsed.issues));
          continue;
        }
        // The newest version of each incident in the batch (a batch may hold several).
        const known = incidents.get(parsed.value.incident.id);
        if (!known || known.version <= parsed.value.incident.version) incidents.set(parsed.value.incident.id, parsed.value.incident);
      } else if (m.subject.startsWith(prefix(this.subjects.registerChangedAll))) {
        const parsed = RegisterChangedV1.parse(body);
        if (!parsed.ok) this.drop(m.subject, formatIssues(parsed.issues));
        else if (parsed.value.entityType === 'device') {
          const device = DeviceV1.safeParse(parsed.value.after);
          if (device.success) devices.push(device.data);
        } else if (parsed.value.entityType === 'key_area') {
          const area = KeyAreaV1.safeParse(parsed.value.after);
          if (area.success) areas.push(area.data);
        }
      }
    }
    const written = await this.facts.transaction(async (em) => {
      await this.facts.addTransitions(em, transitions);
      await this.facts.putAreas(areas, em);
      await this.facts.putDevices(devices, em);
      return this.facts.putIncidents(em, [...incidents.values()]);
    });
    for (const m of batch) m.ack();
    // After the commit: a job never runs ahead of the row it reads. An incident event older
    // than the copy (another copy of this service wrote a newer one) schedules nothing.
    for (const incident of incidents.values()) if (written.has(incident.id)) await this.escalations.follow(incident);
  }

  private async handleBeats(batch: JsMsg[]): Promise<void> {
    const beats: MonitoringBeat[] = [];
    for (const m of batch) {
      const body = decodeJson(m.data);
      const parsed = MonitoringBeatV1.parse(body);
      if (parsed.ok) beats.push(parsed.value);
      else this.drop(m.subject, formatIssues(parsed.issues));
    }
    await this.facts.transaction((em) => this.facts.addBeats(em, beats));
    for (const m of batch) m.ack();
  }

  private drop(subject: string, detail: string): void {
    this.dropped.inc({ reason: 'schema_violation' });
    this.logger.event('warn', 'bus message not used', { subject, detail });
  }
}
