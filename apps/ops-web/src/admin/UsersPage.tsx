// /admin/users: the users, their role and area scope in words, and the form that creates a
// user or changes one (name, password, role, scope); disabling and enabling from the list,
// confirmed in the row; a sign-in lockout (too many failed sign-ins) shown in the row and
// cleared from it. Every refusal is the API's, shown beside its field.
import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { KeyArea, User, UserPatch } from '@ioc/contracts';
import { problemTitle } from '../api/problem-text';
import { useHttp, useUser } from '../app/services';
import { formatDateTime } from '../format/time';
import { useAreas } from '../data/register';
import { UserForm } from './UserForm';
import './admin.css';

export const usersKey = ['admin', 'users'] as const;

type Panel = { kind: 'closed' } | { kind: 'create' } | { kind: 'edit'; id: string };

export function UsersPage() {
  const { t } = useTranslation('admin');
  const http = useHttp();
  const me = useUser();
  const users = useQuery({ queryKey: usersKey, queryFn: async () => (await http.get<{ items: User[] }>('/api/v1/users')).items });
  const areas = useAreas();
  const [panel, setPanel] = useState<Panel>({ kind: 'closed' });
  const [notice, setNotice] = useState('');

  const editing = panel.kind === 'edit' ? users.data?.find((u) => u.id === panel.id) : undefined;
  const formKey = panel.kind === 'edit' ? `edit-${panel.id}` : panel.kind;

  return (
    <div className={`admin-page admin-split ${panel.kind === 'closed' ? '' : 'has-panel'}`} id="admin-users">
      <section className="admin-list" aria-labelledby="users-title">
        <header className="admin-head">
          <div>
            <h1 id="users-title">{t('users.title')}</h1>
            <p className="admin-intro">{t('users.intro')}</p>
          </div>
          <button
            type="button"
            className="primary"
            id="user-add"
            onClick={() => {
              setNotice('');
              setPanel({ kind: 'create' });
            }}
          >
            {t('users.add')}
          </button>
        </header>
        <p className="admin-notice" role="status" id="users-notice">
          {notice}
        </p>
        {users.isPending ? (
          <p className="page-message">{t('common:state.loading')}</p>
        ) : users.isError ? (
          <div className="page-message" role="alert">
            <p>{t('common:state.error', { message: problemTitle(users.error, t) })}</p>
            <button type="button" onClick={() => void users.refetch()}>
              {t('common:actions.retry')}
            </button>
          </div>
        ) : users.data.length === 0 ? (
          <p className="page-message">{t('users.empty')}</p>
        ) : (
          <UsersTable
            users={users.data}
            areas={areas.data ?? []}
            meId={me?.id}
            selectedId={panel.kind === 'edit' ? panel.id : undefined}
            onEdit={(u) => {
              setNotice('');
              setPanel({ kind: 'edit', id: u.id });
            }}
            onNotice={setNotice}
          />
        )}
      </section>
      {panel.kind !== 'closed' && (panel.kind === 'create' || editing) && (
        <aside className="admin-panel" aria-labelledby="user-form-title">
          <UserForm
            key={formKey}
            user={editing}
            areas={areas.data}
            areasError={areas.isError}
            onDone={(message) => {
              setNotice(message);
              setPanel({ kind: 'closed' });
            }}
            onCancel={() => setPanel({ kind: 'closed' })}
          />
        </aside>
      )}
    </div>
  );
}

function UsersTable({
  users,
  areas,
  meId,
  selectedId,
  onEdit,
  onNotice,
}: {
  users: User[];
  areas: KeyArea[];
  meId: string | undefined;
  selectedId: string | undefined;
  onEdit(user: User): void;
  onNotice(message: string): void;
}) {
  const { t } = useTranslation('admin');
  return (
    <>
      <p className="admin-count">{t('users.count', { count: users.length })}</p>
      <table className="admin-table" id="users-table">
        <thead>
          <tr>
            <th scope="col">{t('users.columns.username')}</th>
            <th scope="col">{t('users.columns.displayName')}</th>
            <th scope="col">{t('users.columns.role')}</th>
            <th scope="col">{t('users.columns.scope')}</th>
            <th scope="col">{t('users.columns.status')}</th>
            <th scope="col">{t('users.columns.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <UserRow key={u.id} user={u} areas={areas} isMe={u.id === meId} selected={u.id === selectedId} onEdit={() => onEdit(u)} onNotice={onNotice} />
          ))}
        </tbody>
      </table>
    </>
  );
}

