// The frame of every signed-in screen: header (brand, overview strip, connection state,
// language, user), the navigation for the user's role, and the screen itself. While the
// live connection is down the whole frame is marked as not live.
import { NavLink, Outlet } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { can } from '@ioc/access';
import { OverviewStrip } from '../overview/OverviewStrip';
import { ConnectionBadge, StaleBanner } from './ConnectionBadge';
import { LanguageSwitch } from './LanguageSwitch';
import { NAV } from './nav';
import { useLive, useServices, useUser } from './services';

export function Layout() {
  const { t } = useTranslation();
  const user = useUser();
  const { session } = useServices();
  const live = useLive();
  if (!user) return null;
  const notLive = live ? live.connection !== 'live' : true;
  const scope = user.scope.all
    ? t('user.scopeAll')
    : [user.scope.districts.length > 0 ? t('user.scopeDistricts', { list: user.scope.districts.join(', ') }) : '', user.scope.areas.length > 0 ? t('user.scopeAreas', { count: user.scope.areas.length }) : '']
        .filter(Boolean)
        .join(' · ');
  return (
    <div className={`app ${notLive ? 'not-live' : 'is-live'}`}>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">IOC</span>
          <div>
            <div className="brand-name">{t('appName')}</div>
            <div className="brand-sub">{t('appTitle')}</div>
          </div>
        </div>
        <OverviewStrip />
        <div className="header-tools">
          <ConnectionBadge />
          <LanguageSwitch />
          <div className="user" data-testid="user">
            <span>{t('user.signedInAs', { name: user.displayName || user.username, role: t(`domain:role.${user.role}`) })}</span>
            <span className="user-scope">{scope}</span>
          </div>
          <button type="button" className="ghost" onClick={() => void session.logout()} id="logout">
            {t('user.logout')}
          </button>
        </div>
      </header>
      <nav className="app-nav" aria-label={t('nav.label')}>
        {NAV.filter((item) => can(user.role, item.permission)).map((item) => (
          <NavLink key={item.path} to={item.path} className={({ isActive }) => (isActive ? 'active' : '')}>
            {t(`nav.${item.label}`)}
          </NavLink>
        ))}
      </nav>
      <StaleBanner />
      <main id="main" className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
