// NATS_STREAM_REPLICAS on real servers: a 3-node JetStream cluster of the machine's own
// nats-server (as deploy/k8s runs it, on free ports here) gets every stream with 3 replicas,
// and the machine's single server refuses 3 with a message that names the setting.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { natsStreams } from '@ioc/contracts';
import { connect, type NatsConnection } from 'nats';
import { ensureStreams } from './nats';
import { z } from 'zod';
import { loadConfig, natsEnv } from './config';

// libs/testing imports this lib, so its helpers (freePort, waitFor, testConfig) cannot be used here.
// The machine's NATS, or NATS_URL, read through the platform's own config loader.
const { NATS_URL } = loadConfig(z.object({ NATS_URL: natsEnv.NATS_URL }));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

const NATS_SERVER = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find((p) => existsSync(p)) ?? 'nats-server';

describe('stream replicas on a 3-node JetStream cluster', () => {
  const servers: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'ioc-nats-cluster-'));
  let nc: NatsConnection;
  let clientPorts: number[];

  beforeAll(async () => {
    clientPorts = [await freePort(), await freePort(), await freePort()];
    const routePorts = [await freePort(), await freePort(), await freePort()];
    const routes = routePorts.map((p) => `nats://127.0.0.1:${p}`).join(',');
    for (let i = 0; i < 3; i++) {
      const server = spawn(
        NATS_SERVER,
        ['-a', '127.0.0.1', '-p', String(clientPorts[i]), '-js', '-sd', join(dir, `n${i}`), '-n', `n${i}`, '--cluster_name', 'ioc-test', '--cluster', `nats://127.0.0.1:${routePorts[i]}`, '--routes', routes],
        { stdio: 'ignore' },
      );
      servers.push(server);
    }
    nc = await waitFor('a NATS server of the cluster', () => connect({ servers: clientPorts.map((p) => `127.0.0.1:${p}`) }).catch(() => undefined), 10_000);
    // JetStream answers once the cluster has elected its meta leader.
    await waitFor('the cluster to elect a JetStream leader', async () => {
      const jsm = await nc.jetstreamManager().catch(() => undefined);
      return (await jsm?.getAccountInfo().catch(() => undefined)) ? true : undefined;
    }, 20_000);
  }, 40_000);

  afterAll(async () => {
    await nc?.close();
    for (const server of servers) server.kill('SIGTERM');
    await Promise.all(servers.map((s) => new Promise((resolve) => (s.exitCode !== null ? resolve(null) : s.once('exit', resolve)))));
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates every stream with 3 replicas placed on the 3 servers', async () => {
    const specs = Object.values(natsStreams('ioc'));
    await ensureStreams(nc, specs, { update: true, replicas: 3 });
    const jsm = await nc.jetstreamManager();
    for (const spec of specs) {
      const info = await waitFor(`${spec.name} to have its replicas`, async () => {
        const i = await jsm.streams.info(spec.name);
        return (i.cluster?.replicas?.length ?? 0) === 2 ? i : undefined;
      }, 15_000);
      expect(info.config.num_replicas).toBe(3);
      expect([info.cluster?.leader, ...(info.cluster?.replicas ?? []).map((r) => r.name)].sort()).toEqual(['n0', 'n1', 'n2']);
    }
  }, 30_000);

  it("brings an existing one-replica stream to 3 when its owner starts with 3", async () => {
    const spec = { name: 'GROWN', subjects: ['grown.>'], maxAgeS: 3600, duplicateWindowS: 60 };
    await ensureStreams(nc, [spec], { update: true, replicas: 1 });
    const jsm = await nc.jetstreamManager();
    expect((await jsm.streams.info(spec.name)).config.num_replicas).toBe(1);
    await ensureStreams(nc, [spec], { update: true, replicas: 3 });
    const info = await waitFor('GROWN to have its replicas', async () => {
      const i = await jsm.streams.info(spec.name);
      return (i.cluster?.replicas?.length ?? 0) === 2 ? i : undefined;
    }, 15_000);
    expect(info.config.num_replicas).toBe(3);
  }, 30_000);

  it('lets a client that only uses a stream leave its replicas as the owner set them', async () => {
    const spec = natsStreams('ioc').state;
    await ensureStreams(nc, [spec], { update: false, replicas: 1 });
    expect((await (await nc.jetstreamManager()).streams.info(spec.name)).config.num_replicas).toBe(3);
  });
});

describe('stream replicas on a single NATS server', () => {
  it('refuses 3 replicas with a message naming NATS_STREAM_REPLICAS, and creates nothing', async () => {
    const nc = await connect({ servers: NATS_URL });
    const spec = { name: `REPL${Date.now().toString(36).toUpperCase()}`, subjects: [`repl${Date.now().toString(36)}.>`], maxAgeS: 60, duplicateWindowS: 10 };
    try {
      await expect(ensureStreams(nc, [spec], { update: true, replicas: 3 })).rejects.toThrow(
        new RegExp(`stream ${spec.name}: cannot create it with 3 replica\\(s\\): .*NATS_STREAM_REPLICAS=3 needs a JetStream cluster of at least 3 servers`),
      );
      await expect((await nc.jetstreamManager()).streams.info(spec.name)).rejects.toThrow(/stream not found/);
    } finally {
      await nc.close();
    }
  });
});
