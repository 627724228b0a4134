// The sign-in page: username and password, the API's refusal in the user's language, and
// why they are here again (session expired, signed out).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http';
import { problemTitle } from '../api/problem-text';
import { useServices } from '../app/services';
import { LanguageSwitch } from '../app/LanguageSwitch';

export function LoginPage({ notice }: { notice?: 'expired' | 'signed_out' }) {
  const { t } = useTranslation();
  const { session } = useServices();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.login(username.trim(), password);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('login.failed') : problemTitle(err, t));
      setBusy(false);
    }
  }

  return (
    <main className="login" id="main">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true">IOC</span>
          <div>
            <div className="brand-name">{t('appName')}</div>
            <div className="brand-sub">{t('appTitle')}</div>
          </div>
        </div>
        <h1 id="login-title">{t('login.title')}</h1>
        {notice && !error && (
          <p className="notice" role="status">
            {t(notice === 'expired' ? 'login.expired' : 'login.signedOut')}
          </p>
        )}
        <label htmlFor="username">{t('login.username')}</label>
        <input id="username" name="username" autoComplete="username" autoFocus required value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="password">{t('login.password')}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {error && (
          <p className="form-error" role="alert" id="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" id="login-submit" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
        <LanguageSwitch />
      </form>
    </main>
  );
}
