import type { AreaScope } from '@ioc/contracts';
import { decideAreas } from './area-scope';

const scope = (s: Partial<AreaScope>): AreaScope => ({ all: false, areas: [], districts: [], ...s });
const known = [
  { code: 'DH-TT', district: 'Thành phố Đồng Hới' },
  { code: 'BD-CHO', district: 'Thị xã Ba Đồn' },
  { code: 'BD-TT', district: 'Thị xã Ba Đồn' },
];
const baDon = scope({ districts: ['Thị xã Ba Đồn'] });

describe('areas of a subscription', () => {
  it('gives a user scoped to all areas every area for "*"', () => {
    expect(decideAreas('*', known, scope({ all: true }))).toEqual({ ok: true, codes: ['DH-TT', 'BD-CHO', 'BD-TT'] });
  });

  it('narrows "*" to the areas of the user\'s scope', () => {
    expect(decideAreas('*', known, baDon)).toEqual({ ok: true, codes: ['BD-CHO', 'BD-TT'] });
    expect(decideAreas('*', known, scope({ areas: ['DH-TT'] }))).toEqual({ ok: true, codes: ['DH-TT'] });
  });

  it('grants explicit areas inside the scope', () => {
    expect(decideAreas(['BD-TT', 'BD-CHO', 'BD-TT'], known, baDon)).toEqual({ ok: true, codes: ['BD-TT', 'BD-CHO'] });
  });

  it('refuses the whole request when one area is outside the scope, naming it and the scope', () => {
    const decision = decideAreas(['BD-TT', 'DH-TT'], known, baDon);
    expect(decision).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'key areas outside your scope: DH-TT (your scope: district Thị xã Ba Đồn)' },
    });
  });

  it('answers an unknown area exactly as one outside the scope, so a scoped user cannot tell whether it exists', () => {
    const missing = decideAreas(['BD-TT', 'NOPE'], known, baDon);
    const foreign = decideAreas(['BD-TT', 'DH-TT'], known, baDon);
    expect(missing).toEqual({ ok: false, error: { code: 'forbidden', message: 'key areas outside your scope: NOPE (your scope: district Thị xã Ba Đồn)' } });
    expect(JSON.stringify(missing).replace('NOPE', 'X')).toBe(JSON.stringify(foreign).replace('DH-TT', 'X'));
  });

  it('tells a user scoped to all areas that an area is unknown', () => {
    expect(decideAreas(['NOPE'], known, scope({ all: true }))).toEqual({ ok: false, error: { code: 'unknown_area', message: 'unknown key areas: NOPE' } });
  });
});
