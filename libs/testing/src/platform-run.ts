// The whole platform for one run (a browser test file, the web benchmark): migrations, the
// demo province with its users seeded in the run's own schema, and every app on ports of
// its own, the api pointing browsers at the run's realtime app. Also Debian's Chromium
// for driving the web app.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { AppProcess, freePort } from './app-process';
import { commonEnv, coverageEnv, incidentEnv, ingestEnv, registryEnv, slaEnv } from './platform-env';
import { repoRoot } from './repo-root';
import { createTestContext, type TestContext } from './test-context';
import { inheritedEnv, testConfig } from './test.config';

const run = promisify(execFile);
const DIST = join(repoRoot(), 'dist', 'apps');

export type PlatformAppName = 'registry' | 'ingest' | 'incident' | 'coverage' | 'sla' | 'realtime' | 'api';

export interface PlatformRun {
  ctx: TestContext;
  apps: Record<PlatformAppName, AppProcess>;
  /** Where a browser opens the web app, e.g. http://127.0.0.1:40123 */
  baseUrl: string;
  /** Starts an app again (after it was stopped), on the same port and settings. */
  restart(name: PlatformAppName): Promise<AppProcess>;
  stop(): Promise<void>;
}

export interface PlatformRunOptions {
  /** Extra environment per app. */
  env?: Partial<Record<PlatformAppName, Record<string, string>>>;
  /** Devices per key area of the demo province (the seed's --devices-per-area). */
  devicesPerArea?: number;
}

const MIGRATED = new Set<PlatformAppName>(['incident', 'coverage', 'sla']);

/** Migrates, seeds the demo province (27 key areas, demo users) and starts every app. */
export async function startPlatform(options: PlatformRunOptions = {}): Promise<PlatformRun> {
  const ctx = await createTestContext();
  const base = { ...inheritedEnv(), ...commonEnv(ctx) };
  await run(process.execPath, [join(DIST, 'registry', 'src', 'migrate.js')], { env: base });
  const seedArgs = ['--demo', ...(options.devicesPerArea ? ['--devices-per-area', String(options.devicesPerArea)] : [])];
  await run(process.execPath, [join(DIST, 'registry', 'src', 'seed.js'), ...seedArgs], { env: base });

  // The api and realtime know each other's address: the api tells the browser where
  // realtime is, and realtime accepts the api's origin.
  const apiPort = await freePort();
  const realtimePort = await freePort();
  const baseUrl = `http://127.0.0.1:${apiPort}`;
  const extra = (name: PlatformAppName) => options.env?.[name] ?? {};
  const envOf: Record<PlatformAppName, Record<string, string>> = {
    registry: registryEnv(ctx, extra('registry')),
    ingest: ingestEnv(ctx, extra('ingest')),
    incident: incidentEnv(ctx, extra('incident')),
    coverage: coverageEnv(ctx, extra('coverage')),
    sla: slaEnv(ctx, extra('sla')),
    realtime: { ...commonEnv(ctx), REALTIME_CORS_ORIGINS: baseUrl, ...extra('realtime') },
    api: { ...commonEnv(ctx), REALTIME_PUBLIC_URL: `http://127.0.0.1:${realtimePort}`, ...extra('api') },
  };
  const start = async (name: PlatformAppName, port?: number) => {
    if (MIGRATED.has(name)) await run(process.execPath, [join(DIST, name, 'src', 'migrate.js')], { env: { ...inheritedEnv(), ...envOf[name] } });
    return new AppProcess(name, envOf[name], port ?? (await freePort())).start();
  };

  const apps = {} as Record<PlatformAppName, AppProcess>;
  try {
    apps.registry = await start('registry');
    [apps.ingest, apps.incident, apps.coverage, apps.sla, apps.realtime, apps.api] = await Promise.all([
      start('ingest'),
      start('incident'),
      start('coverage'),
      start('sla'),
      start('realtime', realtimePort),
      start('api', apiPort),
    ]);
  } catch (err) {
    for (const app of Object.values(apps)) app.kill();
    await ctx.cleanup();
    throw err;
  }

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

/** Debian's Chromium, headless, with nothing that reaches out to the internet. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: testConfig().CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
