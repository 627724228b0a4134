// `/devices/:id`: one device — its details, its live status, what it watches (the map with
// its sector and the area's checkpoints), its status history, its incidents and the
// maintenance windows that touch it (its own, its gateway's, its area's). Editing,
// decommissioning and opening a maintenance window show only for roles that may do them.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Device, KeyArea } from '@ioc/contracts';
import { ApiError } from '../api/http';
import { problemTitle } from '../api/problem-text';
import { useCan, useHttp } from '../app/services';
import { registerKeys, useAreas, useDevice, useDevices } from '../data/register';
import { formatDateTime, formatPct } from '../format/time';
import { capitalize, langOf, translateMessage } from '@ioc/i18n';
import { effectiveView, sightOf } from './camera-view';
import { CameraMap } from './CameraMap';
import { ConfirmDialog } from '../app/ConfirmDialog';
import { groupWindows, touchesDevice } from './maintenance';
import { devicesKeys, useDeviceAvailability, useDeviceIncidents, useMaintenanceWindows, useTransitions } from './queries';
import { useLiveDevices } from './use-live-devices';
import { WindowTable } from './WindowTable';
import './devices.css';

export function DevicePage() {
  const { t } = useTranslation('devices');
  const { id = '' } = useParams();
  const device = useDevice(id);
  if (device.isPending) return <p className="page-message">{t('common:state.loading')}</p>;
  if (device.isError) {
    const notFound = device.error instanceof ApiError && device.error.status === 404;
    return (
      <div className="page-message" role="alert">
        <p>{notFound ? t('device.notFound', { id }) : t('common:state.error', { message: problemTitle(device.error, t) })}</p>
        <Link to="/devices">{t('device.back')}</Link>
      </div>
    );
  }
  return <DeviceView device={device.data} />;
}

