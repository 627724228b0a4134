// The header's connection state. While not live it says so in words, not only in colour.
import { useTranslation } from 'react-i18next';
import { formatTime } from '../format/time';
import { useLive } from './services';

export function ConnectionBadge() {
  const { t } = useTranslation();
  const live = useLive();
  const state = live?.connection ?? 'connecting';
  return (
    <div className={`conn conn-${state}`} id="conn" data-state={state} role="status" aria-live="polite">
      <span className="conn-dot" aria-hidden="true" />
      <span>{t(`connection.${state}`)}</span>
      {state !== 'live' && live?.liveSince && <span className="conn-since">{t('connection.lastLive', { time: formatTime(live.liveSince) })}</span>}
    </div>
  );
}

/** Across the whole view while the connection is lost: nothing under it pretends to be live. */
export function StaleBanner() {
  const { t } = useTranslation();
  const live = useLive();
  if (!live || (live.connection !== 'disconnected' && live.connection !== 'refused')) return null;
  return (
    <div className="stale-banner" role="alert" id="stale-banner">
      {t(live.connection === 'refused' ? 'connection.refused' : 'connection.staleBanner')}
    </div>
  );
}
