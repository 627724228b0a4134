// Coverage of key areas by traffic and security monitoring (DESIGN.md §4): the shapes of
// the coverage service's answers (REST through apps/api), its `coverage.updated.v1` facts
// and its request/reply operations. The rules themselves are in @ioc/coverage.
import { z } from 'zod';
import { Actor } from '../auth/access.contract';
import { defineContract, identifier, requiredString, rfc3339, text } from '../contract';
import { KeyAreaV1, PURPOSES, Position } from '../registry/register.contract';

const purposeRecord = <S extends z.ZodType>(schema: S) => z.object({ traffic: schema, security: schema });

export const CoverageFigureV1 = z.object({
  covered: z.number().int(),
  /** covered ÷ checkpoints × 100; null when the area has no checkpoint of the purpose. */
  pct: z.number().nullable(),
  meetsTarget: z.boolean(),
});

export const PurposeCoverageV1 = z.object({
  purpose: z.enum(PURPOSES),
  applicable: z.boolean(),
  checkpoints: z.number().int(),
  installed: CoverageFigureV1,
  operational: CoverageFigureV1,
});

export const AreaCoverageV1 = z.object({
  areaCode: z.string(),
  name: z.string(),
  district: z.string(),
  targetPct: z.number(),
  checkpoints: z.number().int(),
  assessed: z.boolean(),
  purposes: purposeRecord(PurposeCoverageV1),
  meetsTarget: z.object({ installed: z.boolean(), operational: z.boolean() }),
});
export type AreaCoverageDto = z.infer<typeof AreaCoverageV1>;

const PurposeTotalsV1 = z.object({ checkpoints: z.number().int(), installedCovered: z.number().int(), operationalCovered: z.number().int() });
const KpiFigureV1 = z.object({ meeting: z.number().int(), pct: z.number().nullable() });

export const CoverageKpiV1 = z.object({
  areas: z.number().int(),
  unassessed: z.number().int(),
  installed: KpiFigureV1,
  operational: KpiFigureV1,
  purposes: purposeRecord(PurposeTotalsV1),
});
export const DistrictCoverageV1 = CoverageKpiV1.extend({ district: z.string() });
export const ProvinceCoverageV1 = CoverageKpiV1.extend({ districts: z.array(DistrictCoverageV1), computedAt: z.string() });
export type ProvinceCoverageDto = z.infer<typeof ProvinceCoverageV1>;

export const CheckpointCoverageV1 = z.object({
  areaCode: z.string(),
  checkpointId: z.string(),
  purposes: z.array(z.enum(PURPOSES)),
  location: Position,
  byPurpose: z.array(z.object({ purpose: z.enum(PURPOSES), installed: z.array(z.string()), operational: z.array(z.string()) })),
});
export const AreaCoverageDetailV1 = AreaCoverageV1.extend({ checkpointCoverage: z.array(CheckpointCoverageV1) });
export type AreaCoverageDetailDto = z.infer<typeof AreaCoverageDetailV1>;

export const CoverageGapV1 = z.object({
  areaCode: z.string(),
  checkpointId: z.string(),
  purpose: z.enum(PURPOSES),
  location: Position,
  kind: z.enum(['installed', 'operational']),
  waitingOn: z.array(z.string()),
});

const GapRefV1 = z.object({ checkpointId: z.string(), purposes: z.array(z.enum(PURPOSES)) });
const PlannedFigureV1 = CoverageFigureV1.extend({ purpose: z.enum(PURPOSES), applicable: z.boolean(), checkpoints: z.number().int() });

/** Fewest new camera sites (greedy set cover) that bring an area to its target. */
export const PlacementPlanV1 = z.object({
  areaCode: z.string(),
  targetPct: z.number(),
  model: z.object({ name: z.string(), fovDeg: z.number(), rangeM: z.number(), purposes: z.array(z.enum(PURPOSES)) }),
  suggestions: z.array(
    z.object({
      siteId: z.string(),
      siteKind: z.enum(['candidate', 'checkpoint']),
      location: Position,
      bearingDeg: z.number(),
      fovDeg: z.number(),
      rangeM: z.number(),
      purposes: z.array(z.enum(PURPOSES)),
      /** The gaps this site closes (that no earlier site closed). */
      closes: z.array(GapRefV1),
      /** Every checkpoint of the area it would see. */
      covers: z.array(z.string()),
      /** How far the bearing may be off and still close every gap in `closes`. */
      aimToleranceDeg: z.number(),
    }),
  ),
  before: purposeRecord(PlannedFigureV1),
  after: purposeRecord(PlannedFigureV1),
  meetsTargetAfter: z.boolean(),
  unreachable: z.array(GapRefV1),
  remaining: z.array(GapRefV1),
});
export type PlacementPlanDto = z.infer<typeof PlacementPlanV1>;

