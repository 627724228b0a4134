// The operator's incident queue beside the map: the standing (open and acknowledged)
// incidents of the live state, kept current by the /ops pushes, in the order of queue.ts
// (severity, then what is due first), each with its SLA clock (one timer for the whole
// list), escalation level and a one-click acknowledge. Filters (district, area, type,
// severity) live in the URL so a filtered view can be shared or linked to
// (`/ops?severity=critical`). A new critical alarm flashes and sounds; while the connection
// is not live, the queue is greyed and says so.
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { INCIDENT_TYPES, SEVERITIES } from '@ioc/contracts';
import { useCan, useLive } from '../app/services';
import { formatCount, formatDateTime } from '../format/time';
import { useAlarmSound } from './alarm-sound';
import { FilterMenu, type FilterOption } from './FilterMenu';
import { useNow, useSlaPolicy } from './incident-data';
import { ClockText, ConflictBox, incidentNames, SoundToggle, type IncidentNames } from './parts';
import { filterQueue, hasFilters, NO_FILTERS, orderQueue, parseFilters, queueClock, writeFilters, type QueueFilters, type QueueIncident } from './queue';
import { useIncidentAction } from './use-incident-action';
import './incidents.css';

export interface IncidentQueueProps {
  /** Only this key area's incidents (the operator opened an area). */
  areaCode?: string;
  onSelect(incidentId: string): void;
}

