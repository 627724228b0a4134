// The realtime app's counters, in one place because several providers count into them.
import { Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import { Metrics } from '@ioc/platform';

@Injectable()
export class RealtimeMetrics {
  /** Pushes emitted to /ops rooms, by event (`device.status`, `import.progress`). */
  readonly pushed: Counter<'event'>;
  /** NATS messages not pushed: `schema_violation` (state changes), `invalid_import_progress`. */
  readonly dropped: Counter<'reason'>;
  /**
   * Client handshakes and requests refused: `token_missing`, `token_expired`,
   * `token_invalid`, `forbidden_role`, `invalid_subscribe`, `unknown_area`, `forbidden_area`.
   */
  readonly rejected: Counter<'reason'>;
  /** `state_to_push` (`incident_to_push` for incident facts): from the state fact's arrival in JetStream to its push (ioc_stage_seconds). */
  readonly stages: Histogram<'stage'>;

  constructor(metrics: Metrics) {
    this.pushed = metrics.counter('ioc_realtime_pushed_total', 'Pushes emitted to /ops rooms, by event', ['event']);
    this.dropped = metrics.counter('ioc_realtime_dropped_total', 'Messages from NATS not pushed, by reason', ['reason']);
    this.stages = metrics.stages();
    this.rejected = metrics.counter('ioc_realtime_rejected_total', 'Socket.IO handshakes and client messages refused, by reason', ['reason']);
  }
}
