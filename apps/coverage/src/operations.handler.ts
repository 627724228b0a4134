// Answers the coverage service's request/reply operations (COVERAGE_OPERATIONS), from the
// in-memory index, within the caller's area scope.
import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { describeScope, inScope } from '@ioc/access';
import { COVERAGE_OPERATIONS, type Actor } from '@ioc/contracts';
import { kpiOf, type AreaCoverage } from '@ioc/coverage';
import { OperationErrorFilter, type OperationHandlers, type OperationRequest, requirePermission, ServiceError } from '@ioc/platform';
import { CoverageDailyRepository } from './coverage-daily.repository';
import { CoverageState } from './coverage-state.service';
import { DailySnapshot } from './daily-snapshot.service';

type Handlers = OperationHandlers<typeof COVERAGE_OPERATIONS>;
type In<O extends keyof typeof COVERAGE_OPERATIONS> = OperationRequest<typeof COVERAGE_OPERATIONS, O>;

const num = (v: string | null) => (v === null ? null : Number(v));

@Controller()
@UseFilters(new OperationErrorFilter())
export class OperationsController implements Handlers {
  constructor(
    private readonly state: CoverageState,
    private readonly snapshots: DailySnapshot,
    private readonly history: CoverageDailyRepository,
  ) {}

  /** Every area the actor may see, with its figures. */
  private visibleAreas(actor: Actor): AreaCoverage[] {
    requirePermission(actor, 'coverage.read', 'read coverage');
    return this.state.index.allAreaCoverage().filter((a) => inScope(actor.scope, { code: a.areaCode, district: a.district }));
  }

  private area(actor: Actor, code: string): AreaCoverage {
    requirePermission(actor, 'coverage.read', 'read coverage');
    if (!this.state.index.hasArea(code)) throw new ServiceError('not_found', `no key area ${code}`);
    const area = this.state.index.areaCoverage(code);
    if (!inScope(actor.scope, { code, district: area.district })) {
      throw new ServiceError('forbidden', `key area ${code} is outside your scope (${describeScope(actor.scope)})`);
    }
    return area;
  }

  @MessagePattern('coverage.v1.coverage.province')
  async 'coverage.province'(r: In<'coverage.province'>) {
    const areas = this.visibleAreas(r.actor);
    const districts = [...new Set(areas.map((a) => a.district))].sort((x, y) => x.localeCompare(y, 'vi'));
    return {
      ...kpiOf(areas),
      districts: districts.map((district) => ({ district, ...kpiOf(areas.filter((a) => a.district === district)) })),
      computedAt: new Date().toISOString(),
    };
  }

  @MessagePattern('coverage.v1.coverage.district')
  async 'coverage.district'(r: In<'coverage.district'>) {
    const areas = this.visibleAreas(r.actor).filter((a) => a.district === r.district);
    if (areas.length === 0) throw new ServiceError('not_found', `no key area of yours lies in a district named "${r.district}"`);
    return { district: r.district, ...kpiOf(areas), areas };
  }

  @MessagePattern('coverage.v1.coverage.areas')
  async 'coverage.areas'(r: In<'coverage.areas'>) {
    return ({ items: this.visibleAreas(r.actor) });
  }

  @MessagePattern('coverage.v1.coverage.area')
  async 'coverage.area'(r: In<'coverage.area'>) {
    const area = this.area(r.actor, r.areaCode);
    return {
      ...area,
      checkpointCoverage: this.state.index.checkpointCoverage(r.areaCode).map((c) => ({ ...c, purposes: [...c.purposes], location: [c.location[0], c.location[1]] as [number, number] })),
    };
  }

  @MessagePattern('coverage.v1.coverage.gaps')
  async 'coverage.gaps'(r: In<'coverage.gaps'>) {
    const codes = r.areaCode ? [this.area(r.actor, r.areaCode).areaCode] : this.visibleAreas(r.actor).map((a) => a.areaCode);
    return { items: codes.flatMap((code) => this.state.index.gaps(code).map((g) => ({ ...g, location: [g.location[0], g.location[1]] as [number, number] }))) };
  }

  @MessagePattern('coverage.v1.coverage.suggestions')
  async 'coverage.suggestions'(r: In<'coverage.suggestions'>) {
    this.area(r.actor, r.areaCode);
    const { candidates, fovDeg, rangeM, purposes } = r.request;
    const plan = this.state.index.suggestPlacements(r.areaCode, {
      model: { name: fovDeg >= 360 ? 'dome' : 'fixed', fovDeg, rangeM, purposes },
      ...(candidates ? { candidates: candidates.map((c) => ({ id: c.id, location: c.location })) } : {}),
    });
    return {
      ...plan,
      model: { ...plan.model, purposes: [...plan.model.purposes] },
      suggestions: plan.suggestions.map((s) => ({ ...s, location: [s.location[0], s.location[1]] as [number, number] })),
    };
  }

  @MessagePattern('coverage.v1.coverage.history')
  async 'coverage.history'(r: In<'coverage.history'>) {
    requirePermission(r.actor, 'coverage.read', 'read coverage');
    if (r.scope === 'area') this.area(r.actor, r.key);
    if (r.scope === 'district' && !this.visibleAreas(r.actor).some((a) => a.district === r.key)) {
      throw new ServiceError('forbidden', `district ${r.key} has no key area in your scope`);
    }
    if (r.scope === 'province' && !r.actor.scope.all) throw new ServiceError('forbidden', 'the province trend needs a scope of all areas');
    const rows = await this.history.trend(r.scope, r.scope === 'province' ? '' : r.key, r.from ?? null, r.to ?? null);
    return {
      scope: r.scope,
      key: r.key,
      points: rows.map((p) => ({
        day: p.day,
        installedPct: num(p.installed_pct),
        operationalPct: num(p.operational_pct),
        meetsInstalled: p.meets_installed,
        meetsOperational: p.meets_operational,
      })),
    };
  }

  @MessagePattern('coverage.v1.coverage.snapshot')
  async 'coverage.snapshot'(r: In<'coverage.snapshot'>) {
    requirePermission(r.actor, 'coverage.snapshot', 'take coverage snapshots');
    return this.snapshots.take(new Date(), true);
  }

  @MessagePattern('coverage.v1.coverage.export-page')
  async 'coverage.export-page'(r: In<'coverage.export-page'>) {
    const visible = this.visibleAreas(r.actor)
      .filter((a) => a.areaCode > r.afterCode)
      .sort((x, y) => (x.areaCode < y.areaCode ? -1 : 1))
      .slice(0, r.limit);
    return {
      items: visible.flatMap((coverage) => {
        const area = this.state.areas.get(coverage.areaCode);
        if (!area) return [];
        const checkpoints = this.state.index.checkpointCoverage(coverage.areaCode).map((c) => ({
          id: c.checkpointId,
          installed: c.byPurpose.filter((p) => p.installed.length > 0).map((p) => p.purpose),
          operational: c.byPurpose.filter((p) => p.operational.length > 0).map((p) => p.purpose),
        }));
        return [{ area, coverage, checkpoints }];
      }),
    };
  }
}
