// /gateways: the gateways in the user's scope (area, name, broker presence and since when,
// MQTT account state, devices with how many are online now), filtered by area and text; for
// those who may change the register, the form that registers one and then shows its MQTT
// login once.
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { GatewayRegistered } from '@ioc/contracts';
import { problemTitle } from '../api/problem-text';
import { useCan } from '../app/services';
import { useAreas, useDevices } from '../data/register';
import { formatCount } from '../format/time';
import { CredentialsBox } from './CredentialsBox';
import { CredentialBadge, PresenceBadge } from './GatewayBadges';
import { countsByGateway, filterGateways } from './gateway-model';
import { useGateways, useLiveStatuses } from './gateways-api';
import { RegisterGatewayForm } from './RegisterGatewayForm';
import './gateways.css';

export function GatewaysPage() {
  const { t, i18n } = useTranslation('gateways');
  const canWrite = useCan('register.write');
  const gateways = useGateways();
  const areas = useAreas();
  const devices = useDevices();
  const liveStatuses = useLiveStatuses();
  const [areaCode, setAreaCode] = useState('');
  const [text, setText] = useState('');
  const [formOpen, setFormOpen] = useState(false);
  // The once-only credentials: component state only, forgotten when the page is left.
  const [issued, setIssued] = useState<GatewayRegistered | null>(null);

  const areaNames = useMemo(() => new Map((areas.data ?? []).map((a) => [a.code, a.name])), [areas.data]);
  const counts = useMemo(() => countsByGateway(devices.data ?? [], liveStatuses), [devices.data, liveStatuses]);
  const all = useMemo(() => gateways.data ?? [], [gateways.data]);
  const shown = useMemo(() => filterGateways(all, { areaCode, text }, areaNames), [all, areaCode, text, areaNames]);
  const areaOptions = useMemo(() => [...new Set(all.map((g) => g.areaCode))].sort(), [all]);

  useEffect(() => {
    if (issued) document.getElementById('credentials-box')?.focus();
  }, [issued]);

  return (
    <div className="gw-page" data-testid="gateways-page">
      <header className="gw-page-header">
        <div>
          <h1>{t('list.heading')}</h1>
          <p className="gw-intro">{t('list.intro')}</p>
        </div>
        {canWrite && !formOpen && !issued ? (
          <button type="button" className="primary" onClick={() => setFormOpen(true)} id="open-register-gateway">
            {t('list.register')}
          </button>
        ) : null}
      </header>

      {issued ? (
        <CredentialsBox gatewayId={issued.gateway.id} credentials={issued.credentials} onDone={() => setIssued(null)} />
      ) : null}
      {canWrite && formOpen && !issued ? (
        <RegisterGatewayForm
          gateways={all}
          onCancel={() => setFormOpen(false)}
          onRegistered={(r) => {
            setFormOpen(false);
            setIssued(r);
          }}
        />
      ) : null}

      <div className="gw-filters" role="search">
        <div className="field">
          <label htmlFor="gw-filter-area">{t('list.filterArea')}</label>
          <select id="gw-filter-area" value={areaCode} onChange={(e) => setAreaCode(e.target.value)}>
            <option value="">{t('list.allAreas')}</option>
            {areaOptions.map((code) => (
              <option key={code} value={code}>
                {areaNames.get(code) ? `${areaNames.get(code)} (${code})` : code}
              </option>
            ))}
          </select>
        </div>
        <div className="field gw-filter-text">
          <label htmlFor="gw-filter-text">{t('list.search')}</label>
          <input id="gw-filter-text" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('list.searchPlaceholder')} />
        </div>
        {gateways.data ? (
          <p className="gw-count" aria-live="polite">
            {t('list.count', { shown: formatCount(shown.length, i18n.language), total: formatCount(all.length, i18n.language) })}
          </p>
        ) : null}
      </div>

      {gateways.isLoading ? (
        <p className="page-message">{t('common:state.loading')}</p>
      ) : gateways.isError ? (
        <div className="page-message" role="alert">
          <p>{t('common:state.error', { message: problemTitle(gateways.error, t) })}</p>
          <button type="button" onClick={() => void gateways.refetch()}>
            {t('common:actions.retry')}
          </button>
        </div>
      ) : all.length === 0 ? (
        <p className="page-message">{t('list.empty')}</p>
      ) : shown.length === 0 ? (
        <p className="page-message">{t('list.noMatch')}</p>
      ) : (
        <div className="gw-table-wrap">
          <table className="gw-table" id="gateways-table">
            <caption className="sr-only">{t('list.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('list.colId')}</th>
                <th scope="col">{t('list.colName')}</th>
                <th scope="col">{t('list.colArea')}</th>
                <th scope="col">{t('list.colPresence')}</th>
                <th scope="col">{t('list.colCredentials')}</th>
                <th scope="col">{t('list.colDevices')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((g) => {
                const c = counts.get(g.id);
                return (
                  <tr key={g.id} data-testid={`gateway-row-${g.id}`} className={issued?.gateway.id === g.id ? 'gw-row-new' : undefined}>
                    <td>
                      <Link to={`/gateways/${encodeURIComponent(g.id)}`} className="gw-id">
                        {g.id}
                      </Link>
                    </td>
                    <td>{g.name}</td>
                    <td>
                      {areaNames.get(g.areaCode) ?? g.areaCode}
                      <span className="gw-code"> {g.areaCode}</span>
                    </td>
                    <td>
                      <PresenceBadge gateway={g} />
                    </td>
                    <td>
                      <CredentialBadge gateway={g} />
                    </td>
                    <td className="live-only gw-nowrap" data-testid="gateway-devices">
                      {devices.isLoading
                        ? '…'
                        : c
                          ? t('list.devicesValue', { devices: formatCount(c.devices, i18n.language), online: formatCount(c.online, i18n.language) })
                          : t('list.noDevices')}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
