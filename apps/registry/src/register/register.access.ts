// Area-scope checks for every register operation (rules in @ioc/access; permissions:
// requirePermission in @ioc/platform).
import { areasInScope, describeScope, inScope, type ScopeRefusal } from '@ioc/access';
import type { Actor } from '@ioc/contracts';
import { ServiceError } from '@ioc/platform';
import type { AreaRepository } from './area.repository';

export function outOfScope(actor: Actor, areaCode: string): ServiceError {
  return new ServiceError('forbidden', `key area ${areaCode} is outside your scope (${describeScope(actor.scope)})`);
}

/** The key area, if it exists and is in the actor's scope; not_found / forbidden otherwise. */
export async function requireArea(areas: AreaRepository, actor: Actor, code: string): Promise<{ code: string; district: string }> {
  const district = await areas.districtOf(code);
  if (district === undefined) throw new ServiceError('not_found', `no key area ${code}`);
  if (!inScope(actor.scope, { code, district })) throw outOfScope(actor, code);
  return { code, district };
}

/** The codes of the key areas in the actor's scope; undefined means every area. */
export async function scopedAreaCodes(areas: AreaRepository, actor: Actor): Promise<string[] | undefined> {
  if (actor.scope.all) return undefined;
  const districts = await areas.districts();
  return areasInScope(actor.scope, [...districts].map(([code, district]) => ({ code, district }))).map((a) => a.code);
}

/** Narrows a requested area filter to the actor's scope (forbidden if it asks outside). */
export async function areaFilter(areas: AreaRepository, actor: Actor, areaCode?: string): Promise<string[] | undefined> {
  if (areaCode) {
    await requireArea(areas, actor, areaCode);
    return [areaCode];
  }
  return scopedAreaCodes(areas, actor);
}

/** Throws `forbidden` naming each refusal of an area-placement rule (decideAreaPlacement). */
export function refuseOutOfScope(refusals: ScopeRefusal[]): void {
  if (refusals.length > 0) throw new ServiceError('forbidden', refusals.map((r) => r.message).join('; '), refusals);
}
