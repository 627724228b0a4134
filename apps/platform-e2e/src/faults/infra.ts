// The fault suite's own infrastructure: a Mosquitto (the project's configuration from
// deploy/mosquitto, its dynamic-security users), a nats-server with JetStream, a Postgres
// cluster (initdb, PostGIS from the Debian package) and a Redis, each a child process on a
// port of its own with its state in a temporary directory, so the suite can stop and kill
// them. The machine's shared services (5432, 6379, 4222, 1883, 18830) are never touched.
//
// Each server runs in its own process group: SIGKILL goes to the whole group, as when a
// machine or container dies (Postgres's backends die with its postmaster); SIGTERM goes to
// the server only, as an orchestrator's stop does.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Client } from 'pg';
import { freePort, inheritedEnv, repoRoot, waitFor } from '@ioc/testing';

export type InfraName = 'mosquitto' | 'nats' | 'postgres' | 'redis';

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
    socket.connect(port, '127.0.0.1');
  });
}

/** The uid/gid to run Postgres as: initdb and postgres refuse to run as root. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

function postgresBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) throw new Error(`no PostgreSQL under ${base}: run "bash deploy/local/services.sh" (it installs postgresql and PostGIS)`);
  return join(base, versions[0], 'bin');
}

/** One server the suite owns: started, stopped (SIGTERM) or killed (SIGKILL), and started again. */
export class InfraProcess {
  private child?: ChildProcess;
  readonly output: string[] = [];

  constructor(
    readonly name: InfraName,
    readonly port: number,
    private readonly command: () => { file: string; args: string[]; uid?: number; gid?: number },
    private readonly ready: () => Promise<boolean>,
    /** What follows an unanswered SIGTERM (Postgres: its "smart" shutdown waits for every client to leave). */
    private readonly termFollowUp?: { afterMs: number; signal: NodeJS.Signals },
  ) {}

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // A killed Postgres may need a moment before its shared memory is free: try again.
    for (;;) {
      const { file, args, uid, gid } = this.command();
      const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, uid, gid });
      this.child = child;
      const reap = () => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      };
      process.once('exit', reap);
      child.once('exit', () => process.off('exit', reap));
      const collect = (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) if (line) this.output.push(line);
        if (this.output.length > 500) this.output.splice(0, this.output.length - 500);
      };
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      try {
        await waitFor(
          `${this.name} to accept connections on ${this.port}`,
          async () => {
            if (!this.running) throw new Error(`${this.name} exited:\n${this.output.slice(-10).join('\n')}`);
            return this.ready();
          },
          Math.max(1000, Math.min(15_000, deadline - Date.now())),
          100,
        );
        return;
      } catch (err) {
        reap();
        if (Date.now() > deadline) throw err;
        await delay(500);
      }
    }
  }

  /**
   * Sends `signal` and waits for the server to exit; resolves with how long that took (ms).
   * SIGTERM goes to the server, SIGKILL to its whole process group.
   */
  async stop(signal: 'SIGTERM' | 'SIGKILL', escalateAfterMs = 15_000): Promise<number> {
    const child = this.child;
    const pid = child?.pid;
    if (!child || !pid || !this.running) return 0;
    const started = Date.now();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (signal === 'SIGKILL') process.kill(-pid, 'SIGKILL');
    else child.kill('SIGTERM');
    const followUp = this.termFollowUp;
    const softer = signal === 'SIGTERM' && followUp ? setTimeout(() => child.kill(followUp.signal), followUp.afterMs) : undefined;
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone
      }
    }, escalateAfterMs);
    await exited;
    clearTimeout(timer);
    clearTimeout(softer);
    // The group's other members (Postgres backends) go with it.
    if (signal === 'SIGKILL') await delay(100);
    return Date.now() - started;
  }
}

export interface MqttLogins {
  adminUsername: string;
  adminPassword: string;
  ingestUsername: string;
  ingestPassword: string;
  gatewayUsername: string;
  gatewayPassword: string;
}

export interface FaultInfra {
  dir: string;
  mosquitto: InfraProcess;
  nats: InfraProcess;
  postgres: InfraProcess;
  redis: InfraProcess;
  mqtt: MqttLogins & { url: string };
  natsUrl: string;
  redisUrl: string;
  databaseUrl: string;
  /** The broker's log file, by line. */
  mosquittoLog(): string[];
  stop(): Promise<void>;
}

const SHARED_PORTS = new Set([5432, 6379, 4222, 1883, 18830]);

async function ownPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (!SHARED_PORTS.has(port)) return port;
  }
}

