// /coverage/areas/:code: one key area for the planner. Its figures per purpose, installed
// and operational (live: a coverage.updated push replaces them at once, and the
// checkpoints are refetched right after), its checkpoints seen or blind on the map and in
// a list, the cameras' fields of view, placement suggestions drawn as proposed cameras
// with their work order, and the area's daily trend.
import { useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { AreaCoverageDto, Device, DeviceStatus, PlacementPlanDto, Purpose } from '@ioc/contracts';
import { problemTitle } from '../api/problem-text';
import { useAreas } from '../data/register';
import { formatCount, formatPct } from '../format/time';
import { AreaMap, PROPOSED, purposeSymbol, SECTOR_OFF, SECTOR_ON, type AreaMapLabels } from './AreaMap';
import { checkpointViews, coveringDeviceIds, isSeen, type CheckpointView, type CoverageMode } from './checkpoints';
import { liveArea } from './coverage-live';
import { MeetsBadges, ModeSwitch } from './CoveragePage';
import { HistoryChart } from './HistoryChart';
import { plannerKeys, useAreaCoverage, useLiveCoverage, useLiveStatuses, useRefetchCoverageOnResync, useRefetchOnPushes, useSectorDevices, useSuggestions } from './planner-data';
import { SuggestionsPanel } from './SuggestionsPanel';
import './planner.css';

/** The area's checkpoints are refetched at most this often while its pushes arrive. */
const CHECKPOINT_REFETCH_MS = 1_000;

export function AreaCoveragePage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation('planner');
  const lang = i18n.language;
  const { pushes } = useLiveCoverage();
  const register = useAreas();
  const detailQuery = useAreaCoverage(code);
  useRefetchOnPushes(plannerKeys.area(code), detailQuery.data, detailQuery.dataUpdatedAt, CHECKPOINT_REFETCH_MS, code);
  useRefetchCoverageOnResync();
  const [mode, setMode] = useState<CoverageMode>('operational');
  const suggestions = useSuggestions(code);

  const area = register.data?.find((a) => a.code === code);
  const answer = detailQuery.data;
  const detail = answer ? liveArea(answer.data, answer.baseline, pushes) : undefined;
  const views = useMemo(() => (answer ? checkpointViews(answer.data, area?.checkpoints) : []), [answer, area]);
  const covering = useMemo(() => (answer ? coveringDeviceIds(views) : undefined), [answer, views]);
  const devicesQuery = useSectorDevices(code, covering);
  const devices = useMemo(() => devicesQuery.data ?? [], [devicesQuery.data]);

  const statuses = useLiveStatuses(devices);

  const labels = useMapLabels();

  if (detailQuery.isError) {
    return (
      <div className="planner-page">
        <p className="page-message" role="alert">
          {t('common:state.error', { message: problemTitle(detailQuery.error, t) })}
        </p>
        <p>
          <Link to="/coverage">{t('area.back')}</Link>
        </p>
      </div>
    );
  }
  if (!detail) return <p className="page-message">{t('common:state.loading')}</p>;

  const plan = suggestions.data;
  return (
    <div className="planner-page area-page" id="coverage-area" data-area={code}>
      <header className="planner-head">
        <div>
          <p className="crumbs">
            <Link to="/coverage">{t('area.back')}</Link>
          </p>
          <h1>
            {detail.name} <span className="code">{detail.areaCode}</span>
          </h1>
          <p className="muted">
            {detail.district}
            {area?.category ? ` · ${t(`admin:categories.${area.category}`, { defaultValue: area.category })}` : ''} · {t('area.target', { target: formatPct(detail.targetPct, lang, 0) })} · {t('area.checkpointCount', { count: detail.checkpoints })}
          </p>
        </div>
        <div className="planner-head-tools">
          <MeetsBadges area={detail} />
        </div>
      </header>

      <Figures area={detail} />

      <div className="area-grid">
        <section className="panel area-map-panel" aria-labelledby="area-map-title">
          <div className="panel-head">
            <h2 id="area-map-title">{t('area.mapTitle')}</h2>
            <ModeSwitch mode={mode} onChange={setMode} name="area-mode" />
          </div>
          <AreaMap area={area} views={views} devices={devices} statuses={statuses} mode={mode} plan={plan} labels={labels} />
          <MapLegend mode={mode} hasPlan={!!plan && plan.suggestions.length > 0} />
        </section>

        <div className="area-side">
          <CheckpointList views={views} mode={mode} />
          <SuggestionsPanel
            area={{ code, name: detail.name, district: detail.district }}
            plan={plan}
            planAt={suggestions.submittedAt || undefined}
            pending={suggestions.isPending}
            error={suggestions.error}
            onRequest={(request) => suggestions.mutate(request)}
          />
        </div>
      </div>

      <section className="panel" aria-labelledby="area-history-title">
        <div className="panel-head">
          <h2 id="area-history-title">{t('history.titleArea')}</h2>
        </div>
        <HistoryChart scope="area" scopeKey={code} target={detail.targetPct} id="area-history" />
      </section>
    </div>
  );
}

