// Browser tests of the web app: the whole platform (every app, the demo province and its
// users, in the test file's own prefixes and schema) and Debian's Chromium driven by
// playwright-core. Screens the README shows are written to docs/screenshots/ by the tests,
// so the pictures never go stale.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, repoRoot, startPlatform, waitFor, type PlatformAppName, type PlatformRun, type PlatformRunOptions } from '@ioc/testing';

export const SCREENSHOTS = join(repoRoot(), 'docs', 'screenshots');

export type AppName = PlatformAppName;
export type WebPlatform = PlatformRun;
export type WebPlatformOptions = PlatformRunOptions;

/** Migrates, seeds the demo province (27 key areas, demo users) and starts every app (libs/testing startPlatform). */
export function startWebPlatform(options: WebPlatformOptions = {}): Promise<WebPlatform> {
  return startPlatform(options);
}

export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

export const DEMO_PASSWORD = (username: string) => `demo-${username}`;

/** Opens the app in a new page (1920×1080 unless told), signs in and waits until the live view is live. */
export async function openSignedIn(browser: Browser, platform: WebPlatform, username: string, options: { password?: string; path?: string; viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1920, height: 1080 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  (page as Page & { errors?: string[] }).errors = errors;
  await page.goto(`${platform.baseUrl}${options.path ?? '/'}`);
  await signIn(page, username, options.password);
  await page.waitForSelector('#conn[data-state="live"]', { timeout: 20_000 });
  return page;
}

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD(username)): Promise<void> {
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#login-submit');
  await page.waitForSelector('#logout', { timeout: 15_000 });
}

/** Writes docs/screenshots/<name>.png (the README shows them). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Uncaught errors in the page since it opened (a React crash, a failed import). */
export function pageErrors(page: Page): string[] {
  return (page as Page & { errors?: string[] }).errors ?? [];
}

/** Waits up to `timeoutMs` for `predicate` (usually a look at the page) to hold. */
export async function waitUntil(what: string, predicate: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  await waitFor(what, async () => ((await predicate()) ? true : undefined), timeoutMs, 100);
}

export interface ApiReply<T> {
  status: number;
  body: T;
}

/** A REST call to the platform's api, as a script would make it. */
export async function apiCall<T = unknown>(platform: WebPlatform, method: string, path: string, token?: string, body?: unknown): Promise<ApiReply<T>> {
  const res = await fetch(`${platform.baseUrl}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** An access token for a demo (or test-made) user. */
export async function apiLogin(platform: WebPlatform, username: string, password = DEMO_PASSWORD(username)): Promise<string> {
  const res = await apiCall<{ accessToken: string }>(platform, 'POST', '/api/v1/auth/login', undefined, { username, password });
  if (res.status !== 200) throw new Error(`login ${username}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}
