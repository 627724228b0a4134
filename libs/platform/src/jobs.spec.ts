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
