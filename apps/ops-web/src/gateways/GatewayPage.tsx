// /gateways/:id: one gateway — broker presence (asked again every 10 s: presence is not
// pushed to browsers), its MQTT account, and its devices with their live status (the /ops
// pushes laid over the REST list). Those who may change the register rotate or issue the
// account, or revoke it, each after a confirmation that says what happens; a new password
// is shown once.
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { Gateway, GatewayCredentials } from '@ioc/contracts';
import { ApiError } from '../api/http';
import { problemTitle } from '../api/problem-text';
import { useCan, useHttp } from '../app/services';
import { useAreas } from '../data/register';
import { formatDateTime } from '../format/time';
import { ConfirmDialog } from '../app/ConfirmDialog';
import { CredentialsBox } from './CredentialsBox';
import { CredentialBadge, PresenceBadge } from './GatewayBadges';
import { mergeStatus, sortDeviceRows } from './gateway-model';
import { issueCredentials, refreshGateways, revokeCredentials, useGateway, useGatewayDevices, useLiveStatuses } from './gateways-api';
import './gateways.css';

type Action = 'issue' | 'rotate' | 'revoke';

export function GatewayPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('gateways');
  const gateway = useGateway(id);

  if (gateway.isLoading) return <p className="page-message">{t('common:state.loading')}</p>;
  if (gateway.isError || !gateway.data) {
    const notFound = gateway.error instanceof ApiError && (gateway.error.status === 404 || gateway.error.status === 403);
    return (
      <div className="gw-page">
        <Link to="/gateways">{t('gateway.back')}</Link>
        <div className="page-message" role="alert">
          <p>{notFound ? t('gateway.notFound', { id }) : t('common:state.error', { message: problemTitle(gateway.error, t) })}</p>
          {notFound ? null : (
            <button type="button" onClick={() => void gateway.refetch()}>
              {t('common:actions.retry')}
            </button>
          )}
        </div>
      </div>
    );
  }
  // Keyed by id: another gateway's page starts with nothing issued and no dialog open.
  return <GatewayView key={gateway.data.id} gateway={gateway.data} />;
}

