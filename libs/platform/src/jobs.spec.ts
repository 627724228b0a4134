import { SerialQueue } from './jobs';
import { requirePermission } from './access';

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
