import type { AreaScope } from '@ioc/contracts';
import { decideAreaPlacement, decideUserChange, decideUserCreate, managesUser, scopeExcess, scopeWithin } from './admin-scope';

const scope = (s: Partial<AreaScope>): AreaScope => ({ all: false, areas: [], districts: [], ...s });
const DONG_HOI = 'Thành phố Đồng Hới';
const BA_DON = 'Thị xã Ba Đồn';
const AREAS: Record<string, string> = { 'DH-TT': DONG_HOI, 'DH-CHO': DONG_HOI, 'BD-TT': BA_DON, 'BD-CHO': BA_DON };
const districtOf = (code: string) => AREAS[code];

const provinceAdmin = { userId: 'p', role: 'admin' as const, scope: scope({ all: true }) };
const baDonAdmin = { userId: 'b', role: 'admin' as const, scope: scope({ districts: [BA_DON] }) };
const oneAreaAdmin = { userId: 'o', role: 'admin' as const, scope: scope({ areas: ['BD-TT'] }) };

describe('granting a scope', () => {
  it('lets an all-scope admin grant anything', () => {
    expect(scopeExcess(provinceAdmin.scope, scope({ all: true }), districtOf)).toEqual([]);
    expect(scopeExcess(provinceAdmin.scope, scope({ districts: [DONG_HOI], areas: ['BD-TT'] }), districtOf)).toEqual([]);
  });

  it('refuses all areas to a district-scoped admin', () => {
    expect(scopeExcess(baDonAdmin.scope, scope({ all: true }), districtOf)).toEqual([expect.objectContaining({ path: 'scope.all' })]);
  });

  it('refuses another district, and an area of another district', () => {
    expect(scopeExcess(baDonAdmin.scope, scope({ districts: [DONG_HOI] }), districtOf).map((r) => r.path)).toEqual(['scope.districts']);
    expect(scopeExcess(baDonAdmin.scope, scope({ areas: ['DH-TT'] }), districtOf).map((r) => r.path)).toEqual(['scope.areas']);
  });

  it('grants the own district, a part of it, or areas inside it', () => {
    expect(scopeWithin(baDonAdmin.scope, scope({ districts: [BA_DON] }), districtOf)).toBe(true);
    expect(scopeWithin(baDonAdmin.scope, scope({ areas: ['BD-TT', 'BD-CHO'] }), districtOf)).toBe(true);
  });

  it('refuses a whole district to an admin who holds only some of its areas', () => {
    expect(scopeWithin(oneAreaAdmin.scope, scope({ districts: [BA_DON] }), districtOf)).toBe(false);
    expect(scopeWithin(oneAreaAdmin.scope, scope({ areas: ['BD-CHO'] }), districtOf)).toBe(false);
    expect(scopeWithin(oneAreaAdmin.scope, scope({ areas: ['BD-TT'] }), districtOf)).toBe(true);
  });

  it('refuses an area that does not exist like one outside the scope', () => {
    const missing = scopeExcess(baDonAdmin.scope, scope({ areas: ['NO-SUCH'] }), districtOf);
    const foreign = scopeExcess(baDonAdmin.scope, scope({ areas: ['DH-TT'] }), districtOf);
    expect(missing.map((r) => r.path)).toEqual(foreign.map((r) => r.path));
    expect(missing[0].message).toMatch(/outside your scope/);
  });

  it('compares district names exactly, diacritics included', () => {
    expect(scopeWithin(baDonAdmin.scope, scope({ districts: ['Thi xa Ba Don'] }), districtOf)).toBe(false);
  });

  it('lists every excess, not only the first', () => {
    expect(scopeExcess(baDonAdmin.scope, scope({ all: true, districts: [DONG_HOI], areas: ['DH-CHO'] }), districtOf)).toHaveLength(3);
  });
});

