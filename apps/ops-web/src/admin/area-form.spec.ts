import { KeyAreaInput, KeyAreaPatch, type KeyArea } from '@ioc/contracts';
import { areaInputFromForm, areaPatchFromForm, emptyAreaForm, formFromArea, targetValue } from './area-form';

const boundary = { type: 'Polygon' as const, coordinates: [[[106.41, 17.75], [106.42, 17.75], [106.42, 17.76], [106.41, 17.75]] as [number, number][]] };
const area: KeyArea = {
  code: 'BD-TT',
  name: 'Trung tâm thị xã Ba Đồn',
  district: 'Thị xã Ba Đồn',
  category: 'administrative',
  boundary,
  coverageTargetPct: 100,
  checkpoints: [],
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
};

describe('the key area form', () => {
  it('makes a new area the contract accepts', () => {
    const form = { ...emptyAreaForm(), code: ' BD-NEW ', name: 'Bến xe Ba Đồn', district: 'Thị xã Ba Đồn', category: 'station' as const };
    const body = areaInputFromForm(form, boundary);
    expect(body).toMatchObject({ code: 'BD-NEW', coverageTargetPct: 100 });
    expect(KeyAreaInput.safeParse(body).success).toBe(true);
  });

  it('sends a target over 100 as typed, for the API to refuse beside the field', () => {
    const r = KeyAreaInput.safeParse(areaInputFromForm({ ...emptyAreaForm(), code: 'X', name: 'X', district: 'D', category: 'market', target: '150' }, boundary));
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['coverageTargetPct']);
  });

  it('reads a decimal comma and keeps text that is no number', () => {
    expect(targetValue('97,5')).toBe(97.5);
    expect(targetValue(' ')).toBeUndefined();
    expect(targetValue('abc')).toBe('abc');
  });

  it('patches only the target when only the target changed', () => {
    expect(areaPatchFromForm(area, { ...formFromArea(area), target: '90' }, boundary)).toEqual({ coverageTargetPct: 90 });
    expect(areaPatchFromForm(area, formFromArea(area), boundary)).toEqual({});
  });

  it('patches the boundary when a vertex moved, and the patch is valid', () => {
    const moved = { type: 'Polygon' as const, coordinates: [[[106.41, 17.75], [106.43, 17.75], [106.42, 17.76], [106.41, 17.75]] as [number, number][]] };
    const patch = areaPatchFromForm(area, formFromArea(area), moved);
    expect(patch).toEqual({ boundary: moved });
    expect(KeyAreaPatch.safeParse(patch).success).toBe(true);
  });

  it('sends an emptied target or a cleared boundary so the API says they are needed', () => {
    expect(areaPatchFromForm(area, { ...formFromArea(area), target: '' }, boundary)).toEqual({ coverageTargetPct: '' });
    const patch = areaPatchFromForm(area, formFromArea(area), null);
    expect(patch).toEqual({ boundary: null });
    expect(KeyAreaPatch.safeParse(patch).error?.issues.map((i) => i.path.join('.'))).toEqual(['boundary']);
  });
});
