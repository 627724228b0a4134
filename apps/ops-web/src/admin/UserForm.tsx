// The form of one user: create (username, display name, password, role, scope) or change
// (all but the username; an empty password keeps it). The scope is picked from the key
// areas the register has: whole province, some districts, or some areas.
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ROLES, type KeyArea, type Role, type User } from '@ioc/contracts';
import { useHttp } from '../app/services';
import { spreadProblem } from './api-messages';
import { describedBy, FieldError, FormProblemText, useFocusOnProblem } from './form-bits';
import { emptyUserForm, formFromUser, userInputFromForm, userPatchFromForm, type ScopeMode, type UserFormState } from './user-form';

const FIELDS = ['username', 'displayName', 'password', 'role', 'scope.districts', 'scope.areas', 'scope'] as const;

export function UserForm({
  user,
  areas,
  areasError,
  onDone,
  onCancel,
}: {
  /** Absent: a new user. */
  user: User | undefined;
  areas: KeyArea[] | undefined;
  areasError: boolean;
  onDone(message: string): void;
  onCancel(): void;
}) {
  const { t } = useTranslation('admin');
  const http = useHttp();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<UserFormState>(() => (user ? formFromUser(user) : emptyUserForm()));
  const [unchanged, setUnchanged] = useState(false);
  const set = <K extends keyof UserFormState>(key: K, value: UserFormState[K]) => {
    setUnchanged(false);
    setForm((f) => ({ ...f, [key]: value }));
  };

  const save = useMutation({
    mutationFn: async (): Promise<User | undefined> => {
      if (!user) return http.post<User>('/api/v1/users', userInputFromForm(form));
      const patch = userPatchFromForm(user, form);
      if (Object.keys(patch).length === 0) return undefined;
      return http.patch<User>(`/api/v1/users/${encodeURIComponent(user.id)}`, patch);
    },
    onSuccess: (saved) => {
      if (!saved) {
        setUnchanged(true);
        return;
      }
      void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
      onDone(t(user ? 'users.updated' : 'users.created', { name: saved.username }));
    },
  });
  const spread = spreadProblem(save.error, FIELDS);
  const err = spread.fields;
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnProblem(formRef, save.error);
  const scopeError = [err['scope.districts'], err['scope.areas'], err.scope].filter(Boolean).join('\n') || undefined;

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }

  const title = user ? t('users.form.editTitle', { name: user.username }) : t('users.form.createTitle');
  return (
    <form id="user-form" ref={formRef} className="admin-form" onSubmit={submit} noValidate data-mode={user ? 'edit' : 'create'}>
      <h2 id="user-form-title">{title}</h2>
      {user ? (
        <p className="field">
          <span className="admin-label">{t('users.form.username')}</span>
          <span className="admin-mono" id="user-username-value">
            {user.username}
          </span>
        </p>
      ) : (
        <div className="field">
          <label htmlFor="user-username">{t('users.form.username')}</label>
          <input
            id="user-username"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={form.username}
            onChange={(e) => set('username', e.target.value)}
            {...describedBy('user-username', err.username, true)}
          />
          <span className="admin-hint" id="user-username-hint">
            {t('users.form.usernameHint')}
          </span>
          <FieldError id="user-username-error" message={err.username} />
        </div>
      )}
      <div className="field">
        <label htmlFor="user-displayName">{t('users.form.displayName')}</label>
        <input id="user-displayName" value={form.displayName} onChange={(e) => set('displayName', e.target.value)} {...describedBy('user-displayName', err.displayName)} />
        <FieldError id="user-displayName-error" message={err.displayName} />
      </div>
      <div className="field">
        <label htmlFor="user-password">{t(user ? 'users.form.passwordNew' : 'users.form.password')}</label>
        <input
          id="user-password"
          type="password"
          autoComplete="new-password"
          value={form.password}
          onChange={(e) => set('password', e.target.value)}
          {...describedBy('user-password', err.password, true)}
        />
        <span className="admin-hint" id="user-password-hint">
          {t(user ? 'users.form.passwordKeep' : 'users.form.passwordHint')}
        </span>
        <FieldError id="user-password-error" message={err.password} />
      </div>
      <div className="field">
        <label htmlFor="user-role">{t('users.form.role')}</label>
        <select id="user-role" value={form.role} onChange={(e) => set('role', e.target.value as Role)} {...describedBy('user-role', err.role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`domain:role.${r}`)}
            </option>
          ))}
        </select>
        <FieldError id="user-role-error" message={err.role} />
      </div>
      <ScopePicker form={form} areas={areas} areasError={areasError} error={scopeError} onChange={(patch) => {
        setUnchanged(false);
        setForm((f) => ({ ...f, ...patch }));
      }} />
      {user && <p className="admin-hint">{t('users.form.sessionNote')}</p>}
      <FormProblemText id="user-form-error" error={save.error} spread={spread} />
      {unchanged && (
        <p className="admin-notice" role="status">
          {t('noChanges')}
        </p>
      )}
      <div className="admin-buttons">
        <button type="submit" className="primary" id="user-submit" disabled={save.isPending}>
          {save.isPending ? t('saving') : t(user ? 'users.form.save' : 'users.form.create')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </form>
  );
}