export const PlacementRequest = z.object({
  /** Candidate sites; omitted: the area's checkpoint positions. */
  candidates: z.array(z.object({ id: requiredString(64), location: Position })).max(2000).optional(),
  /** Camera model to place: a fixed camera (fov 90°, 80 m, both purposes) unless told otherwise. */
  fovDeg: z.number().gt(0).max(360).default(90),
  rangeM: z.number().gt(0).max(5000).default(80),
  purposes: z.array(z.enum(PURPOSES)).min(1).max(2).default(['security', 'traffic']),
});
export type PlacementRequest = z.infer<typeof PlacementRequest>;

export const COVERAGE_SCOPES = ['province', 'district', 'area'] as const;
export const CoverageHistoryPointV1 = z.object({
  day: z.string(),
  installedPct: z.number().nullable(),
  operationalPct: z.number().nullable(),
  /** Area: meets its target (installed, operational); district/province: share of areas meeting it. */
  meetsInstalled: z.boolean().nullable(),
  meetsOperational: z.boolean().nullable(),
});
export const CoverageHistoryV1 = z.object({
  scope: z.enum(COVERAGE_SCOPES),
  key: z.string(),
  points: z.array(CoverageHistoryPointV1),
});

/** Published on `{prefix}.state.coverage.v1.{areaCode}` when an area's figures change. */
export const CoverageUpdatedV1 = defineContract(
  'coverage.updated',
  1,
  z.object({ at: rfc3339(), coverage: AreaCoverageV1 }),
);
export type CoverageUpdated = z.infer<typeof CoverageUpdatedV1.schema>;

const acting = { actor: Actor };
const op = <Req extends z.ZodType, Rep extends z.ZodType>(request: Req, reply: Rep) => ({ request, reply });

export const COVERAGE_OPERATIONS = {
  'coverage.province': op(z.object(acting), ProvinceCoverageV1),
  'coverage.district': op(z.object({ ...acting, district: requiredString(100) }), DistrictCoverageV1.extend({ areas: z.array(AreaCoverageV1) })),
  'coverage.areas': op(z.object(acting), z.object({ items: z.array(AreaCoverageV1) })),
  'coverage.area': op(z.object({ ...acting, areaCode: identifier() }), AreaCoverageDetailV1),
  'coverage.gaps': op(z.object({ ...acting, areaCode: identifier().optional() }), z.object({ items: z.array(CoverageGapV1) })),
  'coverage.suggestions': op(z.object({ ...acting, areaCode: identifier(), request: PlacementRequest }), PlacementPlanV1),
  /**
   * A page of key areas for the exports (CSV, GeoJSON): each area as registered (boundary,
   * checkpoints), its figures, and which purposes of each checkpoint are covered.
   */
  'coverage.export-page': op(
    z.object({ ...acting, afterCode: text(64).default(''), limit: z.number().int().min(1).max(50).default(20) }),
    z.object({
      items: z.array(
        z.object({
          area: KeyAreaV1,
          coverage: AreaCoverageV1,
          checkpoints: z.array(z.object({ id: z.string(), installed: z.array(z.enum(PURPOSES)), operational: z.array(z.enum(PURPOSES)) })),
        }),
      ),
    }),
  ),
  'coverage.history': op(
    z.object({ ...acting, scope: z.enum(COVERAGE_SCOPES), key: text(100).default(''), from: z.iso.date().optional(), to: z.iso.date().optional() }),
    CoverageHistoryV1,
  ),
  /** Takes today's snapshot now (admin); the daily job does the same at local midnight. */
  'coverage.snapshot': op(z.object(acting), z.object({ day: z.string(), areas: z.number().int() })),
} as const;
export type CoverageOperation = keyof typeof COVERAGE_OPERATIONS;
export type CoverageRequest<O extends CoverageOperation> = z.input<(typeof COVERAGE_OPERATIONS)[O]['request']>;
export type CoverageReply<O extends CoverageOperation> = z.infer<(typeof COVERAGE_OPERATIONS)[O]['reply']>;
