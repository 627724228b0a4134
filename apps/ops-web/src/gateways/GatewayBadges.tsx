// The words-and-colour badges of a gateway: broker presence (with since when) and the state
// of its MQTT account. Colour is never the only signal: each badge says its state.
import { useTranslation } from 'react-i18next';
import type { Gateway } from '@ioc/contracts';
import { formatDateTime } from '../format/time';

const PRESENCE_CLASS: Record<Gateway['presence'], string> = { online: 'status-online', offline: 'status-offline', unknown: 'status-unknown' };
const CREDENTIAL_CLASS: Record<Gateway['credentials']['state'], string> = { active: 'status-online', revoked: 'status-offline', none: 'status-unknown' };

export function PresenceBadge({ gateway, withSince = true }: { gateway: Gateway; withSince?: boolean }) {
  const { t } = useTranslation('gateways');
  return (
    <span className="gw-presence" data-testid="gateway-presence" data-state={gateway.presence}>
      <span className={`badge ${PRESENCE_CLASS[gateway.presence]}`}>{t(`presence.${gateway.presence}`)}</span>
      {withSince && gateway.presenceChangedAt ? <span className="gw-since">{t('since', { time: formatDateTime(gateway.presenceChangedAt) })}</span> : null}
    </span>
  );
}

export function CredentialBadge({ gateway }: { gateway: Gateway }) {
  const { t } = useTranslation('gateways');
  const state = gateway.credentials.state;
  return (
    <span className={`badge ${CREDENTIAL_CLASS[state]}`} data-testid="gateway-credentials-state" data-state={state}>
      {t(`credentialState.${state}`)}
    </span>
  );
}
