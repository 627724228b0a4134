// The content of a device's popup on the live map: what it is, its live status and since
// when, when it last sent anything (asked of the API when the popup opens: the live state
// carries transitions, not heartbeats), and the incidents standing on it, each opening
// the incident. Rendered by OpsMap into the Leaflet popup's element.
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Device, Severity } from '@ioc/contracts';
import { problemTitle } from '../api/problem-text';
import { useDevice } from '../data/register';
import { formatDateTime } from '../format/time';
import type { LiveDevice, LiveIncident } from '../live/live-state';

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, major: 1, minor: 2, info: 3 };

export interface DevicePopupProps {
  deviceId: string;
  device: Device | undefined;
  live: LiveDevice | undefined;
  areaName: string | undefined;
  incidents: readonly LiveIncident[];
  /** Move the focus into the popup (it was opened from the keyboard). */
  focus: boolean;
  onSelectIncident(id: string): void;
  onClose(): void;
}

export function DevicePopup({ deviceId, device, live, areaName, incidents, focus, onSelectIncident, onClose }: DevicePopupProps) {
  const { t } = useTranslation('map');
  const fetched = useDevice(deviceId);
  const heading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLElement | null>(null);

  // Opened from the keyboard: the focus moves in, and Escape brings it back where it was
  // (Leaflet's own Escape works only while the map itself has the focus).
  useEffect(() => {
    if (!focus) return;
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    heading.current?.focus();
  }, [focus, deviceId]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    onClose();
    opener.current?.focus();
  };

  const status = live?.status ?? fetched.data?.status ?? device?.status ?? 'unknown';
  const since = live ? live.statusSince : (fetched.data?.statusSince ?? device?.statusSince ?? null);
  const info = fetched.data ?? device;
  const name = info?.name ?? live?.name ?? deviceId;
  const kind = info?.kind ?? live?.kind;
  const sorted = [...incidents].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.openedAt.localeCompare(a.openedAt));

  let lastSeen: string;
  if (fetched.isPending) lastSeen = t('popup.lastSeenLoading');
  else if (fetched.isError) lastSeen = t('popup.lastSeenFailed', { reason: problemTitle(fetched.error, t) });
  else lastSeen = fetched.data?.lastSeenAt ? formatDateTime(fetched.data.lastSeenAt) : t('popup.lastSeenNever');

  let fov: string | undefined;
  if (info?.kind === 'camera' && info.rangeM) {
    fov =
      (info.fovDeg ?? 360) >= 360
        ? t('popup.fovOmni', { range: info.rangeM })
        : t('popup.fov', { bearing: info.bearingDeg ?? 0, fov: info.fovDeg, range: info.rangeM });
  }

  return (
    <div className="device-popup-body" data-status={status} onKeyDown={onKeyDown}>
      <h3 ref={heading} tabIndex={-1} className="device-popup-title">
        {name}
      </h3>
      <div className="device-popup-id">{deviceId}</div>
      <dl className="device-popup-facts">
        <dt>{t('popup.type')}</dt>
        <dd>
          {kind ? t(`domain:deviceKind.${kind}`) : '—'}
          {info?.cameraType ? ` · ${t(`domain:cameraType.${info.cameraType}`)}` : ''}
        </dd>
        {areaName && (
          <>
            <dt>{t('popup.area')}</dt>
            <dd>{areaName}</dd>
          </>
        )}
        <dt>{t('popup.status')}</dt>
        <dd>
          <span className={`badge status-${status}`} data-testid="device-status">
            {t(`domain:deviceStatus.${status}`)}
          </span>{' '}
          {since && <span className="device-popup-since">{t('popup.since', { time: formatDateTime(since) })}</span>}
        </dd>
        <dt>{t('popup.lastSeen')}</dt>
        <dd data-testid="device-last-seen">{lastSeen}</dd>
      </dl>
      {fov && <p className="device-popup-fov">{fov}</p>}
      <h4 className="device-popup-subtitle">{t('popup.incidents')}</h4>
      {sorted.length === 0 ? (
        <p className="device-popup-none">{t('popup.noIncidents')}</p>
      ) : (
        <ul className="device-popup-incidents">
          {sorted.map((i) => (
            <li key={i.id} data-incident={i.id}>
              <button type="button" className="ghost incident-link" onClick={() => onSelectIncident(i.id)} aria-label={t('popup.openIncident', { title: t(`domain:incidentType.${i.type}`) })}>
                <span className={`badge sev-${i.severity}`}>{t(`domain:severity.${i.severity}`)}</span>
                <span className="incident-link-text">
                  <span className="incident-link-type">{t(`domain:incidentType.${i.type}`)}</span>
                  <span className="incident-link-meta">
                    {t(`domain:incidentStatus.${i.status}`)} · {formatDateTime(i.openedAt)}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
