// The operator's live map: key areas shaded by their live state, devices coloured by
// status (clustered at province zoom), a device's popup with its incidents, live alarms
// flashing, and beside it the key-area list that makes all of it usable from the keyboard.
// React owns the panels and the popup's content; OpsMapView owns Leaflet and redraws only
// what the live state changed. The URL decides the focus (`focusArea`); choosing an area
// or an incident goes back to the page through the callbacks.
import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Device } from '@ioc/contracts';
import { problemTitle } from '../api/problem-text';
import { useLive, useServices, useUser } from '../app/services';
import { registerKeys, useAreas, useDevices } from '../data/register';
import { formatCount } from '../format/time';
import type { LiveIncident } from '../live/live-state';
import { alarmedAreas } from './device-look';
import { areasBounds, summariseAreas } from './area-model';
import { AreaListPanel, type AreaDeviceRow } from './AreaListPanel';
import { DevicePopup } from './DevicePopup';
import { PROVINCE_BOUNDS } from './geo';
import { MapLegend } from './MapLegend';
import { OpsMapView, type DevicePopupTarget } from './ops-map-view';
import './map.css';

export interface OpsMapProps {
  /** Zoom to this key area and highlight it; the whole province when absent. */
  focusArea?: string;
  onSelectArea(areaCode: string | undefined): void;
  onSelectIncident(incidentId: string): void;
}

const WIDE = () => typeof window === 'undefined' || window.innerWidth >= 1200;
const NO_INCIDENTS: readonly LiveIncident[] = [];
/** How often to look for devices the live state knows and the register list does not, and to ask for the list again. */
const UNKNOWN_SCAN_MS = 5_000;
const REFETCH_MS = 30_000;

