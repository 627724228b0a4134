// The province at a glance, in the header of every screen (readable on a video wall):
// devices online / degraded / offline and standing incidents by severity (live, from /ops),
// the coverage KPI against the 100% target (GET /api/v1/coverage, asked again after
// coverage.updated pushes, at most every few seconds) and this month's availability
// (GET /api/v1/sla/availability). Each figure links to its list when the user's role may
// open it (the same permissions as the navigation).
import { useEffect, useRef, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Permission } from '@ioc/access';
import type { AvailabilityReportV1, ProvinceCoverageDto } from '@ioc/contracts';
import type { z } from 'zod';
import { problemTitle } from '../api/problem-text';
import { useCan, useHttp, useLive, useUser } from '../app/services';
import { currentMonth, formatCount, formatPct } from '../format/time';
import { coverageSignal, refetchDelay, rolledAvailability } from './overview';
import './overview.css';

type AvailabilityReport = z.infer<typeof AvailabilityReportV1>;

const COVERAGE_MIN_INTERVAL_MS = 5_000;

export function OverviewStrip() {
  const { t, i18n } = useTranslation('overview');
  const lang = i18n.language;
  const live = useLive();
  const isLive = live?.connection === 'live';
  const state = live?.state;
  const synced = live?.liveSince != null;
  const devices = state && synced ? state.deviceCounts() : null;
  const incidents = state && synced ? state.incidentCounts() : null;
  const count = (n: number | undefined) => (n === undefined ? '—' : formatCount(n, lang));

  return (
    <div id="overview" className="overview" role="region" aria-label={t('label')}>
      <Group title={t('devices')} live className="ov-devices">
        <Figure kpi="devices-online" tone="online" value={count(devices?.online)} label={t('online')} to="/devices?status=online" permission="register.read" title={t('deviceTitle', { count: devices?.online ?? 0, status: t('online') })} />
        <Figure kpi="devices-degraded" tone="degraded" value={count(devices?.degraded)} label={t('degraded')} to="/devices?status=degraded" permission="register.read" title={t('deviceTitle', { count: devices?.degraded ?? 0, status: t('degraded') })} />
        <Figure kpi="devices-offline" tone="offline" value={count(devices?.offline)} label={t('offline')} to="/devices?status=offline" permission="register.read" title={t('deviceTitle', { count: devices?.offline ?? 0, status: t('offline') })} />
      </Group>
      <Group title={t('incidents')} live className="ov-incidents">
        {(['critical', 'major', 'minor'] as const).map((severity) => (
          <Figure
            key={severity}
            kpi={`incidents-${severity}`}
            tone={severity}
            value={count(incidents?.[severity])}
            label={t(severity)}
            to={`/ops?severity=${severity}`}
            permission="ops.watch"
            title={t('incidentTitle', { count: incidents?.[severity] ?? 0, severity: t(severity) })}
            emphasis={severity === 'critical' && (incidents?.critical ?? 0) > 0}
          />
        ))}
      </Group>
      <CoverageFigures />
      <AvailabilityFigure />
      {!isLive && <span className="sr-only">{t('notLive')}</span>}
    </div>
  );
}

function Group({ title, live, className, children }: { title: string; live?: boolean; className: string; children: ReactNode }) {
  return (
    <div className={`ov-group ${className} ${live ? 'live-only' : ''}`} role="group" aria-label={title}>
      <span className="ov-title" aria-hidden="true">
        {title}
      </span>
      <div className="ov-figures">{children}</div>
    </div>
  );
}

interface FigureProps {
  kpi: string;
  value: string;
  label: string;
  tone: string;
  to: string;
  permission: Permission;
  title: string;
  emphasis?: boolean;
}

/** One number with its word; a link to its list when the user may open that list. */
function Figure({ kpi, value, label, tone, to, permission, title, emphasis }: FigureProps) {
  const allowed = useCan(permission);
  const body = (
    <>
      <span className="ov-num">{value}</span>
      <span className="ov-label">{label}</span>
    </>
  );
  const className = `ov-fig ov-${tone} ${emphasis ? 'ov-emphasis' : ''}`;
  return allowed ? (
    <Link to={to} className={className} data-kpi={kpi} title={title}>
      {body}
    </Link>
  ) : (
    <span className={className} data-kpi={kpi} title={title}>
      {body}
    </span>
  );
}

function CoverageFigures() {
  const { t, i18n } = useTranslation('overview');
  const http = useHttp();
  const live = useLive();
  const query = useQuery({
    queryKey: ['coverage', 'province'],
    queryFn: ({ signal }) => http.get<ProvinceCoverageDto>('/api/v1/coverage', undefined, signal),
    staleTime: 60_000,
    refetchInterval: 5 * 60_000,
  });
  const { refetch, dataUpdatedAt } = query;

  // coverage.updated pushes: ask again, at most every COVERAGE_MIN_INTERVAL_MS.
  const signal = live ? coverageSignal(live.state.coverage.values()) : '';
  const handled = useRef(signal);
  const latest = useRef(signal);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    latest.current = signal;
    // Pushes arriving while a refetch waits are covered by it.
    if (signal === handled.current || timer.current) return;
    timer.current = setTimeout(
      () => {
        timer.current = undefined;
        handled.current = latest.current;
        void refetch();
      },
      refetchDelay(dataUpdatedAt, Date.now(), COVERAGE_MIN_INTERVAL_MS),
    );
  }, [signal, refetch, dataUpdatedAt]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const data = query.data;
  const figure = (kind: 'installed' | 'operational') => {
    const kpi = data?.[kind];
    const pct = kpi?.pct ?? null;
    const value = query.isError && !data ? '—' : formatPct(pct, i18n.language);
    const title = data && kpi ? t('coverageTitle', { meeting: kpi.meeting, areas: data.areas, kind: t(kind) }) : query.isError ? t('loadFailed', { message: problemTitle(query.error, t) }) : t('noFigure');
    return <Figure kpi={`coverage-${kind}`} tone={pct === null ? 'none' : pct >= 100 ? 'online' : 'degraded'} value={value} label={t(kind)} to="/coverage" permission="coverage.read" title={title} />;
  };
  return (
    <Group title={t('coverage')} className="ov-coverage">
      {figure('installed')}
      {figure('operational')}
    </Group>
  );
}

function AvailabilityFigure() {
  const { t, i18n } = useTranslation('overview');
  const http = useHttp();
  const user = useUser();
  const month = currentMonth();
  // A province figure needs a scope of all areas; a scoped user gets their areas rolled up.
  const scope = user?.scope.all ? 'province' : 'area';
  const query = useQuery({
    queryKey: ['sla', 'availability', month, scope],
    queryFn: ({ signal }) => http.get<AvailabilityReport>('/api/v1/sla/availability', { month, scope }, signal),
    staleTime: 60_000,
    refetchInterval: 5 * 60_000,
  });
  const value = query.data ? rolledAvailability(query.data.items) : null;
  const [y, m] = month.split('-');
  const monthLabel = `${m}/${y}`;
  const title = query.isError ? t('loadFailed', { message: problemTitle(query.error, t) }) : value === null ? t('noFigure') : t('availabilityTitle', { month: monthLabel });
  return (
    <Group title={t('availability', { month: monthLabel })} className="ov-availability">
      <Figure kpi="availability" tone={value === null ? 'none' : 'plain'} value={formatPct(value === null ? null : value * 100, i18n.language)} label="" to="/sla" permission="register.read" title={title} />
    </Group>
  );
}
