// The register as the screens read it over REST, through the query cache: key areas with
// boundaries and checkpoints, and every device in the user's scope (paged through, 1,000 a
// page). Live status comes from /ops (useLive), not from here; these are the static parts
// (location, bearing, field of view, range) and the figures REST alone has.
import { useQuery } from '@tanstack/react-query';
import type { Device, KeyArea } from '@ioc/contracts';
import type { Http } from '../api/http';
import { useHttp } from '../app/services';

const PAGE = 1000;

export async function fetchAllDevices(http: Http, query: Record<string, string | undefined> = {}): Promise<Device[]> {
  const all: Device[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await http.get<{ items: Device[]; total: number }>('/api/v1/devices', { ...query, limit: PAGE, offset });
    all.push(...page.items);
    if (page.items.length < PAGE || all.length >= page.total) return all;
  }
}

export const registerKeys = {
  areas: ['areas'] as const,
  devices: ['devices'] as const,
  device: (id: string) => ['devices', id] as const,
};

export function useAreas() {
  const http = useHttp();
  return useQuery({
    queryKey: registerKeys.areas,
    queryFn: async () => (await http.get<{ items: KeyArea[] }>('/api/v1/areas')).items,
    staleTime: 60_000,
  });
}

export function useDevices() {
  const http = useHttp();
  return useQuery({ queryKey: registerKeys.devices, queryFn: () => fetchAllDevices(http), staleTime: 60_000 });
}

export function useDevice(id: string | undefined) {
  const http = useHttp();
  return useQuery({
    queryKey: registerKeys.device(id ?? ''),
    queryFn: () => http.get<Device>(`/api/v1/devices/${encodeURIComponent(id ?? '')}`),
    enabled: !!id,
    staleTime: 5_000,
  });
}
