// `/devices`: every device in the user's scope with its live status, last message,
// availability this month and open incidents; filtered by key area, gateway, type and
// status, sorted by any column, 100 rows a page (5,000 devices never become 5,000 rows).
// The filters, sort and page live in the URL, so `/devices?status=offline` opens filtered.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { DEVICE_STATUSES, type DeviceStatus } from '@ioc/contracts';
import { problemTitle } from '../api/problem-text';
import { useCan } from '../app/services';
import { useAreas } from '../data/register';
import { currentMonth, formatCount, formatDateTime, formatPct } from '../format/time';
import { buildRows, filterRows, listQueryString, pageOf, parseListQuery, sortRows, TYPE_FILTERS, type DeviceFilters, type ListQuery, type SortKey, type TypeFilter } from './device-list';
import { useDeviceAvailability, useDevicesRefreshed, useGateways } from './queries';
import { useLiveDevices } from './use-live-devices';
import './devices.css';

const COLUMNS: { key: SortKey; num?: boolean }[] = [
  { key: 'id' },
  { key: 'name' },
  { key: 'area' },
  { key: 'gateway' },
  { key: 'type' },
  { key: 'status' },
  { key: 'lastSeen' },
  { key: 'availability', num: true },
  { key: 'incidents', num: true },
];

