// The planner's screens (web app part 2), mounted by app/routes.tsx: coverage of the
// province and of one key area (every role reads coverage), and SLA with the monthly
// reports (every role reads the figures, as the SLA service allows; making a report needs
// reports.make).
import type { ExtraRoute } from '../app/routes';
import { AreaCoveragePage } from './AreaCoveragePage';
import { CoveragePage } from './CoveragePage';
import { SlaPage } from './SlaPage';

export const plannerRoutes: ExtraRoute[] = [
  { path: '/coverage', permission: 'coverage.read', element: <CoveragePage /> },
  { path: '/coverage/areas/:code', permission: 'coverage.read', element: <AreaCoveragePage /> },
  { path: '/sla', permission: 'register.read', element: <SlaPage /> },
];
