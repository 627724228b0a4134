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

/** A state fact ready to push once it has its area's sequence number. */
interface Prepared {
  areaCode: string;
  emit(seq: number): void;
}

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
        // Parsed first, then one sequence number each from a single Redis round trip (a
        // registry that comes back, or a gateway going offline, publishes hundreds at once),
        // then pushed in order.
        const prepared = batch.map((m) => ({ m, push: this.prepare(m.subject, decodeJson(m.data)) }));
        const pushes = prepared.flatMap(({ push }) => (push ? [push] : []));
        const seqs = await this.sequence.nextFor(pushes.map((p) => p.areaCode));
        pushes.forEach((push, i) => push.emit(seqs[i]));
        for (const { m, push } of prepared) {
          if (push === false) {
            this.logger.event('warn', 'state change not pushed', { subject: m.subject });
            m.term();
            continue;
          }
          observeSinceStored(this.metrics.stages, m.subject.startsWith(this.incidentPrefix) ? 'incident_to_push' : 'state_to_push', [m]);
          m.ack();
        }
      },
    );
  }

  /**
   * What a state fact pushes, and to which area's room; false if it is invalid (counted),
   * undefined for a fact no screen shows.
   */
  private prepare(subject: string, body: unknown): Prepared | false | undefined {
    if (subject.startsWith(this.incidentPrefix)) {
      const parsed = IncidentEventV1.parse(body);
      if (!parsed.ok) return this.invalid(formatIssues(parsed.issues));
      const event = parsed.value;
      // The room's language: Vietnamese (the title from the type, the system's notes translated).
      const incident = localizeIncident(event.incident, DEFAULT_LANG);
      return this.pushing(incident.areaCode, event.event, (seq): OpsIncident => ({ ...event, incident, seq }));
    }
    if (subject.startsWith(this.statusPrefix)) {
      const parsed = DeviceStatusChangedV1.parse(body);
      if (!parsed.ok) return this.invalid(formatIssues(parsed.issues));
      const change = parsed.value;
      return this.pushing(change.areaCode, OPS_EVENTS.deviceStatus, (seq): OpsDeviceStatus => ({ ...change, seq }));
    }
    if (subject.startsWith(this.coveragePrefix)) {
      const parsed = CoverageUpdatedV1.parse(body);
      if (!parsed.ok) return this.invalid(formatIssues(parsed.issues));
      const update = parsed.value;
      return this.pushing(update.coverage.areaCode, OPS_EVENTS.coverageUpdated, (seq): OpsCoverage => ({ ...update, seq }));
    }
    if (subject.startsWith(this.slaPrefix)) {
      const parsed = SlaBreachV1.parse(body);
      if (!parsed.ok) return this.invalid(formatIssues(parsed.issues));
      const breach = parsed.value;
      return this.pushing(breach.areaCode, OPS_EVENTS.slaBreach, (seq): OpsSlaBreach => ({ ...breach, seq }));
    }
    return undefined;
  }

  private pushing(areaCode: string, event: string, payload: (seq: number) => object): Prepared {
    return {
      areaCode,
      emit: (seq) => {
        this.gateway.server.to(areaRoom(areaCode)).emit(event, payload(seq));
        this.metrics.pushed.inc({ event });
      },
    };
  }

  private invalid(detail: string): false {
    this.metrics.dropped.inc({ reason: 'schema_violation' });
    this.logger.event('warn', 'invalid state change', { detail });
    return false;
  }

}
