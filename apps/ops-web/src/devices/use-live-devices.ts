// The live view's word on each device (status, since when) and the standing incidents per
// device, from /ops: newer than any REST answer, so the screens lay it over the register.
// The live state moves up to once per animation frame; a screen that re-sorts thousands of
// rows on each move asks for at most one update per `throttleMs` (the last one always lands).
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLive } from '../app/services';
import { incidentsByDevice, type LiveDeviceStatus } from './device-list';

export interface LiveDeviceIndex {
  statuses: Map<string, LiveDeviceStatus>;
  incidents: Map<string, number>;
  /** Whether the live view is in sync (else the register's statuses stand). */
  live: boolean;
}

export function useLiveDevices(throttleMs = 0): LiveDeviceIndex {
  const view = useLive();
  const state = view?.state;
  const version = view?.version ?? -1;
  const synced = view?.connection === 'live';

  // The version shown: follows the live one, no more often than every throttleMs.
  const [shown, setShown] = useState(version);
  const last = useRef(0);
  useEffect(() => {
    if (version === shown) return;
    const wait = Math.max(0, last.current + throttleMs - Date.now());
    const timer = setTimeout(() => {
      last.current = Date.now();
      setShown(version);
    }, wait);
    return () => clearTimeout(timer);
  }, [version, shown, throttleMs]);

  return useMemo(() => {
    const statuses = new Map<string, LiveDeviceStatus>();
    if (!state || shown < 0) return { statuses, incidents: new Map<string, number>(), live: false };
    for (const area of state.areas.values()) for (const d of area.devices.values()) statuses.set(d.deviceId, { status: d.status, statusSince: d.statusSince });
    return { statuses, incidents: incidentsByDevice(state.incidents.values()), live: synced };
  }, [state, shown, synced]);
}