function DeviceView({ device }: { device: Device }) {
  const { t, i18n } = useTranslation('devices');
  const lang = i18n.language;
  const canWrite = useCan('register.write');
  const canMaintain = useCan('maintenance.write');
  const areas = useAreas();
  const all = useDevices();
  const live = useLiveDevices();
  const availability = useDeviceAvailability();
  const [decommissioning, setDecommissioning] = useState(false);

  const area: KeyArea | undefined = areas.data?.find((a) => a.code === device.areaCode);
  const liveStatus = live.statuses.get(device.id);
  const status = device.status === 'decommissioned' ? 'decommissioned' : (liveStatus?.status ?? device.status);
  const since = liveStatus && device.status !== 'decommissioned' ? liveStatus.statusSince : device.statusSince;
  const avail = availability.data?.get(device.id);
  // A live status change is a new transition (and a new last message): read them again.
  const queryClient = useQueryClient();
  const liveSince = liveStatus?.statusSince;
  const shownSince = useRef(liveSince);
  useEffect(() => {
    if (!liveSince || liveSince === shownSince.current) return;
    shownSince.current = liveSince;
    void queryClient.invalidateQueries({ queryKey: devicesKeys.transitions(device.id) });
    void queryClient.invalidateQueries({ queryKey: registerKeys.device(device.id), exact: true });
  }, [liveSince, device.id, queryClient]);

  const location = device.location?.coordinates;
  const view = useMemo(
    () =>
      effectiveView({
        kind: device.kind,
        cameraType: device.cameraType ?? undefined,
        location,
        bearingDeg: device.bearingDeg ?? undefined,
        fovDeg: device.fovDeg ?? undefined,
        rangeM: device.rangeM ?? undefined,
      }),
    [device, location],
  );
  const sight = useMemo(
    () => sightOf(view, location, device.purposes, (area?.checkpoints ?? []).map((c) => ({ id: c.id, purposes: c.purposes, location: c.location.coordinates }))),
    [view, location, device.purposes, area],
  );
  const others = useMemo(() => (all.data ?? []).filter((d) => d.areaCode === device.areaCode && d.id !== device.id), [all.data, device.areaCode, device.id]);
  const seen = sight.filter((s) => s.seen).length;
  const decommissioned = device.decommissionedAt !== null;

  return (
    <div className="dev-page dev-device-page" data-testid="device-page" data-device-id={device.id}>
      <nav className="dev-crumbs" aria-label={t('device.back')}>
        <Link to="/devices">{t('list.title')}</Link> / {device.id}
      </nav>
      <header className="dev-head">
        <div>
          <h1>
            {device.name} <span className="dev-muted dev-h1-id">{device.id}</span>
          </h1>
          <p className="dev-status-line live-only">
            <span className={`badge status-${status}`} data-testid="device-status" data-status={status}>
              {t(`domain:deviceStatus.${status}`)}
            </span>
            {since && <span>{t('device.since', { time: formatDateTime(since) })}</span>}
            <span>{t('device.lastSeen', { time: device.lastSeenAt ? formatDateTime(device.lastSeenAt) : t('list.never') })}</span>
            <span>
              {t('list.col.availability')}: {formatPct(avail === undefined || avail === null ? null : avail * 100, lang)}
            </span>
          </p>
        </div>
        <div className="dev-head-actions">
          {canWrite && !decommissioned && (
            <Link className="button primary" to={`/devices/${encodeURIComponent(device.id)}/edit`} id="edit-device">
              {t('device.edit')}
            </Link>
          )}
          {canMaintain && !decommissioned && (
            <Link className="button" to={`/maintenance?targetType=device&targetId=${encodeURIComponent(device.id)}&area=${encodeURIComponent(device.areaCode)}`} id="open-window">
              {t('device.openWindow')}
            </Link>
          )}
          {canWrite && !decommissioned && (
            <button type="button" className="danger" onClick={() => setDecommissioning(true)} id="decommission-device">
              {t('device.decommission')}
            </button>
          )}
        </div>
      </header>

      <div className="dev-detail-grid">
        <section className="dev-card" aria-labelledby="dev-details-title">
          <h2 id="dev-details-title">{t('device.details')}</h2>
          <dl className="dev-dl">
            <dt>{t('device.field.id')}</dt>
            <dd>{device.id}</dd>
            <dt>{t('device.field.serial')}</dt>
            <dd>{device.serial}</dd>
            <dt>{t('device.field.kind')}</dt>
            <dd>
              {t(`domain:deviceKind.${device.kind}`)}
              {device.cameraType && ` · ${t(`domain:cameraType.${device.cameraType}`)}`}
            </dd>
            <dt>{t('device.field.vendor')}</dt>
            <dd>
              {device.vendor} · {device.model}
            </dd>
            <dt>{t('device.field.purposes')}</dt>
            <dd>{device.purposes.map((p) => t(`domain:purpose.${p}`)).join(', ')}</dd>
            <dt>{t('device.field.area')}</dt>
            <dd>
              {area ? `${area.name} (${area.code}) — ${area.district}` : device.areaCode}
            </dd>
            <dt>{t('device.field.gateway')}</dt>
            <dd>{device.gatewayId}</dd>
            <dt>{t('device.field.location')}</dt>
            <dd>{location ? `${location[0].toFixed(6)}, ${location[1].toFixed(6)}` : '—'}</dd>
            {device.kind === 'camera' || device.rangeM !== null ? (
              <>
                <dt>{t('device.field.bearing')}</dt>
                <dd>{device.bearingDeg === null ? '—' : t('device.degrees', { value: device.bearingDeg })}</dd>
                <dt>{t('device.field.fov')}</dt>
                <dd>{device.fovDeg === null ? '—' : t('device.degrees', { value: device.fovDeg })}</dd>
                <dt>{t('device.field.range')}</dt>
                <dd>{device.rangeM === null ? '—' : t('device.metres', { value: device.rangeM })}</dd>
              </>
            ) : null}
            <dt>{t('device.field.installedOn')}</dt>
            <dd>{device.installedOn ? formatDay(device.installedOn) : '—'}</dd>
            <dt>{t('device.field.contractor')}</dt>
            <dd>{device.contractor}</dd>
            <dt>{t('device.field.heartbeat')}</dt>
            <dd>{t('device.seconds', { value: device.heartbeatTimeoutS })}</dd>
            {device.externalRefs.frigateCamera && (
              <>
                <dt>{t('device.field.frigate')}</dt>
                <dd>{device.externalRefs.frigateCamera}</dd>
              </>
            )}
            {device.externalRefs.onvifProfile && (
              <>
                <dt>{t('device.field.onvif')}</dt>
                <dd>{device.externalRefs.onvifProfile}</dd>
              </>
            )}
            {device.conditions.length > 0 && (
              <>
                <dt>{t('device.conditions')}</dt>
                <dd>{device.conditions.map((c) => t(`domain:incidentType.${c}`, { defaultValue: c })).join(', ')}</dd>
              </>
            )}
            {device.decommissionedAt && (
              <>
                <dt>{t('domain:deviceStatus.decommissioned')}</dt>
                <dd>{t('device.decommissionedAt', { time: formatDateTime(device.decommissionedAt) })}</dd>
              </>
            )}
          </dl>
        </section>

        <section className="dev-card dev-view-card" aria-labelledby="dev-view-title">
          <h2 id="dev-view-title">
            {t('device.view')}
            {view && area && area.checkpoints.length > 0 && <span className="dev-muted"> · {t('editor.seenCount', { seen, total: sight.length })}</span>}
          </h2>
          <div className="dev-view-map">
            <CameraMap area={area} location={location} view={view} sight={sight} others={others} label={t('device.view')} fitView />
          </div>
        </section>
      </div>

      <TransitionsSection device={device} />
      <IncidentsSection device={device} />
      <WindowsSection device={device} />

      <DecommissionDialog device={device} open={decommissioning} onClose={() => setDecommissioning(false)} />
    </div>
  );
}

