// `/maintenance`: open a maintenance window on a device, a gateway or a whole key area for
// a period typed in Vietnam time (sent in UTC), with a reason; see the running, upcoming
// and recent windows and end one early. Only roles with maintenance.write see the form
// and the buttons; others may look. A device page links here with its device chosen
// (`?targetType=device&targetId=…&area=…`).
import { useMemo, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { MAINTENANCE_TARGETS, type MaintenanceWindow } from '@ioc/contracts';
import { ApiError } from '../api/http';
import { problemTitle } from '../api/problem-text';
import { useCan, useHttp } from '../app/services';
import { useAreas, useDevices } from '../data/register';
import { formatDateTime } from '../format/time';
import { capitalize, langOf, translateMessage } from '@ioc/i18n';
import { defaultPeriod, groupWindows, localInputToUtc, RECENT_DAYS } from './maintenance';
import { devicesKeys, useGateways, useMaintenanceWindows } from './queries';
import { WindowTable } from './WindowTable';
import './devices.css';

type TargetType = (typeof MAINTENANCE_TARGETS)[number];

export function MaintenancePage() {
  const { t } = useTranslation('devices');
  const canMaintain = useCan('maintenance.write');
  const [params, setParams] = useSearchParams();
  const filterArea = params.get('filter') ?? '';
  const areas = useAreas();
  const devices = useDevices();
  const gateways = useGateways();
  const windows = useMaintenanceWindows(filterArea || undefined);
  const groups = useMemo(() => groupWindows(windows.data ?? [], Date.now()), [windows.data]);

  // Names beside ids, so "CAM-…" reads as the place it watches.
  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const a of areas.data ?? []) m.set(`area:${a.code}`, a.name);
    for (const g of gateways.data ?? []) m.set(`gateway:${g.id}`, g.name);
    for (const d of devices.data ?? []) m.set(`device:${d.id}`, d.name);
    return m;
  }, [areas.data, gateways.data, devices.data]);

  const setFilter = (code: string) => {
    const next = new URLSearchParams(params);
    if (code) next.set('filter', code);
    else next.delete('filter');
    setParams(next, { replace: true });
  };

  return (
    <div className="dev-page dev-maintenance-page" data-testid="maintenance-page">
      <header className="dev-head">
        <div>
          <h1>{t('maintenance.title')}</h1>
          <p className="dev-muted">{t('maintenance.intro')}</p>
        </div>
      </header>

      {canMaintain ? <NewWindowForm /> : <p className="notice">{t('maintenance.readOnly')}</p>}

      <div className="dev-filters dev-filters-inline">
        <div className="field">
          <label htmlFor="mw-filter">{t('maintenance.filterArea')}</label>
          <select id="mw-filter" value={filterArea} onChange={(e) => setFilter(e.target.value)}>
            <option value="">{t('maintenance.allAreas')}</option>
            {(areas.data ?? []).map((a) => (
              <option key={a.code} value={a.code}>
                {a.code} — {a.name}
              </option>
            ))}
          </select>
        </div>
      </div>

      {windows.isPending ? (
        <p className="page-message">{t('common:state.loading')}</p>
      ) : windows.isError ? (
        <p className="page-message" role="alert">
          {t('common:state.error', { message: problemTitle(windows.error, t) })}{' '}
          <button type="button" onClick={() => void windows.refetch()}>
            {t('common:actions.retry')}
          </button>
        </p>
      ) : (
        (['running', 'upcoming', 'past'] as const).map((phase) => (
          <section key={phase} className="dev-card" aria-labelledby={`mw-${phase}`} data-testid={`windows-${phase}`}>
            <h2 id={`mw-${phase}`}>
              {t(`maintenance.${phase}`, { days: RECENT_DAYS })} <span className="dev-muted">({groups[phase].length})</span>
            </h2>
            {groups[phase].length === 0 ? <p className="dev-muted">{t('maintenance.none')}</p> : <WindowTable windows={groups[phase]} names={names} />}
          </section>
        ))
      )}
    </div>
  );
}

