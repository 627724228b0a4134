// Register a camera or traffic sensor, or change one, on the map: the key area (of the
// user's scope), the position by a click on the map (or typed), then bearing, field of
// view and range with sliders and number boxes while the sector and the area's
// checkpoints (watched or not, by the coverage rule) redraw. The API's field errors
// appear beside their fields and in a summary at the top; an edit sends only what changed.
import { useEffect, useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { CAMERA_TYPES, PURPOSES, type CameraType, type Device, type DeviceKind, type KeyArea, type Purpose } from '@ioc/contracts';
import { ApiError } from '../api/http';
import { problemTitle } from '../api/problem-text';
import { useHttp } from '../app/services';
import { registerKeys, useAreas, useDevice, useDevices } from '../data/register';
import { capitalize, langOf, translateMessage } from '@ioc/i18n';
import { aimAt, effectiveView, isOmnidirectional, sightOf, type CheckpointSight } from './camera-view';
import { CameraMap } from './CameraMap';
import { emptyForm, formFromDevice, formGeometry, numberProblems, toDeviceInput, toDevicePatch, withCameraType, withKind, type DeviceForm } from './device-form';
import { localToday } from './maintenance';
import { devicesKeys, useGateways } from './queries';
import './devices.css';

/** `/devices/new` and `/devices/:id/edit`. */
export function DeviceEditorPage({ mode }: { mode: 'new' | 'edit' }) {
  const { t } = useTranslation('devices');
  const { id } = useParams();
  const device = useDevice(mode === 'edit' ? id : undefined);
  if (mode === 'new') return <DeviceEditor />;
  if (device.isPending) return <p className="page-message">{t('common:state.loading')}</p>;
  if (device.isError) {
    const notFound = device.error instanceof ApiError && device.error.status === 404;
    return (
      <p className="page-message" role="alert">
        {notFound ? t('device.notFound', { id }) : t('common:state.error', { message: problemTitle(device.error, t) })}
      </p>
    );
  }
  if (device.data.decommissionedAt !== null) {
    return (
      <p className="page-message" role="alert">
        {t('editor.decommissioned')} <Link to={`/devices/${encodeURIComponent(device.data.id)}`}>{t('common:actions.back')}</Link>
      </p>
    );
  }
  // Keyed by the device and its last change: the form starts from what was loaded.
  return <DeviceEditor key={`${device.data.id}@${device.data.updatedAt}`} before={device.data} />;
}

/** Where each API field is typed, for the summary's links. */
const FIELD_INPUT: Record<string, string> = {
  id: 'dev-id',
  serial: 'dev-serial',
  kind: 'dev-kind',
  cameraType: 'dev-camera-type',
  name: 'dev-name',
  vendor: 'dev-vendor',
  model: 'dev-model',
  purposes: 'dev-purpose-traffic',
  areaCode: 'dev-area',
  gatewayId: 'dev-gateway',
  location: 'dev-lon',
  bearingDeg: 'dev-bearing',
  fovDeg: 'dev-fov',
  rangeM: 'dev-range',
  installedOn: 'dev-installed',
  contractor: 'dev-contractor',
  heartbeatTimeoutS: 'dev-heartbeat',
  'externalRefs.frigateCamera': 'dev-frigate',
  'externalRefs.onvifProfile': 'dev-onvif',
};

/** The field an API error path belongs to (`location.coordinates.1` → `location`). */
function fieldOf(path: string): string {
  if (path.startsWith('externalRefs.')) return path.split('.').slice(0, 2).join('.');
  return path.split('.')[0] ?? path;
}

function DeviceEditor({ before }: { before?: Device }) {
  const { t, i18n } = useTranslation('devices');
  const http = useHttp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const areas = useAreas();
  const allDevices = useDevices();
  const [form, setForm] = useState<DeviceForm>(() => (before ? formFromDevice(before) : emptyForm(localToday())));
  const [localErrors, setLocalErrors] = useState<string[]>([]);
  const [noChanges, setNoChanges] = useState(false);
  const [showOthers, setShowOthers] = useState(true);
  const gateways = useGateways(form.areaCode || undefined, !!form.areaCode);

  const area: KeyArea | undefined = areas.data?.find((a) => a.code === form.areaCode);
  const geometry = useMemo(() => formGeometry(form), [form]);
  const view = useMemo(() => effectiveView(geometry), [geometry]);
  const checkpoints = useMemo(
    () => (area?.checkpoints ?? []).map((c) => ({ id: c.id, purposes: c.purposes, location: c.location.coordinates })),
    [area],
  );
  const sight = useMemo(() => sightOf(view, geometry.location, form.purposes, checkpoints), [view, geometry.location, form.purposes, checkpoints]);
  const others = useMemo(
    () => (showOthers ? (allDevices.data ?? []).filter((d) => d.areaCode === form.areaCode && d.id !== before?.id) : []),
    [showOthers, allDevices.data, form.areaCode, before?.id],
  );

  const save = useMutation({
    mutationFn: async (f: DeviceForm) => {
      if (!before) return http.post<Device>('/api/v1/devices', toDeviceInput(f));
      return http.patch<Device>(`/api/v1/devices/${encodeURIComponent(before.id)}`, toDevicePatch(before, f));
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData(registerKeys.device(saved.id), saved);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: registerKeys.devices, exact: true }),
        queryClient.invalidateQueries({ queryKey: devicesKeys.transitions(saved.id) }),
        queryClient.invalidateQueries({ queryKey: ['coverage'] }),
      ]);
      navigate(`/devices/${encodeURIComponent(saved.id)}`);
    },
  });

  const apiError = save.error instanceof ApiError ? save.error : undefined;
  const errorOf = (field: string): string | undefined => {
    if (localErrors.includes(field)) return t('editor.notANumber');
    const m = apiError?.fieldError(field);
    return m === undefined ? undefined : capitalize(translateMessage(m, langOf(i18n.language)));
  };

  const set = <K extends keyof DeviceForm>(key: K, value: DeviceForm[K]) => {
    setNoChanges(false);
    setForm((f) => ({ ...f, [key]: value }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad = numberProblems(form);
    setLocalErrors(bad);
    setNoChanges(false);
    if (bad.length > 0) {
      document.getElementById(FIELD_INPUT[bad[0]] ?? '')?.focus();
      return;
    }
    if (before && Object.keys(toDevicePatch(before, form)).length === 0) {
      setNoChanges(true);
      return;
    }
    save.mutate(form);
  };

  const chooseArea = (code: string) => {
    setNoChanges(false);
    setForm((f) => ({ ...f, areaCode: code, gatewayId: '' }));
  };
  const areaGateways = useMemo(() => (gateways.data ?? []).filter((g) => g.areaCode === form.areaCode), [gateways.data, form.areaCode]);
  // One gateway in the area: it is the one.
  const onlyGateway = areaGateways.length === 1 ? areaGateways[0].id : undefined;
  useEffect(() => {
    if (onlyGateway) setForm((f) => (f.gatewayId ? f : { ...f, gatewayId: onlyGateway }));
  }, [onlyGateway]);
  // A refused save: the summary takes the focus, so a screen reader reads what to fix.
  useEffect(() => {
    if (save.isError) document.querySelector<HTMLElement>('[data-testid="error-summary"]')?.focus();
  }, [save.isError, save.failureCount]);

  const omni = form.kind === 'camera' && form.cameraType !== '' && isOmnidirectional(form.cameraType);
  const seenCount = sight.filter((s) => s.seen).length;
  const summary = apiError?.problem.errors ?? [];
  const today = localToday();

  return (
    <form className="dev-editor" onSubmit={submit} noValidate aria-labelledby="dev-editor-title" data-testid="device-editor">
      <div className="dev-editor-side">
        <nav className="dev-crumbs" aria-label={t('device.back')}>
          <Link to="/devices">{t('list.title')}</Link>
          {before && (
            <>
              {' / '}
              <Link to={`/devices/${encodeURIComponent(before.id)}`}>{before.id}</Link>
            </>
          )}
        </nav>
        <h1 id="dev-editor-title">{before ? t('editor.editTitle', { id: before.id }) : t('editor.newTitle')}</h1>

        {(save.isError || localErrors.length > 0) && (
          <div className="dev-error-summary" role="alert" data-testid="error-summary" tabIndex={-1}>
            <p className="form-error">{save.isError ? t('editor.failed', { title: problemTitle(save.error, t) }) : t('editor.fieldsToFix')}</p>
            {save.isError && summary.length === 0 && apiError?.problem.detail && <p>{apiError.problem.detail}</p>}
            {(summary.length > 0 || localErrors.length > 0) && (
              <ul>
                {localErrors.map((f) => (
                  <li key={`local-${f}`}>
                    <a href={`#${FIELD_INPUT[f] ?? ''}`}>{fieldLabel(f, t)}</a>: {t('editor.notANumber')}
                  </li>
                ))}
                {summary.map((e, i) => (
                  <li key={`${e.field}-${i}`}>
                    <a href={`#${FIELD_INPUT[fieldOf(e.field)] ?? ''}`}>{fieldLabel(fieldOf(e.field), t)}</a>: {capitalize(translateMessage(e.message, langOf(i18n.language)))}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}

        <fieldset className="dev-section">
          <legend>{t('editor.placeSection')}</legend>
          <Field id="dev-area" label={t('editor.area')} error={errorOf('areaCode')}>
            <select id="dev-area" value={form.areaCode} onChange={(e) => chooseArea(e.target.value)} aria-invalid={!!errorOf('areaCode')} required>
              <option value="">{areas.isPending ? t('common:state.loading') : t('editor.chooseArea')}</option>
              {(areas.data ?? []).map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name} ({a.code}) — {a.district}
                </option>
              ))}
            </select>
          </Field>
          <Field id="dev-gateway" label={t('editor.gateway')} error={errorOf('gatewayId')} hint={form.areaCode && gateways.isSuccess && areaGateways.length === 0 ? t('editor.noGateway') : undefined}>
            <select id="dev-gateway" value={form.gatewayId} onChange={(e) => set('gatewayId', e.target.value)} disabled={!form.areaCode} aria-invalid={!!errorOf('gatewayId')} required>
              <option value="">{t('editor.chooseGateway')}</option>
              {areaGateways.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.id} — {g.name}
                </option>
              ))}
            </select>
          </Field>
          <div className="dev-position" role="group" aria-labelledby="dev-position-label" aria-describedby="dev-position-hint">
            <span id="dev-position-label" className="dev-group-label">
              {t('device.field.location')}
            </span>
            <div className="dev-row">
              <Field id="dev-lon" label={t('editor.lon')}>
                <input id="dev-lon" inputMode="decimal" value={form.lon} onChange={(e) => set('lon', e.target.value)} aria-invalid={!!errorOf('location')} aria-describedby={errorOf('location') ? 'dev-location-error' : undefined} autoComplete="off" />
              </Field>
              <Field id="dev-lat" label={t('editor.lat')}>
                <input id="dev-lat" inputMode="decimal" value={form.lat} onChange={(e) => set('lat', e.target.value)} aria-invalid={!!errorOf('location')} aria-describedby={errorOf('location') ? 'dev-location-error' : undefined} autoComplete="off" />
              </Field>
            </div>
            <p id="dev-position-hint" className="dev-hint">
              {t('editor.pickHint')}
            </p>
            {errorOf('location') && (
              <p id="dev-location-error" className="field-error" data-field-error="location">
                {errorOf('location')}
              </p>
            )}
          </div>
        </fieldset>

        <fieldset className="dev-section">
          <legend>{t('editor.viewSection')}</legend>
          <div className="dev-row">
            <Field id="dev-kind" label={t('editor.kind')} error={errorOf('kind')}>
              <select id="dev-kind" value={form.kind} disabled={!!before} onChange={(e) => setForm((f) => withKind(f, e.target.value as DeviceKind))}>
                <option value="camera">{t('domain:deviceKind.camera')}</option>
                <option value="traffic_sensor">{t('domain:deviceKind.traffic_sensor')}</option>
              </select>
            </Field>
            {form.kind === 'camera' && (
              <Field id="dev-camera-type" label={t('editor.cameraType')} error={errorOf('cameraType')}>
                <select id="dev-camera-type" value={form.cameraType} onChange={(e) => setForm((f) => withCameraType(f, e.target.value as CameraType))} aria-invalid={!!errorOf('cameraType')}>
                  {CAMERA_TYPES.map((c) => (
                    <option key={c} value={c}>
                      {t(`domain:cameraType.${c}`)}
                    </option>
                  ))}
                </select>
              </Field>
            )}
          </div>
          <Slider id="dev-bearing" label={t('editor.bearing')} value={form.bearingDeg} min={0} max={359} onChange={(v) => set('bearingDeg', v)} error={errorOf('bearingDeg')} disabled={omni} unit="°" />
          <Slider id="dev-fov" label={t('editor.fov')} value={omni ? '360' : form.fovDeg} min={1} max={360} onChange={(v) => set('fovDeg', v)} error={errorOf('fovDeg')} disabled={omni} unit="°" hint={omni ? t('editor.omniHint') : undefined} />
          <Slider id="dev-range" label={t('editor.range')} value={form.rangeM} min={1} max={500} inputMax={5000} onChange={(v) => set('rangeM', v)} error={errorOf('rangeM')} unit="m" />
          <fieldset className="dev-purposes" aria-invalid={!!errorOf('purposes')}>
            <legend>{t('editor.purposes')}</legend>
            {PURPOSES.map((p) => (
              <label key={p} className="dev-check">
                <input
                  type="checkbox"
                  id={`dev-purpose-${p}`}
                  checked={form.purposes.includes(p)}
                  onChange={(e) => set('purposes', e.target.checked ? [...form.purposes, p] : form.purposes.filter((x: Purpose) => x !== p))}
                />
                {t(`domain:purpose.${p}`)}
              </label>
            ))}
            {errorOf('purposes') && <p className="field-error">{errorOf('purposes')}</p>}
          </fieldset>
        </fieldset>

        <section className="dev-section" aria-labelledby="dev-cp-title">
          <h2 id="dev-cp-title">{t('editor.checkpoints')}</h2>
          {!area ? null : area.checkpoints.length === 0 ? (
            <p className="dev-hint">{t('editor.noCheckpoints')}</p>
          ) : (
            <>
              <p className="dev-hint">
                <strong data-testid="seen-count">{view ? t('editor.seenCount', { seen: seenCount, total: sight.length }) : t('editor.incomplete')}</strong> {view && t('editor.checkpointsHint')}
              </p>
              <CheckpointList area={area} sight={sight} canAim={!!geometry.location && !omni} onAim={(b) => set('bearingDeg', String(b))} location={geometry.location} />
            </>
          )}
        </section>

        <fieldset className="dev-section">
          <legend>{t('editor.deviceSection')}</legend>
          <Field id="dev-id" label={t('editor.id')} error={errorOf('id')} hint={before ? undefined : t('editor.idHint')}>
            <input id="dev-id" value={form.id} onChange={(e) => set('id', e.target.value)} disabled={!!before} aria-invalid={!!errorOf('id')} autoComplete="off" spellCheck={false} />
          </Field>
          <Field id="dev-serial" label={t('editor.serial')} error={errorOf('serial')}>
            <input id="dev-serial" value={form.serial} onChange={(e) => set('serial', e.target.value)} disabled={!!before} aria-invalid={!!errorOf('serial')} autoComplete="off" spellCheck={false} />
          </Field>
          <Field id="dev-name" label={t('editor.name')} error={errorOf('name')}>
            <input id="dev-name" value={form.name} onChange={(e) => set('name', e.target.value)} aria-invalid={!!errorOf('name')} />
          </Field>
          <div className="dev-row">
            <Field id="dev-vendor" label={t('editor.vendor')} error={errorOf('vendor')}>
              <input id="dev-vendor" value={form.vendor} onChange={(e) => set('vendor', e.target.value)} aria-invalid={!!errorOf('vendor')} />
            </Field>
            <Field id="dev-model" label={t('editor.model')} error={errorOf('model')}>
              <input id="dev-model" value={form.model} onChange={(e) => set('model', e.target.value)} aria-invalid={!!errorOf('model')} />
            </Field>
          </div>
          <div className="dev-row">
            <Field id="dev-installed" label={t('editor.installedOn')} error={errorOf('installedOn')} hint={form.installedOn > today ? t('editor.installedFuture') : undefined}>
              <input id="dev-installed" type="date" value={form.installedOn} onChange={(e) => set('installedOn', e.target.value)} aria-invalid={!!errorOf('installedOn')} />
            </Field>
            <Field id="dev-heartbeat" label={t('editor.heartbeat')} error={errorOf('heartbeatTimeoutS')} hint={t('editor.heartbeatHint')}>
              <input id="dev-heartbeat" type="number" min={10} max={86400} step={1} value={form.heartbeatTimeoutS} onChange={(e) => set('heartbeatTimeoutS', e.target.value)} aria-invalid={!!errorOf('heartbeatTimeoutS')} />
            </Field>
          </div>
          <Field id="dev-contractor" label={t('editor.contractor')} error={errorOf('contractor')}>
            <input id="dev-contractor" value={form.contractor} onChange={(e) => set('contractor', e.target.value)} aria-invalid={!!errorOf('contractor')} />
          </Field>
          <details className="dev-more" open={!!(form.frigateCamera || form.onvifProfile || errorOf('externalRefs'))}>
            <summary>{t('editor.moreSection')}</summary>
            <Field id="dev-frigate" label={t('editor.frigate')} error={errorOf('externalRefs.frigateCamera')}>
              <input id="dev-frigate" value={form.frigateCamera} onChange={(e) => set('frigateCamera', e.target.value)} autoComplete="off" spellCheck={false} />
            </Field>
            <Field id="dev-onvif" label={t('editor.onvif')} error={errorOf('externalRefs.onvifProfile')}>
              <input id="dev-onvif" value={form.onvifProfile} onChange={(e) => set('onvifProfile', e.target.value)} autoComplete="off" spellCheck={false} />
            </Field>
          </details>
        </fieldset>

        <div className="dev-actions">
          {noChanges && (
            <p className="dev-hint" role="status">
              {t('editor.noChanges')}
            </p>
          )}
          <button type="submit" className="primary" id="dev-save" disabled={save.isPending}>
            {save.isPending ? t('editor.saving') : before ? t('editor.saveChanges') : t('editor.save')}
          </button>
          <Link className="button" to={before ? `/devices/${encodeURIComponent(before.id)}` : '/devices'}>
            {t('editor.cancel')}
          </Link>
        </div>
      </div>

      <div className="dev-editor-map">
        <CameraMap area={area} location={geometry.location} view={view} sight={sight} others={others} onPick={([lon, lat]) => setForm((f) => ({ ...f, lon: String(lon), lat: String(lat) }))} label={t('editor.mapLabel')} />
        <label className="dev-map-toggle">
          <input type="checkbox" checked={showOthers} onChange={(e) => setShowOthers(e.target.checked)} /> {t('editor.otherDevices')}
        </label>
      </div>
    </form>
  );
}

function fieldLabel(field: string, t: TFunction): string {
  const keys: Record<string, string> = {
    id: 'editor.id',
    serial: 'editor.serial',
    kind: 'editor.kind',
    cameraType: 'editor.cameraType',
    name: 'editor.name',
    vendor: 'editor.vendor',
    model: 'editor.model',
    purposes: 'editor.purposes',
    areaCode: 'editor.area',
    gatewayId: 'editor.gateway',
    location: 'device.field.location',
    bearingDeg: 'device.field.bearing',
    fovDeg: 'device.field.fov',
    rangeM: 'device.field.range',
    installedOn: 'editor.installedOn',
    contractor: 'editor.contractor',
    heartbeatTimeoutS: 'device.field.heartbeat',
    'externalRefs.frigateCamera': 'editor.frigate',
    'externalRefs.onvifProfile': 'editor.onvif',
  };
  return keys[field] ? t(keys[field]) : field;
}

function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div className="field" data-field={id}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <span className="dev-hint">{hint}</span>}
      {error && (
        <p className="field-error" id={`${id}-error`} data-field-error={id}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A range slider and a number box bound together; the box takes values beyond the slider's span. */
function Slider(props: { id: string; label: string; value: string; min: number; max: number; inputMax?: number; unit: string; onChange(v: string): void; error?: string; hint?: string; disabled?: boolean }) {
  const { id, label, value, min, max, inputMax, unit, onChange, error, hint, disabled } = props;
  const sliderId = useId();
  const n = Number(value);
  const sliderValue = Number.isFinite(n) && value.trim() !== '' ? Math.min(max, Math.max(min, n)) : min;
  return (
    <div className="field dev-slider" data-field={id}>
      <label htmlFor={id}>{label}</label>
      <div className="dev-slider-row">
        <input
          type="range"
          id={sliderId}
          min={min}
          max={max}
          step={1}
          value={sliderValue}
          onChange={(e) => onChange(e.target.value)}
          disabled={disabled}
          aria-label={label}
          aria-valuetext={`${sliderValue} ${unit}`}
        />
        <input id={id} type="number" min={min === 1 ? 0 : min} max={inputMax ?? max} step="any" value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled} aria-invalid={!!error} className="dev-number" />
        <span className="dev-unit" aria-hidden="true">
          {unit}
        </span>
      </div>
      {hint && <span className="dev-hint">{hint}</span>}
      {error && (
        <p className="field-error" id={`${id}-error`} data-field-error={id}>
          {error}
        </p>
      )}
    </div>
  );
}

function CheckpointList({ area, sight, canAim, onAim, location }: { area: KeyArea; sight: readonly CheckpointSight[]; canAim: boolean; onAim(b: number): void; location: readonly [number, number] | undefined }) {
  const { t } = useTranslation('devices');
  const byId = new Map(sight.map((s) => [s.id, s]));
  return (
    <ul className="dev-cp-list">
      {area.checkpoints.map((c) => {
        const s = byId.get(c.id);
        const state = s?.seen ? 'seen' : s?.inView ? 'other' : 'not';
        const aim = canAim && location ? aimAt(location, c.location.coordinates) : null;
        return (
          <li key={c.id} className={`dev-cp dev-cp-${state}`} data-checkpoint-row={c.id} data-seen={String(!!s?.seen)}>
            <span className="dev-cp-mark" aria-hidden="true">
              {state === 'seen' ? '✓' : state === 'other' ? '!' : '✕'}
            </span>
            <span className="dev-cp-body">
              <strong>{c.id}</strong> · {c.purposes.map((p) => t(`domain:purpose.${p}`)).join(', ')}
              {c.description && <span className="dev-cp-desc"> — {c.description}</span>}
              <span className="dev-cp-state">
                {state === 'seen'
                  ? t('editor.seen', { purposes: (s?.coveredFor ?? []).map((p) => t(`domain:purpose.${p}`)).join(', ') })
                  : state === 'other'
                    ? t('editor.otherPurpose')
                    : t('editor.notSeen')}
                {s && s.distanceM !== null && s.bearingDeg !== null && <> · {t('editor.away', { distance: Math.round(s.distanceM), bearing: Math.round(s.bearingDeg) % 360 })}</>}
              </span>
            </span>
            {aim !== null && (
              <button type="button" className="ghost dev-aim" onClick={() => onAim(aim)} aria-label={t('editor.aim', { id: c.id })} title={t('editor.aim', { id: c.id })}>
                {t('editor.aimShort')}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
