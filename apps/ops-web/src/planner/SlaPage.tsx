// /sla: what the maintenance contracts promise, for one month (the current one by
// default, counted up to now): device availability for the province and per district,
// key area, contractor or device (GET /api/v1/sla/availability) with the data coverage
// beside it, availability day by day with the days without data drawn as such
// (GET /api/v1/sla/daily; docs/availability.md), incident response
// compliance per severity (GET /api/v1/sla/response), and the monthly reports — made on
// demand by those allowed to (reports.make), listed, and downloaded as PDF, CSV (one file
// per table) and JSON with the user's token.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { DailyAvailabilityReportV1, Device, Severity } from '@ioc/contracts';
import { ApiError } from '../api/http';
import { problemTitle } from '../api/problem-text';
import { useCan, useHttp, useServices, useUser } from '../app/services';
import { fetchAllDevices, registerKeys, useAreas } from '../data/register';
import { useSlaPolicy } from '../incidents/incident-data';
import { currentMonth, formatCount, formatDateTime, formatPct } from '../format/time';
import { DownloadButton } from './DownloadButton';
import { plannerKeys, useAvailability, useReports, useResponse } from './planner-data';
import type { AvailabilityRowDto, AvailabilityScope, ComplianceDto, ReportInfoDto } from './planner-types';
import { isReportReady, monthsUpTo, reportDownloads, sortReports } from './reports';
import { complianceShort, dayMonth, formatHours, monthParts, targetDuration, toPct } from './sla-view';
import { ariaSort, sortRows, toggleSort, type SortState } from './sort';
import './planner.css';
import { FigureTableHead } from './FigureTableHead';

const SCOPES: AvailabilityScope[] = ['district', 'area', 'contractor', 'device'];
/** A user responsible for part of the province gets availability per area and device only (the API refuses the rest). */
const PART_SCOPES: AvailabilityScope[] = ['area', 'device'];
const MONTHS_BACK = 24;

export function SlaPage() {
  const { t } = useTranslation('planner');
  const http = useHttp();
  const thisMonth = currentMonth();
  const [month, setMonth] = useState(thisMonth);
  const months = monthsUpTo(thisMonth, MONTHS_BACK);
  const label = (m: string) => t('sla.monthOption', monthParts(m));

  return (
    <div className="planner-page" id="sla-page">
      <header className="planner-head">
        <div>
          <h1>{t('sla.title')}</h1>
          <p className="muted">{t('sla.subtitle')}</p>
        </div>
        <div className="planner-head-tools inline-field">
          <label htmlFor="sla-month">{t('sla.month')}</label>
          <select id="sla-month" value={month} onChange={(e) => setMonth(e.target.value)}>
            {months.map((m) => (
              <option key={m} value={m}>
                {label(m)}
                {m === thisMonth ? ` (${t('sla.inProgress')})` : ''}
              </option>
            ))}
          </select>
          <DownloadButton
            label={t('sla.downloadXlsx')}
            action="download-sla-xlsx"
            fileName={`sla-${month}-bang-so-lieu.xlsx`}
            fetchBlob={() => http.blob('/api/v1/sla/export.xlsx', { month })}
          />
        </div>
      </header>
      {month === thisMonth && <p className="notice small">{t('sla.currentMonthNote')}</p>}
      <Availability month={month} />
      <DailyAvailability month={month} />
      <ResponseCompliance month={month} />
      <Reports month={month} monthLabel={label(month)} />
    </div>
  );
}

// ── availability ───────────────────────────────────────────────────────────────────────

type AvailSortKey = 'name' | 'devices' | 'eligible' | 'available' | 'availability' | 'coverage';

