// /coverage: the province against the target of 100% of key areas watched for traffic and
// security. The KPI (share of key areas meeting their target, by installed and by
// operational coverage), the same per district, the key areas on the map and in a
// sortable table, the daily trend, and the coverage exports. Area figures are live
// (coverage.updated pushes over the REST answer); the KPI is refetched when pushes make
// it stale, at most every few seconds.
import { useCallback, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { AreaCoverageDto, KeyArea, ProvinceCoverageDto } from '@ioc/contracts';
import { problemTitle } from '../api/problem-text';
import { useCan, useHttp, useUser } from '../app/services';
import { useAreas } from '../data/register';
import { formatCount, formatDateTime, formatPct } from '../format/time';
import { CoverageMap, VERDICT_COLOUR, type AreaVerdict } from './CoverageMap';
import { DownloadButton } from './DownloadButton';
import { HistoryChart } from './HistoryChart';
import { liveAreas } from './coverage-live';
import type { CoverageMode } from './checkpoints';
import { KPI_REFETCH_MS, plannerKeys, useAreaCoverages, useLiveCoverage, useProvinceCoverage, useRefetchCoverageOnResync, useRefetchOnPushes, useTakeSnapshot } from './planner-data';
import type { CoverageScope } from './planner-types';
import { ariaSort, sortRows, toggleSort, type SortState, type SortValue } from './sort';
import './planner.css';
import { FigureTableHead } from './FigureTableHead';

type AreaSortKey = 'name' | 'district' | 'checkpoints' | 'trafficInstalled' | 'trafficOperational' | 'securityInstalled' | 'securityOperational' | 'meets';
const SORT_KEYS: AreaSortKey[] = ['name', 'district', 'checkpoints', 'trafficInstalled', 'trafficOperational', 'securityInstalled', 'securityOperational', 'meets'];
const NUMERIC = new Set<AreaSortKey>(['checkpoints', 'trafficInstalled', 'trafficOperational', 'securityInstalled', 'securityOperational']);

function sortValue(a: AreaCoverageDto, key: AreaSortKey, mode: CoverageMode): SortValue {
  switch (key) {
    case 'name':
      return a.name;
    case 'district':
      return a.district;
    case 'checkpoints':
      return a.checkpoints;
    case 'trafficInstalled':
      return a.purposes.traffic.installed.pct;
    case 'trafficOperational':
      return a.purposes.traffic.operational.pct;
    case 'securityInstalled':
      return a.purposes.security.installed.pct;
    case 'securityOperational':
      return a.purposes.security.operational.pct;
    case 'meets':
      // The shown mode first, the other one second: missing both sorts before missing one.
      return (a.meetsTarget[mode] ? 2 : 0) + (a.meetsTarget[mode === 'installed' ? 'operational' : 'installed'] ? 1 : 0);
  }
}

export function CoveragePage() {
  const { t, i18n } = useTranslation('planner');
  const lang = i18n.language;
  const navigate = useNavigate();
  const http = useHttp();
  const canSnapshot = useCan('coverage.snapshot');
  // The province trend needs a scope of all areas; others start on their first area.
  const whole = useUser()?.scope.all ?? false;
  const { pushes } = useLiveCoverage();
  const province = useProvinceCoverage();
  const areasQuery = useAreaCoverages();
  const register = useAreas();
  useRefetchOnPushes(plannerKeys.province, province.data, province.dataUpdatedAt, KPI_REFETCH_MS);
  useRefetchCoverageOnResync();

  const [mode, setMode] = useState<CoverageMode>('installed');
  const [district, setDistrict] = useState('');
  const [sort, setSort] = useState<SortState<AreaSortKey>>({ key: 'name', dir: 'asc' });
  const [historyScope, setHistoryScope] = useState<CoverageScope>('province');
  const [historyKey, setHistoryKey] = useState('');

  // Renders on coverage pushes only (useLiveCoverage), so this is recomputed once per change.
  const items = areasQuery.data ? liveAreas(areasQuery.data.data, areasQuery.data.baseline, pushes) : [];
  const byCode = new Map(items.map((a) => [a.areaCode, a]));
  const shown = sortRows(
    items.filter((a) => !district || a.district === district),
    (a) => sortValue(a, sort.key, mode),
    sort.dir,
    lang,
    (a) => a.name,
  );
  const trendScope: CoverageScope = !whole && historyScope === 'province' && items[0] ? 'area' : historyScope;
  const trendKey = trendScope !== historyScope ? items[0].areaCode : historyKey;
  const kpi = province.data?.data;
  const districts = kpi?.districts ?? [];
  const registerAreas = register.data ?? [];

  const describe = useCallback(
    (area: KeyArea, verdict: AreaVerdict) => `${area.name} (${area.code}) — ${t(`legend.${verdict}`)}`,
    [t],
  );

  const chooseDistrict = (name: string) => {
    setDistrict(name);
    if (name) {
      setHistoryScope('district');
      setHistoryKey(name);
    } else {
      setHistoryScope('province');
      setHistoryKey('');
    }
  };

  if (province.isError && areasQuery.isError) {
    return (
      <p className="page-message" role="alert">
        {t('common:state.error', { message: problemTitle(province.error, t) })}{' '}
        <button type="button" onClick={() => void Promise.all([province.refetch(), areasQuery.refetch()])}>
          {t('common:actions.retry')}
        </button>
      </p>
    );
  }

  return (
    <div className="planner-page" id="coverage-page" data-state={areasQuery.isPending || province.isPending ? 'loading' : 'ready'}>
      <header className="planner-head">
        <div>
          <h1>{t('coverage.title')}</h1>
          <p className="muted">{t('coverage.subtitle')}</p>
        </div>
        <div className="planner-head-tools">
          <DownloadButton label={t('coverage.downloadXlsx')} action="download-coverage-xlsx" fileName="do-phu-khu-vuc-trong-diem.xlsx" fetchBlob={() => http.blob('/api/v1/coverage/export.xlsx')} />
          <DownloadButton label={t('coverage.downloadCsv')} action="download-coverage-csv" fileName="do-phu-khu-vuc-trong-diem.csv" fetchBlob={() => http.blob('/api/v1/coverage/export.csv')} />
          <DownloadButton
            label={t('coverage.downloadCsvSemicolon')}
            action="download-coverage-csv-semicolon"
            fileName="do-phu-khu-vuc-trong-diem-cham-phay.csv"
            fetchBlob={() => http.blob('/api/v1/coverage/export.csv', { sep: ';' })}
          />
          <DownloadButton
            label={t('coverage.downloadGeoJson')}
            action="download-coverage-geojson"
            fileName="khu-vuc-trong-diem.geojson"
            fetchBlob={() => http.blob('/api/v1/coverage/export.geojson', { layer: 'areas' })}
          />
          <DownloadButton
            label={t('coverage.downloadGeoJsonCheckpoints')}
            action="download-coverage-geojson-checkpoints"
            fileName="diem-giam-sat.geojson"
            fetchBlob={() => http.blob('/api/v1/coverage/export.geojson', { layer: 'checkpoints' })}
          />
          {canSnapshot && <SnapshotButton />}
        </div>
      </header>

      <section className="kpi-row" aria-label={t('coverage.kpiTitle')} id="coverage-kpi">
        {kpi ? (
          <>
            <KpiCard id="kpi-installed" title={t('coverage.kpiInstalled')} figure={kpi.installed} areas={kpi.areas} />
            <KpiCard id="kpi-operational" title={t('coverage.kpiOperational')} figure={kpi.operational} areas={kpi.areas} />
            <ProvinceNotes kpi={kpi} />
          </>
        ) : province.isError ? (
          <p className="form-error" role="alert">
            {t('common:state.error', { message: problemTitle(province.error, t) })}
          </p>
        ) : (
          <p className="muted">{t('common:state.loading')}</p>
        )}
      </section>

      <div className="coverage-grid">
        <section className="panel" aria-labelledby="coverage-map-title">
          <div className="panel-head">
            <h2 id="coverage-map-title">{t('coverage.mapTitle')}</h2>
            <ModeSwitch mode={mode} onChange={setMode} name="coverage-mode" />
          </div>
          <CoverageMap areas={registerAreas} coverage={byCode} mode={mode} onSelect={(code) => navigate(`/coverage/areas/${encodeURIComponent(code)}`)} describe={describe} label={t('coverage.mapLabel')} />
          <AreaLegend />
        </section>

        <section className="panel" aria-labelledby="district-title">
          <div className="panel-head">
            <h2 id="district-title">{t('coverage.districts')}</h2>
          </div>
          <table id="district-table">
            <FigureTableHead rowHeader={t('coverage.district')} figures={[t('coverage.areasCount'), t('coverage.installedCol'), t('coverage.operationalCol')]} />
            <tbody>
              {districts.map((d) => (
                <tr key={d.district} data-district={d.district} className={district === d.district ? 'selected' : undefined}>
                  <th scope="row">
                    <button type="button" className="link" aria-pressed={district === d.district} onClick={() => chooseDistrict(district === d.district ? '' : d.district)}>
                      {d.district}
                    </button>
                  </th>
                  <td className="num">{formatCount(d.areas, lang)}</td>
                  <td className="num">
                    <ShareCell meeting={d.installed.meeting} areas={d.areas} pct={d.installed.pct} />
                  </td>
                  <td className="num">
                    <ShareCell meeting={d.operational.meeting} areas={d.areas} pct={d.operational.pct} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">{t('coverage.districtHint')}</p>
        </section>
      </div>

      <section className="panel" aria-labelledby="areas-title">
        <div className="panel-head">
          <h2 id="areas-title">{t('coverage.areasTitle')}</h2>
          <div className="inline-field">
            <label htmlFor="area-district-filter">{t('coverage.filterDistrict')}</label>
            <select id="area-district-filter" value={district} onChange={(e) => chooseDistrict(e.target.value)}>
              <option value="">{t('coverage.allDistricts')}</option>
              {districts.map((d) => (
                <option key={d.district} value={d.district}>
                  {d.district}
                </option>
              ))}
            </select>
          </div>
        </div>
        {areasQuery.isPending ? (
          <p className="muted">{t('common:state.loading')}</p>
        ) : areasQuery.isError ? (
          <p className="form-error" role="alert">
            {t('common:state.error', { message: problemTitle(areasQuery.error, t) })}
          </p>
        ) : shown.length === 0 ? (
          <p className="muted">{t('common:state.empty')}</p>
        ) : (
          <div className="table-wide">
            <table id="area-table" className="sortable">
              <caption className="sr-only">{t('coverage.areasCaption')}</caption>
              <thead>
                <tr>
                  {SORT_KEYS.map((key) => (
                    <th key={key} scope="col" aria-sort={ariaSort(sort, key)} className={NUMERIC.has(key) ? 'num' : undefined}>
                      <button type="button" className="sort" onClick={() => setSort(toggleSort(sort, key))}>
                        {t(`columns.${key}`)}
                        <span aria-hidden="true" className="sort-mark">
                          {sort.key === key ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
                        </span>
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.map((a) => (
                  <tr key={a.areaCode} data-area={a.areaCode} data-meets-installed={a.meetsTarget.installed} data-meets-operational={a.meetsTarget.operational}>
                    <th scope="row">
                      <Link to={`/coverage/areas/${encodeURIComponent(a.areaCode)}`}>{a.name}</Link>
                      <span className="code">{a.areaCode}</span>
                    </th>
                    <td>{a.district}</td>
                    <td className="num">{formatCount(a.checkpoints, lang)}</td>
                    <PctCell figure={a.purposes.traffic} which="installed" />
                    <PctCell figure={a.purposes.traffic} which="operational" />
                    <PctCell figure={a.purposes.security} which="installed" />
                    <PctCell figure={a.purposes.security} which="operational" />
                    <td>
                      <MeetsBadges area={a} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="history-title">
        <div className="panel-head">
          <h2 id="history-title">{t('history.title')}</h2>
          <div className="inline-field">
            <label htmlFor="history-scope">{t('history.scope')}</label>
            <select
              id="history-scope"
              value={trendScope === 'province' ? 'province' : `${trendScope}:${trendKey}`}
              onChange={(e) => {
                const v = e.target.value;
                if (v === 'province') {
                  setHistoryScope('province');
                  setHistoryKey('');
                } else {
                  const i = v.indexOf(':');
                  setHistoryScope(v.slice(0, i) as CoverageScope);
                  setHistoryKey(v.slice(i + 1));
                }
              }}
            >
              {whole && <option value="province">{t('history.province')}</option>}
              <optgroup label={t('history.district')}>
                {districts.map((d) => (
                  <option key={d.district} value={`district:${d.district}`}>
                    {d.district}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t('history.area')}>
                {sortRows(items, (a) => a.name, 'asc', lang).map((a) => (
                  <option key={a.areaCode} value={`area:${a.areaCode}`}>
                    {a.name}
                  </option>
                ))}
              </optgroup>
            </select>
          </div>
        </div>
        <HistoryChart scope={trendScope} scopeKey={trendKey} target={trendScope === 'area' ? (byCode.get(trendKey)?.targetPct ?? 100) : 100} />
      </section>
    </div>
  );
}

function KpiCard({ id, title, figure, areas }: { id: string; title: string; figure: ProvinceCoverageDto['installed']; areas: number }) {
  const { t, i18n } = useTranslation('planner');
  const pct = figure.pct ?? 0;
  const missing = areas - figure.meeting;
  return (
    <div className="kpi-card" id={id} data-meeting={figure.meeting} data-areas={areas}>
      <h2 className="kpi-title">{title}</h2>
      <p className="kpi-value">
        <span data-kpi-pct>{formatPct(figure.pct, i18n.language)}</span>
        <span className="kpi-target">{t('coverage.kpiTarget', { target: formatPct(100, i18n.language, 0) })}</span>
      </p>
      <div className="bar" aria-hidden="true">
        <span className={pct >= 100 ? 'bar-fill done' : 'bar-fill'} style={{ width: `${Math.min(100, Math.max(0, pct))}%` }} />
      </div>
      <p>{t('coverage.kpiMeeting', { meeting: formatCount(figure.meeting, i18n.language), areas: formatCount(areas, i18n.language) })}</p>
      <p className={missing > 0 ? 'kpi-gap' : 'kpi-done'}>{missing > 0 ? t('coverage.kpiGap', { count: missing }) : t('coverage.kpiReached')}</p>
    </div>
  );
}

function ProvinceNotes({ kpi }: { kpi: ProvinceCoverageDto }) {
  const { t, i18n } = useTranslation('planner');
  const lang = i18n.language;
  const p = kpi.purposes;
  const pctOf = (covered: number, total: number) => (total > 0 ? formatPct((covered / total) * 100, lang) : '—');
  return (
    <div className="kpi-card kpi-notes">
      <h2 className="kpi-title">{t('coverage.checkpointsTitle')}</h2>
      <table className="compact">
        <FigureTableHead rowHeader={t('coverage.purpose')} figures={[t('coverage.checkpoints'), t('coverage.installedCol'), t('coverage.operationalCol')]} />
        <tbody>
          {(['traffic', 'security'] as const).map((purpose) => (
            <tr key={purpose}>
              <th scope="row">{t(`domain:purpose.${purpose}`)}</th>
              <td className="num">{formatCount(p[purpose].checkpoints, lang)}</td>
              <td className="num">{pctOf(p[purpose].installedCovered, p[purpose].checkpoints)}</td>
              <td className="num">{pctOf(p[purpose].operationalCovered, p[purpose].checkpoints)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{t('coverage.checkpointsNote')}</p>
      {kpi.unassessed > 0 && <p className="kpi-gap">{t('coverage.unassessed', { count: kpi.unassessed })}</p>}
      <p className="muted small">{t('coverage.computedAt', { time: formatDateTime(kpi.computedAt) })}</p>
    </div>
  );
}

function ShareCell({ meeting, areas, pct }: { meeting: number; areas: number; pct: number | null }) {
  const { i18n } = useTranslation('planner');
  return (
    <span className="share">
      <span>{formatPct(pct, i18n.language)}</span>
      <span className="muted small">
        {' '}
        ({meeting}/{areas})
      </span>
    </span>
  );
}

function PctCell({ figure, which }: { figure: AreaCoverageDto['purposes']['traffic']; which: CoverageMode }) {
  const { t, i18n } = useTranslation('planner');
  if (!figure.applicable) {
    return (
      <td className="num muted" title={t('coverage.notApplicable')}>
        <span aria-hidden="true">—</span>
        <span className="sr-only">{t('coverage.notApplicable')}</span>
      </td>
    );
  }
  const f = figure[which];
  return (
    <td className={`num ${f.meetsTarget ? 'pct-ok' : 'pct-short'}`}>
      {formatPct(f.pct, i18n.language)}
      <span className="muted small">
        {' '}
        {f.covered}/{figure.checkpoints}
      </span>
    </td>
  );
}

export function MeetsBadges({ area }: { area: AreaCoverageDto }) {
  const { t } = useTranslation('planner');
  if (!area.assessed) return <span className="badge verdict-unassessed">{t('legend.unassessed')}</span>;
  return (
    <span className="meets">
      {(['installed', 'operational'] as const).map((m) => (
        <span key={m} className={`badge ${area.meetsTarget[m] ? 'verdict-meets' : 'verdict-misses'}`} data-meets={m}>
          {t(`mode.short.${m}`)}: {area.meetsTarget[m] ? t('coverage.meetsYes') : t('coverage.meetsNo')}
        </span>
      ))}
    </span>
  );
}

export function ModeSwitch({ mode, onChange, name }: { mode: CoverageMode; onChange(mode: CoverageMode): void; name: string }) {
  const { t } = useTranslation('planner');
  return (
    <fieldset className="segmented" data-mode={mode} id={`${name}-switch`}>
      <legend>{t('mode.label')}</legend>
      {(['installed', 'operational'] as const).map((m) => (
        <label key={m} className={mode === m ? 'on' : undefined}>
          <input type="radio" name={name} value={m} checked={mode === m} onChange={() => onChange(m)} />
          {t(`mode.${m}`)}
        </label>
      ))}
    </fieldset>
  );
}

function AreaLegend() {
  const { t } = useTranslation('planner');
  return (
    <ul className="legend" aria-label={t('legend.title')}>
      {(['meets', 'misses', 'unassessed'] as const).map((v) => (
        <li key={v}>
          <span className="swatch" style={{ background: VERDICT_COLOUR[v] }} aria-hidden="true" />
          {t(`legend.${v}`)}
        </li>
      ))}
      <li className="muted">{t('legend.clickHint')}</li>
    </ul>
  );
}

function SnapshotButton() {
  const { t } = useTranslation('planner');
  const snapshot = useTakeSnapshot();
  return (
    <span className="download">
      <button type="button" data-action="take-snapshot" disabled={snapshot.isPending} onClick={() => snapshot.mutate()}>
        {snapshot.isPending ? t('coverage.snapshotBusy') : t('coverage.snapshot')}
      </button>
      {snapshot.isSuccess && (
        <span className="muted small" role="status">
          {t('coverage.snapshotDone', { day: snapshot.data.day.split('-').reverse().join('/'), areas: snapshot.data.areas })}
        </span>
      )}
      {snapshot.isError && (
        <span className="field-error" role="alert">
          {problemTitle(snapshot.error, t)}
        </span>
      )}
    </span>
  );
}
