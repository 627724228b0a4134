// The live map's legend: every area state and device status named in words beside its
// colour and outline, so colour is never the only signal. Folds away (a <details>) to
// leave the map room on a laptop screen.
import { useTranslation } from 'react-i18next';
import { AREA_STATES } from './map-style';

const DEVICE_STATUSES = ['offline', 'degraded', 'online', 'unknown'] as const;

export function MapLegend({ defaultOpen }: { defaultOpen: boolean }) {
  const { t } = useTranslation('map');
  return (
    <details className="map-legend" open={defaultOpen} data-testid="map-legend">
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
            {DEVICE_STATUSES.map((s) => (
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
