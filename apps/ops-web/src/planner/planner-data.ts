// The planner's server state through the query cache: coverage (province, areas, one
// area, history, suggestions), SLA (availability, response) and reports, each exactly as
// the API answers (apps/api/src/coverage, apps/api/src/sla). Coverage queries remember
// which live pushes they had seen when they asked (coverage-live.ts), and are refetched
// when pushes make them stale (the province KPI at most every few seconds) or when the
// live connection comes back after a break (pushes may have been missed meanwhile).
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { AreaCoverageDetailDto, AreaCoverageDto, Device, DeviceStatus, PlacementPlanDto, PlacementRequest, ProvinceCoverageDto } from '@ioc/contracts';
import type { Http } from '../api/http';
import { useServices } from '../app/services';
import type { ConnectionState } from '../live/live-connection';
import { fetchAllDevices } from '../data/register';
import { coverageChangeCounter, hasNewerPushes, pushBaseline, refetchDelay, type CoveragePushes } from './coverage-live';
import type { AvailabilityReportDto, AvailabilityScope, CoverageHistoryDto, CoverageScope, ReportInfoDto, ResponseReportDto } from './planner-types';

// Under 'planner': the overview strip caches other shapes under ['coverage', 'province'] and ['sla', …].
export const plannerKeys = {
  coverage: ['planner', 'coverage'] as const,
  province: ['planner', 'coverage', 'province'] as const,
  areas: ['planner', 'coverage', 'areas'] as const,
  area: (code: string) => ['planner', 'coverage', 'area', code] as const,
  areaDevices: (code: string) => ['planner', 'coverage', 'area-devices', code] as const,
  history: (scope: CoverageScope, key: string, from: string) => ['planner', 'coverage', 'history', scope, key, from] as const,
  availability: (month: string, scope: AvailabilityScope) => ['planner', 'sla', 'availability', month, scope] as const,
  response: (month: string) => ['planner', 'sla', 'response', month] as const,
  reports: ['planner', 'reports'] as const,
};

/** A REST answer and the pushes that had arrived when it was asked for. */
export interface WithBaseline<T> {
  data: T;
  baseline: CoveragePushes;
}

/** The KPI is refetched at most this often while pushes arrive. */
export const KPI_REFETCH_MS = 4_000;
/** An area's checkpoints are refetched this long after a push (pushes come in short bursts). */
export const AREA_REFETCH_MS = 300;

export function useProvinceCoverage() {
  const { http, live } = useServices();
  return useQuery({
    queryKey: plannerKeys.province,
    queryFn: async (): Promise<WithBaseline<ProvinceCoverageDto>> => {
      const baseline = pushBaseline(live?.state.coverage);
      return { data: await http.get<ProvinceCoverageDto>('/api/v1/coverage'), baseline };
    },
    staleTime: 30_000,
  });
}

export function useAreaCoverages() {
  const { http, live } = useServices();
  return useQuery({
    queryKey: plannerKeys.areas,
    queryFn: async (): Promise<WithBaseline<AreaCoverageDto[]>> => {
      const baseline = pushBaseline(live?.state.coverage);
      return { data: (await http.get<{ items: AreaCoverageDto[] }>('/api/v1/coverage/areas')).items, baseline };
    },
    staleTime: 30_000,
  });
}

export function useAreaCoverage(code: string) {
  const { http, live } = useServices();
  return useQuery({
    queryKey: plannerKeys.area(code),
    queryFn: async (): Promise<WithBaseline<AreaCoverageDetailDto>> => {
      const baseline = pushBaseline(live?.state.coverage);
      return { data: await http.get<AreaCoverageDetailDto>(`/api/v1/coverage/areas/${encodeURIComponent(code)}`), baseline };
    },
    staleTime: 30_000,
  });
}

/** The devices of an area, and those of neighbouring areas that see one of its checkpoints. */
async function fetchSectorDevices(http: Http, code: string, extraIds: readonly string[]): Promise<Device[]> {
  const own = await fetchAllDevices(http, { areaCode: code });
  const known = new Set(own.map((d) => d.id));
  const others = await Promise.all(
    extraIds.filter((id) => !known.has(id)).map((id) => http.get<Device>(`/api/v1/devices/${encodeURIComponent(id)}`).catch(() => undefined)),
  );
  return [...own, ...others.filter((d): d is Device => !!d)];
}

export function useSectorDevices(code: string, coveringIds: readonly string[] | undefined) {
  const { http } = useServices();
  const ids = coveringIds ?? [];
  return useQuery({
    queryKey: [...plannerKeys.areaDevices(code), ids.join(',')],
    queryFn: () => fetchSectorDevices(http, code, ids),
    enabled: coveringIds !== undefined,
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  });
}

export function useCoverageHistory(scope: CoverageScope, key: string, from: string, enabled = true) {
  const { http } = useServices();
  return useQuery({
    queryKey: plannerKeys.history(scope, key, from),
    queryFn: () => http.get<CoverageHistoryDto>('/api/v1/coverage/history', { scope, key: scope === 'province' ? undefined : key, from }),
    enabled: enabled && (scope === 'province' || key !== ''),
    staleTime: 5 * 60_000,
  });
}

