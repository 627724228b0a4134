// The key area form's state and what it sends, pure: POST /api/v1/areas for a new area,
// or a KeyAreaPatch of only what changed. Values go as typed (a target of "abc" is sent as
// text) so that the API names what is wrong beside the field.
import type { AreaCategory, KeyArea, KeyAreaPatch, PolygonGeometry } from '@ioc/contracts';
import { deepEqual } from './audit-diff';

export interface AreaFormState {
  code: string;
  name: string;
  district: string;
  category: AreaCategory | '';
  /** The coverage target in %, as typed. */
  target: string;
}

export function emptyAreaForm(): AreaFormState {
  return { code: '', name: '', district: '', category: '', target: '100' };
}

export function formFromArea(area: KeyArea): AreaFormState {
  return { code: area.code, name: area.name, district: area.district, category: area.category as AreaCategory, target: String(area.coverageTargetPct) };
}

/** A number when the text is one (a decimal comma too), else the text itself; undefined when empty. */
export function targetValue(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t.replace(',', '.'));
  return Number.isFinite(n) ? n : t;
}

export function areaInputFromForm(form: AreaFormState, boundary: PolygonGeometry | undefined): Record<string, unknown> {
  return {
    code: form.code.trim(),
    name: form.name,
    district: form.district,
    category: form.category === '' ? undefined : form.category,
    boundary,
    coverageTargetPct: targetValue(form.target),
  };
}

/**
 * Only what differs from the area as read. An emptied target, or a boundary the admin
 * cleared (null), is sent as such for the API to refuse beside its field: an area keeps
 * a boundary once it has one.
 */
export function areaPatchFromForm(area: KeyArea, form: AreaFormState, boundary: PolygonGeometry | null): KeyAreaPatch {
  const patch: Record<string, unknown> = {};
  if (form.name !== area.name) patch.name = form.name;
  if (form.district !== area.district) patch.district = form.district;
  if (form.category !== area.category) patch.category = form.category;
  const target = targetValue(form.target);
  if (target !== area.coverageTargetPct) patch.coverageTargetPct = target ?? form.target;
  if (!deepEqual(boundary, area.boundary)) patch.boundary = boundary;
  return patch as KeyAreaPatch;
}
