// The app's long-lived services (session, REST client, live connection, config), given to
// every screen through React context, and the hooks screens use to read them.
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { can, type Permission } from '@ioc/access';
import type { User } from '@ioc/contracts';
import type { Http } from '../api/http';
import type { Session } from '../auth/session';
import type { LiveConnection, LiveSnapshotView } from '../live/live-connection';
import type { AppConfig } from './app-config';

export interface AppServices {
  config: AppConfig;
  session: Session;
  http: Http;
  /** Created at sign-in, stopped at sign-out. */
  live: LiveConnection | null;
}

const ServicesContext = createContext<AppServices | null>(null);

export function ServicesProvider({ value, children }: { value: AppServices; children: ReactNode }) {
  return <ServicesContext.Provider value={value}>{children}</ServicesContext.Provider>;
}

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesProvider');
  return services;
}

export function useHttp(): Http {
  return useServices().http;
}

/** The signed-in user; re-renders when they sign in or out. */
export function useUser(): User | null {
  const { session } = useServices();
  const [user, setUser] = useState(session.user);
  useEffect(() => session.onChange((u) => setUser(u)), [session]);
  return user;
}

/** Whether the signed-in user's role grants a permission (the same table as the services). */
export function useCan(permission: Permission): boolean {
  const user = useUser();
  return user ? can(user.role, permission) : false;
}

const NO_LIVE: LiveSnapshotView | null = null;
const noop = () => () => undefined;

/** The live state, re-rendered at most once per animation frame. */
export function useLive(): LiveSnapshotView | null {
  const { live } = useServices();
  return useSyncExternalStore(live ? live.subscribe : noop, live ? live.getView : () => NO_LIVE);
}
