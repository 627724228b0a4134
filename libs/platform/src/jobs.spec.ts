import { PartitionedQueue, SerialQueue } from './jobs';
import { requirePermission } from './access';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Lets every promise chain that can move move (the queues start and end work in microtasks). */
const settle = () => new Promise((r) => setImmediate(r));

/**
 * Work that logs its start, and its end once the test releases it: the order the queues start
 * work in is checked step by step, never by how long a timer took on a busy machine.
 */
function heldWork() {
  const log: string[] = [];
  const releases = new Map<string, () => void>();
  const piece = (name: string) => async () => {
    log.push(`${name} start`);
    await new Promise<void>((r) => releases.set(name, r));
    log.push(`${name} end`);
  };
  const release = async (name: string) => {
    const end = releases.get(name);
    if (!end) throw new Error(`${name} has not started`);
    end();
    await settle();
  };
  return { log, piece, release };
}

describe('serial queue', () => {
  it('runs work one piece at a time, in order, and goes on after a failure', async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    const slow = q.run(async () => {
      await new Promise((r) => setTimeout(r, 20));
      log.push('a');
    });
    const failing = q.run(async () => {
      log.push('b');
      throw new Error('b failed');
    });
    const last = q.run(async () => log.push('c'));
    await expect(failing).rejects.toThrow('b failed');
    await Promise.all([slow, last]);
    await q.idle();
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('runs urgent work before the waiting work that is not, never beside the piece running', async () => {
    const q = new SerialQueue();
    const { log, piece, release } = heldWork();
    const all = [q.run(piece('heartbeats 1')), q.run(piece('heartbeats 2')), q.run(piece('heartbeats 3'))];
    await settle(); // heartbeats 1 is running
    all.push(q.run(piece('alarm 1'), { urgent: true }), q.run(piece('alarm 2'), { urgent: true }));
    // Each piece starts only once the one before it has ended.
    for (const name of ['heartbeats 1', 'alarm 1', 'alarm 2', 'heartbeats 2', 'heartbeats 3']) {
      expect(log.at(-1)).toBe(`${name} start`);
      await release(name);
    }
    await Promise.all(all);
    await q.idle();
  });

  it('goes on after work that throws before returning a promise', async () => {
    const q = new SerialQueue();
    await expect(q.run((() => { throw new Error('at once'); }) as () => Promise<void>)).rejects.toThrow('at once');
    await expect(q.run(async () => 'next')).resolves.toBe('next');
  });

  it('is idle only when nothing is left, work queued while it drains included', async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    void q.run(async () => {
      log.push('a');
      void q.run(async () => log.push('b'));
    });
    await q.idle();
    expect(log).toEqual(['a', 'b']);
  });
});

