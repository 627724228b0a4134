// The live view's word on each device (status, since when) and the standing incidents per
// device, from /ops: newer than any REST answer, so the screens lay it over the register.
// Recomputed only when the live state moved (its version), at most once per frame.
import { useMemo } from 'react';
import { useLive } from '../app/services';
import { incidentsByDevice, type LiveDeviceStatus } from './device-list';

export interface LiveDeviceIndex {
  statuses: Map<string, LiveDeviceStatus>;
  incidents: Map<string, number>;
  /** Whether the live view is in sync (else the register's statuses stand). */
  live: boolean;
}

export function useLiveDevices(): LiveDeviceIndex {
  const view = useLive();
  const state = view?.state;
  const version = view?.version ?? -1;
  const synced = view?.connection === 'live';
  return useMemo(() => {
    const statuses = new Map<string, LiveDeviceStatus>();
    if (!state || version < 0) return { statuses, incidents: new Map<string, number>(), live: false };
    for (const area of state.areas.values()) for (const d of area.devices.values()) statuses.set(d.deviceId, { status: d.status, statusSince: d.statusSince });
    return { statuses, incidents: incidentsByDevice(state.incidents.values()), live: synced };
  }, [state, version, synced]);
}
