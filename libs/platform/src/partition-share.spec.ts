import { fairShare, planPartitions, preference, type PartitionView } from './partition-share';

const set = (...xs: number[]) => new Set(xs);

/** Runs every member's plan in turn, as the copies would, until nobody changes anything. */
function settle(partitions: number, members: string[], start: Map<string, Set<number>> = new Map()): Map<string, Set<number>> {
  const owned = new Map(members.map((m) => [m, new Set(start.get(m) ?? [])]));
  for (let round = 0; round < 20; round++) {
    let changed = false;
    for (const self of members) {
      const mine = owned.get(self) as Set<number>;
      const taken = new Set([...owned].filter(([m]) => m !== self).flatMap(([, s]) => [...s]));
      const plan = planPartitions({ partitions, members, self, owned: mine, taken });
      for (const p of plan.release) mine.delete(p);
      for (const p of plan.acquire) mine.add(p);
      changed ||= plan.release.length + plan.acquire.length > 0;
    }
    if (!changed) return owned;
  }
  throw new Error('the copies did not settle within 20 rounds');
}

describe('fair share of partitions', () => {
  it('gives a single copy every partition', () => {
    expect(fairShare(16, ['a'], 'a')).toBe(16);
  });

  it('counts the copy itself even when it does not see itself among the members yet', () => {
    expect(fairShare(16, ['b'], 'a')).toBe(8);
    expect(fairShare(16, [], 'a')).toBe(16);
  });

  it('splits evenly, the remainder going to the first copies by id', () => {
    const members = ['c', 'a', 'b'];
    expect(members.map((m) => fairShare(16, members, m))).toEqual([5, 6, 5]);
    expect(['a', 'b', 'c'].reduce((sum, m) => sum + fairShare(16, members, m), 0)).toBe(16);
  });

  it('gives nothing to copies beyond the number of partitions', () => {
    const members = ['a', 'b', 'c'];
    expect(members.map((m) => fairShare(2, members, m))).toEqual([1, 1, 0]);
  });

  it('ignores a member listed twice', () => {
    expect(fairShare(16, ['a', 'a', 'b'], 'b')).toBe(8);
  });

  it('refuses a partition count that is not a whole number', () => {
    expect(() => fairShare(-1, ['a'], 'a')).toThrow(RangeError);
    expect(() => fairShare(1.5, ['a'], 'a')).toThrow(RangeError);
  });
});

describe('partition plan', () => {
  const view = (over: Partial<PartitionView>): PartitionView => ({ partitions: 16, members: ['a'], self: 'a', owned: set(), taken: set(), ...over });

  it('takes every free partition when alone', () => {
    const plan = planPartitions(view({}));
    expect(plan.share).toBe(16);
    expect([...plan.acquire].sort((x, y) => x - y)).toEqual([...Array(16).keys()]);
    expect(plan.release).toEqual([]);
  });

  it('never reaches for a partition another copy owns', () => {
    const plan = planPartitions(view({ members: ['a', 'b'], taken: set(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13) }));
    expect(plan.share).toBe(8);
    expect([...plan.acquire].sort((x, y) => x - y)).toEqual([14, 15]);
  });

  it('gives up what is above its share when a second copy arrives, least preferred first', () => {
    const all = set(...Array(16).keys());
    const plan = planPartitions(view({ members: ['a', 'b'], owned: all }));
    expect(plan.release).toHaveLength(8);
    expect(plan.acquire).toEqual([]);
    const kept = [...all].filter((p) => !plan.release.includes(p));
    // Every partition kept is preferred to every partition given up.
    expect(Math.min(...kept.map((p) => preference('a', p)))).toBeGreaterThan(Math.max(...plan.release.map((p) => preference('a', p))));
    expect(preference('a', plan.release[0])).toBeLessThanOrEqual(preference('a', plan.release[7]));
  });

  it('does nothing at its share', () => {
    const plan = planPartitions(view({ members: ['a', 'b'], owned: set(0, 1, 2, 3, 4, 5, 6, 7), taken: set(8, 9, 10, 11, 12, 13, 14, 15) }));
    expect(plan).toEqual({ share: 8, release: [], acquire: [] });
  });

  it('gives up partitions beyond the range', () => {
    const plan = planPartitions(view({ partitions: 4, owned: set(0, 1, 2, 3, 7) }));
    expect(plan.release).toEqual([7]);
  });

  it('takes at most its share, the preferred free ones', () => {
    const plan = planPartitions(view({ members: ['a', 'b', 'c', 'd'] }));
    expect(plan.acquire).toHaveLength(4);
    const rest = [...Array(16).keys()].filter((p) => !plan.acquire.includes(p));
    expect(Math.min(...plan.acquire.map((p) => preference('a', p)))).toBeGreaterThan(Math.max(...rest.map((p) => preference('a', p))));
  });
});

describe('copies following their plans', () => {
  const owners = (owned: Map<string, Set<number>>) => [...owned.values()].flatMap((s) => [...s]).sort((x, y) => x - y);

  it.each([1, 2, 3, 5, 16, 20])('settle with every partition owned exactly once by %i copies', (n) => {
    const members = Array.from({ length: n }, (_, i) => `copy-${i}`);
    const owned = settle(16, members);
    expect(owners(owned)).toEqual([...Array(16).keys()]);
    const sizes = [...owned.values()].map((s) => s.size);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('hands half to a new copy, and moves nothing else', () => {
    const alone = settle(16, ['a']);
    const two = settle(16, ['a', 'b'], alone);
    expect((two.get('a') as Set<number>).size).toBe(8);
    expect((two.get('b') as Set<number>).size).toBe(8);
    expect([...(two.get('a') as Set<number>)].every((p) => (alone.get('a') as Set<number>).has(p))).toBe(true);
  });

  it('takes over every partition of a copy that died, and only those', () => {
    const three = settle(16, ['a', 'b', 'c']);
    const survivors = settle(16, ['a', 'c'], new Map([['a', three.get('a') as Set<number>], ['c', three.get('c') as Set<number>]]));
    expect(owners(survivors)).toEqual([...Array(16).keys()]);
    for (const m of ['a', 'c']) for (const p of three.get(m) as Set<number>) expect((survivors.get(m) as Set<number>).has(p)).toBe(true);
  });
});
