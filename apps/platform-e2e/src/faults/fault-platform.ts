// Every app of the platform (built dist/) against the fault suite's own servers, on ports
// of its own, so a fault can stop, kill and restart any of them.
import { randomBytes } from 'node:crypto';
import { AppProcess, type PlatformAppName, type TestContext } from '@ioc/testing';
import { migrateAndSeed, startApp, type RegisterFixture } from '../support/platform';
import type { FaultInfra } from './infra';

export const APP_NAMES: PlatformAppName[] = ['registry', 'ingest', 'incident', 'coverage', 'sla', 'realtime', 'api'];

/** A test context whose services are the suite's own (nothing to clean: the servers go). */
export function faultContext(infra: FaultInfra): TestContext {
  const id = 'f' + randomBytes(4).toString('hex');
  return {
    id,
    natsUrl: infra.natsUrl,
    natsPrefix: id,
    redisUrl: infra.redisUrl,
    redisPrefix: id,
    databaseUrl: infra.databaseUrl,
    dbSchema: `${id}_registry`,
    incidentSchema: `${id}_incident`,
    coverageSchema: `${id}_coverage`,
    slaSchema: `${id}_sla`,
    topicRoot: `${id}/city`,
    mqtt: infra.mqtt,
    cleanup: async () => undefined,
  };
}

export interface FaultPlatform {
  apps: Record<PlatformAppName, AppProcess>;
  /** Starts the app again, on the same port and settings. */
  restart(name: PlatformAppName): Promise<AppProcess>;
  /** Every app answers /health with 200. */
  healthy(): Promise<boolean>;
  stop(): Promise<void>;
}

export async function startFaultPlatform(ctx: TestContext, register: RegisterFixture): Promise<FaultPlatform> {
  await migrateAndSeed(ctx, register);
  const apps = {} as Record<PlatformAppName, AppProcess>;
  apps.registry = await startApp('registry', ctx);
  const others = await Promise.all((['ingest', 'incident', 'coverage', 'sla', 'realtime', 'api'] as const).map((name) => startApp(name, ctx)));
  others.forEach((app) => (apps[app.name as PlatformAppName] = app));
  return {
    apps,
    async restart(name) {
      const old = apps[name];
      apps[name] = await new AppProcess(name, old.env, old.port).start();
      return apps[name];
    },
    async healthy() {
      const answers = await Promise.all(
        APP_NAMES.map((name) =>
          fetch(`${apps[name].url}/health`, { signal: AbortSignal.timeout(3000) }).then(
            (r) => r.status === 200,
            () => false,
          ),
        ),
      );
      return answers.every(Boolean);
    },
    async stop() {
      await Promise.all(Object.values(apps).map((a) => a.stop()));
    },
  };
}

