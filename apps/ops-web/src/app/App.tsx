// The web app: sign-in, then the screens of the user's role. The live connection to /ops
// lives as long as the session; signing out (or a refused refresh) closes it and returns
// to the sign-in page with the reason.
import { useEffect, useMemo, useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { can, type Permission } from '@ioc/access';
import type { User } from '@ioc/contracts';
import { ApiError, Http } from '../api/http';
import { LoginPage } from '../auth/LoginPage';
import { Session } from '../auth/session';
import { LiveConnection } from '../live/live-connection';
import { OpsPage } from '../pages/OpsPage';
import type { AppConfig } from './app-config';
import { Layout } from './Layout';
import { HOME } from './nav';
import { ServicesProvider, useUser } from './services';
import { extraRoutes } from './routes';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers do not get better by asking again.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

export function App({ config }: { config: AppConfig }) {
  const session = useMemo(() => new Session(), []);
  const http = useMemo(() => new Http(session), [session]);
  const [user, setUser] = useState<User | null>(session.user);
  const [notice, setNotice] = useState<'expired' | 'signed_out' | undefined>();
  const [live, setLive] = useState<LiveConnection | null>(null);

  useEffect(
    () =>
      session.onChange((u, reason) => {
        setUser(u);
        if (!u) {
          setNotice(reason);
          queryClient.clear();
        }
      }),
    [session],
  );

  // One live connection per signed-in user.
  const userId = user?.id;
  useEffect(() => {
    if (!userId) return;
    const connection = new LiveConnection({ realtimeUrl: config.realtimeUrl, session });
    connection.start();
    setLive(connection);
    // Read (never written) by the browser tests and `npm run bench -- web`: what the page holds live.
    (window as unknown as { __iocLive?: LiveConnection }).__iocLive = connection;
    return () => {
      connection.stop();
      setLive(null);
    };
  }, [userId, session, config.realtimeUrl]);

  const services = useMemo(() => ({ config, session, http, live }), [config, session, http, live]);
  return (
    <ServicesProvider value={services}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          {user ? (
            <Routes>
              <Route path="/login" element={<Navigate to={HOME[user.role] ?? '/ops'} replace />} />
              <Route element={<Layout />}>
                <Route path="/" element={<Navigate to={HOME[user.role] ?? '/ops'} replace />} />
                <Route path="/ops" element={<Guard permission="ops.watch"><OpsPage /></Guard>} />
                <Route path="/ops/areas/:areaCode" element={<Guard permission="ops.watch"><OpsPage /></Guard>} />
                <Route path="/ops/incidents/:incidentId" element={<Guard permission="ops.watch"><OpsPage /></Guard>} />
                {extraRoutes.map((r) => (
                  <Route key={r.path} path={r.path} element={<Guard permission={r.permission}>{r.element}</Guard>} />
                ))}
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          ) : (
            <LoginPage notice={notice} />
          )}
        </BrowserRouter>
      </QueryClientProvider>
    </ServicesProvider>
  );
}

function Guard({ permission, children }: { permission: Permission; children: React.ReactNode }) {
  const { t } = useTranslation();
  const user = useUser();
  if (!user || !can(user.role, permission)) return <p className="page-message">{t('forbidden')}</p>;
  return <>{children}</>;
}

function NotFound() {
  const { t } = useTranslation();
  return <p className="page-message">{t('notFound')}</p>;
}