function Figures({ area }: { area: AreaCoverageDto }) {
  const { t, i18n } = useTranslation('planner');
  return (
    <section className="figures" aria-label={t('area.figuresTitle')} id="area-figures">
      {(['traffic', 'security'] as const).map((purpose) => {
        const p = area.purposes[purpose];
        return (
          <div key={purpose} className="figure-group" data-purpose={purpose}>
            <h2>{t(`domain:purpose.${purpose}`)}</h2>
            {/* Not applicable still has its figures ("—"), so every area has the same four. */}
            <div className="figure-pair">
              {(['installed', 'operational'] as const).map((m) => (
                <div key={m} className={`figure ${!p.applicable ? 'na' : p[m].meetsTarget ? 'ok' : 'short'}`}>
                  <span className="figure-label">{t(`mode.${m}`)}</span>
                  <span className="figure-value" data-figure={`${m}-${purpose}`}>
                    {formatPct(p[m].pct, i18n.language)}
                  </span>
                  <span className="figure-sub">
                    {p.applicable
                      ? `${t('area.coveredOf', { covered: formatCount(p[m].covered, i18n.language), total: formatCount(p.checkpoints, i18n.language) })} · ${p[m].meetsTarget ? t('coverage.meetsYes') : t('coverage.meetsNo')}`
                      : t('area.noCheckpointsOfPurpose')}
                  </span>
                </div>
              ))}
            </div>
          </div>
        );
      })}
    </section>
  );
}

function CheckpointList({ views, mode }: { views: readonly CheckpointView[]; mode: CoverageMode }) {
  const { t } = useTranslation('planner');
  const cell = (v: CheckpointView, purpose: Purpose) => {
    const sight = v.sights.find((s) => s.purpose === purpose);
    if (!sight) return <td className="muted">—</td>;
    const seen = isSeen(sight, mode);
    const by = mode === 'installed' ? sight.installed : sight.operational;
    return (
      <td data-purpose={purpose} data-seen={seen}>
        <span className="sight">
          <span className="sym" dangerouslySetInnerHTML={{ __html: purposeSymbol(purpose, seen, 14) }} />
          <span className={seen ? 'seen' : 'blind'}>{seen ? t('area.seen') : t('area.blind')}</span>
        </span>
        {by.length > 0 && <span className="muted small block">{by.join(', ')}</span>}
      </td>
    );
  };
  return (
    <section className="panel" aria-labelledby="checkpoints-title">
      <div className="panel-head">
        <h2 id="checkpoints-title">{t('area.checkpointsTitle')}</h2>
        <span className="muted small">{t(`area.modeNote.${mode}`)}</span>
      </div>
      {views.length === 0 ? (
        <p className="muted">{t('area.noCheckpoints')}</p>
      ) : (
        <div className="table-scroll">
          <table id="checkpoint-list" className="compact">
            <thead>
              <tr>
                <th scope="col">{t('area.col.checkpoint')}</th>
                <th scope="col">{t('domain:purpose.traffic')}</th>
                <th scope="col">{t('domain:purpose.security')}</th>
              </tr>
            </thead>
            <tbody>
              {views.map((v) => (
                <tr key={v.id} data-checkpoint={v.id} data-covered-installed={String(v.coveredInstalled)} data-covered-operational={String(v.coveredOperational)}>
                  <th scope="row">
                    {v.id}
                    {v.description && <span className="muted small block">{v.description}</span>}
                  </th>
                  {cell(v, 'traffic')}
                  {cell(v, 'security')}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function MapLegend({ mode, hasPlan }: { mode: CoverageMode; hasPlan: boolean }) {
  const { t } = useTranslation('planner');
  const svg = (html: string) => <span className="sym" aria-hidden="true" dangerouslySetInnerHTML={{ __html: html }} />;
  return (
    <ul className="legend" aria-label={t('legend.title')}>
      <li>
        {svg(purposeSymbol('traffic', true, 16))} {t('legend.trafficSeen')}
      </li>
      <li>
        {svg(purposeSymbol('traffic', false, 16))} {t('legend.trafficBlind')}
      </li>
      <li>
        {svg(purposeSymbol('security', true, 16))} {t('legend.securitySeen')}
      </li>
      <li>
        {svg(purposeSymbol('security', false, 16))} {t('legend.securityBlind')}
      </li>
      <li>
        <span className="swatch sector" style={{ borderColor: SECTOR_ON, background: `${SECTOR_ON}33` }} aria-hidden="true" /> {t(`legend.sectorOn.${mode}`)}
      </li>
      <li>
        <span className="swatch sector dashed" style={{ borderColor: SECTOR_OFF }} aria-hidden="true" /> {t(`legend.sectorOff.${mode}`)}
      </li>
      {hasPlan && (
        <li>
          <span className="swatch sector dashed" style={{ borderColor: PROPOSED, background: `${PROPOSED}29` }} aria-hidden="true" /> {t('legend.proposed')}
        </li>
      )}
      <li className="muted">{t('legend.blindNote')}</li>
    </ul>
  );
}

/** The map's tooltips and accessible names, in the page's language. */
function useMapLabels(): AreaMapLabels {
  const { t } = useTranslation('planner');
  const purposes = useCallback((list: readonly Purpose[]) => list.map((p) => t(`domain:purpose.${p}`)).join(', '), [t]);
  return useMemo(
    () => ({
      map: t('area.mapLabel'),
      checkpoint: (v: CheckpointView, mode: CoverageMode) =>
        `${v.id}${v.description ? ` — ${v.description}` : ''}: ` + v.sights.map((s) => `${t(`domain:purpose.${s.purpose}`)} ${isSeen(s, mode) ? t('area.seen') : t('area.blind')}`).join(', '),
      device: (d: Device, status: DeviceStatus, counts: boolean) =>
        `${d.name} (${d.id}) — ${t(`domain:deviceStatus.${status}`)}${d.fovDeg != null ? ` · ${d.fovDeg}°` : ''}${d.rangeM != null ? ` · ${d.rangeM} m` : ''} · ${purposes(d.purposes)}${counts ? '' : ` · ${t('area.notCounting')}`}`,
      proposal: (rank: number, s: PlacementPlanDto['suggestions'][number]) =>
        t('suggest.mapLabel', { rank, site: s.siteId, bearing: Math.round(s.bearingDeg), fov: s.fovDeg, range: s.rangeM, purposes: purposes(s.purposes) }),
    }),
    [t, purposes],
  );
}
