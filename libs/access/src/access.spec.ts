import type { AreaScope } from '@ioc/contracts';
import { areasInScope, can, describeScope, inScope } from './access';

const scope = (s: Partial<AreaScope>): AreaScope => ({ all: false, areas: [], districts: [], ...s });
const dongHoi = { code: 'DH-TT', district: 'Thành phố Đồng Hới' };
const baDonMarket = { code: 'BD-CHO', district: 'Thị xã Ba Đồn' };
const baDonCentre = { code: 'BD-TT', district: 'Thị xã Ba Đồn' };

describe('role permissions', () => {
  it('lets a planner read the register and change none of it', () => {
    expect(can('planner', 'register.read')).toBe(true);
    expect(can('planner', 'register.write')).toBe(false);
    expect(can('planner', 'areas.write')).toBe(false);
    expect(can('planner', 'users.manage')).toBe(false);
  });

  it('lets a technician register devices but not create key areas or manage users', () => {
    expect(can('technician', 'register.write')).toBe(true);
    expect(can('technician', 'areas.write')).toBe(false);
    expect(can('technician', 'users.manage')).toBe(false);
  });

  it('gives an operator the live view and read access only', () => {
    expect(can('operator', 'ops.watch')).toBe(true);
    expect(can('operator', 'register.read')).toBe(true);
    expect(can('operator', 'register.write')).toBe(false);
  });

  it('gives an admin everything', () => {
    for (const p of ['register.read', 'register.write', 'areas.write', 'users.manage', 'audit.read', 'ops.watch'] as const) {
      expect(can('admin', p)).toBe(true);
    }
  });
});

describe('area scope', () => {
  it('admits every area when the scope is all', () => {
    expect(inScope(scope({ all: true }), dongHoi)).toBe(true);
  });

  it('admits the areas of a whole district and nothing outside it', () => {
    const baDon = scope({ districts: ['Thị xã Ba Đồn'] });
    expect(inScope(baDon, baDonMarket)).toBe(true);
    expect(inScope(baDon, baDonCentre)).toBe(true);
    expect(inScope(baDon, dongHoi)).toBe(false);
  });

  it('admits single areas named in the scope', () => {
    expect(inScope(scope({ areas: ['BD-CHO'] }), baDonMarket)).toBe(true);
    expect(inScope(scope({ areas: ['BD-CHO'] }), baDonCentre)).toBe(false);
  });

  it('compares district names exactly, diacritics included', () => {
    expect(inScope(scope({ districts: ['Thi xa Ba Don'] }), baDonMarket)).toBe(false);
  });

  it('filters a list of areas to the scope', () => {
    expect(areasInScope(scope({ areas: ['DH-TT'], districts: ['Thị xã Ba Đồn'] }), [dongHoi, baDonMarket, { code: 'X', district: 'Y' }]).map((a) => a.code)).toEqual([
      'DH-TT',
      'BD-CHO',
    ]);
  });

  it('describes a scope for error messages', () => {
    expect(describeScope(scope({ all: true }))).toBe('all areas');
    expect(describeScope(scope({ areas: ['BD-TT'], districts: ['Thị xã Ba Đồn'] }))).toBe('areas BD-TT; district Thị xã Ba Đồn');
  });
});