export function DeviceListPage() {
  const { t, i18n } = useTranslation('devices');
  const lang = i18n.language;
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseListQuery(params), [params]);
  const canWrite = useCan('register.write');
  const devices = useDevicesRefreshed();
  const areas = useAreas();
  const gateways = useGateways();
  const availability = useDeviceAvailability();
  // Re-sorting thousands of rows twice a second is plenty for a list; the device page is immediate.
  const live = useLiveDevices(500);

  const rows = useMemo(
    () => buildRows(devices.data ?? [], live.statuses, availability.data ?? new Map(), live.incidents),
    [devices.data, live, availability.data],
  );
  const filtered = useMemo(() => sortRows(filterRows(rows, query.filters), query.sort), [rows, query.filters, query.sort]);
  const page = pageOf(filtered, query.page);

  const go = (next: ListQuery, replace = false) => setParams(new URLSearchParams(listQueryString(next).slice(1)), { replace });
  const setFilter = (patch: Partial<DeviceFilters>, replace = false) => {
    const filters = { ...query.filters, ...patch };
    for (const k of Object.keys(filters) as (keyof DeviceFilters)[]) if (!filters[k]) delete filters[k];
    // A gateway belongs to one area: changing the area drops a gateway of another.
    if (patch.area !== undefined && filters.gateway && !gateways.data?.some((g) => g.id === filters.gateway && (!filters.area || g.areaCode === filters.area))) delete filters.gateway;
    go({ ...query, filters, page: 1 }, replace);
  };
  const sortBy = (key: SortKey) => go({ ...query, sort: { key, dir: query.sort.key === key && query.sort.dir === 'asc' ? 'desc' : 'asc' }, page: 1 });
  const toPage = (n: number) => go({ ...query, page: n });

  // The search box is typed into freely; the URL follows it, and it follows the URL (back, clear).
  const urlQ = query.filters.q ?? '';
  const [q, setQ] = useState(urlQ);
  useEffect(() => setQ((typed) => (typed.trim() === urlQ ? typed : urlQ)), [urlQ]);

  const areaName = useMemo(() => new Map((areas.data ?? []).map((a) => [a.code, a.name])), [areas.data]);
  const gatewayOptions = (gateways.data ?? []).filter((g) => !query.filters.area || g.areaCode === query.filters.area);
  const filtering = Object.keys(query.filters).length > 0;
  const colLabel = (key: SortKey) => t(`list.col.${key}`);

  let body: ReactNode;
  if (devices.isPending) body = <p className="page-message">{t('common:state.loading')}</p>;
  else if (devices.isError)
    body = (
      <p className="page-message" role="alert">
        {t('common:state.error', { message: problemTitle(devices.error, t) })}{' '}
        <button type="button" onClick={() => void devices.refetch()}>
          {t('common:actions.retry')}
        </button>
      </p>
    );
  else if (rows.length === 0) body = <p className="page-message">{t('list.none')}</p>;
  else if (filtered.length === 0) body = <p className="page-message" data-testid="no-match">{t('list.noneMatch')}</p>;
  else
    body = (
      <div className="dev-table-wrap">
        <table className="dev-table" data-testid="device-table">
          <caption className="sr-only">{t('list.caption', { column: colLabel(query.sort.key), dir: t(`list.${query.sort.dir}`) })}</caption>
          <thead>
            <tr>
              {COLUMNS.map((c) => {
                const active = query.sort.key === c.key;
                return (
                  <th key={c.key} scope="col" className={c.num ? 'num' : undefined} aria-sort={active ? (query.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                    <button type="button" className="dev-sort" onClick={() => sortBy(c.key)} aria-label={t('list.sortBy', { column: colLabel(c.key) })} data-sort={c.key}>
                      {colLabel(c.key)}
                      <span className="dev-sort-mark" aria-hidden="true">
                        {active ? (query.sort.dir === 'asc' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {page.items.map((r) => {
              const d = r.device;
              return (
                <tr key={d.id} data-device-id={d.id} data-status={r.status}>
                  <td className="dev-id">
                    <Link to={`/devices/${encodeURIComponent(d.id)}`}>{d.id}</Link>
                  </td>
                  <td>{d.name}</td>
                  <td title={areaName.get(d.areaCode)}>{d.areaCode}</td>
                  <td className="dev-nowrap">{d.gatewayId}</td>
                  <td>{d.kind === 'camera' ? t(`domain:cameraType.${d.cameraType ?? 'fixed'}`) : t('domain:deviceKind.traffic_sensor')}</td>
                  <td className="live-only">
                    <span className={`badge status-${r.status}`}>{t(`domain:deviceStatus.${r.status}`)}</span>
                    {r.statusSince && <span className="dev-since">{t('list.since', { time: formatDateTime(r.statusSince) })}</span>}
                  </td>
                  <td className="dev-nowrap">{r.lastSeenAt ? formatDateTime(r.lastSeenAt) : <span className="dev-muted">{t('list.never')}</span>}</td>
                  <td className="num">{formatPct(r.availability === null ? null : r.availability * 100, lang)}</td>
                  <td className="num live-only">{r.openIncidents > 0 ? <strong className="dev-incidents">{formatCount(r.openIncidents, lang)}</strong> : '0'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    );

  return (
    <div className="dev-page dev-list-page">
      <header className="dev-head">
        <h1>{t('list.title')}</h1>
        {canWrite && (
          <Link className="button primary" to="/devices/new" id="register-device">
            + {t('list.register')}
          </Link>
        )}
      </header>

      <form className="dev-filters" role="search" aria-label={t('list.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="f-area">{t('list.area')}</label>
          <select id="f-area" value={query.filters.area ?? ''} onChange={(e) => setFilter({ area: e.target.value })}>
            <option value="">{t('list.all')}</option>
            {(areas.data ?? []).map((a) => (
              <option key={a.code} value={a.code}>
                {a.code} — {a.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-gateway">{t('list.gateway')}</label>
          <select id="f-gateway" value={query.filters.gateway ?? ''} onChange={(e) => setFilter({ gateway: e.target.value })}>
            <option value="">{t('list.all')}</option>
            {gatewayOptions.map((g) => (
              <option key={g.id} value={g.id}>
                {g.id}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-type">{t('list.type')}</label>
          <select id="f-type" value={query.filters.type ?? ''} onChange={(e) => setFilter({ type: (e.target.value || undefined) as TypeFilter | undefined })}>
            <option value="">{t('list.all')}</option>
            {TYPE_FILTERS.map((f) => (
              <option key={f} value={f}>
                {f === 'camera' ? t('list.allCameras') : f === 'traffic_sensor' ? t('domain:deviceKind.traffic_sensor') : `${t('kind.camera')} ${t(`domain:cameraType.${f.slice('camera:'.length)}`)}`}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-status">{t('list.status')}</label>
          <select id="f-status" value={query.filters.status ?? ''} onChange={(e) => setFilter({ status: (e.target.value || undefined) as DeviceStatus | undefined })}>
            <option value="">{t('list.all')}</option>
            {DEVICE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`domain:deviceStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field dev-search">
          <label htmlFor="f-q">{t('list.search')}</label>
          <input
            id="f-q"
            type="search"
            value={q}
            placeholder={t('list.searchPlaceholder')}
            onChange={(e) => {
              setQ(e.target.value);
              setFilter({ q: e.target.value.trim() || undefined }, true);
            }}
          />
        </div>
        {filtering && (
          <button type="button" className="ghost dev-clear" onClick={() => go({ ...query, filters: {}, page: 1 })}>
            {t('list.clear')}
          </button>
        )}
      </form>

      {devices.isSuccess && rows.length > 0 && (
        <p className="dev-count" id="device-count" data-total={filtered.length} role="status">
          {filtering
            ? t('list.countFiltered', { first: formatCount(page.first, lang), last: formatCount(page.last, lang), total: formatCount(page.total, lang), all: formatCount(rows.length, lang) })
            : t('list.count', { first: formatCount(page.first, lang), last: formatCount(page.last, lang), total: formatCount(page.total, lang) })}
          <span className="dev-muted"> · {t('list.liveHint', { month: currentMonth() })}</span>
        </p>
      )}

      {body}

      {page.pages > 1 && (
        <nav className="dev-pager" aria-label={t('list.pages')}>
          <button type="button" onClick={() => toPage(page.page - 1)} disabled={page.page <= 1}>
            ‹ {t('list.prev')}
          </button>
          <label htmlFor="f-page">{t('list.goToPage')}</label>
          <select id="f-page" value={page.page} onChange={(e) => toPage(Number(e.target.value))}>
            {Array.from({ length: page.pages }, (_, i) => (
              <option key={i + 1} value={i + 1}>
                {i + 1}
              </option>
            ))}
          </select>
          <span>{t('list.page', { page: page.page, pages: page.pages })}</span>
          <button type="button" onClick={() => toPage(page.page + 1)} disabled={page.page >= page.pages}>
            {t('list.next')} ›
          </button>
        </nav>
      )}
    </div>
  );
}
