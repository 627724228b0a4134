// The admin screens' routes (web app part 2), mounted by app/routes.tsx.
import type { ExtraRoute } from '../app/routes';

export const adminRoutes: ExtraRoute[] = [];