describe('partitioned queue', () => {
  it('runs different partitions at the same time, and one partition in turn', async () => {
    const q = new PartitionedQueue();
    const { log, piece, release } = heldWork();
    const all = [q.run(1, piece('p1 heartbeats')), q.run(1, piece('p1 more')), q.run(2, piece('p2 alarm'))];
    await settle();
    expect(log).toEqual(['p1 heartbeats start', 'p2 alarm start']);
    // Partition 2's alarm does not wait for partition 1's long batch.
    await release('p2 alarm');
    expect(log.at(-1)).toBe('p2 alarm end');
    await release('p1 heartbeats');
    expect(log.slice(-2)).toEqual(['p1 heartbeats end', 'p1 more start']);
    await release('p1 more');
    await Promise.all(all);
  });

  it('starts no work that is not urgent while urgent work runs, and lets it go on after', async () => {
    const q = new PartitionedQueue();
    const { log, piece, release } = heldWork();
    const all = [q.run(1, piece('p1 heartbeats'))];
    await settle(); // partition 1's batch is in hand
    all.push(q.run(2, piece('p2 alarm'), { urgent: true }), q.run(3, piece('p3 heartbeats')), q.run(4, piece('p4 alarm'), { urgent: true }));
    await settle();
    // The batch in hand goes on beside the alarms; partition 3's waits for both alarms.
    expect(log).toEqual(['p1 heartbeats start', 'p2 alarm start', 'p4 alarm start']);
    await release('p2 alarm');
    await release('p1 heartbeats');
    expect(log).not.toContain('p3 heartbeats start');
    await release('p4 alarm');
    expect(log.at(-1)).toBe('p3 heartbeats start');
    await release('p3 heartbeats');
    await Promise.all(all);
  });

  it('starts the urgent work of a partition at once when its other work is waiting for urgent work elsewhere', async () => {
    const q = new PartitionedQueue();
    const { log, piece, release } = heldWork();
    const all = [q.run(2, piece('p2 alarm'), { urgent: true })];
    await settle(); // partition 2's alarm in hand
    all.push(q.run(1, piece('p1 heartbeats')));
    await settle(); // partition 1's heartbeats wait for the alarm elsewhere
    all.push(q.run(1, piece('p1 alarm'), { urgent: true }));
    await settle();
    // Partition 1's alarm did not wait behind its heartbeats, nor for partition 2's alarm.
    expect(log).toEqual(['p2 alarm start', 'p1 alarm start']);
    await release('p1 alarm');
    expect(log).not.toContain('p1 heartbeats start');
    await release('p2 alarm');
    expect(log.slice(-2)).toEqual(['p2 alarm end', 'p1 heartbeats start']);
    await release('p1 heartbeats');
    await Promise.all(all);
  });

  it('runs work alone after the partition work in hand, and before partition work not started', async () => {
    const q = new PartitionedQueue();
    const { log, piece, release } = heldWork();
    const all = [q.run(1, piece('p1 a')), q.run(2, piece('p2 a'))];
    await settle(); // both running
    all.push(q.alone(piece('tick')), q.run(1, piece('p1 b')), q.run(3, piece('p3 a')));
    await settle();
    expect(log).toEqual(['p1 a start', 'p2 a start']);
    await release('p1 a');
    expect(log.at(-1)).toBe('p1 a end'); // the tick waits for partition 2; partition 1 waits for the tick
    await release('p2 a');
    expect(log.slice(-2)).toEqual(['p2 a end', 'tick start']);
    await release('tick');
    // After the tick, partitions 1 and 3 both start.
    expect(log.slice(-3)).toEqual(['tick end', 'p1 b start', 'p3 a start']);
    await release('p1 b');
    await release('p3 a');
    await Promise.all(all);
  });

  it('runs work alone in the order given, goes on after failures, and is idle when all is done', async () => {
    const q = new PartitionedQueue();
    const log: string[] = [];
    const first = q.alone(async () => {
      await pause(5);
      log.push('first');
    });
    const failing = q.alone(async () => {
      throw new Error('tick failed');
    });
    const batch = q.run(7, async () => log.push('batch'), { urgent: true });
    const failingBatch = q.run(7, async () => {
      throw new Error('batch failed');
    });
    const last = q.alone(async () => log.push('last'));
    await expect(failing).rejects.toThrow('tick failed');
    await expect(failingBatch).rejects.toThrow('batch failed');
    await Promise.all([first, batch, last]);
    await q.idle();
    expect(log[0]).toBe('first');
    expect(log).toEqual(expect.arrayContaining(['batch', 'last']));
    await expect(q.run(7, async () => 'after')).resolves.toBe('after');
  });
});

describe('partitioned queue, whatever the mix', () => {
  // A seeded mix of partition work (urgent or not, some failing) and work alone, queued while
  // earlier work runs: every piece runs, and the rules hold at every start.
  it('runs every piece, one per partition at a time, nothing else beside urgent work or work alone', async () => {
    for (let round = 0; round < 10; round++) {
      let seed = round + 1;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      const q = new PartitionedQueue();
      const busy = new Set<number>();
      let urgentRunning = 0;
      let aloneRunning = false;
      let ran = 0;
      const all: Promise<unknown>[] = [];
      for (let i = 0; i < 150; i++) {
        if (random() < 0.08) {
          all.push(
            q.alone(async () => {
              expect(busy.size).toBe(0);
              aloneRunning = true;
              await pause(random() * 3);
              aloneRunning = false;
              ran++;
            }),
          );
        } else {
          const partition = Math.floor(random() * 6);
          const urgent = random() < 0.3;
          const fails = random() < 0.1;
          const piece = async () => {
            expect(aloneRunning).toBe(false);
            expect(busy.has(partition)).toBe(false);
            if (!urgent) expect(urgentRunning).toBe(0);
            busy.add(partition);
            if (urgent) urgentRunning++;
            await pause(random() * 4);
            busy.delete(partition);
            if (urgent) urgentRunning--;
            ran++;
            if (fails) throw new Error('batch failed');
          };
          all.push(q.run(partition, piece, { urgent }).catch((err: Error) => expect(err.message).toBe('batch failed')));
        }
        if (random() < 0.3) await pause(random() * 2);
      }
      await Promise.all(all);
      await q.idle();
      expect(ran).toBe(150);
    }
  });
});

describe('permission refusal', () => {
  const actor = (role: 'admin' | 'operator' | 'planner') => ({ userId: 'u', username: 'u', role, scope: { all: true, areas: [], districts: [] } });

  it('says who may not do what, with the right article', () => {
    expect(() => requirePermission(actor('operator'), 'register.write', 'change devices')).toThrow('an operator may not change devices');
    expect(() => requirePermission(actor('planner'), 'register.write', 'change devices')).toThrow('a planner may not change devices');
  });

  it('lets a role with the permission through', () => {
    expect(() => requirePermission(actor('admin'), 'register.write', 'change devices')).not.toThrow();
  });
});
