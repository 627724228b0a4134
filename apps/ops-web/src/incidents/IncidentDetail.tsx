// One incident, opened from the queue or the map (/ops/incidents/:id): what it is, where,
// its times, SLA clocks, the camera's snapshot when an event carried one, the timeline
// (who, when, what, why), and the operator's actions. The panel shows the version the
// operator loaded and their actions send that version: when a live push says someone else
// changed it, the panel says so (it does not swap the incident under their hands), and a
// 409 shows what changed with the same action offered again on the fresh version.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RESOLUTION_CODES, type Incident, type ResolutionCode } from '@ioc/contracts';
import { ApiError } from '../api/http';
import { problemTitle } from '../api/problem-text';
import { useCan, useLive } from '../app/services';
import { formatCount, formatDateTime } from '../format/time';
import { actionApplies, missingFields, safeImageUrl, timelineNote, type ActionInput, type ActionKind } from './actions';
import { useAlarmSound } from './alarm-sound';
import { useIncident, useNow, useSlaPolicy } from './incident-data';
import { ClockText, ConflictBox, incidentNames, type IncidentNames } from './parts';
import { slaClocks } from './queue';
import { useIncidentAction, type FieldName } from './use-incident-action';
import './incidents.css';

type OperatorResolution = Exclude<ResolutionCode, 'auto_cleared'>;
const OPERATOR_RESOLUTIONS = RESOLUTION_CODES.filter((c): c is OperatorResolution => c !== 'auto_cleared');

export function IncidentDetail({ id, onClose }: { id: string; onClose(): void }) {
  const { t } = useTranslation('incidents');
  const live = useLive();
  const query = useIncident(id);
  const incident = query.data;
  const state = live?.state;
  const liveVersionCounter = live?.version;
  useAlarmSound(state && liveVersionCounter !== undefined ? [...state.alarms.keys()] : []);

  // What the live state says about this incident now (standing incidents only).
  const pushed = state?.incidents.get(id);
  const pushedVersion = pushed?.version;
  const pushedCount = pushed?.count;
  const pushedLastSeen = pushed?.lastSeenAt;
  const { refetch } = query;
  const seenVersion = incident?.version;
  const seenCount = incident?.count;
  const seenLastSeen = incident?.lastSeenAt;
  const standingSeen = incident ? incident.status === 'open' || incident.status === 'acknowledged' : false;
  const wasPushed = useRef(false);
  const [changedElsewhere, setChangedElsewhere] = useState<number | null>(null);

  useEffect(() => {
    if (seenVersion === undefined) return;
    if (pushedVersion === undefined) {
      // It left the standing set (resolved by the system or by someone else) while shown as standing.
      if (wasPushed.current && standingSeen && state?.synced) setChangedElsewhere(-1);
      else if (!standingSeen) setChangedElsewhere(null);
      return;
    }
    wasPushed.current = true;
    if (pushedVersion > seenVersion) {
      setChangedElsewhere(pushedVersion);
      return;
    }
    setChangedElsewhere(null);
    if (pushedVersion === seenVersion && (pushedCount !== seenCount || pushedLastSeen !== seenLastSeen)) {
      // A repeat moves the counters, not the version: nothing the operator decided on changed.
      void refetch();
    }
  }, [pushedVersion, pushedCount, pushedLastSeen, seenVersion, seenCount, seenLastSeen, standingSeen, state, refetch]);

  const showLatest = () => {
    setChangedElsewhere(null);
    void refetch();
  };

  if (query.isPending) {
    return (
      <section id="incident-detail" className="incident-detail" data-state="loading" aria-busy="true">
        <BackButton onClose={onClose} />
        <p className="iq-empty">{t('detail.loading')}</p>
      </section>
    );
  }
  if (query.isError || !incident) {
    const notFound = query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 422);
    return (
      <section id="incident-detail" className="incident-detail" data-state="error">
        <BackButton onClose={onClose} />
        <p className="form-error" role="alert">
          {notFound ? t('detail.notFound') : problemTitle(query.error, t)}
        </p>
        {!notFound && (
          <button type="button" onClick={() => void refetch()}>
            {t('common:actions.retry')}
          </button>
        )}
      </section>
    );
  }
  return <Detail incident={incident} names={incidentNames(incident, state, t)} onClose={onClose} changedElsewhere={changedElsewhere} onShowLatest={showLatest} onFresh={() => setChangedElsewhere(null)} />;
}

