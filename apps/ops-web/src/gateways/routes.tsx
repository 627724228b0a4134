// The technician's gateway and bulk-import screens' routes (web app part 2), mounted by app/routes.tsx.
import type { ExtraRoute } from '../app/routes';

export const gatewaysRoutes: ExtraRoute[] = [];
