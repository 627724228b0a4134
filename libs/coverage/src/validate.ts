// Guards on the lib's inputs. The register's schemas check the same fields at the edge;
// these keep a bad value that slipped through (or a hand-built test fixture) from turning
// into NaN coverage, and name the field that is wrong.
import { PURPOSES, type Purpose } from '@ioc/contracts';
import { CoverageInputError } from './errors';
import { fieldOfViewProblem, locationProblem } from './field-of-view';
import type { CoverageArea, CoverageCheckpoint, CoverageDevice } from './model';

/** Purposes as a bit mask: bit i for PURPOSES[i] (traffic 1, security 2). */
export function purposeMask(purposes: readonly Purpose[]): number {
  let mask = 0;
  for (const p of purposes) {
    const i = PURPOSES.indexOf(p);
    if (i >= 0) mask |= 1 << i;
  }
  return mask;
}

function purposesProblem(purposes: readonly Purpose[]): string | null {
  for (const p of purposes) if (!PURPOSES.includes(p)) return `purpose ${JSON.stringify(p)} must be one of ${PURPOSES.join(', ')}`;
  return null;
}

export function checkDevice(d: CoverageDevice): void {
  const problem =
    (typeof d.id === 'string' && d.id.length > 0 ? null : 'id must be a non-empty string') ??
    purposesProblem(d.purposes) ??
    fieldOfViewProblem(d);
  if (problem !== null) throw new CoverageInputError('invalid_device', `device ${d.id}: ${problem}`);
}

export function checkCheckpoint(c: CoverageCheckpoint): void {
  const problem =
    (typeof c.id === 'string' && c.id.length > 0 ? null : 'id must be a non-empty string') ??
    purposesProblem(c.purposes) ??
    locationProblem(c.location);
  if (problem !== null) throw new CoverageInputError('invalid_checkpoint', `checkpoint ${c.areaCode}/${c.id}: ${problem}`);
}

export function checkArea(a: CoverageArea): void {
  const problem =
    (typeof a.code === 'string' && a.code.length > 0 ? null : 'code must be a non-empty string') ??
    (Number.isFinite(a.targetPct) && a.targetPct > 0 && a.targetPct <= 100 ? null : `targetPct ${a.targetPct} must be > 0 and ≤ 100`);
  if (problem !== null) throw new CoverageInputError('invalid_area', `area ${a.code}: ${problem}`);
}