const MODES: ScopeMode[] = ['all', 'districts', 'areas'];
const MODE_LABEL: Record<ScopeMode, string> = { all: 'scopeAll', districts: 'scopeDistricts', areas: 'scopeAreas', mixed: 'scopeMixed' };

function ScopePicker({
  form,
  areas,
  areasError,
  error,
  onChange,
}: {
  form: UserFormState;
  areas: KeyArea[] | undefined;
  areasError: boolean;
  error: string | undefined;
  onChange(patch: Partial<UserFormState>): void;
}) {
  const { t, i18n } = useTranslation('admin');
  const name = useId();
  const [filter, setFilter] = useState('');
  const byDistrict = useMemo(() => {
    const groups = new Map<string, KeyArea[]>();
    for (const a of areas ?? []) groups.set(a.district, [...(groups.get(a.district) ?? []), a]);
    const collator = new Intl.Collator(i18n.language === 'en' ? 'en' : 'vi');
    return [...groups.entries()].sort(([a], [b]) => collator.compare(a, b)).map(([district, list]) => [district, [...list].sort((x, y) => x.code.localeCompare(y.code))] as const);
  }, [areas, i18n.language]);
  // A scope made elsewhere may hold both lists: it keeps a mode of its own.
  const modes = form.mode === 'mixed' ? [...MODES, 'mixed' as const] : MODES;
  const showDistricts = form.mode === 'districts' || form.mode === 'mixed';
  const showAreas = form.mode === 'areas' || form.mode === 'mixed';
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((v) => v !== value));
  const q = filter.trim().toLocaleLowerCase('vi');
  // Names in the scope that the register does not have stay visible, to be unticked.
  const knownDistricts = new Set(byDistrict.map(([d]) => d));
  const knownAreas = new Set((areas ?? []).map((a) => a.code));

  return (
    <fieldset className="admin-scope" id="user-scope" aria-describedby={error ? 'user-scope-error' : undefined}>
      <legend>{t('users.form.scope')}</legend>
      {modes.map((m) => (
        <label key={m} className="admin-radio">
          <input type="radio" name={name} value={m} checked={form.mode === m} onChange={() => onChange({ mode: m })} data-testid={`scope-${m}`} />
          <span>{t(`users.form.${MODE_LABEL[m]}`)}</span>
        </label>
      ))}
      {areasError && <p className="field-error">{t('users.form.noAreas')}</p>}
      {showDistricts && (
        <fieldset className="admin-checklist" id="user-scope-districts">
          <legend>
            {t('users.form.districtsLegend')} <span className="admin-muted admin-legend-count">{t('users.form.selected', { count: form.districts.length })}</span>
          </legend>
          {byDistrict.map(([district, list]) => (
            <label key={district} className="admin-check">
              <input type="checkbox" value={district} checked={form.districts.includes(district)} onChange={(e) => onChange({ districts: toggle(form.districts, district, e.target.checked) })} />
              <span>{district}</span> <span className="admin-muted">{t('users.form.areasOfDistrict', { count: list.length })}</span>
            </label>
          ))}
          {form.districts.filter((d) => !knownDistricts.has(d)).map((d) => (
            <label key={d} className="admin-check is-unknown">
              <input type="checkbox" value={d} checked onChange={() => onChange({ districts: toggle(form.districts, d, false) })} />
              <span>{t('users.scope.unknown', { name: d })}</span>
            </label>
          ))}
        </fieldset>
      )}
      {showAreas && (
        <fieldset className="admin-checklist" id="user-scope-areas">
          <legend>
            {t('users.form.areasLegend')} <span className="admin-muted admin-legend-count">{t('users.form.selected', { count: form.areas.length })}</span>
          </legend>
          <input type="search" aria-label={t('users.form.areaFilter')} placeholder={t('users.form.areaFilter')} value={filter} onChange={(e) => setFilter(e.target.value)} className="admin-filter" />
          {byDistrict.map(([district, list]) => {
            const shown = list.filter((a) => !q || a.code.toLocaleLowerCase('vi').includes(q) || a.name.toLocaleLowerCase('vi').includes(q) || form.areas.includes(a.code));
            if (shown.length === 0) return null;
            return (
              <div key={district} className="admin-check-group" role="group" aria-label={district}>
                <div className="admin-check-group-title">{district}</div>
                {shown.map((a) => (
                  <label key={a.code} className="admin-check">
                    <input type="checkbox" value={a.code} checked={form.areas.includes(a.code)} onChange={(e) => onChange({ areas: toggle(form.areas, a.code, e.target.checked) })} />
                    <span>{a.name}</span> <span className="admin-mono admin-muted">{a.code}</span>
                  </label>
                ))}
              </div>
            );
          })}
          {form.areas.filter((c) => !knownAreas.has(c)).map((c) => (
            <label key={c} className="admin-check is-unknown">
              <input type="checkbox" value={c} checked onChange={() => onChange({ areas: toggle(form.areas, c, false) })} />
              <span>{t('users.scope.unknown', { name: c })}</span>
            </label>
          ))}
        </fieldset>
      )}
      <FieldError id="user-scope-error" message={error} />
    </fieldset>
  );
}