export function useSuggestions(code: string) {
  const { http } = useServices();
  return useMutation({
    mutationKey: ['planner', 'coverage', 'suggestions', code],
    mutationFn: (request: Partial<PlacementRequest>) => http.post<PlacementPlanDto>(`/api/v1/coverage/areas/${encodeURIComponent(code)}/suggestions`, request),
  });
}

export function useTakeSnapshot() {
  const { http } = useServices();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => http.post<{ day: string; areas: number }>('/api/v1/coverage/snapshots'),
    onSuccess: () => client.invalidateQueries({ queryKey: [...plannerKeys.coverage, 'history'] }),
  });
}

export function useAvailability(month: string, scope: AvailabilityScope, enabled = true) {
  const { http } = useServices();
  return useQuery({
    queryKey: plannerKeys.availability(month, scope),
    queryFn: () => http.get<AvailabilityReportDto>('/api/v1/sla/availability', { month, scope }),
    enabled,
    staleTime: 60_000,
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[4] === scope ? previous : undefined),
  });
}

export function useResponse(month: string) {
  const { http } = useServices();
  return useQuery({
    queryKey: plannerKeys.response(month),
    queryFn: () => http.get<ResponseReportDto>('/api/v1/sla/response', { month }),
    staleTime: 60_000,
  });
}

export function useReports(pollMs: number | false = false) {
  const { http } = useServices();
  return useQuery({
    queryKey: plannerKeys.reports,
    queryFn: async () => (await http.get<{ items: ReportInfoDto[] }>('/api/v1/reports')).items,
    staleTime: 30_000,
    refetchInterval: pollMs,
  });
}

const noSubscription = () => () => undefined;

/**
 * The live coverage pushes, re-rendering only when one of them changes (not on every
 * device status the live view receives: a province of 5,000 devices sends hundreds).
 */
export function useLiveCoverage(): { pushes: CoveragePushes | undefined; version: number } {
  const { live } = useServices();
  const counter = useMemo(() => coverageChangeCounter(), []);
  const version = useSyncExternalStore(live ? live.subscribe : noSubscription, () => counter(live?.state.coverage));
  return { pushes: live?.state.coverage, version };
}

/** The live connection's state, re-rendering only when it changes. */
export function useLiveConnectionState(): ConnectionState | undefined {
  const { live } = useServices();
  return useSyncExternalStore(live ? live.subscribe : noSubscription, () => live?.getView().connection);
}

/**
 * The live status of some devices (their REST status until the live view has one),
 * re-rendering only when one of theirs changes.
 */
export function useLiveStatuses(devices: readonly Device[]): ReadonlyMap<string, DeviceStatus> {
  const { live } = useServices();
  const key = useSyncExternalStore(live ? live.subscribe : noSubscription, () =>
    devices.map((d) => `${d.id}=${live?.state.areas.get(d.areaCode)?.devices.get(d.id)?.status ?? d.status}`).join(','),
  );
  return useMemo(() => new Map(key ? key.split(',').map((kv) => kv.split('=') as [string, DeviceStatus]) : []), [key]);
}

/**
 * Refetches `queryKey` when a push newer than its answer arrives (for `areaCode` only, when
 * given), no sooner than `minIntervalMs` after its last fetch.
 */
export function useRefetchOnPushes(queryKey: QueryKey, answer: { baseline: CoveragePushes } | undefined, dataUpdatedAt: number, minIntervalMs: number, areaCode?: string): void {
  const client = useQueryClient();
  const { pushes, version } = useLiveCoverage();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const stale = !!answer && hasNewerPushes(answer.baseline, pushes, areaCode);
  const keyText = JSON.stringify(queryKey);

  useEffect(() => {
    if (!stale || timer.current) return;
    timer.current = setTimeout(
      () => {
        timer.current = undefined;
        void client.refetchQueries({ queryKey: JSON.parse(keyText) as QueryKey, exact: true });
      },
      Math.max(refetchDelay(dataUpdatedAt, Date.now(), minIntervalMs), areaCode ? AREA_REFETCH_MS : 0),
    );
  }, [stale, version, client, keyText, dataUpdatedAt, minIntervalMs, areaCode]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = undefined;
    },
    [],
  );
}

/**
 * Coverage answers are refetched when the live connection is back in sync after a break:
 * pushes sent while it was down are not replayed, and the snapshot carries no coverage.
 */
export function useRefetchCoverageOnResync(): void {
  const client = useQueryClient();
  const connection = useLiveConnectionState();
  const wasBroken = useRef(false);
  useEffect(() => {
    if (!connection) return;
    if (connection === 'live') {
      if (wasBroken.current) void client.invalidateQueries({ queryKey: plannerKeys.coverage });
      wasBroken.current = false;
    } else if (connection === 'disconnected' || connection === 'syncing') {
      wasBroken.current = true;
    }
  }, [connection, client]);
}
