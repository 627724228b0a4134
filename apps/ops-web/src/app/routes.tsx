// Screens beyond the live view, each behind its permission: the technician's (devices,
// gateways), the planner's and the admin's (each feature folder keeps its own routes file).
import type { ReactNode } from 'react';
import type { Permission } from '@ioc/access';
import { adminRoutes } from '../admin/routes';
import { plannerRoutes } from '../planner/routes';
import { devicesRoutes } from '../devices/routes';
import { gatewaysRoutes } from '../gateways/routes';

export interface ExtraRoute {
  path: string;
  permission: Permission;
  element: ReactNode;
}

export const extraRoutes: ExtraRoute[] = [...devicesRoutes, ...gatewaysRoutes, ...plannerRoutes, ...adminRoutes];
