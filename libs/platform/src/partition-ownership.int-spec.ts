// PartitionOwnership and PartitionOwnerCalls on the real Postgres and NATS: copies in one
// process, each with its own lock connection, as separate processes would have. A copy's
// death is its lock session ending (pg_terminate_backend), which is what Postgres sees
// when a process is killed.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { connect, type NatsConnection } from 'nats';
import { z } from 'zod';
import { databaseEnv, loadConfig, natsEnv } from './config';
import { ServiceError } from './errors';
import { JsonLogger } from './logger';
import { Metrics } from './observability.module';
import { PartitionOwnerCalls } from './partition-calls';
import { PartitionOwnership, type PartitionParticipant, type ReleaseReason } from './partition-ownership';

const { DATABASE_URL, NATS_URL } = loadConfig(z.object({ DATABASE_URL: databaseEnv('test').DATABASE_URL, NATS_URL: natsEnv.NATS_URL }));
const schema = `po${randomBytes(4).toString('hex')}`;
const logger = new JsonLogger('ownership-test', 'error');
let nc: NatsConnection;
let admin: Client;
const copies: PartitionOwnership[] = [];

beforeAll(async () => {
  nc = await connect({ servers: NATS_URL });
  admin = new Client({ connectionString: DATABASE_URL });
  await admin.connect();
});

afterAll(async () => {
  await Promise.all(copies.map((c) => c.stop()));
  await admin.end();
  await nc.close();
});

interface Copy {
  ownership: PartitionOwnership;
  log: { at: number; change: 'acquired' | ReleaseReason; partitions: number[] }[];
  metrics: Metrics;
}

function copy(service = 'svc'): Copy {
  const metrics = new Metrics(`${service}-${copies.length}`);
  const ownership = new PartitionOwnership({ service, databaseUrl: DATABASE_URL, schema, intervalMs: 150 }, logger, metrics);
  const log: Copy['log'] = [];
  const participant: PartitionParticipant = {
    acquired: async (partitions) => {
      log.push({ at: Date.now(), change: 'acquired', partitions });
    },
    released: async (partitions, reason) => {
      // The work in hand takes a moment: the lock must wait for it.
      await new Promise((resolve) => setTimeout(resolve, 50));
      log.push({ at: Date.now(), change: reason, partitions });
    },
  };
  ownership.participate(participant);
  copies.push(ownership);
  return { ownership, log, metrics };
}

async function until(what: string, check: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const all = [...Array(16).keys()];
const union = (...cs: Copy[]) => cs.flatMap((c) => c.ownership.owned).sort((a, b) => a - b);

describe('partition ownership', () => {
  const a = copy();
  const b = copy();

  it('gives a copy that is alone every partition before start returns', async () => {
    await a.ownership.start();
    expect(a.ownership.owned).toEqual(all);
    expect(await a.metrics.registry.getSingleMetricAsString('ioc_partitions_owned')).toMatch(/ioc_partitions_owned\{service="svc-0"\} 16/);
  });

  it('hands half to a second copy, each partition given up before it is taken', async () => {
    await b.ownership.start();
    await until('an even split', () => a.ownership.owned.length === 8 && b.ownership.owned.length === 8);
    expect(union(a, b)).toEqual(all);
    // Every partition b took, a had released (work finished) before.
    for (const entry of b.log.filter((e) => e.change === 'acquired')) {
      for (const p of entry.partitions) {
        const released = a.log.find((e) => e.change === 'rebalance' && e.partitions.includes(p));
        expect(released).toBeDefined();
        expect(released?.at).toBeLessThanOrEqual(entry.at);
      }
    }
  });

  it('lets a copy whose session died lose its partitions to the survivor within seconds', async () => {
    const pids = await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'ioc-svc-partitions %' AND pid <> pg_backend_pid()`);
    expect(pids.rows).toHaveLength(2);
    const aOwned = a.ownership.owned;
    // a's lock session: the one holding a's first partition.
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND objid = $1 AND granted AND classid::bigint <> 0 AND pid IN (SELECT unnest($2::int[]))`,
      [aOwned[0], pids.rows.map((r) => r.pid)],
    );
    const started = Date.now();
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
    await until('b to own everything', () => b.ownership.owned.length === 16);
    expect(Date.now() - started).toBeLessThan(5000);
    await until('a to notice', () => a.log.some((e) => e.change === 'lost'));
    // a joins again as a new session and gets its share back.
    await until('a to rejoin', () => a.ownership.owned.length === 8 && b.ownership.owned.length === 8);
    expect(union(a, b)).toEqual(all);
  });

  it('gives every partition up at stop, to the copy that stays', async () => {
    await a.ownership.stop();
    expect(a.ownership.owned).toEqual([]);
    expect(a.log[a.log.length - 1].change).toBe('shutdown');
    await until('b to own everything', () => b.ownership.owned.length === 16);
  });

  it('keeps the locks of another service, or another schema, apart', async () => {
    const other = copy('other');
    await other.ownership.start();
    expect(other.ownership.owned).toEqual(all);
    expect(b.ownership.owned).toEqual(all);
    await other.ownership.stop();
  });
});

describe('operations run by the owner of a partition', () => {
  it('runs on the copy owning the partition, wherever it is asked, and carries coded errors back', async () => {
    const x = copy('ops');
    const y = copy('ops');
    const ran: string[] = [];
    const callsOf = (name: string, ownership: PartitionOwnership) => {
      const calls = new PartitionOwnerCalls(nc, schema, 'ops', ownership, logger);
      calls.handle('echo', async (request: { n: number }) => {
        ran.push(name);
        if (request.n < 0) throw new ServiceError('invalid', 'n must not be negative');
        return { n: request.n, by: name };
      });
      ownership.participate(calls, 'last');
      return calls;
    };
    const cx = callsOf('x', x.ownership);
    const cy = callsOf('y', y.ownership);
    await x.ownership.start();
    await y.ownership.start();
    await until('an even split', () => x.ownership.owned.length === 8 && y.ownership.owned.length === 8);
    const ofY = y.ownership.owned[0];
    expect(await cx.call(ofY, 'echo', { n: 1 })).toEqual({ n: 1, by: 'y' });
    expect(await cy.call(ofY, 'echo', { n: 2 })).toEqual({ n: 2, by: 'y' });
    await expect(cx.call(ofY, 'echo', { n: -1 })).rejects.toMatchObject({ code: 'invalid', message: 'n must not be negative' });
    expect(ran).toEqual(['y', 'y', 'y']);
    await y.ownership.stop();
    await until('x to own everything', () => x.ownership.owned.length === 16);
    expect(await cx.call(ofY, 'echo', { n: 3 })).toEqual({ n: 3, by: 'x' });
    await x.ownership.stop();
    // Nobody owns anything: the call gives up at its deadline, saying so.
    await expect(cx.call(ofY, 'echo', { n: 4 }, 600)).rejects.toMatchObject({ code: 'unavailable' });
  });
});
