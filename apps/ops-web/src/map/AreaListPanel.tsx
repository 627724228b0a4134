// The key-area list beside the live map: the map alone cannot be used with a keyboard or
// a screen reader, the list can. Each area shows its name, district, device counts and
// state in words; choosing it focuses the map on it, and the focused area lists its
// devices, each opening the device's popup. Rows re-render only when their own figures
// change (the live state moves every frame).
import { memo, useEffect, useId, useMemo, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceStatus, KeyArea } from '@ioc/contracts';
import { formatCount } from '../format/time';
import type { AreaState } from '../live/live-state';
import { filterAreas, sortAreas, type AreaSummary } from './area-model';

export interface AreaDeviceRow {
  id: string;
  name: string;
  status: DeviceStatus;
  critical: boolean;
}

export interface AreaListPanelProps {
  areas: readonly KeyArea[];
  summaries: ReadonlyMap<string, AreaSummary>;
  /** Areas where a live critical alarm flashes. */
  alarmed: ReadonlySet<string>;
  focusArea: string | undefined;
  /** The focused area's devices with their live status. */
  focusDevices: readonly AreaDeviceRow[];
  open: boolean;
  onToggle(): void;
  onSelectArea(code: string): void;
  onOpenDevice(id: string): void;
  panelRef?: Ref<HTMLElement>;
}

export function AreaListPanel({ areas, summaries, alarmed, focusArea, focusDevices, open, onToggle, onSelectArea, onOpenDevice, panelRef }: AreaListPanelProps) {
  const { t } = useTranslation('map');
  const [query, setQuery] = useState('');
  const ids = useId();
  const list = useRef<HTMLUListElement>(null);
  // The focused area in view in the list (it may have been chosen on the map or by URL).
  useEffect(() => {
    if (!focusArea || !open) return;
    list.current?.querySelector(`li[data-area="${CSS.escape(focusArea)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [focusArea, open, areas]);
  const sorted = useMemo(() => sortAreas(areas), [areas]);
  const shown = useMemo(() => filterAreas(sorted, query), [sorted, query]);
  const bodyId = `${ids}-body`;
  const filterId = `${ids}-filter`;
  const titleId = `${ids}-title`;

  return (
    <section className={`area-panel ${open ? 'is-open' : 'is-closed'}`} aria-labelledby={titleId} ref={panelRef} data-testid="area-panel">
      <div className="area-panel-head">
        <h2 id={titleId} className="area-panel-title">
          {t('areaList.title')} <span className="area-panel-count">({t('areaList.count', { count: areas.length })})</span>
        </h2>
        <button type="button" className="ghost area-panel-toggle" aria-expanded={open} aria-controls={bodyId} onClick={onToggle} title={open ? t('areaList.hide') : t('areaList.show')}>
          <span aria-hidden="true">{open ? '◂' : '▸'}</span>
          <span className="sr-only">{open ? t('areaList.hide') : t('areaList.show')}</span>
        </button>
      </div>
      <div id={bodyId} className="area-panel-body" hidden={!open}>
        {areas.length > 8 && (
          <div className="area-panel-filter">
            <label htmlFor={filterId} className="sr-only">
              {t('areaList.filter')}
            </label>
            <input id={filterId} type="search" value={query} placeholder={t('areaList.filterPlaceholder')} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
          </div>
        )}
        {areas.length === 0 && <p className="area-panel-empty">{t('areaList.none')}</p>}
        {areas.length > 0 && shown.length === 0 && <p className="area-panel-empty">{t('areaList.noMatch')}</p>}
        <ul id="area-list" className="area-list live-only" ref={list}>
          {shown.map((a) => {
            const s = summaries.get(a.code);
            const focused = a.code === focusArea;
            return (
              <AreaItem
                key={a.code}
                code={a.code}
                name={a.name}
                district={a.district}
                state={s?.state ?? 'unknown'}
                online={s?.online ?? 0}
                offline={s?.offline ?? 0}
                degraded={s?.degraded ?? 0}
                focused={focused}
                alarm={alarmed.has(a.code)}
                devices={focused ? focusDevices : undefined}
                onSelectArea={onSelectArea}
                onOpenDevice={onOpenDevice}
              />
            );
          })}
        </ul>
      </div>
    </section>
  );
}

interface AreaItemProps {
  code: string;
  name: string;
  district: string;
  state: AreaState;
  online: number;
  offline: number;
  degraded: number;
  focused: boolean;
  alarm: boolean;
  devices: readonly AreaDeviceRow[] | undefined;
  onSelectArea(code: string): void;
  onOpenDevice(id: string): void;
}

const AreaItem = memo(function AreaItem({ code, name, district, state, online, offline, degraded, focused, alarm, devices, onSelectArea, onOpenDevice }: AreaItemProps) {
  const { t, i18n } = useTranslation('map');
  const lang = i18n.language;
  return (
    <li data-area={code} data-state={state} data-alarm={alarm ? 'true' : undefined} className={`area-item state-${state}${focused ? ' is-focused' : ''}`}>
      <button type="button" className={`area-item-button${alarm ? ' flash' : ''}`} aria-current={focused ? 'true' : undefined} onClick={() => onSelectArea(code)}>
        <span className={`area-swatch swatch-${state}`} aria-hidden="true" />
        <span className="area-item-text">
          <span className="area-item-name">{name}</span>
          <span className="area-item-district">{district}</span>
          <span className="area-item-state">{t(`domain:areaState.${state}`)}</span>
        </span>
        <span className="area-item-counts" aria-label={t('areaList.counts', { online, offline, degraded })} role="img">
          <span className="count count-online" title={t('count.online')}>
            <span className="dot dot-online" aria-hidden="true" />
            {formatCount(online, lang)}
          </span>
          <span className="count count-offline" title={t('count.offline')}>
            <span className="dot dot-offline" aria-hidden="true" />
            {formatCount(offline, lang)}
          </span>
          <span className="count count-degraded" title={t('count.degraded')}>
            <span className="dot dot-degraded" aria-hidden="true" />
            {formatCount(degraded, lang)}
          </span>
        </span>
      </button>
      {devices && (
        <div className="area-devices">
          <h3 className="sr-only">{t('areaList.devices')}</h3>
          {devices.length === 0 ? (
            <p className="area-panel-empty">{t('areaList.noDevices')}</p>
          ) : (
            <ul>
              {devices.map((d) => (
                <AreaDeviceItem key={d.id} id={d.id} name={d.name} status={d.status} critical={d.critical} onOpenDevice={onOpenDevice} />
              ))}
            </ul>
          )}
        </div>
      )}
    </li>
  );
});

interface AreaDeviceItemProps extends AreaDeviceRow {
  onOpenDevice(id: string): void;
}

/** One device of the focused area: re-rendered only when its own status changes. */
const AreaDeviceItem = memo(function AreaDeviceItem({ id, name, status, critical, onOpenDevice }: AreaDeviceItemProps) {
  const { t } = useTranslation('map');
  const statusText = t(`domain:deviceStatus.${status}`);
  return (
    <li data-area-device={id} data-status={status}>
      <button type="button" className="area-device-button" onClick={() => onOpenDevice(id)} aria-label={`${t('areaList.openDevice', { name })}: ${statusText}`}>
        <span className={`dot dot-${status}${critical ? ' dot-critical' : ''}`} aria-hidden="true" />
        <span className="area-device-name">{name}</span>
        <span className={`area-device-status text-${status}`}>{statusText}</span>
      </button>
    </li>
  );
});
