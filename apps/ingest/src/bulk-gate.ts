// Alarms first, across the machine: while an alarm is on its way (ingest → JetStream → the
// incident service → realtime), the ingest takes no new heartbeats and telemetry from its
// bulk MQTT sessions (decision 0028). Draining a reconnect storm's backlog keeps every
// process of the pipeline busy; on shared cores an alarm then waits for a core at each hop
// (benchmarks.md, "alarms first across the machine"). The bulk sessions are held for
// `windowMs` after each alarm received; what they have in hand still goes on. So that a run
// of alarms never starves the heartbeats (a device falls silent without them), the gate
// stays shut at most `maxShutMs` at a time and then stays open at least `minOpenMs`.
// windowMs 0: never shut.
//
// Open, the gate still lets bulk messages through only for `turnMs` of each turn of the event
// loop, all bulk sessions together; the rest go on at the next turn. Without it a turn
// handled every message the sessions had in hand (up to 4 × 100): after a restart, with the
// code not yet compiled, such turns lasted 250–330 ms, and an alarm waited that long before
// its socket was even read (benchmarks.md, "an alarm batch's own round trips"). A share of
// time rather than of messages: compiled, a turn still takes hundreds, and the writes to
// NATS stay gathered (decision 0027).

export interface BulkGateOptions {
  windowMs: number;
  maxShutMs: number;
  minOpenMs: number;
  /** How long in each turn of the event loop bulk messages are let through; 0: no limit. */
  turnMs?: number;
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
  /** When this turn of the event loop let the first bulk message through (performance.now()). */
  private turnStart?: number;
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly options: BulkGateOptions,
    private readonly now: () => number = Date.now,
    private readonly clock: () => number = () => performance.now(),
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

  /** Runs `go` now if the gate is open and this turn's share of time is not used up, else later (in the order asked). */
  whenOpen(go: () => void): void {
    if (!this.shut && this.waiting.length === 0 && this.take()) go();
    else this.waiting.push(go);
  }

  /** Opens the gate for good (shutdown): whatever waits goes on. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.open();
    this.release();
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
    this.release();
  }

  /** Lets through what waits, as far as this turn's share goes (all once closed). */
  private release(): void {
    while (!this.shut && this.waiting.length > 0 && (this.closed || this.take())) this.waiting.shift()?.();
  }

  /** Whether one more message may go in this turn; false when the turn's share is used up. */
  private take(): boolean {
    const turnMs = this.options.turnMs ?? 0;
    if (turnMs <= 0) return true;
    if (this.turnStart === undefined) {
      this.turnStart = this.clock();
      setImmediate(() => {
        this.turnStart = undefined;
        this.release();
      });
      return true;
    }
    return this.clock() - this.turnStart < turnMs;
  }
}
