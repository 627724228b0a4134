import { PartitionedQueue, SerialQueue } from './jobs';
import { requirePermission } from './access';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
    const log: string[] = [];
    let running = 0;
    const piece = (name: string) => async () => {
      running++;
      expect(running).toBe(1);
      await new Promise((r) => setTimeout(r, 5));
      log.push(name);
      running--;
    };
    const all = [q.run(piece('heartbeats 1')), q.run(piece('heartbeats 2')), q.run(piece('heartbeats 3'))];
    await new Promise((r) => setTimeout(r, 1)); // heartbeats 1 is running
    all.push(q.run(piece('alarm 1'), { urgent: true }), q.run(piece('alarm 2'), { urgent: true }));
    await Promise.all(all);
    await q.idle();
    expect(log).toEqual(['heartbeats 1', 'alarm 1', 'alarm 2', 'heartbeats 2', 'heartbeats 3']);
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
  /** Work that logs its start and its end, `ms` apart. */
  const startAndEnd = (log: string[]) => (name: string, ms: number) => async () => {
    log.push(`${name} start`);
    await pause(ms);
    log.push(`${name} end`);
  };

  it('runs different partitions at the same time, and one partition in turn', async () => {
    const q = new PartitionedQueue();
    const log: string[] = [];
    const running = new Map<number, number>();
    let most = 0;
    const piece = (p: number, name: string, ms: number) => async () => {
      running.set(p, (running.get(p) ?? 0) + 1);
      expect(running.get(p)).toBe(1);
      most = Math.max(most, [...running.values()].reduce((a, b) => a + b, 0));
      await pause(ms);
      log.push(name);
      running.set(p, (running.get(p) ?? 1) - 1);
    };
    await Promise.all([q.run(1, piece(1, 'p1 heartbeats', 40)), q.run(1, piece(1, 'p1 more', 1)), q.run(2, piece(2, 'p2 alarm', 5))]);
    // Partition 2's alarm did not wait for partition 1's long batch.
    expect(log).toEqual(['p2 alarm', 'p1 heartbeats', 'p1 more']);
    expect(most).toBe(2);
  });

  it('starts no work that is not urgent while urgent work runs, and lets it go on after', async () => {
    const q = new PartitionedQueue();
    const log: string[] = [];
    const piece = startAndEnd(log);
    const all = [q.run(1, piece('p1 heartbeats', 20))];
    await pause(5); // partition 1's batch is in hand
    all.push(q.run(2, piece('p2 alarm', 20), { urgent: true }), q.run(3, piece('p3 heartbeats', 1)), q.run(4, piece('p4 alarm', 1), { urgent: true }));
    await Promise.all(all);
    // The batch in hand goes on beside the alarms; partition 3's waits for both alarms.
    expect(log.indexOf('p1 heartbeats end')).toBeGreaterThan(log.indexOf('p2 alarm start'));
    expect(log.indexOf('p4 alarm start')).toBeLessThan(log.indexOf('p2 alarm end'));
    expect(log.indexOf('p3 heartbeats start')).toBeGreaterThan(log.indexOf('p2 alarm end'));
    expect(log.indexOf('p3 heartbeats start')).toBeGreaterThan(log.indexOf('p4 alarm end'));
    expect(log.at(-1)).toBe('p3 heartbeats end');
  });

  it('starts the urgent work of a partition at once when its other work is waiting for urgent work elsewhere', async () => {
    const q = new PartitionedQueue();
    const log: string[] = [];
    const piece = startAndEnd(log);
    const all = [q.run(2, piece('p2 alarm', 30), { urgent: true })];
    await pause(5); // partition 2's alarm in hand
    all.push(q.run(1, piece('p1 heartbeats', 1)));
    await pause(5); // partition 1's heartbeats wait for the alarm elsewhere
    all.push(q.run(1, piece('p1 alarm', 1), { urgent: true }));
    await pause(5);
    // Partition 1's alarm did not wait behind its heartbeats, nor for partition 2's alarm.
    expect(log).toEqual(['p2 alarm start', 'p1 alarm start', 'p1 alarm end']);
    await Promise.all(all);
    expect(log.slice(3)).toEqual(['p2 alarm end', 'p1 heartbeats start', 'p1 heartbeats end']);
  });

  it('runs work alone after the partition work in hand, and before partition work not started', async () => {
    const q = new PartitionedQueue();
    const log: string[] = [];
    let inside = 0;
    const piece = (name: string, ms: number) => async () => {
      inside++;
      await pause(ms);
      log.push(`${name} (${inside} inside)`);
      inside--;
    };
    const all = [q.run(1, piece('p1 a', 20)), q.run(2, piece('p2 a', 30))];
    await pause(5); // both running
    all.push(q.alone(piece('tick', 5)), q.run(1, piece('p1 b', 1)), q.run(3, piece('p3 a', 1)));
    await Promise.all(all);
    expect(log.slice(0, 3)).toEqual(['p1 a (2 inside)', 'p2 a (1 inside)', 'tick (1 inside)']);
    // After the tick, partitions 1 and 3 both start.
    expect(log.slice(3).map((l) => l.split(' (')[0]).sort()).toEqual(['p1 b', 'p3 a']);
    expect(log[3]).toMatch(/\(2 inside\)$/);
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