/** `YYYY-MM-DD` as `dd/MM/yyyy` (a calendar day: no time zone to convert). */
function formatDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

function TransitionsSection({ device }: { device: Device }) {
  const { t, i18n } = useTranslation('devices');
  const [pages, setPages] = useState(1);
  const transitions = useTransitions(device.id, pages);
  return (
    <section className="dev-card" aria-labelledby="dev-history-title" data-testid="transitions">
      <h2 id="dev-history-title">{t('device.history')}</h2>
      {transitions.isPending ? (
        <p>{t('common:state.loading')}</p>
      ) : transitions.isError ? (
        <p role="alert">
          {t('common:state.error', { message: problemTitle(transitions.error, t) })}{' '}
          <button type="button" onClick={() => void transitions.refetch()}>
            {t('common:actions.retry')}
          </button>
        </p>
      ) : transitions.data.items.length === 0 ? (
        <p className="dev-muted">{t('device.historyEmpty')}</p>
      ) : (
        <>
          <table className="dev-table dev-compact">
            <thead>
              <tr>
                <th scope="col">{t('device.historyCol.at')}</th>
                <th scope="col">{t('device.historyCol.change')}</th>
                <th scope="col">{t('device.historyCol.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {transitions.data.items.map((tr) => (
                <tr key={tr.id} data-transition-to={tr.to}>
                  <td>{formatDateTime(tr.at)}</td>
                  <td>
                    <span className={`badge status-${tr.from}`}>{t(`domain:deviceStatus.${tr.from}`)}</span>
                    <span aria-hidden="true"> → </span>
                    <span className="sr-only"> → </span>
                    <span className={`badge status-${tr.to}`}>{t(`domain:deviceStatus.${tr.to}`)}</span>
                  </td>
                  <td>{capitalize(translateMessage(tr.reason, langOf(i18n.language)))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {transitions.data.more && (
            <button type="button" onClick={() => setPages((p) => p + 1)} disabled={transitions.isFetching}>
              {t('device.historyMore')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function IncidentsSection({ device }: { device: Device }) {
  const { t } = useTranslation('devices');
  const canWatch = useCan('ops.watch');
  const incidents = useDeviceIncidents(device.id);
  return (
    <section className="dev-card" aria-labelledby="dev-incidents-title" data-testid="device-incidents">
      <h2 id="dev-incidents-title">{t('device.incidents')}</h2>
      {incidents.isPending ? (
        <p>{t('common:state.loading')}</p>
      ) : incidents.isError ? (
        <p role="alert">{t('common:state.error', { message: problemTitle(incidents.error, t) })}</p>
      ) : incidents.data.items.length === 0 ? (
        <p className="dev-muted">{t('device.incidentsEmpty')}</p>
      ) : (
        <>
          <table className="dev-table dev-compact">
            <thead>
              <tr>
                <th scope="col">{t('device.incidentsCol.opened')}</th>
                <th scope="col">{t('device.incidentsCol.type')}</th>
                <th scope="col">{t('device.incidentsCol.severity')}</th>
                <th scope="col">{t('device.incidentsCol.status')}</th>
                <th scope="col">{t('device.incidentsCol.resolved')}</th>
              </tr>
            </thead>
            <tbody>
              {incidents.data.items.map((i) => (
                <tr key={i.id} data-incident-id={i.id}>
                  <td>{canWatch ? <Link to={`/ops/incidents/${i.id}`}>{formatDateTime(i.openedAt)}</Link> : formatDateTime(i.openedAt)}</td>
                  <td>{t(`domain:incidentType.${i.type}`)}</td>
                  <td>
                    <span className={`badge sev-${i.severity}`}>{t(`domain:severity.${i.severity}`)}</span>
                  </td>
                  <td>{t(`domain:incidentStatus.${i.status}`)}</td>
                  <td>{formatDateTime(i.resolvedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {incidents.data.total > incidents.data.items.length && <p className="dev-muted">{t('device.incidentsMore', { shown: incidents.data.items.length, total: incidents.data.total })}</p>}
        </>
      )}
    </section>
  );
}

function WindowsSection({ device }: { device: Device }) {
  const { t } = useTranslation('devices');
  const windows = useMaintenanceWindows(device.areaCode);
  const groups = useMemo(() => groupWindows((windows.data ?? []).filter((w) => touchesDevice(w, device)), Date.now()), [windows.data, device]);
  const list = [...groups.running, ...groups.upcoming, ...groups.past];
  return (
    <section className="dev-card" aria-labelledby="dev-windows-title" data-testid="device-windows">
      <h2 id="dev-windows-title">{t('device.windows')}</h2>
      {windows.isPending ? (
        <p>{t('common:state.loading')}</p>
      ) : windows.isError ? (
        <p role="alert">{t('common:state.error', { message: problemTitle(windows.error, t) })}</p>
      ) : list.length === 0 ? (
        <p className="dev-muted">{t('device.windowsEmpty')}</p>
      ) : (
        <WindowTable windows={list} showPhase />
      )}
    </section>
  );
}

function DecommissionDialog({ device, open, onClose }: { device: Device; open: boolean; onClose(): void }) {
  const { t, i18n } = useTranslation('devices');
  const http = useHttp();
  const queryClient = useQueryClient();
  const decommission = useMutation({
    mutationFn: (reason: string) => http.post<Device>(`/api/v1/devices/${encodeURIComponent(device.id)}/decommission`, { reason }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(registerKeys.device(saved.id), saved);
      onClose();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: registerKeys.devices, exact: true }),
        queryClient.invalidateQueries({ queryKey: devicesKeys.transitions(saved.id) }),
        queryClient.invalidateQueries({ queryKey: ['coverage'] }),
      ]);
    },
  });
  const err = decommission.error;
  const reasonError = err instanceof ApiError ? err.fieldError('reason') : undefined;
  return (
    <ConfirmDialog
      open={open}
      title={t('decommission.title', { id: device.id })}
      confirmLabel={t('decommission.confirm')}
      workingLabel={t('decommission.working')}
      reason={{ label: t('decommission.reason'), placeholder: t('decommission.reasonPlaceholder'), error: reasonError && capitalize(translateMessage(reasonError, langOf(i18n.language))) }}
      busy={decommission.isPending}
      error={err && !reasonError ? t('decommission.failed', { title: err instanceof ApiError && err.problem.detail ? `${problemTitle(err, t)} — ${err.problem.detail}` : problemTitle(err, t) }) : undefined}
      danger
      onConfirm={(reason) => decommission.mutate(reason)}
      onClose={() => {
        decommission.reset();
        onClose();
      }}
      testId="decommission-dialog"
    >
      <p>{t('decommission.what')}</p>
      <ul>
        <li>{t('decommission.history')}</li>
        <li>{t('decommission.coverage')}</li>
      </ul>
    </ConfirmDialog>
  );
}
