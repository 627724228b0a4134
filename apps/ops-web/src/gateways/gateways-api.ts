// Gateways over REST for the gateway screens, through the query cache, and the calls that
// issue credentials. Those calls deliberately bypass TanStack's mutation cache: a password
// must live only in the screen's own state, gone when the screen is left, never in a cache
// another screen (or a debugging tool) could read later.
import { useMemo } from 'react';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { Gateway, GatewayCredentials, GatewayInput, GatewayRegistered } from '@ioc/contracts';
import type { Http } from '../api/http';
import { useHttp, useLive } from '../app/services';
import { fetchAllDevices, registerKeys } from '../data/register';
import type { LiveStatus } from './gateway-model';

const PAGE = 1000;

export const gatewayKeys = {
  all: ['gateways'] as const,
  list: ['gateways', 'list'] as const,
  one: (id: string) => ['gateways', 'one', id] as const,
  devices: (id: string) => ['gateways', 'devices', id] as const,
};

const path = (id: string) => `/api/v1/gateways/${encodeURIComponent(id)}`;

async function fetchAllGateways(http: Http): Promise<Gateway[]> {
  const all: Gateway[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await http.get<{ items: Gateway[]; total: number }>('/api/v1/gateways', { limit: PAGE, offset });
    all.push(...page.items);
    if (page.items.length < PAGE || all.length >= page.total) return all;
  }
}

/** Presence is not pushed to browsers: the screens ask again this often. */
export const PRESENCE_REFRESH_MS = 10_000;

export function useGateways() {
  const http = useHttp();
  return useQuery({ queryKey: gatewayKeys.list, queryFn: () => fetchAllGateways(http), refetchInterval: PRESENCE_REFRESH_MS });
}

export function useGateway(id: string) {
  const http = useHttp();
  return useQuery({ queryKey: gatewayKeys.one(id), queryFn: () => http.get<Gateway>(path(id)), refetchInterval: PRESENCE_REFRESH_MS });
}

export function useGatewayDevices(id: string) {
  const http = useHttp();
  return useQuery({ queryKey: gatewayKeys.devices(id), queryFn: () => fetchAllDevices(http, { gatewayId: id }), staleTime: 30_000 });
}

export function registerGateway(http: Http, input: GatewayInput): Promise<GatewayRegistered> {
  return http.post<GatewayRegistered>('/api/v1/gateways', input);
}

/** Rotates the password, or issues one to a gateway that has none or was revoked. */
export function issueCredentials(http: Http, id: string): Promise<GatewayCredentials> {
  return http.post<GatewayCredentials>(`${path(id)}/credentials`);
}

export function revokeCredentials(http: Http, id: string): Promise<Gateway> {
  return http.delete<Gateway>(`${path(id)}/credentials`);
}

/** After a change: the gateway lists and pages ask again, the device lists too (a new gateway may gain devices). */
export function refreshGateways(client: QueryClient, gateway?: Gateway): void {
  if (gateway) client.setQueryData(gatewayKeys.one(gateway.id), gateway);
  void client.invalidateQueries({ queryKey: gatewayKeys.all });
  void client.invalidateQueries({ queryKey: registerKeys.devices });
}

/** Every device's live status from /ops, by device id (rebuilt when the live state moves). */
export function useLiveStatuses(): ReadonlyMap<string, LiveStatus> {
  const live = useLive();
  const version = live?.version ?? -1;
  const state = live?.state;
  return useMemo(() => {
    const out = new Map<string, LiveStatus>();
    if (!state || version < 0) return out;
    for (const area of state.areas.values()) for (const d of area.devices.values()) out.set(d.deviceId, { gatewayId: d.gatewayId, status: d.status, statusSince: d.statusSince });
    return out;
    // `version` (read above) is what tells that the mutable live state changed.
  }, [state, version]);
}