function Availability({ month }: { month: string }) {
  const { t, i18n } = useTranslation('planner');
  const lang = i18n.language;
  const whole = useUser()?.scope.all ?? false;
  const scopes = whole ? SCOPES : PART_SCOPES;
  const [scope, setScope] = useState<AvailabilityScope>(scopes[0]);
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<SortState<AvailSortKey>>({ key: 'availability', dir: 'asc' });
  const province = useAvailability(month, 'province', whole);
  const rows = useAvailability(month, scope);
  const areas = useAreas();
  const http = useHttp();
  const devices = useQuery({ queryKey: registerKeys.devices, queryFn: () => fetchAllDevices(http), staleTime: 60_000, enabled: scope === 'device' });

  const areaByCode = new Map((areas.data ?? []).map((a) => [a.code, a]));
  const deviceById = new Map<string, Device>((devices.data ?? []).map((d) => [d.id, d]));
  const nameOf = (row: AvailabilityRowDto): string => {
    if (scope === 'area') return areaByCode.get(row.key)?.name ?? row.key;
    if (scope === 'device') return deviceById.get(row.key)?.name ?? row.key;
    return row.key;
  };
  const placeOf = (row: AvailabilityRowDto): string | undefined => {
    if (scope === 'area') return areaByCode.get(row.key)?.district;
    if (scope === 'device') {
      const d = deviceById.get(row.key);
      return d ? (areaByCode.get(d.areaCode)?.name ?? d.areaCode) : undefined;
    }
    return undefined;
  };
  const needle = filter.trim().toLocaleLowerCase(lang);
  const items = (rows.data?.items ?? []).filter((r) => !needle || `${r.key} ${nameOf(r)} ${placeOf(r) ?? ''}`.toLocaleLowerCase(lang).includes(needle));
  const value = (r: AvailabilityRowDto) => {
    switch (sort.key) {
      case 'name':
        return nameOf(r);
      case 'devices':
        return r.devices;
      case 'eligible':
        return r.eligibleMs;
      case 'available':
        return r.availableMs;
      case 'availability':
        return r.availability;
      case 'coverage':
        return r.dataCoveragePct;
    }
  };
  const sorted = sortRows(items, value, sort.dir, lang, (r) => r.key);
  const noDataDetail = (r: AvailabilityRowDto) =>
    t('sla.dataCoverageDetail', {
      hours: formatHours(r.noDataMs, lang),
      platform: formatHours(r.noData.platformNotMonitoringMs, lang),
      first: formatHours(r.noData.beforeFirstHeardMs, lang),
    });
  const p = province.data?.items[0];
  const hasPlace = scope === 'area' || scope === 'device';

  const header = (key: AvailSortKey, text: string, numeric = true) => (
    <th scope="col" aria-sort={ariaSort(sort, key)} className={numeric ? 'num' : undefined}>
      <button type="button" className="sort" onClick={() => setSort(toggleSort(sort, key))}>
        {text}
        <span aria-hidden="true" className="sort-mark">
          {sort.key === key ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );

  return (
    <section className="panel" aria-labelledby="availability-title" id="sla-availability">
      <div className="panel-head">
        <h2 id="availability-title">{t('sla.availabilityTitle')}</h2>
        {rows.data && <span className="muted small">{t('sla.period', { from: formatDateTime(rows.data.from), to: formatDateTime(rows.data.to) })}</span>}
      </div>
      <div className="kpi-row">
        {whole && (
          <div className="kpi-card" id="sla-province" data-availability={p?.availability ?? ''}>
            <h3 className="kpi-title">{t('sla.province')}</h3>
            {province.isPending ? (
              <p className="muted">{t('common:state.loading')}</p>
            ) : province.isError ? (
              <p className="form-error" role="alert">
                {problemTitle(province.error, t)}
              </p>
            ) : (
              <>
                <p className="kpi-value">
                  <span>{formatPct(toPct(p?.availability), lang, 2)}</span>
                </p>
                <p className="muted small">
                  {t('sla.provinceDetail', {
                    devices: formatCount(p?.devices ?? 0, lang),
                    available: formatHours(p?.availableMs ?? 0, lang),
                    eligible: formatHours(p?.eligibleMs ?? 0, lang),
                  })}
                </p>
                <p id="sla-province-coverage" data-coverage={p?.dataCoveragePct ?? ''}>
                  {t('sla.dataCoverage')}: <strong>{formatPct(p?.dataCoveragePct, lang, 2)}</strong>
                </p>
                {p && p.noDataMs > 0 && <p className="muted small">{noDataDetail(p)}</p>}
              </>
            )}
          </div>
        )}
        <p className="muted small sla-rule">{t('sla.availabilityRule')}</p>
      </div>

      <div className="toolbar">
        <fieldset className="segmented" id="availability-scope" data-scope={scope}>
          <legend>{t('sla.scopeLabel')}</legend>
          {scopes.map((s) => (
            <label key={s} className={scope === s ? 'on' : undefined}>
              <input type="radio" name="availability-scope" value={s} checked={scope === s} onChange={() => setScope(s)} />
              {t(`sla.scope.${s}`)}
            </label>
          ))}
        </fieldset>
        <div className="inline-field">
          <label htmlFor="availability-filter">{t('sla.filter')}</label>
          <input id="availability-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
      </div>

      {rows.isPending ? (
        <p className="muted">{t('common:state.loading')}</p>
      ) : rows.isError ? (
        <p className="form-error" role="alert">
          {t('common:state.error', { message: problemTitle(rows.error, t) })}{' '}
          <button type="button" onClick={() => void rows.refetch()}>
            {t('common:actions.retry')}
          </button>
        </p>
      ) : sorted.length === 0 ? (
        <p className="muted">{t('common:state.empty')}</p>
      ) : (
        <div className="table-scroll tall">
          <table id="availability-table" className="sortable" data-scope={scope}>
            <thead>
              <tr>
                {header('name', t(`sla.scope.${scope}`), false)}
                {hasPlace && <th scope="col">{scope === 'area' ? t('columns.district') : t('sla.area')}</th>}
                {scope !== 'device' && header('devices', t('sla.devices'))}
                {header('eligible', t('sla.eligibleHours'))}
                {header('available', t('sla.availableHours'))}
                {header('availability', t('sla.availability'))}
                {header('coverage', t('sla.dataCoverage'))}
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => (
                <tr key={r.key} data-key={r.key}>
                  <th scope="row">
                    {nameOf(r)}
                    {nameOf(r) !== r.key && <span className="code">{r.key}</span>}
                  </th>
                  {hasPlace && <td>{placeOf(r) ?? '—'}</td>}
                  {scope !== 'device' && <td className="num">{formatCount(r.devices, lang)}</td>}
                  <td className="num">{formatHours(r.eligibleMs, lang)}</td>
                  <td className="num">{formatHours(r.availableMs, lang)}</td>
                  <td className="num strong">{r.availability == null ? <span title={t('sla.noEligible')}>—</span> : formatPct(toPct(r.availability), lang, 2)}</td>
                  <td className="num" data-coverage={r.dataCoveragePct ?? ''} title={r.noDataMs > 0 ? noDataDetail(r) : undefined}>
                    {formatPct(r.dataCoveragePct, lang, 2)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// ── availability per day ───────────────────────────────────────────────────────────────

type DailyReportDto = z.infer<typeof DailyAvailabilityReportV1>;

function DailyAvailability({ month }: { month: string }) {
  const { t, i18n } = useTranslation('planner');
  const lang = i18n.language;
  const { http } = useServices();
  const daily = useQuery({
    queryKey: ['planner', 'sla-daily', month],
    queryFn: () => http.get<DailyReportDto>('/api/v1/sla/daily', { month }),
    staleTime: 60_000,
  });
  return (
    <section className="panel" aria-labelledby="daily-title" id="sla-daily">
      <div className="panel-head">
        <h2 id="daily-title">{t('sla.dailyTitle')}</h2>
        <span className="muted small sla-daily-legend">
          <span className="sla-day-swatch no-data" aria-hidden="true" /> {t('sla.dailyLegendNoData')}
        </span>
      </div>
      {daily.isPending ? (
        <p className="muted">{t('common:state.loading')}</p>
      ) : daily.isError ? (
        <p className="form-error" role="alert">
          {t('common:state.error', { message: problemTitle(daily.error, t) })}
        </p>
      ) : (
        <ol className="sla-daily" aria-label={t('sla.dailyTitle')}>
          {daily.data.days.map((d) => {
            const label = dayMonth(d.day);
            if (d.availability == null) {
              return (
                <li key={d.day} data-day={d.day} data-state="no-data" title={t('sla.dailyDay', { day: label, value: t('sla.noData') })}>
                  <span className="sla-day-bar no-data">
                    <span className="sla-day-text">{t('sla.noData')}</span>
                  </span>
                  <span className="sla-day-label">{label}</span>
                </li>
              );
            }
            const value = formatPct(toPct(d.availability), lang, 2);
            const coverage = formatPct(d.dataCoveragePct, lang, 0);
            return (
              <li key={d.day} data-day={d.day} data-state="data" data-availability={d.availability} title={t('sla.dailyDayCoverage', { day: label, value, coverage })}>
                <span className="sla-day-bar">
                  <span className="sla-day-fill" style={{ height: `${Math.max(2, d.availability * 100)}%` }} />
                </span>
                <span className="sla-day-label">{label}</span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

// ── response ───────────────────────────────────────────────────────────────────────────

function ClockCell({ clock, targetMs }: { clock: ComplianceDto; targetMs?: number | null }) {
  const { t, i18n } = useTranslation('planner');
  const target = targetMs === undefined ? undefined : targetDuration(targetMs);
  return (
    <td className={`num ${complianceShort(clock) ? 'pct-short' : ''}`}>
      <span className="strong">{clock.compliance == null ? '—' : formatPct(toPct(clock.compliance), i18n.language)}</span>
      {targetMs !== undefined && <span className="muted small block">{target ? t('sla.target', { target: t(`sla.unit.${target.unit}`, { value: target.value }) }) : t('sla.noTarget')}</span>}
      <span className="muted small block">{t('sla.clockDetail', { compliant: clock.compliant, breached: clock.breached, pending: clock.pending })}</span>
    </td>
  );
}

function ResponseCompliance({ month }: { month: string }) {
  const { t, i18n } = useTranslation('planner');
  const response = useResponse(month);
  const policy = useSlaPolicy();
  const areas = useAreas();
  const areaName = new Map((areas.data ?? []).map((a) => [a.code, a.name]));
  const byArea = sortRows(response.data?.byArea ?? [], (a) => a.acknowledge.compliance, 'asc', i18n.language, (a) => a.areaCode);
  return (
    <section className="panel" aria-labelledby="response-title" id="sla-response">
      <div className="panel-head">
        <h2 id="response-title">{t('sla.responseTitle')}</h2>
      </div>
      <p className="muted small">{t('sla.responseRule')}</p>
      {response.isPending ? (
        <p className="muted">{t('common:state.loading')}</p>
      ) : response.isError ? (
        <p className="form-error" role="alert">
          {t('common:state.error', { message: problemTitle(response.error, t) })}{' '}
          <button type="button" onClick={() => void response.refetch()}>
            {t('common:actions.retry')}
          </button>
        </p>
      ) : (
        <>
          <table id="response-table">
            <FigureTableHead rowHeader={t('sla.severity')} figures={[t('sla.incidents'), t('sla.acknowledge'), t('sla.resolve')]} />
            <tbody>
              {response.data.bySeverity.map((s) => (
                <tr key={s.severity} data-severity={s.severity}>
                  <th scope="row">
                    <span className={`badge sev-${s.severity as Severity}`}>{t(`domain:severity.${s.severity}`)}</span>
                  </th>
                  <td className="num">{formatCount(s.incidents, i18n.language)}</td>
                  <ClockCell clock={s.acknowledge} targetMs={policy ? policy.targets[s.severity].acknowledgeMs : undefined} />
                  <ClockCell clock={s.resolve} targetMs={policy ? policy.targets[s.severity].resolveMs : undefined} />
                </tr>
              ))}
            </tbody>
          </table>
          {response.data.bySeverity.length === 0 && <p className="muted">{t('sla.noSeverityRows')}</p>}
          {byArea.length > 0 && (
            <details className="by-area">
              <summary>{t('sla.byArea', { count: byArea.length })}</summary>
              <div className="table-scroll">
                <table className="compact">
                  <FigureTableHead rowHeader={t('columns.name')} figures={[t('sla.incidents'), t('sla.acknowledge'), t('sla.resolve')]} />
                  <tbody>
                    {byArea.map((a) => (
                      <tr key={a.areaCode}>
                        <th scope="row">
                          {areaName.get(a.areaCode) ?? a.areaCode}
                          <span className="code">{a.areaCode}</span>
                        </th>
                        <td className="num">{formatCount(a.incidents, i18n.language)}</td>
                        <ClockCell clock={a.acknowledge} />
                        <ClockCell clock={a.resolve} />
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          )}
        </>
      )}
    </section>
  );
}

// ── reports ────────────────────────────────────────────────────────────────────────────

/** A report is polled for this long after the request before the page gives up waiting. */
const REPORT_WAIT_MS = 180_000;
const POLL_MS = 2_000;

interface Making {
  month: string;
  before: ReportInfoDto | undefined;
  startedAt: number;
}

function Reports({ month, monthLabel }: { month: string; monthLabel: string }) {
  const { t } = useTranslation('planner');
  const { http } = useServices();
  const client = useQueryClient();
  const canMake = useCan('reports.make');
  const [making, setMaking] = useState<Making | null>(null);
  const [outcome, setOutcome] = useState<{ state: 'done' | 'failed'; month: string; message?: string } | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const reports = useReports(making ? POLL_MS : false);
  const current = useRef<Making | null>(null);
  current.current = making;

  const finish = useCallback((state: 'done' | 'failed', m: string, message?: string) => {
    setMaking(null);
    setOutcome({ state, month: m, message });
  }, []);

  // Ready once the list shows a report of the month newer than the one before the request.
  useEffect(() => {
    if (making && isReportReady(making.month, making.before, reports.data)) finish('done', making.month);
  }, [making, reports.data, finish]);

  useEffect(() => {
    if (!making) return;
    const timer = setInterval(() => {
      const s = Math.floor((Date.now() - making.startedAt) / 1000);
      setElapsed(s);
      if (s * 1000 > REPORT_WAIT_MS) finish('failed', making.month, t('reports.tooLong'));
    }, 1000);
    return () => clearInterval(timer);
  }, [making, t, finish]);

  const make = async () => {
    const before = reports.data?.find((r) => r.month === month);
    const job: Making = { month, before, startedAt: Date.now() };
    setOutcome(null);
    setElapsed(0);
    setMaking(job);
    try {
      await http.post<ReportInfoDto>('/api/v1/reports', { month });
      await client.invalidateQueries({ queryKey: plannerKeys.reports });
    } catch (err) {
      // A gateway timeout while the service still works on it: keep polling the list.
      if (err instanceof ApiError && err.status >= 500) return;
      if (current.current === job) finish('failed', month, problemTitle(err, t));
    }
  };

  const list = sortReports(reports.data ?? []);
  const progressState = making ? 'running' : (outcome?.state ?? 'idle');
  return (
    <section className="panel" aria-labelledby="reports-title" id="sla-reports">
      <div className="panel-head">
        <h2 id="reports-title">{t('reports.title')}</h2>
        {canMake && (
          <button type="button" className="primary" data-action="make-report" onClick={() => void make()} disabled={!!making}>
            {t('reports.make', { month: monthLabel })}
          </button>
        )}
      </div>
      <p className="muted small">{t('reports.intro')}</p>
      <div id="report-progress" role="status" aria-live="polite" data-state={progressState} data-month={making?.month ?? outcome?.month ?? ''}>
        {making && (
          <div className="progress">
            <progress aria-label={t('reports.making', { month: monthLabel })} />
            <span>{t('reports.makingElapsed', { month: t('sla.monthOption', monthParts(making.month)), seconds: elapsed })}</span>
          </div>
        )}
        {!making && outcome?.state === 'done' && <p className="kpi-done">{t('reports.done', { month: t('sla.monthOption', monthParts(outcome.month)) })}</p>}
        {!making && outcome?.state === 'failed' && (
          <p className="form-error" role="alert">
            {t('reports.failed', { message: outcome.message ?? '' })}
          </p>
        )}
      </div>
      {reports.isPending ? (
        <p className="muted">{t('common:state.loading')}</p>
      ) : reports.isError ? (
        <p className="form-error" role="alert">
          {t('common:state.error', { message: problemTitle(reports.error, t) })}
        </p>
      ) : list.length === 0 ? (
        <p className="muted">{t('reports.none')}</p>
      ) : (
        <table id="report-list">
          <thead>
            <tr>
              <th scope="col">{t('sla.month')}</th>
              <th scope="col">{t('reports.generatedAt')}</th>
              <th scope="col">{t('reports.downloads')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.month} data-report={r.month} className={r.month === month ? 'selected' : undefined}>
                <th scope="row">{t('sla.monthOption', monthParts(r.month))}</th>
                <td>{formatDateTime(r.generatedAt)}</td>
                <td>
                  <div className="downloads">
                    {reportDownloads(r).map((d) => {
                      const name = d.format === 'csv' ? t(`reports.csv.${d.file}`) : t(`reports.format.${d.format}`);
                      return (
                        <DownloadButton
                          key={d.fileName}
                          label={name}
                          ariaLabel={t('reports.downloadLabel', { file: name, month: t('sla.monthOption', monthParts(r.month)) })}
                          action={d.format === 'csv' ? `download-csv-${d.file}` : `download-${d.format}`}
                          fileName={d.fileName}
                          fetchBlob={() => http.blob(d.path, d.query)}
                        />
                      );
                    })}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
