// The admin screens' routes (web app part 2), mounted by app/routes.tsx, each behind the
// permission the services check for it (the navigation uses the same ones, app/nav.ts).
import type { ExtraRoute } from '../app/routes';
import { AreaEditorPage } from './AreaEditorPage';
import { AreasPage } from './AreasPage';
import { AuditPage } from './AuditPage';
import { UsersPage } from './UsersPage';

export const adminRoutes: ExtraRoute[] = [
  { path: '/admin/users', permission: 'users.manage', element: <UsersPage /> },
  { path: '/admin/areas', permission: 'areas.write', element: <AreasPage /> },
  { path: '/admin/areas/new', permission: 'areas.write', element: <AreaEditorPage /> },
  { path: '/admin/areas/:code', permission: 'areas.write', element: <AreaEditorPage /> },
  { path: '/admin/audit', permission: 'audit.read', element: <AuditPage /> },
];
