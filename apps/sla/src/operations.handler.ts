// Answers the SLA service's request/reply operations (SLA_OPERATIONS): availability and
// response for a month, the response targets in force, monthly reports. Figures are province-wide data: a scoped user
// sees the rows of their areas (availability per area, response per area) only.
import { Controller, Inject, UseFilters } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { inScope } from '@ioc/access';
import { SEVERITIES, SLA_OPERATIONS, type Actor } from '@ioc/contracts';
import { OperationErrorFilter, type OperationHandlers, type OperationRequest, requirePermission, ServiceError } from '@ioc/platform';
import type { AvailabilityRollUp, ComplianceTally, ResponsePolicy } from '@ioc/sla';
import { SlaFactsRepository } from './facts.repository';
import { SLA_MEASUREMENTS, SLA_POLICY } from './sla.tokens';
import type { Measurements } from './measurements';
import { Reports } from './reports.service';

type Handlers = OperationHandlers<typeof SLA_OPERATIONS>;
type In<O extends keyof typeof SLA_OPERATIONS> = OperationRequest<typeof SLA_OPERATIONS, O>;

const EMPTY: ComplianceTally = { compliant: 0, breached: 0, pending: 0, noTarget: 0, decided: 0, compliance: null };
const pct = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 100);
const iso = (ms: number) => new Date(ms).toISOString();

/** A roll-up as the API row: availability, and no data beside it. */
const row = (key: string, g: AvailabilityRollUp) => ({
  key,
  devices: g.devices,
  eligibleMs: g.eligibleMs,
  availableMs: g.availableMs,
  availability: g.availability,
  noDataMs: g.noDataMs.total,
  noData: { platformNotMonitoringMs: g.noDataMs.platformNotMonitoring, beforeFirstHeardMs: g.noDataMs.beforeFirstHeard },
  dataCoveragePct: pct(g.dataCoverage),
});

@Controller()
@UseFilters(new OperationErrorFilter())
export class OperationsController implements Handlers {
  constructor(
    private readonly facts: SlaFactsRepository,
    @Inject(SLA_MEASUREMENTS) private readonly measurements: Measurements,
    @Inject(SLA_POLICY) private readonly policy: ResponsePolicy,
    private readonly reports: Reports,
  ) {}

  /** Which areas the actor may see: a filter on rows keyed by area. */
  private async visibleArea(actor: Actor): Promise<(areaCode: string) => boolean> {
    if (actor.scope.all) return () => true;
    const rows = await this.facts.areas();
    const district = new Map(rows.map((r) => [r.code, r.district]));
    return (code) => inScope(actor.scope, { code, district: district.get(code) ?? '' });
  }

  @MessagePattern('sla.v1.sla.availability')
  async 'sla.availability'(r: In<'sla.availability'>) {
    requirePermission(r.actor, 'register.read', 'read SLA figures');
    if (!r.actor.scope.all && r.scope !== 'area' && r.scope !== 'device') throw new ServiceError('forbidden', `${r.scope} figures need a scope of all areas; ask per area`);
    const period = this.measurements.period(r.month);
    const visible = await this.visibleArea(r.actor);
    const notMonitored = await this.measurements.notMonitored(period);
    const devices = (await this.measurements.devices(period, notMonitored)).filter((d) => visible(d.row.areaCode));
    const groups = this.measurements.rollUp(devices, r.scope);
    return {
      month: r.month,
      from: iso(period.from),
      to: iso(period.to),
      scope: r.scope,
      items: Object.entries(groups).map(([key, g]) => row(key, g)),
      notMonitored: notMonitored.map((g) => ({ from: iso(g.start), to: iso(g.end) })),
    };
  }

  @MessagePattern('sla.v1.sla.daily')
  async 'sla.daily'(r: In<'sla.daily'>) {
    requirePermission(r.actor, 'register.read', 'read SLA figures');
    const period = this.measurements.period(r.month);
    const visible = await this.visibleArea(r.actor);
    const devices = (await this.measurements.devices(period)).filter((d) => visible(d.row.areaCode));
    return {
      month: r.month,
      from: iso(period.from),
      to: iso(period.to),
      days: this.measurements.daily(devices, period).map((d) => ({
        day: d.day,
        eligibleMs: d.eligibleMs,
        availableMs: d.availableMs,
        availability: d.availability,
        noDataMs: d.noDataMs,
        dataCoveragePct: pct(d.dataCoverage),
      })),
    };
  }

  @MessagePattern('sla.v1.sla.response')
  async 'sla.response'(r: In<'sla.response'>) {
    requirePermission(r.actor, 'register.read', 'read SLA figures');
    const visible = await this.visibleArea(r.actor);
    const response = await this.measurements.response(this.measurements.period(r.month));
    return {
      month: r.month,
      bySeverity: r.actor.scope.all
        ? SEVERITIES.map((severity) => {
            const s = response.bySeverity[severity];
            return { severity, incidents: s?.incidents ?? 0, acknowledge: s?.acknowledge ?? EMPTY, resolve: s?.resolve ?? EMPTY };
          })
        : [],
      byArea: Object.entries(response.byArea)
        .filter(([code]) => visible(code))
        .map(([areaCode, s]) => ({ areaCode, incidents: s.incidents, acknowledge: s.acknowledge, resolve: s.resolve })),
    };
  }

  @MessagePattern('sla.v1.sla.policy')
  async 'sla.policy'(r: In<'sla.policy'>) {
    // Whoever sees incidents sees the clocks they run against.
    requirePermission(r.actor, 'incidents.read', 'read the SLA policy');
    return { targets: this.policy.targets, maxEscalationLevel: this.policy.maxEscalationLevel };
  }

  @MessagePattern('sla.v1.reports.create')
  async 'reports.create'(r: In<'reports.create'>) {
    requirePermission(r.actor, 'reports.make', 'make reports');
    return { ...(await this.reports.create(r.month)), files: ['json' as const, 'csv' as const, 'pdf' as const] };
  }

  @MessagePattern('sla.v1.reports.list')
  async 'reports.list'(r: In<'reports.list'>) {
    requirePermission(r.actor, 'register.read', 'read SLA figures');
    return { items: await this.reports.list() };
  }

  @MessagePattern('sla.v1.reports.file')
  async 'reports.file'(r: In<'reports.file'>) {
    requirePermission(r.actor, 'register.read', 'read SLA figures');
    if (!r.actor.scope.all) throw new ServiceError('forbidden', 'province reports need a scope of all areas');
    return this.reports.file(r.month, r.format, r.file, r.separator, r.lang);
  }
}