function NewWindowForm() {
  const { t, i18n } = useTranslation('devices');
  const http = useHttp();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const areas = useAreas();
  const devices = useDevices();
  const initialType = MAINTENANCE_TARGETS.find((x) => x === params.get('targetType')) ?? 'device';
  const [targetType, setTargetType] = useState<TargetType>(initialType);
  const [areaCode, setAreaCode] = useState(params.get('area') ?? '');
  const [targetId, setTargetId] = useState(initialType !== 'area' ? (params.get('targetId') ?? '') : '');
  const [period, setPeriod] = useState(() => defaultPeriod());
  const [reason, setReason] = useState('');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<MaintenanceWindow | null>(null);
  const gateways = useGateways(areaCode || undefined, !!areaCode && targetType === 'gateway');

  const areaDevices = useMemo(
    () => (devices.data ?? []).filter((d) => d.areaCode === areaCode && d.decommissionedAt === null).sort((a, b) => a.id.localeCompare(b.id)),
    [devices.data, areaCode],
  );

  const create = useMutation({
    mutationFn: (body: { targetType: TargetType; targetId: string; startsAt: string; endsAt: string; reason: string }) => http.post<MaintenanceWindow>('/api/v1/maintenance-windows', body),
    onSuccess: async (w) => {
      setCreated(w);
      setReason('');
      await queryClient.invalidateQueries({ queryKey: devicesKeys.windows });
    },
  });
  const apiError = create.error instanceof ApiError ? create.error : undefined;
  const errorOf = (field: string) => {
    if (localErrors[field]) return localErrors[field];
    const m = apiError?.fieldError(field);
    return m === undefined ? undefined : capitalize(translateMessage(m, langOf(i18n.language)));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    const startsAt = localInputToUtc(period.start);
    const endsAt = localInputToUtc(period.end);
    const id = targetType === 'area' ? areaCode : targetId;
    const errors: Record<string, string> = {};
    if (!startsAt) errors.startsAt = t('maintenance.badTime');
    if (!endsAt) errors.endsAt = t('maintenance.badTime');
    if (!areaCode) errors.area = t('maintenance.choose');
    else if (targetType !== 'area' && !targetId) errors.targetId = t('maintenance.choose');
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0 || !startsAt || !endsAt) return;
    create.mutate({ targetType, targetId: id, startsAt, endsAt, reason: reason.trim() });
  };

  return (
    <form className="dev-card dev-window-form" onSubmit={submit} noValidate aria-labelledby="mw-new-title" data-testid="new-window-form">
      <h2 id="mw-new-title">{t('maintenance.newTitle')}</h2>
      {create.isError && (
        <div className="dev-error-summary" role="alert">
          <p className="form-error">{t('maintenance.failed', { title: problemTitle(create.error, t) })}</p>
          {apiError && !apiError.problem.errors?.length && apiError.problem.detail && <p>{apiError.problem.detail}</p>}
        </div>
      )}
      {created && (
        <p className="dev-success" role="status" data-testid="window-created">
          {t('maintenance.created', { target: `${t(`maintenance.target.${created.targetType}`)} ${created.targetId}`, from: formatDateTime(created.startsAt), to: formatDateTime(created.endsAt) })}
        </p>
      )}
      <div className="dev-window-grid">
        <fieldset className="dev-target-type">
          <legend>{t('maintenance.targetType')}</legend>
          {MAINTENANCE_TARGETS.map((type) => (
            <label key={type} className="dev-check">
              <input
                type="radio"
                name="mw-target-type"
                value={type}
                checked={targetType === type}
                onChange={() => {
                  setTargetType(type);
                  setTargetId('');
                }}
              />
              {t(`maintenance.target.${type}`)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="mw-area">{t('maintenance.area')}</label>
          <select
            id="mw-area"
            value={areaCode}
            onChange={(e) => {
              setAreaCode(e.target.value);
              setTargetId('');
            }}
            aria-invalid={!!(errorOf('area') || (targetType === 'area' && errorOf('targetId')))}
          >
            <option value="">{t('maintenance.chooseArea')}</option>
            {(areas.data ?? []).map((a) => (
              <option key={a.code} value={a.code}>
                {a.code} — {a.name}
              </option>
            ))}
          </select>
          {(errorOf('area') || (targetType === 'area' && errorOf('targetId'))) && <p className="field-error">{errorOf('area') ?? errorOf('targetId')}</p>}
        </div>
        {targetType !== 'area' && (
          <div className="field">
            <label htmlFor="mw-target">{targetType === 'device' ? t('maintenance.device') : t('maintenance.gateway')}</label>
            <select id="mw-target" value={targetId} onChange={(e) => setTargetId(e.target.value)} disabled={!areaCode} aria-invalid={!!errorOf('targetId')}>
              <option value="">{targetType === 'device' ? t('maintenance.chooseDevice') : t('maintenance.chooseGateway')}</option>
              {targetType === 'device'
                ? areaDevices.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.id} — {d.name}
                    </option>
                  ))
                : (gateways.data ?? []).map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.id} — {g.name}
                    </option>
                  ))}
            </select>
            {errorOf('targetId') && (
              <p className="field-error" data-field-error="targetId">
                {errorOf('targetId')}
              </p>
            )}
          </div>
        )}
        <div className="field">
          <label htmlFor="mw-start">{t('maintenance.startsAt')}</label>
          <input id="mw-start" type="datetime-local" value={period.start} onChange={(e) => setPeriod((p) => ({ ...p, start: e.target.value }))} aria-invalid={!!errorOf('startsAt')} aria-describedby="mw-tz-start" />
          <span id="mw-tz-start" className="dev-hint">
            {t('maintenance.localTime', { time: formatDateTime(localInputToUtc(period.start)) })}
          </span>
          {errorOf('startsAt') && <p className="field-error">{errorOf('startsAt')}</p>}
        </div>
        <div className="field">
          <label htmlFor="mw-end">{t('maintenance.endsAt')}</label>
          <input id="mw-end" type="datetime-local" value={period.end} onChange={(e) => setPeriod((p) => ({ ...p, end: e.target.value }))} aria-invalid={!!errorOf('endsAt')} aria-describedby="mw-tz-end" />
          <span id="mw-tz-end" className="dev-hint">
            {t('maintenance.localTime', { time: formatDateTime(localInputToUtc(period.end)) })}
          </span>
          {errorOf('endsAt') && (
            <p className="field-error" data-field-error="endsAt">
              {errorOf('endsAt')}
            </p>
          )}
        </div>
        <div className="field dev-window-reason">
          <label htmlFor="mw-reason">{t('maintenance.reason')}</label>
          <textarea id="mw-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('maintenance.reasonPlaceholder')} maxLength={500} aria-invalid={!!errorOf('reason')} />
          {errorOf('reason') && (
            <p className="field-error" data-field-error="reason">
              {errorOf('reason')}
            </p>
          )}
        </div>
      </div>
      <div className="dev-actions">
        <button type="submit" className="primary" id="mw-submit" disabled={create.isPending}>
          {create.isPending ? t('maintenance.submitting') : t('maintenance.submit')}
        </button>
      </div>
    </form>
  );
}
