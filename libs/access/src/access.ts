// Who may do what, and where. Pure rules shared by every service that answers a user:
// a role grants permissions; an area scope limits the key areas they apply to.
import type { AreaScope, Role } from '@ioc/contracts';

export const PERMISSIONS = {
  /** See key areas, checkpoints, gateways, devices and their status (within scope). */
  'register.read': ['admin', 'operator', 'technician', 'planner'],
  /** Register, change and decommission gateways, devices and checkpoints; bulk imports. */
  'register.write': ['admin', 'technician'],
  /** Create key areas and change their boundary, district, category or target. */
  'areas.write': ['admin'],
  /** Users, roles and scopes. */
  'users.manage': ['admin'],
  /** Read the audit log (within scope for register entries). */
  'audit.read': ['admin', 'planner'],
  /** See incidents and maintenance windows (within scope). */
  'incidents.read': ['admin', 'operator', 'technician', 'planner'],
  /** Acknowledge, assign, comment, resolve and close incidents. */
  'incidents.act': ['admin', 'operator'],
  /** Open and cancel maintenance windows. */
  'maintenance.write': ['admin', 'technician'],
  /** Coverage figures, gaps, placement suggestions, history and exports (within scope). */
  'coverage.read': ['admin', 'operator', 'technician', 'planner'],
  /** Take a coverage snapshot on demand (the daily one runs by itself). */
  'coverage.snapshot': ['admin'],
  /** Make monthly SLA reports on demand (the monthly job makes them by itself). */
  'reports.make': ['admin', 'planner'],
  /** Watch the live view (Socket.IO `/ops`). */
  'ops.watch': ['admin', 'operator', 'technician', 'planner'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export interface ScopedArea {
  code: string;
  district: string;
}

/** Whether a key area lies inside a user's scope. */
export function inScope(scope: AreaScope, area: ScopedArea): boolean {
  return scope.all || scope.areas.includes(area.code) || scope.districts.includes(area.district);
}

/** The codes of the areas in scope, among those given. */
export function areasInScope<A extends ScopedArea>(scope: AreaScope, areas: readonly A[]): A[] {
  return scope.all ? [...areas] : areas.filter((a) => inScope(scope, a));
}

/** A short description for messages: "all areas", "areas BD-TT; district Thị xã Ba Đồn". */
export function describeScope(scope: AreaScope): string {
  if (scope.all) return 'all areas';
  const parts: string[] = [];
  if (scope.areas.length > 0) parts.push(`areas ${scope.areas.join(', ')}`);
  if (scope.districts.length > 0) parts.push(`${scope.districts.length === 1 ? 'district' : 'districts'} ${scope.districts.join(', ')}`);
  return parts.join('; ');
}
