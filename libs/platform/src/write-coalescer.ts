// Small writes to one socket, gathered into one. nats.js writes what was published within
// one run of promise callbacks in one go, but device messages reach a process one socket
// read at a time, so at a few thousand messages a second every publish (ingest) and every
// acknowledgement (the registry's and incident's partition consumers) was a socket write
// of its own, and a wake-up of nats-server: most of the CPU of both ends at that rate
// (benchmarks.md, "writes gathered"). A coalescer runs its flush at the next turn of the
// event loop, and no sooner than `minIntervalMs` after the previous flush: idle, a write
// goes out at once; busy, the writes of `minIntervalMs` go out together.

export class WriteCoalescer {
  private pending?: { cancel(): void };
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly flush: () => void,
    private readonly minIntervalMs: number,
  ) {}

  /** Asks for a flush; several asks before it runs make one. */
  schedule(): void {
    if (this.pending) return;
    const wait = this.lastFlush + this.minIntervalMs - performance.now();
    if (wait > 0) {
      const timer = setTimeout(this.run, wait);
      this.pending = { cancel: () => clearTimeout(timer) };
    } else {
      const immediate = setImmediate(this.run);
      this.pending = { cancel: () => clearImmediate(immediate) };
    }
  }

  /** Flushes now (shutdown, a partition given up): nothing waits for the timer. */
  now(): void {
    this.pending?.cancel();
    this.run();
  }

  private readonly run = (): void => {
    this.pending = undefined;
    this.lastFlush = performance.now();
    this.flush();
  };
}
