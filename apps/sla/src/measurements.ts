// The SLA figures of a month, from the service's own copies: device availability from
// stored status transitions (never sampling), with the time the platform was not monitoring
// (its monitoring sessions) and the time before a device was first heard as no data, rolled
// up time-weighted per area, district, contractor and province with their data coverage;
// incident response against the per-severity targets.
import { defineContract, INCIDENT_OPERATIONS, type MaintenanceWindow } from '@ioc/contracts';
import { ServiceError, type NatsOperationsClient } from '@ioc/platform';
import {
  dailyAvailability,
  deviceAvailability,
  incidentResponse,
  monthRange,
  platformNotMonitoring,
  rollUpAvailability,
  rollUpAvailabilityBy,
  startOfLocalDay,
  summarizeResponse,
  summarizeResponseBy,
  type DeviceAvailabilityRow,
  type DeviceTimeline,
  type MaintenanceWindowSpan,
  type Period,
  type ResponsePolicy,
} from '@ioc/sla';
import type { SlaFactsRepository } from './facts.repository';

const WINDOWS_REPLY = defineContract('incident.maintenance.between.reply', 1, INCIDENT_OPERATIONS['maintenance.between'].reply);

export interface DeviceMonth {
  row: DeviceAvailabilityRow;
  timeline: DeviceTimeline;
}

export class Measurements {
  constructor(
    private readonly facts: SlaFactsRepository,
    private readonly requests: NatsOperationsClient,
    private readonly timeZone: string,
    private readonly policy: ResponsePolicy,
  ) {}

  /** The month, or its part so far: time that has not happened yet is not counted. */
  period(month: string, now = Date.now()): Period {
    const range = monthRange(month, this.timeZone);
    if (range.from >= now) throw new ServiceError('invalid', `${month} has not begun`, [{ path: 'month', message: 'has not begun' }]);
    return { from: range.from, to: Math.min(range.to, now) };
  }

  /** The spans of the period the platform was not monitoring (before go-live, ingest or registry down). */
  async notMonitored(period: Period, now = Date.now()): Promise<MaintenanceWindowSpan[]> {
    const sessions = await this.facts.monitoringSessions(new Date(period.from).toISOString(), new Date(period.to).toISOString());
    return platformNotMonitoring(sessions, period, { asOf: now });
  }

  /** Every device's timeline over the period, and its availability. */
  async devices(period: Period, notMonitored?: MaintenanceWindowSpan[]): Promise<DeviceMonth[]> {
    const from = new Date(period.from).toISOString();
    const to = new Date(period.to).toISOString();
    const gaps = notMonitored ?? (await this.notMonitored(period));
    const devices = await this.facts.devices();
    const transitions = await this.facts.transitionsAround(from, to);
    const byDevice = new Map<string, DeviceTimeline['transitions'][number][]>();
    for (const t of transitions) {
      const list = byDevice.get(t.device_id) ?? [];
      list.push({ at: t.at.getTime(), from: t.from_status, to: t.to_status });
      byDevice.set(t.device_id, list);
    }
    const windows = await this.windows(from, to);
    return devices.map((d) => {
      const timeline: DeviceTimeline = {
        transitions: byDevice.get(d.id) ?? [],
        installedAt: d.installed_on === null ? null : startOfLocalDay(d.installed_on, this.timeZone),
        decommissionedAt: d.decommissioned_at?.getTime() ?? null,
        maintenance: windows
          .filter((w) => (w.targetType === 'device' && w.targetId === d.id) || (w.targetType === 'gateway' && w.targetId === d.gateway_id) || (w.targetType === 'area' && w.targetId === d.area_code))
          .map((w) => ({ start: Date.parse(w.startsAt), end: Date.parse(w.endsAt) })),
        notMonitored: gaps,
      };
      return {
        timeline,
        row: { deviceId: d.id, areaCode: d.area_code, district: d.district ?? '', contractor: d.contractor, availability: deviceAvailability(timeline, period) },
      };
    });
  }

  private async windows(from: string, to: string): Promise<MaintenanceWindow[]> {
    return (await this.requests.request('incident.v1.maintenance.between', { from, to }, WINDOWS_REPLY)).items;
  }

  /** Availability per area, district, contractor or device, and the province. */
  rollUp(devices: DeviceMonth[], scope: 'device' | 'area' | 'district' | 'contractor' | 'province') {
    const rows = devices.map((d) => d.row);
    const figures = (r: DeviceAvailabilityRow) => r.availability;
    if (scope === 'province') return { province: rollUpAvailability(rows.map(figures)) };
    const keyOf = { device: (r: DeviceAvailabilityRow) => r.deviceId, area: (r: DeviceAvailabilityRow) => r.areaCode, district: (r: DeviceAvailabilityRow) => r.district, contractor: (r: DeviceAvailabilityRow) => r.contractor }[scope];
    return rollUpAvailabilityBy(rows, keyOf, figures);
  }

  /**
   * The devices' availability day by day (for the daily charts), with each day's data
   * coverage: a day with no data at all has availability null ("Không có số liệu").
   */
  daily(devices: DeviceMonth[], period: Period) {
    const perDevice = devices.map((d) => dailyAvailability(d.timeline, period, {}, this.timeZone));
    const days = perDevice[0] ?? [];
    return days.map((day, i) => {
      const r = rollUpAvailability(perDevice.map((p) => p[i] ?? { eligibleMs: 0, availableMs: 0 }));
      return { day: day.date, availability: r.availability, dataCoverage: r.dataCoverage, eligibleMs: r.eligibleMs, availableMs: r.availableMs, noDataMs: r.noDataMs.total };
    });
  }

  /** Incidents opened in the period, judged at its end (or now, for the current month). */
  async response(period: Period) {
    const rows = await this.facts.incidentsOpened(new Date(period.from).toISOString(), new Date(period.to).toISOString());
    const asOf = Math.min(Date.now(), period.to);
    const judged = rows
      .filter((r) => r.opened_at.getTime() <= asOf)
      .map((r) => ({
        areaCode: r.area_code,
        contractor: r.contractor,
        response: incidentResponse(
          { severity: r.severity, openedAt: r.opened_at.getTime(), acknowledgedAt: r.acknowledged_at?.getTime() ?? null, resolvedAt: r.resolved_at?.getTime() ?? null },
          asOf,
          this.policy,
        ),
      }));
    return {
      all: summarizeResponse(judged.map((j) => j.response)),
      bySeverity: summarizeResponseBy(judged, (j) => j.response.severity, (j) => j.response),
      byArea: summarizeResponseBy(judged, (j) => j.areaCode, (j) => j.response),
      /** Incidents of a device count against its contractor; gateway incidents against none. */
      byContractor: summarizeResponseBy(judged, (j) => j.contractor, (j) => j.response),
    };
  }
}
