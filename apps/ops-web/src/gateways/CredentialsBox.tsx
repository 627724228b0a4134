// The once-only MQTT login of a gateway, just issued (registration or rotation): broker,
// username, password, the topics it may publish under, each with a copy button, and the
// warning that it is never shown again. The parent holds the credentials in its own state
// only, so leaving or reloading the page forgets them.
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GatewayCredentials } from '@ioc/contracts';
import { useServices } from '../app/services';
import { formatDateTime } from '../format/time';
import { copyText } from './copy-text';

export function CredentialsBox({ gatewayId, credentials, onDone }: { gatewayId: string; credentials: GatewayCredentials; onDone(): void }) {
  const { t } = useTranslation('gateways');
  const { config } = useServices();
  const presence = credentials.publishFilter.replace(/#$/, '$presence');
  return (
    <section className="gw-credentials" id="credentials-box" data-testid="credentials-box" aria-labelledby="credentials-heading" tabIndex={-1}>
      <h2 id="credentials-heading">{t('credentials.heading', { id: gatewayId })}</h2>
      <p className="gw-credentials-warning" role="alert">
        <span aria-hidden="true">⚠ </span>
        {t('credentials.warning')}
      </p>
      <div className="gw-credentials-fields">
        {config.mqttUrl ? (
          <CopyField label={t('credentials.broker')} value={config.mqttUrl} testId="cred-broker" />
        ) : (
          <p className="gw-field-note" data-testid="cred-broker-missing">
            <strong>{t('credentials.broker')}: </strong>
            {t('credentials.brokerMissing')}
          </p>
        )}
        <CopyField label={t('credentials.username')} value={credentials.username} testId="cred-username" />
        <CopyField label={t('credentials.password')} value={credentials.password} testId="cred-password" secret />
        <CopyField label={t('credentials.topic')} value={credentials.publishFilter} testId="cred-topic" />
        <CopyField label={t('credentials.clientId')} value={gatewayId} testId="cred-client-id" />
      </div>
      <p className="gw-field-note">
        {t('credentials.issuedAt')}: {formatDateTime(credentials.issuedAt)}
      </p>
      <p className="gw-field-note">{t('credentials.setup', { presence })}</p>
      <button type="button" className="primary" onClick={onDone} id="credentials-done">
        {t('credentials.done')}
      </button>
    </section>
  );
}

function CopyField({ label, value, testId, secret = false }: { label: string; value: string; testId: string; secret?: boolean }) {
  const { t } = useTranslation('gateways');
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<'copied' | 'selected' | null>(null);
  const copy = async () => setOutcome(await copyText(value, input.current));
  return (
    <div className="gw-copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="gw-copy-row">
        <input
          id={id}
          ref={input}
          readOnly
          value={value}
          data-testid={testId}
          className={secret ? 'gw-secret' : undefined}
          spellCheck={false}
          autoComplete="off"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" onClick={() => void copy()} aria-label={t('credentials.copyLabel', { what: label })} data-testid={`${testId}-copy`}>
          {t('credentials.copy')}
        </button>
      </div>
      <span className="gw-copy-status" role="status">
        {outcome === 'copied' ? t('credentials.copied', { what: label }) : outcome === 'selected' ? t('credentials.selected', { what: label }) : ''}
      </span>
    </div>
  );
}
