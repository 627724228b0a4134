// The signed-in user of this browser tab: the token pair from POST /api/v1/auth/login,
// kept in sessionStorage (a reload keeps the session, closing the tab ends it), refreshed
// a minute before the access token expires, and dropped on sign-out or when the refresh
// is refused (the user was disabled, signed out elsewhere, or their rights changed).
import type { TokenPair, User } from '@ioc/contracts';
import { ApiError, type Problem } from '../api/http';

const STORAGE_KEY = 'ioc.session';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

interface Stored {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
  user: User;
}

export type SessionListener = (user: User | null, reason?: 'expired' | 'signed_out') => void;

export class Session {
  private stored: Stored | null;
  private timer?: ReturnType<typeof setTimeout>;
  private refreshing?: Promise<boolean>;
  private readonly listeners = new Set<SessionListener>();

  constructor(private readonly storage: Storage = sessionStorage) {
    this.stored = this.load();
    if (this.stored) this.schedule();
  }

  get user(): User | null {
    return this.stored?.user ?? null;
  }

  onChange(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Signs in; rejects with the API's problem (401 for a wrong password). */
  async login(username: string, password: string): Promise<User> {
    const res = await fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!res.ok) {
      const fallback: Problem = { status: res.status, title: res.statusText, detail: '', type: `/problems/http-${res.status}` };
      throw new ApiError(((await res.json().catch(() => null)) as Problem | null) ?? fallback);
    }
    const pair = (await res.json()) as TokenPair;
    this.store(pair);
    return pair.user;
  }

  /** A current access token, refreshed first if it is about to expire; undefined when signed out. */
  async accessToken(): Promise<string | undefined> {
    if (!this.stored) return undefined;
    if (Date.now() > this.stored.expiresAt - REFRESH_MARGIN_MS / 2) await this.refresh();
    return this.stored?.accessToken;
  }

  /** Swaps the refresh token for a new pair; false (and signed out) when it is refused. */
  refresh(): Promise<boolean> {
    if (!this.stored) return Promise.resolve(false);
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async doRefresh(): Promise<boolean> {
    const refreshToken = this.stored?.refreshToken;
    if (!refreshToken) return false;
    try {
      const res = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ refreshToken }),
      });
      if (res.status === 401 || res.status === 403) {
        this.expire();
        return false;
      }
      if (!res.ok) {
        // The api is down or restarting: keep the session and try again shortly.
        this.schedule(5_000);
        return false;
      }
      this.store((await res.json()) as TokenPair);
      return true;
    } catch {
      this.schedule(5_000);
      return false;
    }
  }

  /** Signs out here and ends the user's sessions on the server (their refresh tokens stop working). */
  async logout(): Promise<void> {
    const token = this.stored?.accessToken;
    this.clear('signed_out');
    if (token) await fetch('/api/v1/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(() => undefined);
  }

  /** The server no longer accepts this session: back to the sign-in page. */
  expire(): void {
    if (this.stored) this.clear('expired');
  }

  private store(pair: TokenPair): void {
    this.stored = { accessToken: pair.accessToken, refreshToken: pair.refreshToken, expiresAt: Date.now() + pair.expiresIn * 1000, user: pair.user };
    this.storage.setItem(STORAGE_KEY, JSON.stringify(this.stored));
    this.schedule();
    this.emit();
  }

  private clear(reason: 'expired' | 'signed_out'): void {
    clearTimeout(this.timer);
    this.stored = null;
    this.storage.removeItem(STORAGE_KEY);
    this.emit(reason);
  }

  private schedule(delayMs?: number): void {
    clearTimeout(this.timer);
    if (!this.stored) return;
    const wait = delayMs ?? Math.max(1_000, this.stored.expiresAt - Date.now() - REFRESH_MARGIN_MS);
    this.timer = setTimeout(() => void this.refresh(), wait);
  }

  private load(): Stored | null {
    try {
      const raw = this.storage.getItem(STORAGE_KEY);
      const parsed = raw ? (JSON.parse(raw) as Stored) : null;
      return parsed && typeof parsed.refreshToken === 'string' && parsed.user ? parsed : null;
    } catch {
      return null;
    }
  }

  private emit(reason?: 'expired' | 'signed_out'): void {
    for (const l of this.listeners) l(this.user, reason);
  }
}
