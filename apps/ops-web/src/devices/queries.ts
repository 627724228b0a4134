// What the device and maintenance screens read over REST, through the query cache (the
// register's areas and devices come from data/register.ts): gateways, this month's
// availability per device, a device's incidents and status history, maintenance windows.
import { useQuery } from '@tanstack/react-query';
import type { AvailabilityReportV1, DeviceTransition, Gateway, Incident, MaintenanceWindow } from '@ioc/contracts';
import type { z } from 'zod';
import { useHttp } from '../app/services';
import { fetchAllDevices, registerKeys } from '../data/register';
import { currentMonth } from '../format/time';

export const devicesKeys = {
  gateways: (areaCode?: string) => ['gateways', areaCode ?? '*'] as const,
  availability: (month: string) => ['sla', 'availability', 'device', month] as const,
  incidents: (deviceId: string) => ['incidents', 'device', deviceId] as const,
  transitions: (deviceId: string) => ['devices', deviceId, 'transitions'] as const,
  windows: ['maintenance-windows'] as const,
};

/**
 * Every device in scope (data/register's query), read again each minute while the list is
 * open: live pushes carry status changes, not last-seen times, which only REST has.
 */
export function useDevicesRefreshed() {
  const http = useHttp();
  return useQuery({ queryKey: registerKeys.devices, queryFn: () => fetchAllDevices(http), staleTime: 60_000, refetchInterval: 60_000 });
}

/** Gateways in scope, or of one key area (a device's gateway must serve its area). */
export function useGateways(areaCode?: string, enabled = true) {
  const http = useHttp();
  return useQuery({
    queryKey: devicesKeys.gateways(areaCode),
    queryFn: async () => (await http.get<{ items: Gateway[] }>('/api/v1/gateways', { areaCode, limit: 1000 })).items,
    enabled,
    staleTime: 60_000,
  });
}

/** Availability of each device this month (0…1, null when nothing was eligible), by device id. */
export function useDeviceAvailability() {
  const http = useHttp();
  const month = currentMonth();
  return useQuery({
    queryKey: devicesKeys.availability(month),
    queryFn: async () => {
      const report = await http.get<z.infer<typeof AvailabilityReportV1>>('/api/v1/sla/availability', { month, scope: 'device' });
      return new Map(report.items.map((r) => [r.key, r.availability]));
    },
    // It moves slowly (a month's share); once every five minutes is plenty.
    staleTime: 5 * 60_000,
    refetchInterval: 5 * 60_000,
  });
}

export function useDeviceIncidents(deviceId: string) {
  const http = useHttp();
  return useQuery({
    queryKey: devicesKeys.incidents(deviceId),
    queryFn: () => http.get<{ items: Incident[]; total: number }>('/api/v1/incidents', { deviceId, limit: 50 }),
    staleTime: 15_000,
  });
}

export const TRANSITIONS_PAGE = 50;

export function useTransitions(deviceId: string, pages: number) {
  const http = useHttp();
  return useQuery({
    queryKey: [...devicesKeys.transitions(deviceId), pages],
    // Pages backwards in time: each page ends where the previous one's oldest began.
    queryFn: async () => {
      const all: DeviceTransition[] = [];
      let to: string | undefined;
      for (let p = 0; p < pages; p++) {
        const { items } = await http.get<{ items: DeviceTransition[] }>(`/api/v1/devices/${encodeURIComponent(deviceId)}/transitions`, { to, limit: TRANSITIONS_PAGE });
        all.push(...items);
        if (items.length < TRANSITIONS_PAGE) return { items: all, more: false };
        to = items[items.length - 1].at;
      }
      return { items: all, more: true };
    },
    placeholderData: (previous) => previous,
    staleTime: 10_000,
  });
}

/** Maintenance windows in scope (the API gives the latest 1,000, newest start first). */
export function useMaintenanceWindows(areaCode?: string) {
  const http = useHttp();
  return useQuery({
    queryKey: [...devicesKeys.windows, areaCode ?? '*'],
    queryFn: async () => (await http.get<{ items: MaintenanceWindow[] }>('/api/v1/maintenance-windows', { areaCode })).items,
    staleTime: 15_000,
    // A window that begins or ends moves between the lists without a reload.
    refetchInterval: 60_000,
  });
}