/** Starts the four servers, each on a free port with its state under one temporary directory. */
export async function startFaultInfra(): Promise<FaultInfra> {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-faults-'));
  try {
    return await startIn(dir);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function startIn(dir: string): Promise<FaultInfra> {
  // Postgres runs as its own user (when the suite runs as root) and must reach its directory.
  chmodSync(dir, 0o755);
  const secret = () => randomBytes(12).toString('hex');

  // ---- Postgres: its own cluster, trust on loopback, PostGIS from the Debian package.
  const pgBin = postgresBin();
  const pgUser = postgresUser();
  const pgDir = join(dir, 'pg');
  mkdirSync(pgDir, { mode: 0o700 });
  if (pgUser) chownSync(pgDir, pgUser.uid, pgUser.gid);
  execFileSync(join(pgBin, 'initdb'), ['-D', join(pgDir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], {
    stdio: 'pipe',
    uid: pgUser?.uid,
    gid: pgUser?.gid,
    cwd: pgDir,
  });
  const pgPort = await ownPort();
  const databaseUrl = `postgres://postgres@127.0.0.1:${pgPort}/ioc`;
  const pgReady = async () => {
    const c = new Client({ connectionString: `postgres://postgres@127.0.0.1:${pgPort}/postgres`, connectionTimeoutMillis: 1000 });
    try {
      await c.connect();
      await c.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => undefined);
    }
  };
  const postgres = new InfraProcess(
    'postgres',
    pgPort,
    () => ({
      file: join(pgBin, 'postgres'),
      args: ['-D', join(pgDir, 'data'), '-p', String(pgPort), '-k', pgDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'shared_buffers=32MB'],
      uid: pgUser?.uid,
      gid: pgUser?.gid,
    }),
    pgReady,
    // Smart shutdown waits for the apps' pooled connections, which never leave under load;
    // fast shutdown (SIGINT, the official image's STOPSIGNAL) follows after 5 s.
    { afterMs: 5000, signal: 'SIGINT' },
  );

  // ---- NATS with JetStream, its own store.
  const natsPort = await ownPort();
  const nats = new InfraProcess(
    'nats',
    natsPort,
    () => ({ file: 'nats-server', args: ['-a', '127.0.0.1', '-p', String(natsPort), '-js', '-sd', join(dir, 'nats')] }),
    () => portOpen(natsPort),
  );

  // ---- Redis, persisted as in docker-compose.yml (append-only file, no eviction).
  const redisPort = await ownPort();
  mkdirSync(join(dir, 'redis'));
  const redis = new InfraProcess(
    'redis',
    redisPort,
    () => ({
      file: 'redis-server',
      args: ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', join(dir, 'redis'), '--save', '', '--appendonly', 'yes', '--maxmemory-policy', 'noeviction'],
    }),
    () => portOpen(redisPort),
  );

  // ---- Mosquitto: the project's template, rendered as deploy/local/services.sh renders it.
  const mqttPort = await ownPort();
  const mqDir = join(dir, 'mosquitto');
  mkdirSync(mqDir, { mode: 0o700 });
  const plugin = execFileSync('dpkg', ['-L', 'mosquitto'])
    .toString()
    .split('\n')
    .find((l) => l.endsWith('/mosquitto_dynamic_security.so'));
  if (!plugin) throw new Error('the mosquitto package ships no mosquitto_dynamic_security.so (dpkg -L mosquitto)');
  const template = readFileSync(join(repoRoot(), 'deploy', 'mosquitto', 'mosquitto.conf.template'), 'utf8');
  writeFileSync(
    join(mqDir, 'mosquitto.conf'),
    template
      .replaceAll('@@STATE_DIR@@', mqDir)
      .replaceAll('@@MQTT_PORT@@', String(mqttPort))
      .replaceAll('@@DYNSEC_PLUGIN@@', plugin)
      .replaceAll('@@RUN_USER@@', userInfo().username),
  );
  const logins: MqttLogins = {
    adminUsername: 'faults-admin',
    adminPassword: secret(),
    ingestUsername: 'faults-ingest',
    ingestPassword: secret(),
    gatewayUsername: 'faults-gateways',
    gatewayPassword: secret(),
  };
  execFileSync('mosquitto_ctrl', ['dynsec', 'init', join(mqDir, 'dynamic-security.json'), logins.adminUsername, logins.adminPassword], { stdio: 'pipe' });
  const mosquitto = new InfraProcess(
    'mosquitto',
    mqttPort,
    () => ({ file: existsSync('/usr/sbin/mosquitto') ? '/usr/sbin/mosquitto' : 'mosquitto', args: ['-c', join(mqDir, 'mosquitto.conf')] }),
    () => portOpen(mqttPort),
  );

  const all = [postgres, nats, redis, mosquitto];
  const stop = async () => {
    await Promise.all(all.map((p) => p.stop('SIGKILL')));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(all.map((p) => p.start()));
    // The database the apps use, with PostGIS (the registry's migration creates the extension).
    const c = new Client({ connectionString: `postgres://postgres@127.0.0.1:${pgPort}/postgres` });
    await c.connect();
    await c.query('CREATE DATABASE ioc');
    await c.end();
    // The project's roles and clients (ingest, demo and test gateways).
    execFileSync('sh', [join(repoRoot(), 'deploy', 'mosquitto', 'dynsec-setup.sh'), '127.0.0.1', String(mqttPort)], {
      stdio: 'pipe',
      env: {
        PATH: inheritedEnv().PATH ?? '',
        MQTT_ADMIN_USERNAME: logins.adminUsername,
        MQTT_ADMIN_PASSWORD: logins.adminPassword,
        MQTT_INGEST_USERNAME: logins.ingestUsername,
        MQTT_INGEST_PASSWORD: logins.ingestPassword,
        MQTT_DEMO_GATEWAY_USERNAME: 'faults-demo-gateways',
        MQTT_DEMO_GATEWAY_PASSWORD: secret(),
        MQTT_TEST_GATEWAY_USERNAME: logins.gatewayUsername,
        MQTT_TEST_GATEWAY_PASSWORD: logins.gatewayPassword,
      },
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    dir,
    mosquitto,
    nats,
    postgres,
    redis,
    mqtt: { ...logins, url: `mqtt://127.0.0.1:${mqttPort}` },
    natsUrl: `nats://127.0.0.1:${natsPort}`,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    databaseUrl,
    mosquittoLog: () => (existsSync(join(mqDir, 'mosquitto.log')) ? readFileSync(join(mqDir, 'mosquitto.log'), 'utf8').split('\n') : []),
    stop,
  };
}
