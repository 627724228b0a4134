// Types of the planner's REST answers that the contracts give only as schemas, inferred
// from those schemas (never copied by hand).
import type { z } from 'zod';
import type {
  AvailabilityReportV1,
  AvailabilityRowV1,
  ComplianceV1,
  CoverageHistoryPointV1,
  CoverageHistoryV1,
  DistrictCoverageV1,
  ReportInfoV1,
  ResponseReportV1,
  AVAILABILITY_SCOPES,
  COVERAGE_SCOPES,
} from '@ioc/contracts';

export type CoverageHistoryDto = z.infer<typeof CoverageHistoryV1>;
export type CoverageHistoryPointDto = z.infer<typeof CoverageHistoryPointV1>;
export type DistrictCoverageDto = z.infer<typeof DistrictCoverageV1>;
export type CoverageScope = (typeof COVERAGE_SCOPES)[number];

export type AvailabilityReportDto = z.infer<typeof AvailabilityReportV1>;
export type AvailabilityRowDto = z.infer<typeof AvailabilityRowV1>;
export type AvailabilityScope = (typeof AVAILABILITY_SCOPES)[number];
export type ComplianceDto = z.infer<typeof ComplianceV1>;
export type ResponseReportDto = z.infer<typeof ResponseReportV1>;
export type ReportInfoDto = z.infer<typeof ReportInfoV1>;
export type ReportFormat = ReportInfoDto['files'][number];
