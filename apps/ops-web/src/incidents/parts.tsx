// Pieces the queue and the detail panel share: how an incident is named (the catalogue's
// type plus its device or gateway and key area, never the API's English title), the SLA
// clock, the conflict box of a 409, and the alert-sound switch.
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatClock, formatDateTime } from '../format/time';
import type { LiveState } from '../live/live-state';
import type { ConflictField } from './actions';
import { setAlarmSound, useAlarmSoundEnabled } from './alarm-sound';
import type { SlaClock } from './queue';
import type { QueueIncident } from './queue';
import type { Conflict } from './use-incident-action';

export interface IncidentNames {
  type: string;
  /** The device's name (or the gateway's id for a gateway incident). */
  target: string;
  area: string;
  district: string | null;
}

/** Names of what an incident is about, from the live state's register (ids when it is not known). */
export function incidentNames(incident: Pick<QueueIncident, 'type' | 'areaCode' | 'deviceId' | 'gatewayId'>, state: LiveState | undefined, t: TFunction): IncidentNames {
  const area = state?.areas.get(incident.areaCode);
  const device = incident.deviceId ? area?.devices.get(incident.deviceId) : undefined;
  return {
    type: t(`domain:incidentType.${incident.type}`),
    target: incident.deviceId ? (device && device.name !== incident.deviceId ? `${device.name} (${incident.deviceId})` : incident.deviceId) : t('incidents:gateway', { id: incident.gatewayId }),
    area: area?.name ?? incident.areaCode,
    district: area?.district ?? null,
  };
}

/** A running clock says how long is left (or how long overdue) in words, not only in colour. */
export function ClockText({ clock, policyKnown = true }: { clock: SlaClock; policyKnown?: boolean }) {
  const { t } = useTranslation('incidents');
  switch (clock.state) {
    case 'none':
      // Without the policy nothing is known about the deadline; with it, the severity has none.
      return policyKnown ? (
        <span className="sla-clock sla-none">{t('clock.none')}</span>
      ) : (
        <span className="sla-clock sla-none" title={t('clock.unknown')}>
          —
        </span>
      );
    case 'running':
      return (
        <span className={`sla-clock ${clock.breached ? 'sla-breached' : 'sla-running'}`} data-breached={clock.breached} title={t('clock.deadline', { time: formatDateTime(clock.deadline) })}>
          {clock.breached ? t('clock.overdue', { time: formatClock(-clock.remainingMs) }) : t('clock.left', { time: formatClock(clock.remainingMs) })}
        </span>
      );
    case 'met':
    case 'missed':
      return (
        <span className={`sla-clock ${clock.state === 'met' ? 'sla-met' : 'sla-breached'}`} data-breached={clock.state === 'missed'}>
          {t(`clock.${clock.state}`, { time: formatDateTime(clock.stoppedAt) })}
        </span>
      );
  }
}

function changeValue(field: ConflictField, value: string | number | null, t: TFunction): string {
  if (value === null || value === '') return t('incidents:conflict.empty');
  switch (field) {
    case 'status':
      return t(`domain:incidentStatus.${value}`);
    case 'resolutionCode':
      return t(`domain:resolution.${value}`);
    case 'severity':
      return t(`domain:severity.${value}`);
    default:
      return String(value);
  }
}

/** What someone else changed, and the same action again on the fresh version when it still applies. */
export function ConflictBox({ conflict, onRetry, onDismiss, busy }: { conflict: Conflict; onRetry(): void; onDismiss(): void; busy: boolean }) {
  const { t } = useTranslation('incidents');
  const actionName = t(`actions.${conflict.action.kind}`);
  return (
    <div id="incident-conflict" className="incident-conflict" role="alert" data-conflict-incident={conflict.incidentId} data-can-retry={conflict.canRetry}>
      <strong>{t('conflict.title')}</strong>
      <p>{t('conflict.intro', { action: actionName })}</p>
      {conflict.fresh === null && !conflict.error && <p>{t('conflict.loading')}</p>}
      {conflict.error && <p className="form-error">{conflict.error}</p>}
      {conflict.fresh && conflict.changes.length > 0 && (
        <ul className="conflict-changes">
          {conflict.changes.map((c) => (
            <li key={c.field} data-field={c.field}>
              <span className="conflict-field">{t(`conflict.field.${c.field}`)}:</span> <del>{changeValue(c.field, c.before, t)}</del> → <ins>{changeValue(c.field, c.after, t)}</ins>
            </li>
          ))}
        </ul>
      )}
      {conflict.fresh && conflict.changes.length === 0 && (
        <p>
          {t('conflict.nothing')} {conflict.detail && <span lang="en">({conflict.detail})</span>}
        </p>
      )}
      {conflict.fresh && !conflict.canRetry && <p>{t('conflict.notApplicable', { action: actionName, status: t(`domain:incidentStatus.${conflict.fresh.status}`) })}</p>}
      <div className="conflict-buttons">
        {conflict.fresh && conflict.canRetry && (
          <button type="button" className="primary" data-action="retry" onClick={onRetry} disabled={busy}>
            {t('conflict.retry')}
          </button>
        )}
        <button type="button" onClick={onDismiss}>
          {t('conflict.dismiss')}
        </button>
      </div>
    </div>
  );
}

/** The operator's switch for the alert sound (remembered on this computer). */
export function SoundToggle() {
  const { t } = useTranslation('incidents');
  const on = useAlarmSoundEnabled();
  return (
    <button type="button" className={`sound-toggle ${on ? 'sound-on' : 'sound-off'}`} aria-pressed={on} title={t('sound.label')} onClick={() => setAlarmSound(!on)} id="alarm-sound">
      <svg className="sound-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
        <path d="M4 9h4l5-4v14l-5-4H4z" fill="currentColor" />
        {on ? (
          <path d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        ) : (
          <path d="M16 9l6 6M22 9l-6 6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        )}
      </svg>
      {t(on ? 'sound.on' : 'sound.off')}
    </button>
  );
}
