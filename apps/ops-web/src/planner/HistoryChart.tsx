// The daily coverage trend of the province, a district or a key area (GET
// /api/v1/coverage/history): installed and operational coverage against the target line,
// over the last 30 days, 90 days or year. For an area the figure is the lower of its
// purposes; for a district or the province, the share of key areas meeting the target.
// The same figures are under the chart as a table, for screen readers and for reading off
// exact values.
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip, type ChartOptions } from 'chart.js';
import { Line } from 'react-chartjs-2';
import { problemTitle } from '../api/problem-text';
import { formatPct } from '../format/time';
import { historyFrom, historySeries, localToday } from './history';
import { useCoverageHistory } from './planner-data';
import type { CoverageScope } from './planner-types';

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Tooltip, Legend);

const RANGES = [30, 90, 365] as const;

export interface HistoryChartProps {
  scope: CoverageScope;
  /** District name or area code; ignored for the province. */
  scopeKey: string;
  /** The target line: the area's target, 100 for a district or the province. */
  target: number;
  /** Element id of the section, for tests and links. */
  id?: string;
}

/** Memoised: its props are plain values, and redrawing the chart on every parent render would be waste. */
export const HistoryChart = memo(function HistoryChart({ scope, scopeKey, target, id = 'coverage-history' }: HistoryChartProps) {
  const { t, i18n } = useTranslation('planner');
  const lang = i18n.language;
  const [days, setDays] = useState<(typeof RANGES)[number]>(30);
  const today = localToday();
  const from = historyFrom(today, days);
  const history = useCoverageHistory(scope, scopeKey, from);
  const points = history.data?.points ?? [];
  const series = historySeries(points, target, from, today);
  const share = scope !== 'area';

  const options: ChartOptions<'line'> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    scales: {
      y: {
        min: 0,
        max: 100,
        title: { display: true, text: share ? t('history.yShare') : t('history.yArea') },
        ticks: { callback: (v) => formatPct(Number(v), lang, 0) },
      },
    },
    plugins: {
      legend: { position: 'bottom', labels: { usePointStyle: true } },
      tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${formatPct(ctx.parsed.y, lang)}` } },
    },
  };

  const data = {
    labels: series.labels,
    datasets: [
      { label: t('history.installed'), data: series.installed, borderColor: '#0b4f8a', backgroundColor: '#0b4f8a', spanGaps: false, pointRadius: 3 },
      { label: t('history.operational'), data: series.operational, borderColor: '#1b7a3a', backgroundColor: '#1b7a3a', borderDash: [6, 3], spanGaps: false, pointRadius: 3, pointStyle: 'rectRot' as const },
      { label: t('history.target'), data: series.target, borderColor: '#b3261e', backgroundColor: '#b3261e', borderWidth: 1.5, pointRadius: 0, pointStyle: 'line' as const },
    ],
  };

  const state = history.isPending ? 'loading' : history.isError ? 'error' : points.length === 0 ? 'empty' : 'ready';
  return (
    <div className="history" id={id} data-state={state} data-points={points.length}>
      <div className="history-tools">
        <label htmlFor={`${id}-range`}>{t('history.range')}</label>
        <select id={`${id}-range`} value={days} onChange={(e) => setDays(Number(e.target.value) as (typeof RANGES)[number])}>
          {RANGES.map((d) => (
            <option key={d} value={d}>
              {t(`history.days${d}`)}
            </option>
          ))}
        </select>
      </div>
      {state === 'loading' && <p className="muted">{t('common:state.loading')}</p>}
      {state === 'error' && (
        <p className="form-error" role="alert">
          {t('common:state.error', { message: problemTitle(history.error, t) })}{' '}
          <button type="button" onClick={() => void history.refetch()}>
            {t('common:actions.retry')}
          </button>
        </p>
      )}
      {state === 'empty' && <p className="muted">{t('history.empty')}</p>}
      {state === 'ready' && (
        <>
          <div className="history-chart">
            <Line options={options} data={data} aria-label={t('history.chartLabel')} role="img" />
          </div>
          <details className="history-table">
            <summary>{t('history.asTable')}</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('history.day')}</th>
                  <th scope="col" className="num">
                    {t('history.installed')}
                  </th>
                  <th scope="col" className="num">
                    {t('history.operational')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {series.labels.map((label, i) =>
                  series.installed[i] == null && series.operational[i] == null ? null : (
                    <tr key={label}>
                      <td>{label}</td>
                      <td className="num">{formatPct(series.installed[i], lang)}</td>
                      <td className="num">{formatPct(series.operational[i], lang)}</td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </details>
        </>
      )}
    </div>
  );
});
