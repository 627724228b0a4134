// Browser tests of the web app: the whole platform (every app, the demo province and its
// users, in the test file's own prefixes and schema) and Debian's Chromium driven by
// playwright-core. Screens the README shows are written to docs/screenshots/ by the tests,
// so the pictures never go stale.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AppProcess, commonEnv, freePort, inheritedEnv, repoRoot, testConfig, waitFor } from '@ioc/testing';
import { createTestContext, startApp, type TestContext } from './platform';

const run = promisify(execFile);
const DIST = join(repoRoot(), 'dist', 'apps');
export const SCREENSHOTS = join(repoRoot(), 'docs', 'screenshots');

export type AppName = 'registry' | 'ingest' | 'incident' | 'coverage' | 'sla' | 'realtime' | 'api';

export interface WebPlatform {
  ctx: TestContext;
  apps: Record<AppName, AppProcess>;
  /** Where the browser opens the app, e.g. http://127.0.0.1:40123 */
  baseUrl: string;
  /** Starts an app again (after a test stopped it), on the same port and settings. */
  restart(name: AppName): Promise<AppProcess>;
  stop(): Promise<void>;
}

export interface WebPlatformOptions {
  /** Extra environment per app (e.g. a short SLA target). */
  env?: Partial<Record<AppName, Record<string, string>>>;
  /** Register seeded: the demo province with its users (default). */
  devicesPerArea?: number;
}

/** Migrates, seeds the demo province (27 key areas, demo users) and starts every app. */
export async function startWebPlatform(options: WebPlatformOptions = {}): Promise<WebPlatform> {
  const ctx = await createTestContext();
  const env = { ...inheritedEnv(), ...commonEnv(ctx) };
  await run(process.execPath, [join(DIST, 'registry', 'src', 'migrate.js')], { env });
  const seedArgs = ['--demo', ...(options.devicesPerArea ? ['--devices-per-area', String(options.devicesPerArea)] : [])];
  await run(process.execPath, [join(DIST, 'registry', 'src', 'seed.js'), ...seedArgs], { env });
  const extra = (name: AppName) => options.env?.[name] ?? {};

  const apps = {} as Record<AppName, AppProcess>;
  apps.registry = await startApp('registry', ctx, extra('registry'));
  [apps.ingest, apps.incident, apps.coverage, apps.sla] = await Promise.all([
    startApp('ingest', ctx, extra('ingest')),
    startApp('incident', ctx, extra('incident')),
    startApp('coverage', ctx, extra('coverage')),
    startApp('sla', ctx, extra('sla')),
  ]);
  // The api and realtime know each other's address: the api tells the browser where
  // realtime is, and realtime accepts the api's origin.
  const apiPort = await freePort();
  const realtimePort = await freePort();
  const baseUrl = `http://127.0.0.1:${apiPort}`;
  const realtimeEnv = { ...commonEnv(ctx), REALTIME_CORS_ORIGINS: baseUrl, ...extra('realtime') };
  const apiEnv = { ...commonEnv(ctx), REALTIME_PUBLIC_URL: `http://127.0.0.1:${realtimePort}`, ...extra('api') };
  [apps.realtime, apps.api] = await Promise.all([
    new AppProcess('realtime', realtimeEnv, realtimePort).start(),
    new AppProcess('api', apiEnv, apiPort).start(),
  ]);

  return {
    ctx,
    apps,
    baseUrl,
    async restart(name) {
      const old = apps[name];
      apps[name] = await new AppProcess(name, old.env, old.port).start();
      return apps[name];
    },
    async stop() {
      await Promise.all(Object.values(apps).map((a) => a.stop()));
      await ctx.cleanup();
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: testConfig().CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
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
