import { ariaSort, sortRows, toggleSort } from './sort';

describe('sorting the planner tables', () => {
  const districts = ['Thị xã Ba Đồn', 'Huyện Bố Trạch', 'Thành phố Đồng Hới', 'Huyện Lệ Thủy', 'Huyện Quảng Ninh', 'Huyện Minh Hóa'];

  it('puts Vietnamese names in Vietnamese alphabetical order, diacritics included', () => {
    const names = ['Đồng Hới', 'Dinh Mười', 'Ba Đồn', 'Bố Trạch', 'Ánh Dương'];
    expect(sortRows(names, (n) => n, 'asc')).toEqual(['Ánh Dương', 'Ba Đồn', 'Bố Trạch', 'Dinh Mười', 'Đồng Hới']);
    expect(sortRows(districts, (n) => n, 'asc')[0]).toBe('Huyện Bố Trạch');
  });

  it('sorts numbers either way and keeps blanks (no figure) last both ways', () => {
    const rows = [{ v: 50 }, { v: null }, { v: 100 }, { v: 0 }, { v: undefined }];
    expect(sortRows(rows, (r) => r.v, 'asc').map((r) => r.v)).toEqual([0, 50, 100, null, undefined]);
    expect(sortRows(rows, (r) => r.v, 'desc').map((r) => r.v)).toEqual([100, 50, 0, null, undefined]);
  });

  it('breaks ties by the tie-break key, then keeps the original order', () => {
    const rows = [
      { code: 'DH-TT', pct: 100 },
      { code: 'BD-CG', pct: 100 },
      { code: 'DH-SB', pct: 80 },
    ];
    expect(sortRows(rows, (r) => r.pct, 'desc', 'vi', (r) => r.code).map((r) => r.code)).toEqual(['BD-CG', 'DH-TT', 'DH-SB']);
  });

  it('sorts booleans false before true ascending (areas missing the target first)', () => {
    expect(sortRows([true, false, true], (b) => b, 'asc')).toEqual([false, true, true]);
  });

  it('starts a new column ascending and flips the same column', () => {
    const s = toggleSort({ key: 'name', dir: 'asc' as const }, 'district');
    expect(s).toEqual({ key: 'district', dir: 'asc' });
    expect(toggleSort(s, 'district')).toEqual({ key: 'district', dir: 'desc' });
    expect(ariaSort({ key: 'name', dir: 'desc' }, 'name')).toBe('descending');
    expect(ariaSort({ key: 'name', dir: 'desc' }, 'district')).toBe('none');
  });
});
