// /admin/audit: the audit log, newest first, filtered as the API allows (entity type,
// entity id, key area, who), paged backwards with beforeId; an entry opens beside the
// list with its record before and after, side by side, the changed fields marked. The
// filters live in the URL, so a key area's editor can link to its own history.
import { useMemo, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AUDIT_ENTITY_TYPES, type AuditEntry, type User } from '@ioc/contracts';
import { problemTitle } from '../api/problem-text';
import { useCan, useHttp } from '../app/services';
import { useAreas } from '../data/register';
import { formatDateTime, formatTime } from '../format/time';
import { changedCount, diffRecords, isGeometry, type DiffRow } from './audit-diff';
import './admin.css';

const PAGE = 50;
const FILTERS = ['entityType', 'entityId', 'areaCode', 'actor'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

export function AuditPage() {
  const { t } = useTranslation('admin');
  const http = useHttp();
  const [params, setParams] = useSearchParams();
  const filters: Filters = useMemo(() => Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Filters, [params]);
  const [selected, setSelected] = useState<string | null>(null);

  const log = useInfiniteQuery({
    queryKey: ['admin', 'audit', filters],
    queryFn: ({ pageParam, signal }) =>
      http.get<{ items: AuditEntry[]; nextBeforeId: string | null }>('/api/v1/audit', { ...filters, beforeId: pageParam, limit: PAGE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBeforeId ?? undefined,
  });
  const entries = useMemo(() => log.data?.pages.flatMap((p) => p.items) ?? [], [log.data]);
  const entry = entries.find((e) => e.id === selected);
  const olderError = log.isFetchNextPageError ? log.error : null;

  return (
    <div className={`admin-page admin-split ${entry ? 'has-panel' : ''}`} id="admin-audit">
      <section className="admin-list" aria-labelledby="audit-title">
        <header className="admin-head">
          <div>
            <h1 id="audit-title">{t('audit.title')}</h1>
            <p className="admin-intro">{t('audit.intro')}</p>
          </div>
          <button type="button" onClick={() => void log.refetch()} id="audit-refresh">
            {t('common:actions.refresh')}
          </button>
        </header>
        <AuditFilters
          key={params.toString()}
          value={filters}
          onApply={(f) => {
            setSelected(null);
            setParams(Object.fromEntries(Object.entries(f).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()])));
          }}
        />
        {log.isPending ? (
          <p className="page-message">{t('common:state.loading')}</p>
        ) : log.isError ? (
          <div className="page-message" role="alert">
            <p>{t('common:state.error', { message: problemTitle(log.error, t) })}</p>
            <button type="button" onClick={() => void log.refetch()}>
              {t('common:actions.retry')}
            </button>
          </div>
        ) : entries.length === 0 ? (
          <p className="page-message" id="audit-empty">
            {t('audit.empty')}
          </p>
        ) : (
          <>
            <p className="admin-count">{t('audit.shown', { count: entries.length })}</p>
            <div className="admin-table-scroll">
              <table className="admin-table" id="audit-table">
                <thead>
                  <tr>
                    <th scope="col">{t('audit.columns.at')}</th>
                    <th scope="col">{t('audit.columns.actor')}</th>
                    <th scope="col">{t('audit.columns.action')}</th>
                    <th scope="col">{t('audit.columns.entity')}</th>
                    <th scope="col">{t('audit.columns.area')}</th>
                    <th scope="col" className="num">
                      {t('audit.columns.changes')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <AuditRow key={e.id} entry={e} selected={e.id === selected} onOpen={() => setSelected(e.id === selected ? null : e.id)} />
                  ))}
                </tbody>
              </table>
            </div>
            <div className="admin-more">
              {log.hasNextPage ? (
                <button type="button" id="audit-older" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
                  {log.isFetchingNextPage ? t('audit.loadingOlder') : t('audit.older')}
                </button>
              ) : (
                <span className="admin-muted" id="audit-end">
                  {t('audit.end')}
                </span>
              )}
              {olderError && (
                <span className="field-error" role="alert">
                  {problemTitle(olderError, t)}
                </span>
              )}
            </div>
          </>
        )}
      </section>
      {entry ? (
        <aside className="admin-panel" aria-labelledby="audit-detail-title">
          <AuditDetail entry={entry} onClose={() => setSelected(null)} />
        </aside>
      ) : (
        entries.length > 0 && <p className="admin-hint admin-select-hint">{t('audit.select')}</p>
      )}
    </div>
  );
}

