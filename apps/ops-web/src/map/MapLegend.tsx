// The live map's legend: every area state and device status named in words beside its
// colour and outline, so colour is never the only signal. Folds away (a <details>) to
// leave the map room on a laptop screen.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AREA_STATES } from './map-style';
import type { DeviceStatus } from '@ioc/contracts';

const STORAGE_KEY = 'ioc.map.legend';

/** The user's last choice, or unfolded only where it leaves the province in view (a video wall). */
function initiallyOpen(): boolean {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  if (stored === 'open' || stored === 'closed') return stored === 'open';
  return typeof window !== 'undefined' && window.innerWidth >= 2400 && window.innerHeight >= 1300;
}

/** The statuses a marker can show, worst first (a decommissioned device has no marker). */
const LEGEND_STATUSES = ['offline', 'degraded', 'online', 'unknown'] as const satisfies readonly DeviceStatus[];

export function MapLegend() {
  const { t } = useTranslation('map');
  const [open] = useState(initiallyOpen);
  return (
    <details
      className="map-legend"
      open={open}
      data-testid="map-legend"
      onToggle={(e) => localStorage.setItem(STORAGE_KEY, (e.currentTarget as HTMLDetailsElement).open ? 'open' : 'closed')}
    >
      <summary>{t('legend.title')}</summary>
      <div className="map-legend-body">
        <div>
          <h3>{t('legend.areas')}</h3>
          <ul>
            {AREA_STATES.map((s) => (
              <li key={s} data-legend-area={s}>
                <span className={`legend-area swatch-${s}`} aria-hidden="true" />
                {t(`domain:areaState.${s}`)}
              </li>
            ))}
            <li>
              <span className="legend-alarm" aria-hidden="true" />
              {t('legend.alarm')}
            </li>
          </ul>
        </div>
        <div>
          <h3>{t('legend.devices')}</h3>
          <ul>
            {LEGEND_STATUSES.map((s) => (
              <li key={s} data-legend-device={s}>
                <span className={`legend-device dot dot-${s}`} aria-hidden="true" />
                {t(`domain:deviceStatus.${s}`)}
              </li>
            ))}
            <li>
              <span className="legend-device dot dot-online dot-critical" aria-hidden="true" />
              {t('legend.criticalDevice')}
            </li>
            <li>
              <span className="legend-cluster" aria-hidden="true">
                12
              </span>
              {t('legend.cluster')}
            </li>
            <li>
              <span className="legend-fov" aria-hidden="true" />
              {t('legend.fov')}
            </li>
          </ul>
        </div>
      </div>
    </details>
  );
}
