// The technician's gateway and bulk-import screens' routes (web app part 2), mounted by
// app/routes.tsx. Everyone who may read the register sees the gateways (the buttons that
// change them appear only with register.write); bulk import is for those who may write.
import type { ExtraRoute } from '../app/routes';
import { GatewayPage } from './GatewayPage';
import { GatewaysPage } from './GatewaysPage';
import { ImportPage } from './ImportPage';

export const gatewaysRoutes: ExtraRoute[] = [
  { path: '/gateways', permission: 'register.read', element: <GatewaysPage /> },
  { path: '/gateways/:id', permission: 'register.read', element: <GatewayPage /> },
  { path: '/imports', permission: 'register.write', element: <ImportPage /> },
];