function BackButton({ onClose }: { onClose(): void }) {
  const { t } = useTranslation('incidents');
  return (
    <button type="button" className="ghost id-back" onClick={onClose} id="incident-detail-back">
      <span aria-hidden="true">←</span> {t('detail.back')}
    </button>
  );
}

interface DetailProps {
  incident: Incident;
  names: IncidentNames;
  onClose(): void;
  /** A newer version pushed live (-1: it left the standing set); null when what is shown is current. */
  changedElsewhere: number | null;
  onShowLatest(): void;
  onFresh(): void;
}

function Detail({ incident, names, onClose, changedElsewhere, onShowLatest, onFresh }: DetailProps) {
  const { t, i18n } = useTranslation('incidents');
  const canAct = useCan('incidents.act');
  const policy = useSlaPolicy();
  const now = useNow(1000);
  const action = useIncidentAction(onFresh);
  const clocks = slaClocks(incident, policy, now);
  const snapshot = safeImageUrl(incident.snapshotUrl);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const lang = i18n.language;

  // Focus goes to the incident when it opens, so a keyboard user lands on it.
  useEffect(() => {
    headingRef.current?.focus();
  }, [incident.id]);

  const act = (input: ActionInput) => action.run(incident, input);
  const byAt = (by: string | null, at: string | null) => (at ? t('detail.byAt', { by: actorName(by, t), at: formatDateTime(at) }) : t('detail.none'));
  const timeline = [...(incident.timeline ?? [])].reverse();

  return (
    <section
      id="incident-detail"
      className={`incident-detail sev-edge-${incident.severity}`}
      data-incident={incident.id}
      data-status={incident.status}
      data-version={incident.version}
      data-severity={incident.severity}
      aria-labelledby="incident-detail-title"
    >
      <BackButton onClose={onClose} />
      <header className="id-head">
        <h2 id="incident-detail-title" tabIndex={-1} ref={headingRef}>
          <span className={`badge sev-${incident.severity}`}>{t(`domain:severity.${incident.severity}`)}</span> {names.type}
        </h2>
        <p className="id-where">
          {names.target} · {names.area}
          {names.district ? ` (${names.district})` : ''}
        </p>
        <p className="id-badges">
          <span className={`badge ist-${incident.status}`}>{t(`domain:incidentStatus.${incident.status}`)}</span>
          {incident.escalationLevel > 0 && <span className="badge iq-escalation">{t('escalation', { level: incident.escalationLevel })}</span>}
        </p>
      </header>

      {changedElsewhere !== null && !action.conflict && (
        <div className="id-stale" role="status" id="incident-stale">
          <span>{t('detail.stale', { version: changedElsewhere > 0 ? changedElsewhere : '…' })}</span>
          <button type="button" onClick={onShowLatest}>
            {t('detail.reload')}
          </button>
        </div>
      )}
      {action.conflict && <ConflictBox conflict={action.conflict} onRetry={action.retry} onDismiss={action.dismiss} busy={action.busy !== null} />}
      {action.error && (
        <p className="form-error" role="alert" id="incident-action-error">
          {action.error}
        </p>
      )}
      {action.done && (
        <p className="id-done" role="status">
          {t(`actions.done.${action.done.kind}`)}
        </p>
      )}

      <section className="id-section" aria-labelledby="incident-sla-title">
        <h3 id="incident-sla-title">{t('detail.sla')}</h3>
        {policy ? (
          <dl className="id-grid id-sla">
            <dt>{t('clock.acknowledge')}</dt>
            <dd data-clock="acknowledge">
              <ClockText clock={clocks.acknowledge} />
              {clocks.acknowledge.state !== 'none' && <span className="id-deadline">{t('clock.deadline', { time: formatDateTime(clocks.acknowledge.deadline) })}</span>}
            </dd>
            <dt>{t('clock.resolve')}</dt>
            <dd data-clock="resolve">
              <ClockText clock={clocks.resolve} />
              {clocks.resolve.state !== 'none' && <span className="id-deadline">{t('clock.deadline', { time: formatDateTime(clocks.resolve.deadline) })}</span>}
            </dd>
          </dl>
        ) : (
          <p>{t('clock.unknown')}</p>
        )}
      </section>

      <Actions incident={incident} canAct={canAct} busy={action.busy?.kind ?? null} done={action.done?.kind ?? null} fieldErrors={action.fieldErrors} onAct={act} />

      {snapshot && <Snapshot url={snapshot} name={`${names.type} — ${names.target}`} />}

      <section className="id-section" aria-labelledby="incident-summary-title">
        <h3 id="incident-summary-title">{t('detail.summary')}</h3>
        <dl className="id-grid">
          <dt>{t('detail.type')}</dt>
          <dd>{names.type}</dd>
          <dt>{t('detail.area')}</dt>
          <dd>
            {names.area} <span className="id-code">{incident.areaCode}</span>
          </dd>
          <dt>{t('detail.device')}</dt>
          <dd>{incident.deviceId ? names.target : t('detail.none')}</dd>
          <dt>{t('detail.gatewayLabel')}</dt>
          <dd>{incident.gatewayId}</dd>
          <dt>{t('detail.openedAt')}</dt>
          <dd>{formatDateTime(incident.openedAt)}</dd>
          <dt>{t('detail.firstSeenAt')}</dt>
          <dd>{formatDateTime(incident.firstSeenAt)}</dd>
          <dt>{t('detail.lastSeenAt')}</dt>
          <dd>{formatDateTime(incident.lastSeenAt)}</dd>
          <dt>{t('detail.count')}</dt>
          <dd>{formatCount(incident.count, lang)}</dd>
          <dt>{t('detail.acknowledged')}</dt>
          <dd data-field="acknowledged">{byAt(incident.acknowledgedBy, incident.acknowledgedAt)}</dd>
          <dt>{t('detail.assignedTo')}</dt>
          <dd data-field="assignedTo">{incident.assignedTo ?? t('detail.none')}</dd>
          <dt>{t('detail.resolved')}</dt>
          <dd data-field="resolved">{byAt(incident.resolvedBy, incident.resolvedAt)}</dd>
          {incident.resolutionCode && (
            <>
              <dt>{t('detail.resolution')}</dt>
              <dd>
                {t(`domain:resolution.${incident.resolutionCode}`)}
                {incident.resolutionNote ? ` — ${incident.resolutionNote}` : ''}
              </dd>
            </>
          )}
          {incident.closedAt && (
            <>
              <dt>{t('detail.closedAt')}</dt>
              <dd>{formatDateTime(incident.closedAt)}</dd>
            </>
          )}
          {incident.reopenCount > 0 && (
            <>
              <dt>{t('detail.reopenCount')}</dt>
              <dd>{formatCount(incident.reopenCount, lang)}</dd>
            </>
          )}
          <dt>{t('detail.escalationLevel')}</dt>
          <dd>{incident.escalationLevel}</dd>
          <dt>{t('detail.version')}</dt>
          <dd>{incident.version}</dd>
        </dl>
      </section>

      <section className="id-section" aria-labelledby="incident-timeline-title">
        <h3 id="incident-timeline-title">{t('detail.timeline')}</h3>
        {timeline.length === 0 ? (
          <p>{t('detail.timelineEmpty')}</p>
        ) : (
          <ol className="id-timeline" id="incident-timeline">
            {timeline.map((entry, i) => {
              const note = timelineNote(entry.action, entry.note);
              return (
                <li key={`${entry.at}-${i}`} data-timeline-action={entry.action}>
                  <span className="tl-when">{formatDateTime(entry.at)}</span>
                  <span className="tl-what">
                    <strong>{t(`domain:timelineAction.${entry.action}`)}</strong> · {actorName(entry.actor, t)}
                    {note.assignee && <> → {note.assignee}</>}
                    {note.resolutionCode && <> · {t(`domain:resolution.${note.resolutionCode}`)}</>}
                  </span>
                  {note.text && (
                    // The operators' own words, or the service's reason (in English) for what it did.
                    <span className="tl-note" lang={entry.actor === 'system' ? 'en' : undefined}>
                      {note.text}
                    </span>
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </section>
  );
}

function actorName(actor: string | null, t: (k: string) => string): string {
  if (!actor) return '—';
  return actor === 'system' ? t('system') : actor;
}

function Snapshot({ url, name }: { url: string; name: string }) {
  const { t } = useTranslation('incidents');
  const [failed, setFailed] = useState(false);
  return (
    <section className="id-section" aria-labelledby="incident-snapshot-title" id="incident-snapshot" data-state={failed ? 'failed' : 'shown'}>
      <h3 id="incident-snapshot-title">{t('detail.snapshot')}</h3>
      {failed ? (
        <p className="id-snapshot-failed">{t('detail.snapshotFailed')}</p>
      ) : (
        <a href={url} target="_blank" rel="noopener noreferrer" className="id-snapshot-link">
          <img src={url} alt={t('detail.snapshotAlt', { name })} loading="lazy" referrerPolicy="no-referrer" onError={() => setFailed(true)} />
        </a>
      )}
      <a href={url} target="_blank" rel="noopener noreferrer" className="id-snapshot-open">
        {t('detail.snapshotOpen')}
      </a>
    </section>
  );
}

// ── actions ─────────────────────────────────────────────────────────────────────────────

interface ActionsProps {
  incident: Incident;
  canAct: boolean;
  busy: ActionKind | null;
  /** The action that just succeeded (also after a retry from the conflict box): its form empties. */
  done: ActionKind | null;
  fieldErrors: Partial<Record<FieldName, string>>;
  onAct(input: ActionInput): Promise<boolean>;
}

function Actions({ incident, canAct, busy, done, fieldErrors, onAct }: ActionsProps) {
  const { t } = useTranslation('incidents');
  const [assignee, setAssignee] = useState('');
  const [comment, setComment] = useState('');
  const [resolution, setResolution] = useState<OperatorResolution | ''>('');
  const [resolveNote, setResolveNote] = useState('');
  const [missing, setMissing] = useState<{ kind: ActionKind; field: FieldName } | null>(null);
  const [lastKind, setLastKind] = useState<ActionKind | null>(null);

  useEffect(() => {
    if (done === 'assign') setAssignee('');
    if (done === 'comment') setComment('');
    if (done === 'resolve') {
      setResolution('');
      setResolveNote('');
    }
  }, [done, incident.version]);

  if (!canAct) return <p className="id-readonly">{t('actions.readOnly')}</p>;
  if (incident.status === 'closed') return <p className="id-readonly">{t('actions.closedNote')}</p>;

  const submit = async (input: ActionInput) => {
    const [field] = missingFields(input);
    if (field) {
      setMissing({ kind: input.kind, field });
      return;
    }
    setMissing(null);
    setLastKind(input.kind);
    await onAct(input);
  };
  // The message beside a field: ours before sending, else the API's for the action just sent.
  const errorOf = (kind: ActionKind, field: FieldName): string | undefined =>
    missing?.kind === kind && missing.field === field ? t(`actions.required.${field}`) : lastKind === kind ? fieldErrors[field] : undefined;
  const sending = (kind: ActionKind) => busy === kind;
  const applies = (kind: ActionKind) => actionApplies(kind, incident.status);
  const onForm = (input: () => ActionInput) => (e: FormEvent) => {
    e.preventDefault();
    void submit(input());
  };

  const assigneeError = errorOf('assign', 'assignee');
  const commentError = errorOf('comment', 'note');
  const resolutionError = errorOf('resolve', 'resolutionCode');
  const resolveNoteError = errorOf('resolve', 'note');

  return (
    <section className="id-section id-actions" aria-labelledby="incident-actions-title">
      <h3 id="incident-actions-title">{t('actions.title')}</h3>
      {(applies('acknowledge') || applies('close')) && (
        <div className="id-quick">
          {applies('acknowledge') && (
            <button type="button" className="primary" data-action="acknowledge" disabled={busy !== null} onClick={() => void submit({ kind: 'acknowledge' })}>
              {sending('acknowledge') ? t('actions.sending') : t('actions.acknowledge')}
            </button>
          )}
          {applies('close') && (
            <button type="button" className="primary" data-action="close" disabled={busy !== null} onClick={() => void submit({ kind: 'close' })}>
              {sending('close') ? t('actions.sending') : t('actions.close')}
            </button>
          )}
        </div>
      )}

      {applies('assign') && (
        <form className="id-form id-inline" onSubmit={onForm(() => ({ kind: 'assign', assignee }))} noValidate>
          <div className="field">
            <label htmlFor="incident-assignee">{t('actions.assignee')}</label>
            <div className="id-row">
              <input
                id="incident-assignee"
                value={assignee}
                onChange={(e) => setAssignee(e.target.value)}
                placeholder={incident.assignedTo ?? t('actions.assigneeHint')}
                maxLength={64}
                autoComplete="off"
                aria-invalid={assigneeError ? true : undefined}
                aria-describedby={assigneeError ? 'incident-assignee-error' : undefined}
              />
              <button type="submit" data-action="assign" disabled={busy !== null}>
                {sending('assign') ? t('actions.sending') : t('actions.assign')}
              </button>
            </div>
            {assigneeError && (
              <p className="field-error" id="incident-assignee-error">
                {assigneeError}
              </p>
            )}
          </div>
        </form>
      )}

      {applies('comment') && (
        <form className="id-form" onSubmit={onForm(() => ({ kind: 'comment', note: comment }))} noValidate>
          <div className="field">
            <label htmlFor="incident-comment">{t('actions.commentNote')}</label>
            <textarea
              id="incident-comment"
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              rows={2}
              maxLength={2000}
              aria-invalid={commentError ? true : undefined}
              aria-describedby={commentError ? 'incident-comment-error' : undefined}
            />
            {commentError && (
              <p className="field-error" id="incident-comment-error">
                {commentError}
              </p>
            )}
          </div>
          <button type="submit" data-action="comment" disabled={busy !== null}>
            {sending('comment') ? t('actions.sending') : t('actions.comment')}
          </button>
        </form>
      )}

      {applies('resolve') && (
        <form className="id-form" onSubmit={onForm(() => ({ kind: 'resolve', resolutionCode: resolution || undefined, note: resolveNote }))} noValidate>
          <div className="field">
            <label htmlFor="incident-resolution">{t('actions.resolution')}</label>
            <select
              id="incident-resolution"
              value={resolution}
              onChange={(e) => setResolution(e.target.value as OperatorResolution | '')}
              aria-invalid={resolutionError ? true : undefined}
              aria-describedby={resolutionError ? 'incident-resolution-error' : undefined}
            >
              <option value="">{t('actions.resolutionPick')}</option>
              {OPERATOR_RESOLUTIONS.map((code) => (
                <option key={code} value={code}>
                  {t(`domain:resolution.${code}`)}
                </option>
              ))}
            </select>
            {resolutionError && (
              <p className="field-error" id="incident-resolution-error">
                {resolutionError}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor="incident-resolve-note">{t('actions.resolveNote')}</label>
            <textarea
              id="incident-resolve-note"
              value={resolveNote}
              onChange={(e) => setResolveNote(e.target.value)}
              rows={2}
              maxLength={2000}
              aria-invalid={resolveNoteError ? true : undefined}
              aria-describedby={resolveNoteError ? 'incident-resolve-note-error' : undefined}
            />
            {resolveNoteError && (
              <p className="field-error" id="incident-resolve-note-error">
                {resolveNoteError}
              </p>
            )}
          </div>
          <button type="submit" className="primary" data-action="resolve" disabled={busy !== null}>
            {sending('resolve') ? t('actions.sending') : t('actions.resolve')}
          </button>
        </form>
      )}
    </section>
  );
}
