// The technician's device and maintenance screens' routes (web app part 2), mounted by
// app/routes.tsx behind their permissions: reading the register for the list and a device
// page, writing it to register or edit one; maintenance windows are seen by whoever reads
// incidents, and opened or ended only with maintenance.write (the page hides the rest).
import type { ExtraRoute } from '../app/routes';
import { DeviceEditorPage } from './DeviceEditorPage';
import { DeviceListPage } from './DeviceListPage';
import { DevicePage } from './DevicePage';
import { MaintenancePage } from './MaintenancePage';

export const devicesRoutes: ExtraRoute[] = [
  { path: '/devices', permission: 'register.read', element: <DeviceListPage /> },
  { path: '/devices/new', permission: 'register.write', element: <DeviceEditorPage mode="new" /> },
  { path: '/devices/:id', permission: 'register.read', element: <DevicePage /> },
  { path: '/devices/:id/edit', permission: 'register.write', element: <DeviceEditorPage mode="edit" /> },
  { path: '/maintenance', permission: 'incidents.read', element: <MaintenancePage /> },
];
