// Alarms first, across the machine: while an alarm is on its way (ingest → JetStream → the
// incident service → realtime), the ingest takes no new heartbeats and telemetry from its
// bulk MQTT sessions (decision 0028). Draining a reconnect storm's backlog keeps every
// process of the pipeline busy; on shared cores an alarm then waits for a core at each hop
// (benchmarks.md, "alarms first across the machine"). The bulk sessions are held for
// `windowMs` after each alarm received; what they have in hand still goes on. So that a run
// of alarms never starves the heartbeats (a device falls silent without them), the gate
// stays shut at most `maxShutMs` at a time and then stays open at least `minOpenMs`.
// windowMs 0: never shut.

export interface BulkGateOptions {
  windowMs: number;
  maxShutMs: number;
  minOpenMs: number;
  /** Told how long the gate was shut, each time it opens again. */
  onReopen?: (shutMs: number) => void;
}

export class BulkGate {
  /** Shut until then (epoch ms); 0 when open. */
  private shutUntil = 0;
  private shutSince = 0;
  /** Not to be shut again before then (after a full `maxShutMs`). */
  private openAtLeastUntil = 0;
  private waiting: (() => void)[] = [];
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly options: BulkGateOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get shut(): boolean {
    return this.shutUntil > 0;
  }

  /** An alarm was received: shut the gate (or keep it shut) for another window. */
  alarm(): void {
    const { windowMs, maxShutMs } = this.options;
    const now = this.now();
    if (this.closed || windowMs <= 0 || now < this.openAtLeastUntil) return;
    if (!this.shut) this.shutSince = now;
    this.shutUntil = Math.min(Math.max(this.shutUntil, now + windowMs), this.shutSince + maxShutMs);
    this.schedule();
  }

  /** Runs `go` now if the gate is open, else when it opens (in the order asked). */
  whenOpen(go: () => void): void {
    if (this.shut) this.waiting.push(go);
    else go();
  }

  /** Opens the gate for good (shutdown): whatever waits goes on. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.open();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.expire(), Math.max(0, this.shutUntil - this.now()));
    this.timer.unref?.();
  }

  private expire(): void {
    const now = this.now();
    if (now < this.shutUntil) return this.schedule();
    if (now - this.shutSince >= this.options.maxShutMs) this.openAtLeastUntil = now + this.options.minOpenMs;
    this.open();
  }

  private open(): void {
    if (!this.shut) return;
    const shutMs = this.now() - this.shutSince;
    this.shutUntil = 0;
    this.options.onReopen?.(shutMs);
    for (const go of this.waiting.splice(0)) go();
  }
}
