import { changedCount, deepEqual, diffRecords, flatten } from './audit-diff';

const area = {
  code: 'BD-TT',
  name: 'Trung tâm thị xã Ba Đồn',
  district: 'Thị xã Ba Đồn',
  coverageTargetPct: 100,
  boundary: { type: 'Polygon', coordinates: [[[106.41, 17.75], [106.42, 17.75], [106.42, 17.76], [106.41, 17.75]]] },
  checkpoints: [{ id: 'CP-1' }],
};

describe('audit before/after', () => {
  it('marks only the field that changed when a key area target is edited', () => {
    const rows = diffRecords(area, { ...area, coverageTargetPct: 90 });
    expect(rows.filter((r) => r.change === 'changed').map((r) => r.path)).toEqual(['coverageTargetPct']);
    expect(rows.find((r) => r.path === 'coverageTargetPct')).toMatchObject({ before: 100, after: 90 });
    expect(changedCount(rows)).toBe(1);
  });

  it('shows every field of a creation as added, with its value after', () => {
    const rows = diffRecords(null, { username: 'kt.badon', scope: { all: false, districts: ['Thị xã Ba Đồn'] } });
    expect(rows.map((r) => [r.path, r.change, r.inBefore])).toEqual([
      ['username', 'added', false],
      ['scope.all', 'added', false],
      ['scope.districts', 'added', false],
    ]);
    expect(rows[2].after).toEqual(['Thị xã Ba Đồn']);
  });

  it('shows every field of a removal as removed', () => {
    const rows = diffRecords({ id: 'CP-1', description: 'Cổng chợ' }, null);
    expect(rows.every((r) => r.change === 'removed' && !r.inAfter)).toBe(true);
  });

  it('opens nested objects to dotted paths but keeps arrays and geometries whole', () => {
    const flat = flatten(area);
    expect([...flat.keys()]).toEqual(['code', 'name', 'district', 'coverageTargetPct', 'boundary', 'checkpoints']);
    expect(flatten({ scope: { all: true, areas: [] } }).get('scope.areas')).toEqual([]);
  });

  it('reports a moved boundary as one changed value', () => {
    const moved = { ...area, boundary: { type: 'Polygon', coordinates: [[[106.41, 17.75], [106.43, 17.75], [106.42, 17.76], [106.41, 17.75]]] } };
    const rows = diffRecords(area, moved);
    expect(rows.filter((r) => r.change !== 'same').map((r) => r.path)).toEqual(['boundary']);
  });

  it('tells a field that appeared from one that was null', () => {
    const rows = diffRecords({ a: null }, { a: null, b: 1 });
    expect(rows).toEqual([
      { path: 'a', before: null, after: null, inBefore: true, inAfter: true, change: 'same' },
      { path: 'b', before: undefined, after: 1, inBefore: false, inAfter: true, change: 'added' },
    ]);
  });

  it('compares a password marker and a list of districts by value', () => {
    const rows = diffRecords({ scope: { districts: ['A', 'B'] } }, { scope: { districts: ['A', 'B'] }, password: 'changed' });
    expect(rows.map((r) => [r.path, r.change])).toEqual([
      ['scope.districts', 'same'],
      ['password', 'added'],
    ]);
  });

  it('treats objects with the same keys in another order as equal', () => {
    expect(deepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });
});