function AuditFilters({ value, onApply }: { value: Filters; onApply(f: Filters): void }) {
  const { t } = useTranslation('admin');
  const http = useHttp();
  const [draft, setDraft] = useState<Filters>(value);
  const areas = useAreas();
  // Planners read the log too but may not list users: the username is then typed.
  const canListUsers = useCan('users.manage');
  const users = useQuery({
    queryKey: ['admin', 'users'],
    queryFn: async () => (await http.get<{ items: User[] }>('/api/v1/users')).items,
    enabled: canListUsers,
  });
  const set = (k: keyof Filters, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  const active = FILTERS.some((f) => value[f] !== '');
  return (
    <form className="admin-filters" id="audit-filters" onSubmit={submit} aria-label={t('audit.filters')}>
      <div className="field">
        <label htmlFor="audit-entityType">{t('audit.entityType')}</label>
        <select id="audit-entityType" value={draft.entityType} onChange={(e) => set('entityType', e.target.value)}>
          <option value="">{t('audit.anyType')}</option>
          {AUDIT_ENTITY_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`entityTypes.${type}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-entityId">{t('audit.entityId')}</label>
        <input id="audit-entityId" className="admin-mono" value={draft.entityId} onChange={(e) => set('entityId', e.target.value)} placeholder={t('audit.entityIdExample')} title={t('audit.entityIdHint')} aria-describedby="audit-entityId-hint" />
        <span className="sr-only" id="audit-entityId-hint">
          {t('audit.entityIdHint')}
        </span>
      </div>
      <div className="field">
        <label htmlFor="audit-areaCode">{t('audit.area')}</label>
        <select id="audit-areaCode" value={draft.areaCode} onChange={(e) => set('areaCode', e.target.value)}>
          <option value="">{t('audit.anyArea')}</option>
          {(areas.data ?? []).map((a) => (
            <option key={a.code} value={a.code}>
              {a.code} · {a.name}
            </option>
          ))}
          {draft.areaCode && !(areas.data ?? []).some((a) => a.code === draft.areaCode) && <option value={draft.areaCode}>{draft.areaCode}</option>}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-actor">{t('audit.actor')}</label>
        <input id="audit-actor" list="audit-actors" value={draft.actor} onChange={(e) => set('actor', e.target.value)} placeholder={t('audit.actorHint')} autoCapitalize="none" spellCheck={false} />
        <datalist id="audit-actors">
          {(users.data ?? []).map((u) => (
            <option key={u.id} value={u.username}>
              {u.displayName}
            </option>
          ))}
        </datalist>
      </div>
      <div className="admin-buttons">
        <button type="submit" className="primary" id="audit-apply">
          {t('audit.apply')}
        </button>
        {active && (
          <button type="button" id="audit-clear" onClick={() => onApply({ entityType: '', entityId: '', areaCode: '', actor: '' })}>
            {t('audit.clear')}
          </button>
        )}
      </div>
    </form>
  );
}

const actionKey = (action: string) => `actions.${action.replace(/\./g, '_')}`;

/** What names the entity for a reader: a user's username rather than their id. */
function entityName(entry: AuditEntry): string {
  if (entry.entityType !== 'user') return entry.entityId;
  const record = (entry.after ?? entry.before) as { username?: unknown } | null;
  return typeof record?.username === 'string' ? record.username : entry.entityId;
}

function AuditRow({ entry, selected, onOpen }: { entry: AuditEntry; selected: boolean; onOpen(): void }) {
  const { t } = useTranslation('admin');
  const changes = useMemo(() => changedCount(diffRecords(entry.before, entry.after)), [entry]);
  return (
    <tr data-entry={entry.id} data-action={entry.action} data-entity={entry.entityId} className={selected ? 'is-selected' : ''}>
      <td className="admin-nowrap">{formatDateTime(entry.at)}</td>
      <td className="admin-mono">{entry.actorUsername}</td>
      <td>
        <button type="button" className="admin-link-button" onClick={onOpen} aria-expanded={selected} aria-controls="audit-detail" aria-label={t('audit.open', { id: entry.id })}>
          {t(actionKey(entry.action), { defaultValue: entry.action })}
        </button>
      </td>
      <td>
        <span className="admin-muted">{t(`entityTypes.${entry.entityType}`, { defaultValue: entry.entityType })}</span> <span className="admin-mono admin-nowrap" title={entry.entityId}>
          {entityName(entry)}
        </span>
      </td>
      <td className="admin-mono admin-nowrap">{entry.areaCode ?? '—'}</td>
      <td className="num">{t('audit.changes', { count: changes })}</td>
    </tr>
  );
}

function AuditDetail({ entry, onClose }: { entry: AuditEntry; onClose(): void }) {
  const { t } = useTranslation('admin');
  const [onlyChanged, setOnlyChanged] = useState(false);
  const rows = useMemo(() => diffRecords(entry.before, entry.after), [entry]);
  const shown = onlyChanged ? rows.filter((r) => r.change !== 'same') : rows;
  return (
    <section id="audit-detail" data-entry={entry.id} data-action={entry.action}>
      <div className="admin-section-head">
        <h2 id="audit-detail-title">{t(actionKey(entry.action), { defaultValue: entry.action })}</h2>
        <button type="button" className="ghost" onClick={onClose} aria-label={t('audit.detail.close')}>
          ✕
        </button>
      </div>
      <p className="admin-sub">
        <span className="admin-mono" title={entry.entityId}>
          {entityName(entry)}
        </span>{' '}
        · {t('audit.detail.who', { actor: entry.actorUsername, at: formatDateTime(entry.at) })}
      </p>
      {entry.before == null && <p className="admin-hint">{t('audit.detail.created')}</p>}
      {entry.after == null && <p className="admin-hint">{t('audit.detail.deleted')}</p>}
      <label className="admin-check">
        <input type="checkbox" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)} id="audit-only-changed" />
        <span>{t('audit.detail.onlyChanged')}</span>
      </label>
      {shown.length === 0 ? (
        <p className="admin-muted">{t('audit.detail.noChanges')}</p>
      ) : (
        <table className="admin-table admin-diff" id="audit-diff">
          <thead>
            <tr>
              <th scope="col">{t('audit.detail.field')}</th>
              <th scope="col">{t('audit.detail.before')}</th>
              <th scope="col">{t('audit.detail.after')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <DiffLine key={r.path} row={r} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DiffLine({ row }: { row: DiffRow }) {
  const { t } = useTranslation('admin');
  const label = row.path ? t(`fields.${row.path.replace(/\./g, '_')}`, { defaultValue: '' }) : '';
  const marked = row.change !== 'same';
  return (
    <tr data-path={row.path} data-change={row.change} className={marked ? `admin-diff-${row.change}` : ''}>
      <th scope="row">
        {label && <span className="admin-diff-label">{label}</span>}
        <span className="admin-mono admin-diff-path">{row.path}</span>
        {marked && <span className="admin-diff-mark">{t(`audit.detail.${row.change}`)}</span>}
      </th>
      <td className="admin-diff-before" data-testid="diff-before">
        {row.inBefore ? <Value value={row.before} path={row.path} /> : <span className="admin-muted">{t('audit.detail.missing')}</span>}
      </td>
      <td className="admin-diff-after" data-testid="diff-after">
        {row.inAfter ? <Value value={row.after} path={row.path} /> : <span className="admin-muted">{t('audit.detail.missing')}</span>}
      </td>
    </tr>
  );
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** One value of a record as a person reads it: yes/no, a time, a polygon's size, a list. */
function Value({ value, path }: { value: unknown; path: string }) {
  const { t } = useTranslation('admin');
  if (value === null || value === undefined || value === '') return <span className="admin-muted">—</span>;
  if (typeof value === 'boolean') return <>{t(value ? 'values.yes' : 'values.no')}</>;
  if (path === 'password' && value === 'changed') return <>{t('values.passwordChanged')}</>;
  if (path === 'role' && typeof value === 'string') return <>{t(`domain:role.${value}`, { defaultValue: value })}</>;
  if (path === 'category' && typeof value === 'string') return <>{t(`categories.${value}`, { defaultValue: value })}</>;
  // With seconds: an edit within the minute still shows a different time.
  if (typeof value === 'string' && ISO_TIME.test(value)) return <span title={value}>{`${formatDateTime(value).slice(0, 10)} ${formatTime(value)}`}</span>;
  if (typeof value === 'string' || typeof value === 'number') return <span className="admin-diff-value">{String(value)}</span>;
  if (isGeometry(value)) {
    const json = JSON.stringify(value);
    if (value.type === 'Point' && Array.isArray(value.coordinates)) {
      const [lon, lat] = value.coordinates as number[];
      return <span title={json}>{t('values.point', { lon, lat })}</span>;
    }
    const ring = Array.isArray(value.coordinates) && Array.isArray(value.coordinates[0]) ? (value.coordinates[0] as unknown[]) : [];
    return <span title={json}>{t('values.polygon', { count: Math.max(0, ring.length - 1) })}</span>;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="admin-muted">{t('values.emptyList')}</span>;
    if (value.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return <span className="admin-diff-value">{path === 'purposes' ? value.map((v) => t(`domain:purpose.${String(v)}`, { defaultValue: String(v) })).join(', ') : value.join(', ')}</span>;
    }
    return (
      <details>
        <summary>{t('values.items', { count: value.length })}</summary>
        <pre className="admin-diff-json">{JSON.stringify(value, null, 1)}</pre>
      </details>
    );
  }
  return <pre className="admin-diff-json">{JSON.stringify(value, null, 1)}</pre>;
}
