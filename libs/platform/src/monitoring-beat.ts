// The monitoring beat (decision 0022): ingest and the registry say "I am monitoring" every
// interval while they do their job, durably (JetStream), so the SLA service can tell time
// the platform watched the devices from time it did not (before go-live, while a service
// was down or cut off from NATS or MQTT). A beat that cannot be published is simply
// missing: that is the point, the gap is then real.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { JetStreamClient } from 'nats';
import { MonitoringBeatV1, natsSubjects, type MonitoringBeat as Beat } from '@ioc/contracts';
import { errorMessage } from './errors';
import type { JsonLogger } from './logger';
import { publishJson } from './nats';

export interface MonitoringBeatOptions {
  service: Beat['service'];
  natsPrefix: string;
  intervalMs: number;
  /** True while the service is doing its job (MQTT sessions connected, consumer running). */
  monitoring: () => boolean;
}

export class MonitoringBeat {
  private timer?: NodeJS.Timeout;
  private failing = false;
  private readonly instanceId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly js: JetStreamClient,
    private readonly logger: JsonLogger,
    private readonly options: MonitoringBeatOptions,
  ) {}

  /** Beats now (if monitoring) and every interval until stop(). */
  start(): void {
    if (this.timer) return;
    void this.beat();
    this.timer = setInterval(() => void this.beat(), this.options.intervalMs);
  }

  /** Beats at once (e.g. the moment ingest's MQTT session is back), so a gap ends when the work resumes, not an interval later. */
  now(): void {
    if (this.timer) void this.beat();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async beat(): Promise<void> {
    if (!this.options.monitoring()) return;
    const beat: Beat = { service: this.options.service, instanceId: this.instanceId, at: new Date().toISOString(), intervalMs: this.options.intervalMs };
    const checked = MonitoringBeatV1.parse(beat);
    if (!checked.ok) throw new Error(`refusing to publish an invalid monitoring beat`);
    try {
      await publishJson(this.js, natsSubjects(this.options.natsPrefix).monitoringBeat(beat.service), beat, `${beat.instanceId}-${beat.at}`);
      if (this.failing) this.logger.event('info', 'monitoring beats published again', { service: beat.service });
      this.failing = false;
    } catch (err) {
      // Logged once per run of failures: the missing beats are the record of the gap.
      if (!this.failing) this.logger.event('warn', 'cannot publish the monitoring beat: this time will count as not monitored', { service: beat.service, error: errorMessage(err) });
      this.failing = true;
    }
  }
}