export function OpsMap({ focusArea, onSelectArea, onSelectIncident }: OpsMapProps) {
  const { t, i18n } = useTranslation('map');
  const { config } = useServices();
  const user = useUser();
  const live = useLive();
  const areas = useAreas();
  const devices = useDevices();
  const canvas = useRef<HTMLDivElement>(null);
  const panel = useRef<HTMLElement>(null);
  const [view, setView] = useState<OpsMapView | null>(null);
  const [ready, setReady] = useState(false);
  const [popup, setPopup] = useState<DevicePopupTarget | null>(null);
  const [panelOpen, setPanelOpen] = useState(WIDE);

  const selectArea = useEffectEvent((code: string) => onSelectArea(code));

  useEffect(() => {
    if (!canvas.current) return;
    const created = new OpsMapView(canvas.current, config, {
      selectArea: (code) => selectArea(code),
      devicePopup: setPopup,
      ready: () => setReady(true),
    });
    setView(created);
    return () => {
      created.destroy();
      setView(null);
      setReady(false);
      setPopup(null);
    };
  }, [config]);

  const lang = i18n.language;
  useEffect(() => {
    view?.setTexts({
      mapLabel: t('mapLabel'),
      close: t('common:actions.close'),
      areaTooltip: (area, state) => t('areaTooltip', { name: area.name, state: t(`domain:areaState.${state}`) }),
      cluster: (count, worst) => t('cluster', { n: formatCount(count, lang), worst: worst === 'critical' ? t('critical') : t(`domain:deviceStatus.${worst}`) }),
      count: (n) => formatCount(n, lang),
    });
  }, [view, t, lang]);

  const scopeAll = user?.scope.all ?? true;
  const home = useMemo(() => (scopeAll ? PROVINCE_BOUNDS : (areasBounds(areas.data ?? []) ?? PROVINCE_BOUNDS)), [scopeAll, areas.data]);
  useEffect(() => view?.setHome(home), [view, home]);

  useEffect(() => {
    if (view && panel.current) view.setInsetLeft(panelOpen ? panel.current.offsetWidth + 12 : 0);
  }, [view, panelOpen, areas.data]);

  useEffect(() => {
    if (view && areas.data) view.setAreas(areas.data);
  }, [view, areas.data]);
  useEffect(() => {
    if (view && devices.data) view.setDevices(devices.data);
  }, [view, devices.data]);
  useEffect(() => view?.setFocus(focusArea), [view, focusArea]);
  useEffect(() => view?.update(live?.state), [view, live]);

  // The page's own zoom buttons and the list call the view directly.
  const openDevice = useCallback((id: string) => view?.openDevice(id, { focus: true }), [view]);
  const chooseArea = useCallback((code: string) => onSelectArea(code), [onSelectArea]);
  const closePopup = useCallback(() => view?.closePopup(), [view]);

  const state = live?.state;
  const areaCodes = useMemo(() => (areas.data ?? []).map((a) => a.code), [areas.data]);
  // `live` is a new object whenever the live state moved (its LiveState instance is not).
  const summaries = useMemo(() => summariseAreas(live?.state, areaCodes), [live, areaCodes]);
  const deviceById = useMemo(() => new Map<string, Device>((devices.data ?? []).map((d) => [d.id, d])), [devices.data]);
  const areaNames = useMemo(() => new Map((areas.data ?? []).map((a) => [a.code, a.name])), [areas.data]);
  const alarmed = useMemo(() => alarmedAreas(live?.state), [live]);

  // A device registered after the list was fetched shows up live first (a status push):
  // the list is fetched again, not more than twice a minute, so it gets its marker.
  const queryClient = useQueryClient();
  const scans = useRef({ scanned: 0, refetched: 0 });
  useEffect(() => {
    const now = Date.now();
    if (!live || !devices.data || devices.isFetching || now - scans.current.scanned < UNKNOWN_SCAN_MS || now - scans.current.refetched < REFETCH_MS) return;
    scans.current.scanned = now;
    for (const area of live.state.areas.values()) {
      for (const id of area.devices.keys()) {
        if (!deviceById.has(id)) {
          scans.current.refetched = now;
          void queryClient.invalidateQueries({ queryKey: registerKeys.devices, exact: true });
          return;
        }
      }
    }
  }, [live, devices.data, devices.isFetching, deviceById, queryClient]);

  const focusDevices: AreaDeviceRow[] = [];
  if (focusArea && devices.data) {
    const critical = new Set<string>();
    if (state) for (const i of state.incidents.values()) if (i.deviceId && i.severity === 'critical' && i.status === 'open') critical.add(i.deviceId);
    for (const d of devices.data) {
      if (d.areaCode !== focusArea || d.status === 'decommissioned' || !d.location) continue;
      const liveDevice = state?.areas.get(d.areaCode)?.devices.get(d.id);
      focusDevices.push({ id: d.id, name: d.name, status: liveDevice?.status ?? d.status, critical: critical.has(d.id) });
    }
    focusDevices.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  }

  let popupIncidents = NO_INCIDENTS;
  if (popup && state) {
    const list: LiveIncident[] = [];
    for (const i of state.incidents.values()) if (i.deviceId === popup.deviceId) list.push(i);
    popupIncidents = list;
  }
  const popupDevice = popup ? deviceById.get(popup.deviceId) : undefined;

  const connection = live?.connection ?? 'connecting';
  const loadError = areas.error ?? devices.error;
  const loading = !loadError && (areas.isPending || devices.isPending);

  return (
    <div className={`opsmap ${panelOpen ? 'panel-open' : 'panel-closed'}`}>
      <div id="ops-map" className="opsmap-frame live-only" data-ready={ready ? 'true' : 'false'} data-live={connection === 'live' ? 'true' : 'false'} data-focus={focusArea ?? ''}>
        <div ref={canvas} className="opsmap-canvas" />
      </div>

      {connection !== 'live' && (
        <div className={`opsmap-not-live not-live-${connection}`} role="status" data-testid="map-not-live">
          {t(`notLive.${connection}`)}
        </div>
      )}

      {loading && (
        <div className="opsmap-message" role="status">
          {t('loading')}
        </div>
      )}
      {loadError && (
        <div className="opsmap-message opsmap-error" role="alert">
          <p>{t('loadFailed', { what: t(areas.error ? 'what.areas' : 'what.devices'), reason: problemTitle(loadError, t) })}</p>
          <button
            type="button"
            className="primary"
            onClick={() => {
              if (areas.error) void areas.refetch();
              if (devices.error) void devices.refetch();
            }}
          >
            {t('common:actions.retry')}
          </button>
        </div>
      )}

      <AreaListPanel
        areas={areas.data ?? []}
        summaries={summaries}
        alarmed={alarmed}
        focusArea={focusArea}
        focusDevices={focusDevices}
        open={panelOpen}
        onToggle={() => setPanelOpen((o) => !o)}
        onSelectArea={chooseArea}
        onOpenDevice={openDevice}
        panelRef={panel}
      />

      <div className="opsmap-controls" role="group" aria-label={t('controls.label')}>
        <button type="button" onClick={() => view?.zoomIn()} aria-label={t('controls.zoomIn')} title={t('controls.zoomIn')} data-testid="map-zoom-in">
          <span aria-hidden="true">+</span>
        </button>
        <button type="button" onClick={() => view?.zoomOut()} aria-label={t('controls.zoomOut')} title={t('controls.zoomOut')} data-testid="map-zoom-out">
          <span aria-hidden="true">−</span>
        </button>
        <button
          type="button"
          className="opsmap-home"
          title={t('controls.provinceHint')}
          data-testid="map-province"
          onClick={() => {
            if (focusArea) onSelectArea(undefined);
            else view?.fitHome();
          }}
        >
          {t('controls.province')}
        </button>
      </div>

      <MapLegend />

      {popup &&
        createPortal(
          <DevicePopup
            deviceId={popup.deviceId}
            device={popupDevice}
            live={popupDevice ? state?.areas.get(popupDevice.areaCode)?.devices.get(popup.deviceId) : undefined}
            areaName={popupDevice ? areaNames.get(popupDevice.areaCode) : undefined}
            incidents={popupIncidents}
            focus={popup.focus}
            onSelectIncident={onSelectIncident}
            onClose={closePopup}
          />,
          popup.element,
        )}
    </div>
  );
}