export function IncidentQueue({ areaCode, onSelect }: IncidentQueueProps) {
  const { t, i18n } = useTranslation('incidents');
  const live = useLive();
  const policy = useSlaPolicy();
  const now = useNow(1000);
  const canAct = useCan('incidents.act');
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);
  const action = useIncidentAction();

  const state = live?.state;
  const liveVersion = live?.version;
  const isLive = live?.connection === 'live';
  // A new LiveState version means something moved; the state object itself is mutated in place.
  const standing = useMemo(() => (state && liveVersion !== undefined ? [...state.incidents.values()] : []), [state, liveVersion]);
  const alarmIds = useMemo(() => (state && liveVersion !== undefined ? [...state.alarms.keys()] : []), [state, liveVersion]);
  useAlarmSound(alarmIds);

  const areas = useMemo(() => {
    const list = state && liveVersion !== undefined ? [...state.areas.values()] : [];
    return list.map((a) => ({ code: a.areaCode, name: a.name, district: a.district })).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  }, [state, liveVersion]);
  const districtOf = useMemo(() => {
    const map = new Map(areas.map((a) => [a.code, a.district]));
    return (code: string) => map.get(code);
  }, [areas]);

  const inView = useMemo(() => filterQueue(standing, areaCode ? { ...NO_FILTERS } : { ...NO_FILTERS, district: filters.district, area: filters.area }, districtOf, areaCode), [standing, filters.district, filters.area, districtOf, areaCode]);
  const shown = useMemo(() => orderQueue(filterQueue(inView, { ...NO_FILTERS, type: filters.type, severity: filters.severity }, districtOf), policy), [inView, filters.type, filters.severity, districtOf, policy]);

  const setFilter = (key: keyof QueueFilters, values: string[]) => setParams((p) => writeFilters(p, { ...parseFilters(p), [key]: values }), { replace: true });
  const clearFilters = () => setParams((p) => writeFilters(p, NO_FILTERS), { replace: true });

  const districtOptions: FilterOption[] = [...new Set(areas.map((a) => a.district))].sort((a, b) => a.localeCompare(b, 'vi')).map((d) => ({ value: d, label: d }));
  const areaOptions: FilterOption[] = areas.filter((a) => filters.district.length === 0 || filters.district.includes(a.district)).map((a) => ({ value: a.code, label: a.name }));
  const typeOptions: FilterOption[] = INCIDENT_TYPES.map((v) => ({ value: v, label: t(`domain:incidentType.${v}`) })).sort((a, b) => a.label.localeCompare(b.label, i18n.language));
  const severityOptions: FilterOption[] = SEVERITIES.map((v) => ({ value: v, label: t(`domain:severity.${v}`) }));
  const filtered = areaCode ? filters.type.length + filters.severity.length > 0 : hasFilters(filters);
  const waiting = !state?.synced && live?.liveSince == null;
  const total = areaCode ? inView.length : standing.length;
  const lang = i18n.language;

  return (
    <>
      {!isLive && (
        <p className="iq-not-live" role="status" id="incident-queue-not-live">
          {t('queue.notLive')}
        </p>
      )}
      {/* What an action answered is not live data: it stays readable when the queue greys out. */}
      {action.conflict && <ConflictBox conflict={action.conflict} onRetry={action.retry} onDismiss={action.dismiss} busy={action.busy !== null} />}
      {action.error && (
        <p className="form-error iq-error" role="alert">
          {action.error}
        </p>
      )}
      <section id="incident-queue" className="incident-queue live-only" data-state={isLive ? 'live' : 'stale'} aria-labelledby="incident-queue-title">
        <header className="iq-head">
          <div className="iq-title">
            <h2 id="incident-queue-title">{t('queue.title')}</h2>
            <span className="iq-count" data-count={shown.length}>
              {filtered ? t('queue.countFiltered', { shown: formatCount(shown.length, lang), total: formatCount(total, lang) }) : t('queue.count', { shown: formatCount(shown.length, lang) })}
            </span>
          </div>
          <SoundToggle />
        </header>
        {areaCode && <p className="iq-area">{t('queue.area', { name: areas.find((a) => a.code === areaCode)?.name ?? areaCode })}</p>}
        <div className="iq-filters" role="group" aria-label={t('filters.label')}>
          {!areaCode && <FilterMenu name="district" label={t('filters.district')} options={districtOptions} selected={filters.district} onChange={(v) => setFilter('district', v)} />}
          {!areaCode && <FilterMenu name="area" label={t('filters.area')} options={areaOptions} selected={filters.area} onChange={(v) => setFilter('area', v)} />}
          <FilterMenu name="type" label={t('filters.type')} options={typeOptions} selected={filters.type} onChange={(v) => setFilter('type', v)} />
          <FilterMenu name="severity" label={t('filters.severity')} options={severityOptions} selected={filters.severity} onChange={(v) => setFilter('severity', v)} />
          {filtered && (
            <button type="button" className="ghost iq-clear" onClick={clearFilters}>
              {t('filters.clear')}
            </button>
          )}
        </div>
        {waiting ? (
          <p className="iq-empty">{t('queue.waiting')}</p>
        ) : shown.length === 0 ? (
          <p className="iq-empty" data-empty="true">
            {filtered ? t('queue.emptyFiltered') : t('queue.empty')}
          </p>
        ) : (
          <ol className="iq-list" aria-label={t('queue.listLabel')}>
            {shown.map((incident) => (
              <QueueRow
                key={incident.id}
                incident={incident}
                now={now}
                flash={alarmIds.includes(incident.id)}
                names={incidentNames(incident, state, t)}
                canAct={canAct}
                busy={action.busy?.incidentId === incident.id}
                sent={action.done?.incidentId === incident.id && action.done.kind === 'acknowledge' && incident.version < action.done.version}
                onSelect={onSelect}
                onAcknowledge={(i) => void action.run(i, { kind: 'acknowledge' })}
                policy={policy}
              />
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

interface RowProps {
  incident: QueueIncident;
  names: IncidentNames;
  now: number;
  flash: boolean;
  canAct: boolean;
  busy: boolean;
  /** Acknowledged from here: the button stays away until the push shows it. */
  sent: boolean;
  policy: ReturnType<typeof useSlaPolicy>;
  onSelect(id: string): void;
  onAcknowledge(incident: QueueIncident): void;
}

function QueueRow({ incident, names, now, flash, canAct, busy, sent, policy, onSelect, onAcknowledge }: RowProps) {
  const { t } = useTranslation('incidents');
  const { kind, clock } = queueClock(incident, policy, now);
  const breached = (clock.state === 'running' && clock.breached) || clock.state === 'missed';
  return (
    <li
      className={`iq-row sev-edge-${incident.severity} ${flash ? 'flash' : ''} ${breached ? 'iq-breached' : ''}`}
      data-incident={incident.id}
      data-severity={incident.severity}
      data-status={incident.status}
      data-type={incident.type}
      data-area={incident.areaCode}
      data-version={incident.version}
      data-breached={breached}
    >
      <button type="button" className="iq-open" onClick={() => onSelect(incident.id)}>
        <span className="iq-line1">
          <span className={`badge sev-${incident.severity}`}>{t(`domain:severity.${incident.severity}`)}</span>
          <span className="iq-type">{names.type}</span>
          {flash && <span className="iq-new">{t('queue.newAlarm')}</span>}
        </span>
        <span className="iq-line2" title={`${names.area} · ${names.target}`}>
          <span className="iq-area-name">{names.area}</span> · {incident.deviceId ?? names.target}
        </span>
        <span className="iq-line3">
          <span className={`badge ist-${incident.status}`}>{t(`domain:incidentStatus.${incident.status}`)}</span>
          {incident.escalationLevel > 0 && (
            <span className="badge iq-escalation" title={t('escalation', { level: incident.escalationLevel })}>
              {t('escalationShort', { level: incident.escalationLevel })}
            </span>
          )}
          {incident.count > 1 && <span className="iq-repeat">{t('count', { count: incident.count })}</span>}
          <span className="iq-opened">{formatDateTime(incident.openedAt)}</span>
        </span>
      </button>
      <div className="iq-side">
        <span className="iq-clock-label">{t(`clock.${kind}`)}</span>
        <ClockText clock={clock} policyKnown={policy !== null} />
        {canAct && incident.status === 'open' && !sent && (
          <button type="button" className="primary iq-ack" data-action="acknowledge" disabled={busy} onClick={() => onAcknowledge(incident)} aria-label={t('actions.acknowledgeRow', { name: `${names.type} — ${names.target}` })}>
            {busy ? t('actions.sending') : t('actions.acknowledge')}
          </button>
        )}
      </div>
    </li>
  );
}
