// The user form's state and what it sends, pure: a new user's UserInput, or for an
// existing one a UserPatch of only what the admin changed (a patch of role, scope or
// password ends that user's sessions, so nothing is sent that did not change). The
// contracts check the values; this only shapes them.
import type { AreaScope, Role, User, UserPatch } from '@ioc/contracts';

/** All areas; every area of some districts; some areas; or both lists (a scope made elsewhere). */
export type ScopeMode = 'all' | 'districts' | 'areas' | 'mixed';

export interface UserFormState {
  username: string;
  displayName: string;
  /** Empty on an existing user: the password stays as it is. */
  password: string;
  role: Role;
  mode: ScopeMode;
  districts: string[];
  areas: string[];
}

export function emptyUserForm(): UserFormState {
  return { username: '', displayName: '', password: '', role: 'operator', mode: 'all', districts: [], areas: [] };
}

export function scopeMode(scope: Pick<AreaScope, 'all' | 'areas' | 'districts'>): ScopeMode {
  if (scope.all) return 'all';
  if (scope.districts.length > 0 && scope.areas.length > 0) return 'mixed';
  return scope.areas.length > 0 ? 'areas' : 'districts';
}

export function formFromUser(user: User): UserFormState {
  return {
    username: user.username,
    displayName: user.displayName,
    password: '',
    role: user.role,
    mode: scopeMode(user.scope),
    districts: [...user.scope.districts],
    areas: [...user.scope.areas],
  };
}

/** The scope the form means: lists the chosen mode does not use are sent empty. */
export function scopeFromForm(form: Pick<UserFormState, 'mode' | 'districts' | 'areas'>): AreaScope {
  const useDistricts = form.mode === 'districts' || form.mode === 'mixed';
  const useAreas = form.mode === 'areas' || form.mode === 'mixed';
  return {
    all: form.mode === 'all',
    districts: useDistricts ? [...new Set(form.districts)] : [],
    areas: useAreas ? [...new Set(form.areas)] : [],
  };
}

/** The body of POST /api/v1/users (the username as typed: the API says what is wrong with it). */
export function userInputFromForm(form: UserFormState): { username: string; displayName: string; password: string; role: Role; scope: AreaScope } {
  return { username: form.username, displayName: form.displayName, password: form.password, role: form.role, scope: scopeFromForm(form) };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

export function sameScope(a: AreaScope, b: AreaScope): boolean {
  return a.all === b.all && sameSet(a.areas, b.areas) && sameSet(a.districts, b.districts);
}

/** The body of PATCH /api/v1/users/:id: only the fields that differ from the user as read. */
export function userPatchFromForm(user: User, form: UserFormState): UserPatch {
  const patch: UserPatch = {};
  if (form.displayName !== user.displayName) patch.displayName = form.displayName;
  if (form.password !== '') patch.password = form.password;
  if (form.role !== user.role) patch.role = form.role;
  const scope = scopeFromForm(form);
  if (!sameScope(scope, user.scope)) patch.scope = scope;
  return patch;
}