function UserRow({ user, areas, isMe, selected, onEdit, onNotice }: { user: User; areas: KeyArea[]; isMe: boolean; selected: boolean; onEdit(): void; onNotice(m: string): void }) {
  const { t } = useTranslation('admin');
  const http = useHttp();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const toggle = useMutation({
    mutationFn: (patch: UserPatch) => http.patch<User>(`/api/v1/users/${encodeURIComponent(user.id)}`, patch),
    onSuccess: (updated) => {
      setConfirming(false);
      onNotice(t(updated.disabled ? 'users.disabledDone' : 'users.enabledDone', { name: updated.username }));
      void queryClient.invalidateQueries({ queryKey: usersKey });
    },
  });
  const unlock = useMutation({
    mutationFn: () => http.post<User>(`/api/v1/users/${encodeURIComponent(user.id)}/unlock`, {}),
    onSuccess: (updated) => {
      onNotice(t('users.unlockedDone', { name: updated.username }));
      void queryClient.invalidateQueries({ queryKey: usersKey });
    },
  });
  const name = user.username;
  return (
    <tr data-user={user.username} data-state={user.disabled ? 'disabled' : 'active'} className={`${user.disabled ? 'is-disabled' : ''} ${selected ? 'is-selected' : ''}`}>
      <td>
        <span className="admin-mono">{user.username}</span> {isMe && <span className="admin-muted">{t('users.you')}</span>}
      </td>
      <td>{user.displayName}</td>
      <td>{t(`domain:role.${user.role}`)}</td>
      <td className="admin-scope-cell">
        <ScopeText scope={user.scope} areas={areas} />
      </td>
      <td>
        <span className={`badge ${user.disabled ? 'status-decommissioned' : 'status-online'}`}>{t(user.disabled ? 'users.disabled' : 'users.active')}</span>
        {user.signInLockedUntil && (
          <span className="badge status-degraded" data-testid="user-locked">
            {t('users.locked', { until: formatDateTime(user.signInLockedUntil) })}
          </span>
        )}
      </td>
      <td className="admin-actions">
        {confirming ? (
          <div className="admin-confirm" role="group" aria-label={t(user.disabled ? 'users.confirmEnable' : 'users.confirmDisable', { name })}>
            <span>{t(user.disabled ? 'users.confirmEnable' : 'users.confirmDisable', { name })}</span>
            <button
              type="button"
              className={user.disabled ? 'primary' : 'danger'}
              data-testid="user-toggle-confirm"
              disabled={toggle.isPending}
              onClick={() => toggle.mutate({ disabled: !user.disabled })}
            >
              {t('common:actions.confirm')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('common:actions.cancel')}
            </button>
          </div>
        ) : (
          <>
            <button type="button" onClick={onEdit} data-testid="user-edit" aria-label={t('users.editUser', { name })}>
              {t('users.edit')}
            </button>
            {user.signInLockedUntil && (
              <button type="button" data-testid="user-unlock" disabled={unlock.isPending} aria-label={t('users.unlockUser', { name })} onClick={() => unlock.mutate()}>
                {t('users.unlock')}
              </button>
            )}
            {!isMe && (
              <button type="button" data-testid="user-toggle" onClick={() => setConfirming(true)}>
                {t(user.disabled ? 'users.enable' : 'users.disable')}
              </button>
            )}
          </>
        )}
        {toggle.isError && (
          <p className="field-error" role="alert">
            {problemTitle(toggle.error, t)}
          </p>
        )}
        {unlock.isError && (
          <p className="field-error" role="alert">
            {problemTitle(unlock.error, t)}
          </p>
        )}
      </td>
    </tr>
  );
}

const SHOWN_AREAS = 4;

/** A scope in words: the whole province, the districts, the areas by name; names that match nothing are marked. */
export function ScopeText({ scope, areas }: { scope: User['scope']; areas: KeyArea[] }) {
  const { t } = useTranslation('admin');
  const byCode = useMemo(() => new Map(areas.map((a) => [a.code, a])), [areas]);
  const districts = useMemo(() => new Set(areas.map((a) => a.district)), [areas]);
  if (scope.all) return <span data-scope="all">{t('users.scope.all')}</span>;
  const known = areas.length > 0;
  const districtText = scope.districts.map((d) => (known && !districts.has(d) ? t('users.scope.unknown', { name: d }) : d)).join(', ');
  const areaNames = scope.areas.slice(0, SHOWN_AREAS).map((c) => {
    const a = byCode.get(c);
    return a ? `${a.name} (${c})` : known ? t('users.scope.unknown', { name: c }) : c;
  });
  const more = scope.areas.length - SHOWN_AREAS;
  return (
    <span data-scope="limited">
      {scope.districts.length > 0 && <span className="admin-scope-line">{t('users.scope.districts', { list: districtText })}</span>}
      {scope.areas.length > 0 && (
        <span className="admin-scope-line" title={scope.areas.join(', ')}>
          {t('users.scope.areas', { list: areaNames.join(', ') })}
          {more > 0 && ` ${t('users.scope.more', { count: more })}`}
        </span>
      )}
    </span>
  );
}
