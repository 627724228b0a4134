// An incident as the services send it (a critical tamper on CAM-1 in DH-TT, open, version 1),
// for the web app's unit specs: each spec overrides only what its case is about.
import type { Incident } from '@ioc/contracts';

export const T0 = '2026-12-06T10:00:00.000Z';

export function sampleIncident(over: Partial<Omit<Incident, 'timeline'>> = {}): Omit<Incident, 'timeline'> {
  return {
    id: 'inc-1',
    dedupKey: 'device:CAM-1:tamper',
    type: 'tamper',
    severity: 'critical',
    status: 'open',
    areaCode: 'DH-TT',
    gatewayId: 'GW-1',
    deviceId: 'CAM-1',
    title: 'Camera tampered with: CAM-1',
    count: 1,
    firstSeenAt: T0,
    lastSeenAt: T0,
    openedAt: T0,
    acknowledgedAt: null,
    acknowledgedBy: null,
    assignedTo: null,
    resolvedAt: null,
    resolvedBy: null,
    resolutionCode: null,
    resolutionNote: null,
    closedAt: null,
    reopenCount: 0,
    escalationLevel: 0,
    snapshotUrl: null,
    version: 1,
    ...over,
  };
}
