// What an administrator may grant and where they may act. An admin's area scope bounds
// everything they do: the key areas they create or move, the users they see and change,
// and the scope and role they give. Nobody widens their own rights, and nobody grants
// more than they hold (issue 13: a district-scoped admin could create an all-scope admin
// or widen their own scope to all). Pure rules: the registry answers with them, the web
// app shows the same refusal before it asks.
import type { AreaScope, Role } from '@ioc/contracts';
import { describeScope, inScope } from './access';

/** The district of a key area, undefined if there is none with that code. */
export type DistrictOf = (areaCode: string) => string | undefined;

/** One reason a request is refused, with the field it is about. */
export interface ScopeRefusal {
  path: string;
  message: string;
}

/**
 * Why `granted` is not inside `holder` (empty when it is). `all` is inside only `all`; a
 * district is inside only a scope holding that whole district (holding some of its areas
 * is not enough: the district's later areas would come along); an area is inside when
 * the holder's scope has it, by code or by its district. An area that does not exist is
 * refused like one outside the scope, so a scoped admin learns nothing of other districts.
 */
export function scopeExcess(holder: AreaScope, granted: AreaScope, districtOf: DistrictOf): ScopeRefusal[] {
  if (holder.all) return [];
  const refusals: ScopeRefusal[] = [];
  if (granted.all) refusals.push({ path: 'scope.all', message: `you may not grant all areas: your own scope is ${describeScope(holder)}` });
  for (const district of granted.districts) {
    if (!holder.districts.includes(district)) {
      refusals.push({ path: 'scope.districts', message: `district "${district}" is outside your scope (${describeScope(holder)})` });
    }
  }
  for (const code of granted.areas) {
    const district = districtOf(code);
    if (district === undefined || !inScope(holder, { code, district })) {
      refusals.push({ path: 'scope.areas', message: `key area ${code} is outside your scope (${describeScope(holder)})` });
    }
  }
  return refusals;
}

/** Whether every area `inner` admits is admitted by `outer`. */
export function scopeWithin(outer: AreaScope, inner: AreaScope, districtOf: DistrictOf): boolean {
  return scopeExcess(outer, inner, districtOf).length === 0;
}

export interface UserAdminActor {
  userId: string;
  role: Role;
  scope: AreaScope;
}

export interface ManagedUser {
  id: string;
  role: Role;
  scope: AreaScope;
}

export interface UserChangeRequest {
  role?: Role;
  scope?: AreaScope;
  disabled?: boolean;
}

export type UserAdminDecision = { ok: true } | { ok: false; code: 'forbidden' | 'not_found' | 'conflict'; refusals: ScopeRefusal[] };

/** Whether an admin sees a user at all: a user whose scope reaches outside the admin's is not theirs to see. */
export function managesUser(actor: UserAdminActor, target: ManagedUser, districtOf: DistrictOf): boolean {
  return target.id === actor.userId || scopeWithin(actor.scope, target.scope, districtOf);
}

/**
 * May `actor` (an admin: the role check is requirePermission's) create a user with this
 * role and scope? The scope must lie inside the actor's own.
 */
export function decideUserCreate(actor: UserAdminActor, user: { role: Role; scope: AreaScope }, districtOf: DistrictOf): UserAdminDecision {
  const refusals = scopeExcess(actor.scope, user.scope, districtOf);
  return refusals.length === 0 ? { ok: true } : { ok: false, code: 'forbidden', refusals };
}

/**
 * May `actor` change `target` so? A user outside the actor's scope answers as not found
 * (the same answer as a user that does not exist). The new scope must lie inside the
 * actor's own, also for themselves: an admin never widens their own scope. An admin may
 * neither disable themselves nor take away their own admin role (someone must be left
 * to undo it).
 */
export function decideUserChange(actor: UserAdminActor, target: ManagedUser, change: UserChangeRequest, districtOf: DistrictOf): UserAdminDecision {
  if (!managesUser(actor, target, districtOf)) return { ok: false, code: 'not_found', refusals: [{ path: 'id', message: 'no such user' }] };
  const self = target.id === actor.userId;
  if (self && (change.disabled === true || (change.role !== undefined && change.role !== 'admin'))) {
    return { ok: false, code: 'conflict', refusals: [{ path: change.disabled === true ? 'disabled' : 'role', message: 'you cannot disable yourself or take away your own admin role' }] };
  }
  if (change.scope) {
    const refusals = scopeExcess(actor.scope, change.scope, districtOf);
    if (refusals.length > 0) {
      if (self) return { ok: false, code: 'forbidden', refusals: refusals.map((r) => ({ ...r, message: `you may not widen your own scope: ${r.message}` })) };
      return { ok: false, code: 'forbidden', refusals };
    }
  }
  return { ok: true };
}

/**
 * May `actor` put a key area (new, or changed) in `district`? Both where it is and where
 * it would go must be in scope, so an admin cannot move an area out of their reach.
 */
export function decideAreaPlacement(
  actorScope: AreaScope,
  area: { code: string; district: string },
  before?: { code: string; district: string },
): ScopeRefusal[] {
  const refusals: ScopeRefusal[] = [];
  if (before && !inScope(actorScope, before)) {
    refusals.push({ path: 'code', message: `key area ${before.code} is outside your scope (${describeScope(actorScope)})` });
    return refusals;
  }
  if (!inScope(actorScope, area)) {
    refusals.push({
      path: 'district',
      message: before
        ? `moving key area ${area.code} to district "${area.district}" would take it outside your scope (${describeScope(actorScope)})`
        : `district "${area.district}" is outside your scope (${describeScope(actorScope)}): you may create key areas only within it`,
    });
  }
  return refusals;
}
