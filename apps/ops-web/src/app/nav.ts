// The screens and who sees them in the navigation: a screen appears when the user's role
// has its permission (the same table the services enforce, @ioc/access).
import type { Permission } from '@ioc/access';

export interface NavItem {
  path: string;
  /** Key in common:nav. */
  label: 'ops' | 'devices' | 'gateways' | 'imports' | 'maintenance' | 'coverage' | 'sla' | 'users' | 'areas' | 'audit';
  permission: Permission;
}

export const NAV: readonly NavItem[] = [
  { path: '/ops', label: 'ops', permission: 'ops.watch' },
  { path: '/devices', label: 'devices', permission: 'register.read' },
  { path: '/gateways', label: 'gateways', permission: 'register.write' },
  { path: '/imports', label: 'imports', permission: 'register.write' },
  { path: '/maintenance', label: 'maintenance', permission: 'maintenance.write' },
  { path: '/coverage', label: 'coverage', permission: 'coverage.read' },
  // Every role reads the SLA figures (as the SLA service allows); making a report needs reports.make.
  { path: '/sla', label: 'sla', permission: 'register.read' },
  { path: '/admin/users', label: 'users', permission: 'users.manage' },
  { path: '/admin/areas', label: 'areas', permission: 'areas.write' },
  { path: '/admin/audit', label: 'audit', permission: 'audit.read' },
];

/** Where a role lands after signing in. */
export const HOME: Record<string, string> = { operator: '/ops', admin: '/ops', technician: '/devices', planner: '/coverage' };
