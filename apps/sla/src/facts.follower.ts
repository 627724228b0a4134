// Keeps the SLA service's copies of what it measures, from the bus: device status
// transitions (the only source of availability: never sampling), devices and key areas
// (installation, decommissioning, contractor, district), and incidents (response times,
// escalation). One durable consumer `sla` on the state stream from its beginning, so the
// copies catch up after downtime; every write is idempotent (transition id, upserts).
// Devices and areas are also read in pages from the registry at start (the demo seed and
// changes older than the stream reach the SLA service that way).
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { JsMsg, NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import {
  DeviceStatusChangedV1,
  DeviceV1,
  formatIssues,
  IncidentEventV1,
  KeyAreaV1,
  natsStreams,
  natsSubjects,
  RegisterChangedV1,
  type Device,
  type DeviceStatusChanged,
  type Incident,
  type KeyArea,
} from '@ioc/contracts';
import { decodeText, ensureDurableConsumer, JsonLogger, Metrics, NatsOperationsClient, readRegisterPages, type RegisterPageRequest, runBatchLoop, untilRegistryAnswers } from '@ioc/platform';
import type { Counter } from 'prom-client';
import { SLA_CONFIG, SLA_DATA_SOURCE, SLA_LOGGER, SLA_NATS } from './sla.tokens';
import { Escalations } from './escalations.service';
import type { SlaConfig } from './sla.config';

@Injectable()
export class FactsFollower implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private loop?: { stop(): Promise<void> };
  private readonly schema: string;
  private readonly subjects;
  private readonly dropped: Counter<'reason'>;

  constructor(
    @Inject(SLA_CONFIG) private readonly config: SlaConfig,
    @Inject(SLA_NATS) private readonly nc: NatsConnection,
    @Inject(SLA_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(SLA_LOGGER) private readonly logger: JsonLogger,
    private readonly requests: NatsOperationsClient,
    private readonly escalations: Escalations,
    metrics: Metrics,
  ) {
    this.schema = config.DB_SCHEMA;
    this.subjects = natsSubjects(config.NATS_PREFIX);
    this.dropped = metrics.counter('ioc_sla_dropped_total', 'Bus messages the SLA service could not use, by reason', ['reason']);
  }

  async onApplicationBootstrap(): Promise<void> {
    const stream = natsStreams(this.config.NATS_PREFIX).state.name;
    await ensureDurableConsumer(this.nc, { stream, durable: 'sla', filterSubjects: [this.subjects.stateAll], ackWaitS: 30 });
    // The registry may still be starting: wait for it, saying so.
    await untilRegistryAnswers(() => this.loadRegister(), this.logger);
    this.loop = runBatchLoop(this.nc.jetstream(), stream, 'sla', { maxMessages: 500, logger: this.logger, handle: (batch) => this.handle(batch) });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
  }

  private async loadRegister(): Promise<void> {
    const timeout = this.config.SLA_LOAD_TIMEOUT_MS;
    const request: RegisterPageRequest = (operation, body, reply) => this.requests.request(`registry.v1.${operation}`, body, reply, timeout);
    await readRegisterPages(request, { areas: (page) => this.putAreas(page), devices: (page) => this.putDevices(page) });
  }

  private async handle(batch: JsMsg[]): Promise<void> {
    const transitions: DeviceStatusChanged[] = [];
    const devices: Device[] = [];
    const areas: KeyArea[] = [];
    const incidents = new Map<string, Incident>();
    const prefix = (all: string) => all.slice(0, -1);
    for (const m of batch) {
      let body: unknown;
      try {
        body = JSON.parse(decodeText(m.data));
      } catch {
        body = undefined;
      }
      if (m.subject.startsWith(prefix(this.subjects.deviceStatusChangedAll))) {
        const parsed = DeviceStatusChangedV1.parse(body);
        if (parsed.ok) transitions.push(parsed.value);
        else this.drop(m.subject, formatIssues(parsed.issues));
      } else if (m.subject.startsWith(prefix(this.subjects.incidentEventAll))) {
        const parsed = IncidentEventV1.parse(body);
        if (parsed.ok) incidents.set(parsed.value.incident.id, parsed.value.incident);
        else this.drop(m.subject, formatIssues(parsed.issues));
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
    await this.ds.transaction(async (em) => {
      if (transitions.length) {
        await em.query(
          `INSERT INTO "${this.schema}".transitions (id, device_id, from_status, to_status, at)
           SELECT * FROM unnest($1::text[], $2::varchar[], $3::text[], $4::text[], $5::timestamptz[]) ON CONFLICT (id) DO NOTHING`,
          [transitions.map((t) => t.transitionId), transitions.map((t) => t.deviceId), transitions.map((t) => t.from), transitions.map((t) => t.to), transitions.map((t) => t.at)],
        );
      }
      await this.putAreas(areas, em);
      await this.putDevices(devices, em);
      await this.putIncidents([...incidents.values()], em);
    });
    for (const m of batch) m.ack();
    // After the commit: a job never runs ahead of the row it reads.
    for (const incident of incidents.values()) await this.escalations.follow(incident);
  }

  private drop(subject: string, detail: string): void {
    this.dropped.inc({ reason: 'schema_violation' });
    this.logger.event('warn', 'bus message not used', { subject, detail });
  }

  private async putAreas(areas: KeyArea[], db: Pick<DataSource, 'query'> = this.ds): Promise<void> {
    if (areas.length === 0) return;
    await db.query(
      `INSERT INTO "${this.schema}".areas (code, name, district) SELECT * FROM unnest($1::varchar[], $2::text[], $3::text[])
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, district = EXCLUDED.district`,
      [areas.map((a) => a.code), areas.map((a) => a.name), areas.map((a) => a.district)],
    );
  }

  private async putDevices(devices: Device[], db: Pick<DataSource, 'query'> = this.ds): Promise<void> {
    if (devices.length === 0) return;
    await db.query(
      `INSERT INTO "${this.schema}".devices (id, area_code, gateway_id, contractor, installed_on, decommissioned_at)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::text[], $5::date[], $6::timestamptz[])
       ON CONFLICT (id) DO UPDATE SET area_code = EXCLUDED.area_code, gateway_id = EXCLUDED.gateway_id, contractor = EXCLUDED.contractor,
         installed_on = EXCLUDED.installed_on, decommissioned_at = COALESCE(EXCLUDED.decommissioned_at, devices.decommissioned_at), updated_at = now()`,
      [
        devices.map((d) => d.id),
        devices.map((d) => d.areaCode),
        devices.map((d) => d.gatewayId),
        devices.map((d) => d.contractor),
        devices.map((d) => d.installedOn),
        devices.map((d) => d.decommissionedAt ?? (d.status === 'decommissioned' ? d.statusSince : null)),
      ],
    );
  }

  private async putIncidents(incidents: Incident[], db: Pick<DataSource, 'query'>): Promise<void> {
    if (incidents.length === 0) return;
    await db.query(
      `INSERT INTO "${this.schema}".incidents (id, type, severity, status, area_code, gateway_id, device_id, opened_at, acknowledged_at, resolved_at, escalation_level)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::varchar[], $6::varchar[], $7::varchar[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::int[])
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, severity = EXCLUDED.severity, opened_at = EXCLUDED.opened_at,
         acknowledged_at = EXCLUDED.acknowledged_at, resolved_at = EXCLUDED.resolved_at,
         escalation_level = GREATEST(incidents.escalation_level, EXCLUDED.escalation_level), updated_at = now()`,
      [
        incidents.map((i) => i.id),
        incidents.map((i) => i.type),
        incidents.map((i) => i.severity),
        incidents.map((i) => i.status),
        incidents.map((i) => i.areaCode),
        incidents.map((i) => i.gatewayId),
        incidents.map((i) => i.deviceId),
        incidents.map((i) => i.openedAt),
        incidents.map((i) => i.acknowledgedAt),
        incidents.map((i) => i.resolvedAt),
        incidents.map((i) => i.escalationLevel),
      ],
    );
  }
}
