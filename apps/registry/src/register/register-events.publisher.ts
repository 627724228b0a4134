// Publishes committed register changes from the audit log (the outbox: an entry is written
// in the same transaction as its change) to `{prefix}.state.register.v1.{area}`, so the
// services that keep a copy of the register (coverage) follow it. User entries stay in.
// Runs after every operation and every second; JetStream drops repeats by message id.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { natsSubjects, type RegisterChanged } from '@ioc/contracts';
import { errorMessage, JsonLogger, publishJson } from '@ioc/platform';
import type { RegistryConfig } from '../registry.config';
import { AuditRepository } from './audit.repository';
import { REGISTRY_CONFIG, REGISTRY_LOGGER, REGISTRY_NATS } from '../registry.tokens';

const BATCH = 500;
const INTERVAL_MS = 1000;
/** Areas-less changes (an import's summary) go to this subject token. */
const NO_AREA = '_';

@Injectable()
export class RegisterEventsPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;

  constructor(
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    @Inject(REGISTRY_NATS) private readonly nc: NatsConnection,
    private readonly audit: AuditRepository,
    @Inject(REGISTRY_LOGGER) private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.flush(), INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Publishes what is pending; calls made while it runs make it run once more. */
  flush(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.publishAll()
      .catch((err) => this.logger.event('warn', 'publishing register changes failed; will retry', { error: errorMessage(err) }))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.flush();
        }
      });
  }

  private async publishAll(): Promise<void> {
    const subjects = natsSubjects(this.config.NATS_PREFIX);
    const js = this.nc.jetstream();
    for (;;) {
      const rows = await this.audit.unpublished(BATCH);
      if (rows.length === 0) return;
      const done: string[] = [];
      try {
        for (const r of rows) {
          if (r.entity_type !== 'user') {
            const change: RegisterChanged = {
              changeId: String(r.id),
              at: r.at.toISOString(),
              action: r.action,
              entityType: r.entity_type,
              entityId: r.entity_id,
              areaCode: r.area_code,
              after: r.after,
            };
            await publishJson(js, subjects.registerChanged(r.area_code ?? NO_AREA), change, `register-${r.id}`);
          }
          done.push(String(r.id));
        }
      } finally {
        await this.audit.markPublished(done);
      }
      if (rows.length < BATCH) return;
    }
  }
}
