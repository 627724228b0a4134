// Placement suggestions for one key area (POST /api/v1/coverage/areas/:code/suggestions):
// the camera model to place (field of view, range, purposes), the fewest new sites the
// coverage service finds to bring the area's installed coverage to its target, the
// figures before and after, and the work order (CSV, GeoJSON) to hand to the contractor.
// Asking for suggestions changes nothing in the register, so every role that reads
// coverage may do it.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlacementPlanDto, PlacementRequest, Purpose } from '@ioc/contracts';
import { ApiError } from '../api/http';
import { problemTitle } from '../api/problem-text';
import { formatDateTime, formatPct } from '../format/time';
import { DownloadButton } from './DownloadButton';
import { suggestionId, workOrderCsv, workOrderFileName, workOrderGeoJsonText, type WorkOrderArea } from './work-order';

export interface SuggestionsPanelProps {
  area: WorkOrderArea;
  plan: PlacementPlanDto | undefined;
  planAt: number | undefined;
  pending: boolean;
  error: unknown;
  onRequest(request: Partial<PlacementRequest>): void;
}

const PURPOSES: Purpose[] = ['traffic', 'security'];

export function SuggestionsPanel({ area, plan, planAt, pending, error, onRequest }: SuggestionsPanelProps) {
  const { t, i18n } = useTranslation('planner');
  const lang = i18n.language;
  const [fov, setFov] = useState('90');
  const [range, setRange] = useState('80');
  const [purposes, setPurposes] = useState<Purpose[]>(['traffic', 'security']);
  const [localError, setLocalError] = useState<Record<string, string>>({});

  const apiError = error instanceof ApiError ? error : undefined;
  const fieldError = (field: string) => localError[field] ?? apiError?.fieldError(field);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors: Record<string, string> = {};
    const fovDeg = Number(fov);
    const rangeM = Number(range);
    if (!(fov.trim() !== '' && fovDeg > 0 && fovDeg <= 360)) errors.fovDeg = t('suggest.fovInvalid');
    if (!(range.trim() !== '' && rangeM > 0 && rangeM <= 5000)) errors.rangeM = t('suggest.rangeInvalid');
    if (purposes.length === 0) errors.purposes = t('suggest.purposesInvalid');
    setLocalError(errors);
    if (Object.keys(errors).length > 0) return;
    onRequest({ fovDeg, rangeM, purposes });
  };

  const togglePurpose = (p: Purpose, on: boolean) => setPurposes((prev) => (on ? [...new Set([...prev, p])] : prev.filter((x) => x !== p)));
  const otherError = error && !(apiError && apiError.problem.errors?.length) ? problemTitle(error, t) : undefined;

  return (
    <section className="panel suggestions" aria-labelledby="suggest-title">
      <div className="panel-head">
        <h2 id="suggest-title">{t('suggest.title')}</h2>
      </div>
      <p className="muted small">{t('suggest.intro')}</p>
      <form className="suggest-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="suggest-fov">{t('suggest.fov')}</label>
          <input id="suggest-fov" type="number" inputMode="decimal" min={1} max={360} step="any" value={fov} onChange={(e) => setFov(e.target.value)} aria-invalid={!!fieldError('fovDeg')} aria-describedby={fieldError('fovDeg') ? 'suggest-fov-error' : undefined} />
          {fieldError('fovDeg') && (
            <span className="field-error" id="suggest-fov-error">
              {fieldError('fovDeg')}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor="suggest-range">{t('suggest.range')}</label>
          <input id="suggest-range" type="number" inputMode="decimal" min={1} max={5000} step="any" value={range} onChange={(e) => setRange(e.target.value)} aria-invalid={!!fieldError('rangeM')} aria-describedby={fieldError('rangeM') ? 'suggest-range-error' : undefined} />
          {fieldError('rangeM') && (
            <span className="field-error" id="suggest-range-error">
              {fieldError('rangeM')}
            </span>
          )}
        </div>
        <fieldset className="field purposes" aria-describedby={fieldError('purposes') ? 'suggest-purposes-error' : undefined}>
          <legend>{t('suggest.purposes')}</legend>
          {PURPOSES.map((p) => (
            <label key={p} className="check">
              <input type="checkbox" checked={purposes.includes(p)} onChange={(e) => togglePurpose(p, e.target.checked)} />
              {t(`domain:purpose.${p}`)}
            </label>
          ))}
          {fieldError('purposes') && (
            <span className="field-error" id="suggest-purposes-error">
              {fieldError('purposes')}
            </span>
          )}
        </fieldset>
        <button type="submit" className="primary" data-action="suggest" disabled={pending}>
          {pending ? t('suggest.running') : t('suggest.run')}
        </button>
      </form>
      {otherError && (
        <p className="form-error" role="alert">
          {otherError}
        </p>
      )}

      {plan && <PlanResult area={area} plan={plan} planAt={planAt} lang={lang} />}
    </section>
  );
}

function PlanResult({ area, plan, planAt, lang }: { area: WorkOrderArea; plan: PlacementPlanDto; planAt: number | undefined; lang: string }) {
  const { t } = useTranslation('planner');
  const purposes = (list: readonly Purpose[]) => list.map((p) => t(`domain:purpose.${p}`)).join(', ');
  const gapText = (gaps: PlacementPlanDto['remaining']) => gaps.map((g) => `${g.checkpointId} (${purposes(g.purposes)})`).join('; ');
  return (
    <div className="plan" id="suggestion-plan" data-count={plan.suggestions.length} data-meets-after={plan.meetsTargetAfter}>
      <p role="status" className={plan.meetsTargetAfter ? 'kpi-done' : 'kpi-gap'}>
        {plan.suggestions.length === 0
          ? plan.meetsTargetAfter
            ? t('suggest.none')
            : t('suggest.noneReachable')
          : t('suggest.count', { count: plan.suggestions.length }) + ' — ' + (plan.meetsTargetAfter ? t('suggest.meetsAfter') : t('suggest.notMeetsAfter'))}
      </p>
      <table className="compact before-after">
        <thead>
          <tr>
            <th scope="col">{t('coverage.purpose')}</th>
            <th scope="col" className="num">
              {t('suggest.before')}
            </th>
            <th scope="col" className="num">
              {t('suggest.after')}
            </th>
          </tr>
        </thead>
        <tbody>
          {(['traffic', 'security'] as const).map((p) => (
            <tr key={p}>
              <th scope="row">{t(`domain:purpose.${p}`)}</th>
              <td className="num">{plan.before[p].applicable ? formatPct(plan.before[p].pct, lang) : t('coverage.notApplicable')}</td>
              <td className="num" data-after={p}>
                {plan.after[p].applicable ? formatPct(plan.after[p].pct, lang) : t('coverage.notApplicable')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.unreachable.length > 0 && <p className="kpi-gap small">{t('suggest.unreachable', { list: gapText(plan.unreachable) })}</p>}
      {plan.remaining.length > 0 && <p className="muted small">{t('suggest.remaining', { list: gapText(plan.remaining) })}</p>}

      {plan.suggestions.length > 0 && (
        <>
          <div className="table-scroll">
            <table id="suggestions" className="compact">
              <caption className="sr-only">{t('suggest.listCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('suggest.col.rank')}</th>
                  <th scope="col">{t('suggest.col.site')}</th>
                  <th scope="col" className="num">
                    {t('suggest.col.bearing')}
                  </th>
                  <th scope="col">{t('suggest.col.camera')}</th>
                  <th scope="col">{t('suggest.col.closes')}</th>
                </tr>
              </thead>
              <tbody>
                {plan.suggestions.map((s, i) => (
                  <tr key={suggestionId(plan.areaCode, i)} data-suggestion={suggestionId(plan.areaCode, i)}>
                    <td>
                      <span className="proposed-rank" aria-hidden="true">
                        {i + 1}
                      </span>
                      <span className="code">{suggestionId(plan.areaCode, i)}</span>
                    </td>
                    <td>
                      {s.siteId}
                      <span className="muted small block">{t(`suggest.siteKind.${s.siteKind}`)}</span>
                    </td>
                    <td className="num">
                      {t('suggest.bearingValue', { bearing: Math.round(s.bearingDeg), tolerance: Math.round(s.aimToleranceDeg) })}
                    </td>
                    <td>
                      {t('suggest.cameraValue', { fov: s.fovDeg, range: s.rangeM })}
                      <span className="muted small block">{purposes(s.purposes)}</span>
                    </td>
                    <td>{s.closes.map((g) => `${g.checkpointId} (${purposes(g.purposes)})`).join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="plan-exports">
            <span className="muted small">{planAt ? t('suggest.madeAt', { time: formatDateTime(planAt) }) : null}</span>
            <DownloadButton
              label={t('suggest.exportCsv')}
              action="export-work-order-csv"
              fileName={workOrderFileName(plan.areaCode, 'csv')}
              fetchBlob={() => new Blob([workOrderCsv(plan, area)], { type: 'text/csv;charset=utf-8' })}
            />
            <DownloadButton
              label={t('suggest.exportGeoJson')}
              action="export-work-order-geojson"
              fileName={workOrderFileName(plan.areaCode, 'geojson')}
              fetchBlob={() => new Blob([workOrderGeoJsonText(plan, area)], { type: 'application/geo+json' })}
            />
          </div>
        </>
      )}
    </div>
  );
}
