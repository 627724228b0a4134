// The technician's device and maintenance screens' routes (web app part 2), mounted by app/routes.tsx.
import type { ExtraRoute } from '../app/routes';

export const devicesRoutes: ExtraRoute[] = [];
