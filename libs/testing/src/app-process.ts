// Runs a built app (dist/apps/<name>/src/main.js) as a child process, the way it runs in
// production, and waits until its /health answers 200. Tests can stop it gracefully or
// kill it outright (SIGKILL) to prove nothing is lost.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './repo-root';
import { inheritedEnv } from './test.config';
import { waitFor } from './wait';

const ROOT = repoRoot();

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export class AppProcess {
  private child?: ChildProcess;
  readonly output: string[] = [];

  constructor(
    readonly name: string,
    readonly env: Record<string, string>,
    readonly port: number,
  ) {}

  /** The process id while it runs. */
  get pid(): number | undefined {
    return this.exited ? undefined : this.child?.pid;
  }

  /** Resident memory of the process in MB (Linux /proc), or NaN when not running. */
  rssMb(): number {
    const pid = this.child?.pid;
    if (!pid || this.exited) return Number.NaN;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the app and waits for /health; generous, since a loaded CI machine boots slowly. */
  async start(timeoutMs = 60_000): Promise<this> {
    const main = join(ROOT, 'dist', 'apps', this.name, 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run "npm run build" first`);
    const child = spawn(process.execPath, ['--enable-source-maps', main], {
      env: { PATH: inheritedEnv().PATH ?? '', ...this.env, HTTP_PORT: String(this.port), HTTP_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    // A failed test must not leave an app running (it would hold jest open, and linger).
    const reap = () => child.kill('SIGKILL');
    process.once('exit', reap);
    child.once('exit', () => process.off('exit', reap));
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line) this.output.push(line);
      if (this.output.length > 5000) this.output.splice(0, this.output.length - 5000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let lastHealth = '';
    try {
      await waitFor(
        `${this.name} to become healthy`,
        async () => {
          if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}:\n${this.output.slice(-20).join('\n')}`);
          const res = await fetch(`${this.url}/health`).catch(() => undefined);
          if (res) lastHealth = await res.text().catch(() => '');
          return res?.status === 200;
        },
        timeoutMs,
        100,
      );
    } catch (err) {
      this.kill();
      throw new Error(`${String(err)}\n--- last /health: ${lastHealth || '(no answer)'}\n--- ${this.name} output ---\n${this.output.slice(-30).join('\n')}`);
    }
    return this;
  }

  /** A child that ended, by itself or by a signal (then exitCode stays null). */
  private get exited(): boolean {
    return !this.child || this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Graceful stop (SIGTERM), as an orchestrator would do. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || this.exited) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Abrupt death (SIGKILL): no cleanup, no last acks. */
  kill(): void {
    if (!this.exited) this.child?.kill('SIGKILL');
  }

  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    let total = 0;
    for (const line of text.split('\n')) {
      if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue;
      if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) total += Number(line.split(' ').pop());
    }
    return total;
  }
}