function GatewayView({ gateway }: { gateway: Gateway }) {
  const { t } = useTranslation('gateways');
  const http = useHttp();
  const queryClient = useQueryClient();
  const canWrite = useCan('register.write');
  const areas = useAreas();
  const [confirm, setConfirm] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  // The once-only credentials: this component's state only, forgotten when the page is left.
  const [issued, setIssued] = useState<GatewayCredentials | null>(null);
  const area = areas.data?.find((a) => a.code === gateway.areaCode);
  const state = gateway.credentials.state;

  useEffect(() => {
    if (issued) document.getElementById('credentials-box')?.focus();
  }, [issued]);

  const run = async (action: Action) => {
    setBusy(true);
    setActionError(null);
    try {
      if (action === 'revoke') {
        refreshGateways(queryClient, await revokeCredentials(http, gateway.id));
      } else {
        const credentials = await issueCredentials(http, gateway.id);
        refreshGateways(queryClient);
        setIssued(credentials);
      }
      setConfirm(null);
    } catch (err) {
      setActionError(err instanceof ApiError && err.status === 503 ? t('form.brokerFailed') : `${problemTitle(err, t)}${err instanceof ApiError && err.problem.detail ? ` — ${err.problem.detail}` : ''}`);
    } finally {
      setBusy(false);
    }
  };

  const dialog: Record<Action, { title: string; body: string; confirm: string; danger: boolean }> = {
    issue: { title: t('confirm.issueTitle', { id: gateway.id }), body: t('confirm.issueBody'), confirm: t('confirm.issueConfirm'), danger: false },
    rotate: { title: t('confirm.rotateTitle', { id: gateway.id }), body: t('confirm.rotateBody'), confirm: t('confirm.rotateConfirm'), danger: true },
    revoke: { title: t('confirm.revokeTitle', { id: gateway.id }), body: t('confirm.revokeBody'), confirm: t('confirm.revokeConfirm'), danger: true },
  };

  return (
    <div className="gw-page" data-testid="gateway-page" data-gateway={gateway.id}>
      <Link to="/gateways">{t('gateway.back')}</Link>
      <header className="gw-page-header">
        <div>
          <h1>
            {gateway.name} <span className="gw-code">{gateway.id}</span>
          </h1>
          <p className="gw-intro">
            {t('gateway.area')}: {area ? `${area.name} (${area.code}) · ${area.district}` : gateway.areaCode}
          </p>
        </div>
        {canWrite ? (
          <div className="gw-actions">
            <button type="button" className={state === 'active' ? undefined : 'primary'} onClick={() => setConfirm(state === 'active' ? 'rotate' : 'issue')} id="gateway-rotate">
              {state === 'active' ? t('gateway.rotate') : t('gateway.issue')}
            </button>
            {state === 'active' ? (
              <button type="button" className="danger" onClick={() => setConfirm('revoke')} id="gateway-revoke">
                {t('gateway.revoke')}
              </button>
            ) : null}
          </div>
        ) : null}
      </header>

      {issued ? <CredentialsBox gatewayId={gateway.id} credentials={issued} onDone={() => setIssued(null)} /> : null}

      <div className="gw-cards">
        <section className="gw-card" aria-labelledby="gw-presence-h">
          <h2 id="gw-presence-h">{t('gateway.presence')}</h2>
          <PresenceBadge gateway={gateway} />
          <p className="gw-field-note">{t('gateway.presenceNote')}</p>
        </section>
        <section className="gw-card" aria-labelledby="gw-cred-h">
          <h2 id="gw-cred-h">{t('gateway.credentials')}</h2>
          <CredentialBadge gateway={gateway} />
          <dl className="gw-dl">
            <dt>{t('gateway.username')}</dt>
            <dd className="gw-mono">{gateway.credentials.username ?? '—'}</dd>
            <dt>{t('gateway.publishFilter')}</dt>
            <dd className="gw-mono">{gateway.credentials.publishFilter}</dd>
            <dt>{t('gateway.issuedAt')}</dt>
            <dd>{formatDateTime(gateway.credentials.issuedAt)}</dd>
            {gateway.credentials.revokedAt ? (
              <>
                <dt>{t('gateway.revokedAt')}</dt>
                <dd>{formatDateTime(gateway.credentials.revokedAt)}</dd>
              </>
            ) : null}
            <dt>{t('gateway.createdAt')}</dt>
            <dd>{formatDateTime(gateway.createdAt)}</dd>
          </dl>
        </section>
      </div>

      <GatewayDevices gatewayId={gateway.id} />

      {confirm ? (
        <ConfirmDialog
          open
          testId="gateway-confirm"
          title={dialog[confirm].title}
          confirmLabel={dialog[confirm].confirm}
          danger={dialog[confirm].danger}
          busy={busy}
          error={actionError}
          onConfirm={() => void run(confirm)}
          onClose={() => {
            setConfirm(null);
            setActionError(null);
          }}
        >
          <p>{dialog[confirm].body}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function GatewayDevices({ gatewayId }: { gatewayId: string }) {
  const { t } = useTranslation('gateways');
  const devices = useGatewayDevices(gatewayId);
  const liveStatuses = useLiveStatuses();
  const rows = useMemo(() => sortDeviceRows((devices.data ?? []).map((d) => mergeStatus(d, liveStatuses.get(d.id)))), [devices.data, liveStatuses]);
  // A device of this gateway heard live but not in the list was registered since: ask again.
  const unlisted = useMemo(() => {
    if (!devices.data) return '';
    const listed = new Set(devices.data.map((d) => d.id));
    return [...liveStatuses].filter(([id, l]) => l.gatewayId === gatewayId && !listed.has(id)).map(([id]) => id).sort().join(',');
  }, [devices.data, liveStatuses, gatewayId]);
  const { refetch } = devices;
  useEffect(() => {
    if (unlisted) void refetch();
  }, [unlisted, refetch]);

  return (
    <section className="gw-devices" aria-labelledby="gw-devices-h">
      <h2 id="gw-devices-h">{t('gateway.devicesHeading', { count: rows.length })}</h2>
      {devices.isLoading ? (
        <p>{t('common:state.loading')}</p>
      ) : devices.isError ? (
        <div role="alert">
          <p>{t('common:state.error', { message: problemTitle(devices.error, t) })}</p>
          <button type="button" onClick={() => void devices.refetch()}>
            {t('common:actions.retry')}
          </button>
        </div>
      ) : rows.length === 0 ? (
        <p data-testid="gateway-devices-empty">{t('gateway.devicesEmpty')}</p>
      ) : (
        <>
          <p className="gw-field-note">{t('gateway.liveNote')}</p>
          <div className="gw-table-wrap">
            <table className="gw-table" id="gateway-devices">
              <caption className="sr-only">{t('gateway.devicesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('gateway.colDevice')}</th>
                  <th scope="col">{t('gateway.colName')}</th>
                  <th scope="col">{t('gateway.colKind')}</th>
                  <th scope="col">{t('gateway.colStatus')}</th>
                  <th scope="col">{t('gateway.colSince')}</th>
                  <th scope="col">{t('gateway.colLastSeen')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.device.id} data-testid={`gateway-device-${r.device.id}`} data-status={r.status}>
                    <td className="gw-mono">{r.device.id}</td>
                    <td>{r.device.name}</td>
                    <td>{t(`domain:deviceKind.${r.device.kind}`)}</td>
                    <td className="live-only">
                      <span className={`badge status-${r.status}`}>{t(`domain:deviceStatus.${r.status}`)}</span>
                    </td>
                    <td>{formatDateTime(r.statusSince)}</td>
                    <td>{formatDateTime(r.device.lastSeenAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
