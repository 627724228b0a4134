// Pushes state changes from NATS to the /ops rooms of their areas. One durable consumer
// shared by every realtime copy: each change is emitted once, through the Redis adapter,
// to every copy's clients. Area rooms hold only sockets whose user has the area in scope
// (OpsGateway checks at subscribe), so a push reaches nobody outside its area's scope.
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CoverageUpdatedV1, DeviceStatusChangedV1, formatIssues, IncidentEventV1, SlaBreachV1, type OpsCoverage, type OpsSlaBreach, natsStreams, natsSubjects, OPS_EVENTS, type OpsDeviceStatus, type OpsIncident } from '@ioc/contracts';
import { DEFAULT_LANG, localizeIncident } from '@ioc/i18n';
import { decodeJson, JetStreamConsumers, JsonLogger, observeSinceStored } from '@ioc/platform';
import { AreaSequence } from './area-sequence';
import { areaRoom, OpsGateway } from './ops.gateway';
import type { RealtimeConfig } from './realtime.config';
import { RealtimeMetrics } from './realtime.metrics';
import { REALTIME_CONFIG, REALTIME_LOGGER } from './realtime.tokens';

@Injectable()
export class StateFanout implements OnApplicationBootstrap {
  private readonly statusPrefix: string;
  private readonly incidentPrefix: string;
  private readonly coveragePrefix: string;
  private readonly slaPrefix: string;

  constructor(
    @Inject(REALTIME_CONFIG) private readonly config: RealtimeConfig,
    private readonly consumers: JetStreamConsumers,
    @Inject(REALTIME_LOGGER) private readonly logger: JsonLogger,
    private readonly gateway: OpsGateway,
    private readonly sequence: AreaSequence,
    private readonly metrics: RealtimeMetrics,
  ) {
    const subjects = natsSubjects(config.NATS_PREFIX);
    // `….>` → `….`
    this.statusPrefix = subjects.deviceStatusChangedAll.slice(0, -1);
    this.incidentPrefix = subjects.incidentEventAll.slice(0, -1);
    this.coveragePrefix = subjects.coverageUpdatedAll.slice(0, -1);
    this.slaPrefix = subjects.slaBreachAll.slice(0, -1);
  }

  async onApplicationBootstrap(): Promise<void> {
    const stream = natsStreams(this.config.NATS_PREFIX).state.name;
    await this.consumers.consume(
      {
        stream,
        durable: 'realtime',
        // Every state fact (device status, incidents); NATS 2.9 takes one filter per consumer.
        filterSubjects: [natsSubjects(this.config.NATS_PREFIX).stateAll],
        // Browsers get state from snapshots; a push backlog older than the consumer is useless.
        deliverNew: true,
        ackWaitS: 10,
        maxMessages: 256,
      },
      async (batch) => {
        for (const m of batch) {
          const body = decodeJson(m.data);
          const pushed = m.subject.startsWith(this.incidentPrefix)
            ? await this.pushIncident(body)
            : m.subject.startsWith(this.statusPrefix)
              ? await this.pushStatus(body)
              : m.subject.startsWith(this.coveragePrefix)
                ? await this.pushCoverage(body)
                : m.subject.startsWith(this.slaPrefix)
                  ? await this.pushBreach(body)
                  : true;
          if (pushed) {
            observeSinceStored(this.metrics.stages, m.subject.startsWith(this.incidentPrefix) ? 'incident_to_push' : 'state_to_push', [m]);
            m.ack();
          } else {
            this.logger.event('warn', 'state change not pushed', { subject: m.subject });
            m.term();
          }
        }
      },
    );
  }

  private async pushStatus(body: unknown): Promise<boolean> {
    const parsed = DeviceStatusChangedV1.parse(body);
    if (!parsed.ok) return this.invalid(formatIssues(parsed.issues));
    const change = parsed.value;
    const push: OpsDeviceStatus = { ...change, seq: await this.sequence.next(change.areaCode) };
    this.gateway.server.to(areaRoom(change.areaCode)).emit(OPS_EVENTS.deviceStatus, push);
    this.metrics.pushed.inc({ event: OPS_EVENTS.deviceStatus });
    return true;
  }

  private async pushIncident(body: unknown): Promise<boolean> {
    const parsed = IncidentEventV1.parse(body);
    if (!parsed.ok) return this.invalid(formatIssues(parsed.issues));
    const event = parsed.value;
    // The room's language: Vietnamese (the title from the type, the system's notes translated).
    const push: OpsIncident = { ...event, incident: localizeIncident(event.incident, DEFAULT_LANG), seq: await this.sequence.next(event.incident.areaCode) };
    this.gateway.server.to(areaRoom(event.incident.areaCode)).emit(event.event, push);
    this.metrics.pushed.inc({ event: event.event });
    return true;
  }

  private async pushCoverage(body: unknown): Promise<boolean> {
    const parsed = CoverageUpdatedV1.parse(body);
    if (!parsed.ok) return this.invalid(formatIssues(parsed.issues));
    const code = parsed.value.coverage.areaCode;
    const push: OpsCoverage = { ...parsed.value, seq: await this.sequence.next(code) };
    this.gateway.server.to(areaRoom(code)).emit(OPS_EVENTS.coverageUpdated, push);
    this.metrics.pushed.inc({ event: OPS_EVENTS.coverageUpdated });
    return true;
  }

  private async pushBreach(body: unknown): Promise<boolean> {
    const parsed = SlaBreachV1.parse(body);
    if (!parsed.ok) return this.invalid(formatIssues(parsed.issues));
    const push: OpsSlaBreach = { ...parsed.value, seq: await this.sequence.next(parsed.value.areaCode) };
    this.gateway.server.to(areaRoom(parsed.value.areaCode)).emit(OPS_EVENTS.slaBreach, push);
    this.metrics.pushed.inc({ event: OPS_EVENTS.slaBreach });
    return true;
  }

  private invalid(detail: string): false {
    this.metrics.dropped.inc({ reason: 'schema_violation' });
    this.logger.event('warn', 'invalid state change', { detail });
    return false;
  }

}
