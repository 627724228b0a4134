// The ids the broker acknowledged, one per line (`--acked-log`), for the bench's per-id
// check. Written in chunks, not a write per id: at 5,000 msg/s a write per line was 12 %
// of the simulator's CPU (benchmarks.md, "writes gathered"), taken from the cores the
// pipeline under test runs on. A simulator killed loses at most the last 100 ms of ids:
// the check then leaves them out, it never counts them as lost.
import { createWriteStream, type WriteStream } from 'node:fs';

const FLUSH_EVERY_MS = 100;
const FLUSH_AT_LINES = 2000;

export class AckedLog {
  private readonly stream: WriteStream;
  private lines: string[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'a' });
    this.timer = setInterval(() => this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  add(key: string): void {
    this.lines.push(key);
    if (this.lines.length >= FLUSH_AT_LINES) this.flush();
  }

  /** Writes what is left and closes the file. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.flush();
    await new Promise<void>((done) => this.stream.end(done));
  }

  private flush(): void {
    if (this.lines.length === 0) return;
    this.stream.write(this.lines.join('\n') + '\n');
    this.lines = [];
  }
}
