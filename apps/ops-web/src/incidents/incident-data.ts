// What the incident screens read over REST, through the query cache: the SLA policy (the
// targets the clocks run against), one incident with its timeline, and the operator's
// actions. The queue itself reads the live state (useLive), not REST.
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Incident, ResponsePolicyDto } from '@ioc/contracts';
import type { Http } from '../api/http';
import { useHttp } from '../app/services';
import { actionRequest, type ActionInput } from './actions';

export const incidentKeys = {
  policy: ['sla', 'policy'] as const,
  incident: (id: string) => ['incidents', id] as const,
};

/** The response targets in force; they change only when the SLA service is reconfigured. */
export function useSlaPolicy(): ResponsePolicyDto | null {
  const http = useHttp();
  const query = useQuery({
    queryKey: incidentKeys.policy,
    queryFn: () => http.get<ResponsePolicyDto>('/api/v1/sla/policy'),
    staleTime: 10 * 60_000,
  });
  return query.data ?? null;
}

/**
 * One incident as the operator saw it. Never refetched behind their back: the version on
 * screen is the one their actions send (the panel refetches when a live push says only the
 * counters moved, or when they ask for the latest).
 */
export function useIncident(id: string) {
  const http = useHttp();
  return useQuery({
    queryKey: incidentKeys.incident(id),
    queryFn: ({ signal }) => http.get<Incident>(`/api/v1/incidents/${encodeURIComponent(id)}`, undefined, signal),
    staleTime: Infinity,
    // Opening it again shows it as it is now, not as it was last time.
    refetchOnMount: 'always',
  });
}

export function fetchIncident(http: Http, id: string): Promise<Incident> {
  return http.get<Incident>(`/api/v1/incidents/${encodeURIComponent(id)}`);
}

/** Sends an action on the version the operator saw; the answer is the incident after it, with its timeline. */
export function sendAction(http: Http, incidentId: string, version: number, input: ActionInput): Promise<Incident> {
  const { path, body } = actionRequest(incidentId, version, input);
  return http.post<Incident>(path, body);
}

/** Epoch ms, re-rendered every `everyMs` by one timer for the whole screen that uses it. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