describe('creating users', () => {
  it('refuses an all-scope admin created by a district-scoped admin', () => {
    expect(decideUserCreate(baDonAdmin, { role: 'admin', scope: scope({ all: true }) }, districtOf)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('lets a district-scoped admin create an admin or operator for their district', () => {
    expect(decideUserCreate(baDonAdmin, { role: 'admin', scope: scope({ districts: [BA_DON] }) }, districtOf)).toEqual({ ok: true });
    expect(decideUserCreate(baDonAdmin, { role: 'operator', scope: scope({ areas: ['BD-CHO'] }) }, districtOf)).toEqual({ ok: true });
  });

  it('refuses a technician for another district', () => {
    expect(decideUserCreate(baDonAdmin, { role: 'technician', scope: scope({ districts: [DONG_HOI] }) }, districtOf)).toMatchObject({ ok: false });
  });
});

describe('changing users', () => {
  const dongHoiOperator = { id: 'dh-op', role: 'operator' as const, scope: scope({ districts: [DONG_HOI] }) };
  const baDonOperator = { id: 'bd-op', role: 'operator' as const, scope: scope({ districts: [BA_DON] }) };
  const allOperator = { id: 'all-op', role: 'operator' as const, scope: scope({ all: true }) };
  const self = { id: baDonAdmin.userId, role: 'admin' as const, scope: baDonAdmin.scope };

  it('refuses to widen the own scope to all, or to another district', () => {
    const all = decideUserChange(baDonAdmin, self, { scope: scope({ all: true }) }, districtOf);
    expect(all).toMatchObject({ ok: false, code: 'forbidden' });
    expect(all.ok ? '' : all.refusals[0].message).toMatch(/may not widen your own scope/);
    expect(decideUserChange(baDonAdmin, self, { scope: scope({ districts: [BA_DON, DONG_HOI] }) }, districtOf)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('lets an admin narrow their own scope', () => {
    expect(decideUserChange(baDonAdmin, self, { scope: scope({ areas: ['BD-TT'] }) }, districtOf)).toEqual({ ok: true });
  });

  it('answers not found for a user outside the scope, as for one that does not exist', () => {
    expect(decideUserChange(baDonAdmin, dongHoiOperator, {}, districtOf)).toMatchObject({ ok: false, code: 'not_found' });
    expect(decideUserChange(baDonAdmin, allOperator, { disabled: true }, districtOf)).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('refuses moving a user of the own district to another district', () => {
    expect(decideUserChange(baDonAdmin, baDonOperator, { scope: scope({ districts: [DONG_HOI] }) }, districtOf)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('lets a district-scoped admin make a user of their district admin of it (they hold that much)', () => {
    expect(decideUserChange(baDonAdmin, baDonOperator, { role: 'admin' }, districtOf)).toEqual({ ok: true });
  });

  it('refuses disabling oneself or dropping the own admin role', () => {
    expect(decideUserChange(baDonAdmin, self, { disabled: true }, districtOf)).toMatchObject({ ok: false, code: 'conflict' });
    expect(decideUserChange(baDonAdmin, self, { role: 'planner' }, districtOf)).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('lets an all-scope admin change anyone', () => {
    expect(decideUserChange(provinceAdmin, dongHoiOperator, { scope: scope({ all: true }) }, districtOf)).toEqual({ ok: true });
  });

  it('shows an admin only the users inside their scope, and themselves', () => {
    expect(managesUser(baDonAdmin, baDonOperator, districtOf)).toBe(true);
    expect(managesUser(baDonAdmin, dongHoiOperator, districtOf)).toBe(false);
    expect(managesUser(baDonAdmin, allOperator, districtOf)).toBe(false);
    expect(managesUser(oneAreaAdmin, { id: 'o', role: 'admin', scope: oneAreaAdmin.scope }, districtOf)).toBe(true);
  });
});

describe('placing key areas', () => {
  it('refuses a new key area in another district', () => {
    expect(decideAreaPlacement(baDonAdmin.scope, { code: 'DH-NEW', district: DONG_HOI }).map((r) => r.path)).toEqual(['district']);
  });

  it('lets a district-scoped admin create a key area in their district', () => {
    expect(decideAreaPlacement(baDonAdmin.scope, { code: 'BD-NEW', district: BA_DON })).toEqual([]);
  });

  it('refuses a new area to an admin scoped to single areas', () => {
    expect(decideAreaPlacement(oneAreaAdmin.scope, { code: 'BD-NEW', district: BA_DON })).toHaveLength(1);
  });

  it('refuses moving an own area to another district', () => {
    const refusals = decideAreaPlacement(baDonAdmin.scope, { code: 'BD-TT', district: DONG_HOI }, { code: 'BD-TT', district: BA_DON });
    expect(refusals[0].message).toMatch(/would take it outside your scope/);
  });

  it('refuses changing an area outside the scope at all', () => {
    expect(decideAreaPlacement(baDonAdmin.scope, { code: 'DH-TT', district: BA_DON }, { code: 'DH-TT', district: DONG_HOI }).map((r) => r.path)).toEqual(['code']);
  });

  it('lets an all-scope admin put an area anywhere', () => {
    expect(decideAreaPlacement(provinceAdmin.scope, { code: 'DH-TT', district: BA_DON }, { code: 'DH-TT', district: DONG_HOI })).toEqual([]);
  });
});
