// The form that registers a gateway (id, key area, name, as GatewayInput) and hands the
// answer, credentials included, to its parent. The API's field errors are shown beside
// their fields in Vietnamese; a taken id (409) beside the id.
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { Gateway, GatewayInput, GatewayRegistered, KeyArea } from '@ioc/contracts';
import { ApiError } from '../api/http';
import { problemTitle } from '../api/problem-text';
import { useHttp } from '../app/services';
import { useAreas } from '../data/register';
import { suggestGatewayId } from './gateway-model';
import { refreshGateways, registerGateway } from './gateways-api';
import { langOf, translateMessage } from '@ioc/i18n';

type Field = keyof GatewayInput;
const FIELDS: Field[] = ['id', 'areaCode', 'name'];

/** Areas by district, each district's areas by name (the order technicians look them up in). */
export function areasByDistrict(areas: readonly KeyArea[]): [string, KeyArea[]][] {
  const byDistrict = new Map<string, KeyArea[]>();
  for (const a of [...areas].sort((x, y) => x.name.localeCompare(y.name, 'vi'))) {
    byDistrict.set(a.district, [...(byDistrict.get(a.district) ?? []), a]);
  }
  return [...byDistrict.entries()].sort(([x], [y]) => x.localeCompare(y, 'vi'));
}

export function RegisterGatewayForm({ gateways, onRegistered, onCancel }: { gateways: readonly Gateway[]; onRegistered(r: GatewayRegistered): void; onCancel(): void }) {
  const { t, i18n } = useTranslation('gateways');
  const http = useHttp();
  const queryClient = useQueryClient();
  const areas = useAreas();
  const [values, setValues] = useState<GatewayInput>({ id: '', areaCode: '', name: '' });
  const [suggested, setSuggested] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const grouped = useMemo(() => areasByDistrict(areas.data ?? []), [areas.data]);

  const set = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const chooseArea = (areaCode: string) => {
    set('areaCode', areaCode);
    // Propose the area's next id unless the technician typed one of their own.
    if (areaCode && (values.id === '' || values.id === suggested)) {
      const next = suggestGatewayId(areaCode, gateways.map((g) => g.id));
      setSuggested(next);
      setValues((v) => ({ ...v, areaCode, id: next }));
      setErrors((e) => ({ ...e, id: undefined }));
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input: GatewayInput = { id: values.id.trim(), areaCode: values.areaCode, name: values.name.trim() };
    const missing = Object.fromEntries(FIELDS.filter((f) => input[f] === '').map((f) => [f, t('form.required')]));
    setErrors(missing);
    setFormError(null);
    if (Object.keys(missing).length > 0) {
      document.getElementById(`gw-${Object.keys(missing)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const registered = await registerGateway(http, input);
      refreshGateways(queryClient, registered.gateway);
      onRegistered(registered);
    } catch (err) {
      const fieldErrors: Partial<Record<Field, string>> = {};
      if (err instanceof ApiError) {
        if (err.status === 409) fieldErrors.id = t('form.idTaken');
        for (const f of FIELDS) {
          const message = err.fieldError(f);
          if (message && !fieldErrors[f]) fieldErrors[f] = translateMessage(message, langOf(i18n.language));
        }
      }
      setErrors(fieldErrors);
      const first = FIELDS.find((f) => fieldErrors[f]);
      if (first) document.getElementById(`gw-${first}`)?.focus();
      else setFormError(err instanceof ApiError && err.status === 503 ? t('form.brokerFailed') : problemTitle(err, t));
    } finally {
      setBusy(false);
    }
  };

  const describedBy = (f: Field, hint?: string) => [hint, errors[f] ? `gw-${f}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const fieldError = (f: Field) =>
    errors[f] ? (
      <p className="field-error" id={`gw-${f}-error`} data-testid={`gw-${f}-error`}>
        {errors[f]}
      </p>
    ) : null;

  return (
    <form className="gw-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="gw-form-heading" id="register-gateway-form">
      <h2 id="gw-form-heading">{t('form.heading')}</h2>
      <div className="gw-form-grid">
        <div className="field">
          <label htmlFor="gw-areaCode">{t('form.area')}</label>
          <select id="gw-areaCode" value={values.areaCode} onChange={(e) => chooseArea(e.target.value)} aria-invalid={!!errors.areaCode} aria-describedby={describedBy('areaCode')} disabled={busy}>
            <option value="">{areas.isLoading ? t('common:state.loading') : t('form.chooseArea')}</option>
            {grouped.map(([district, list]) => (
              <optgroup key={district} label={district}>
                {list.map((a) => (
                  <option key={a.code} value={a.code}>
                    {a.name} ({a.code})
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {fieldError('areaCode')}
        </div>
        <div className="field">
          <label htmlFor="gw-id">{t('form.id')}</label>
          <input
            id="gw-id"
            value={values.id}
            onChange={(e) => set('id', e.target.value)}
            aria-invalid={!!errors.id}
            aria-describedby={describedBy('id', 'gw-id-hint')}
            maxLength={64}
            spellCheck={false}
            autoComplete="off"
            disabled={busy}
          />
          <span className="gw-field-note" id="gw-id-hint">
            {t('form.idHint')}
          </span>
          {fieldError('id')}
        </div>
        <div className="field gw-form-wide">
          <label htmlFor="gw-name">{t('form.name')}</label>
          <input
            id="gw-name"
            value={values.name}
            onChange={(e) => set('name', e.target.value)}
            placeholder={t('form.namePlaceholder')}
            aria-invalid={!!errors.name}
            aria-describedby={describedBy('name')}
            maxLength={200}
            disabled={busy}
          />
          {fieldError('name')}
        </div>
      </div>
      {formError ? (
        <p className="form-error" role="alert" data-testid="gw-form-error">
          {formError}
        </p>
      ) : null}
      <div className="gw-actions">
        <button type="submit" className="primary" disabled={busy} id="gw-submit">
          {busy ? t('form.submitting') : t('form.submit')}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </form>
  );
}
