// deploy/k8s cannot be applied here (no cluster), so, as docker-compose.spec.ts does for
// compose, its shape is checked against the apps, in the base and in every overlay: the image
// and command of each app, the ports of DESIGN.md §3, probes on the apps' health paths,
// resources, copies, autoscalers and disruption budgets, migrations before the apps, Secrets
// only by reference, the 3-node NATS JetStream cluster and the project's Mosquitto
// configuration. The kustomizations are built by libs/testing/src/k8s.ts (kubectl is not on
// every machine). Each app's environment is checked against its config schema by its own
// `*.config.spec.ts` (describeAppConfig), in every layout.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  composeEnvironment,
  containerEnvironment,
  imageName,
  inheritedEnv,
  K8S_DIR,
  K8S_LAYOUTS,
  k8sFind,
  k8sWorkload,
  k8sWorkloads,
  podContainers,
  podSpec,
  quantity,
  readK8s,
  REPO_ROOT,
  type K8sContainer,
  type K8sObject,
} from '@ioc/testing';

/** DESIGN.md §3 names 3000 (api) and 3001 (realtime); the others are the apps' defaults. */
const APPS: Record<string, { port: number; kind: 'Deployment' | 'StatefulSet'; schema?: string }> = {
  api: { port: 3000, kind: 'Deployment' },
  realtime: { port: 3001, kind: 'Deployment' },
  ingest: { port: 3002, kind: 'StatefulSet' },
  registry: { port: 3003, kind: 'Deployment', schema: 'registry' },
  incident: { port: 3004, kind: 'Deployment', schema: 'incident' },
  coverage: { port: 3005, kind: 'Deployment', schema: 'coverage' },
  sla: { port: 3006, kind: 'Deployment', schema: 'sla' },
};
/** Several copies share the work, and the autoscaler adds copies (docs/architecture.md, "Scaling out"). */
const SCALED = ['ingest', 'realtime', 'api', 'registry', 'incident', 'sla'];
/** Several copies for availability, each doing all the work: no autoscaler (decision 0013). */
const REPLICATED = ['coverage'];
/** Split the device traffic by partition (decision 0024): a rolling update hands partitions over, never Recreate. */
const PARTITIONED = ['registry', 'incident'];
/**
 * Apps run with --max-old-space-size (decision 0026): V8 reserves far more heap than they
 * use without it. Each with the name of its limit in deploy/local/start.sh and in the bench.
 */
const BOUNDED_HEAP: Record<string, string> = { ingest: 'APP_HEAP_LIMIT', incident: 'APP_HEAP_LIMIT', registry: 'REGISTRY_HEAP_LIMIT' };
/** Variables whose values are secret: only ever from a Secret. */
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|DATABASE_URL/;

const source = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
/** The apps' shutdown deadline (PlatformModule's default). */
const SHUTDOWN_S = Number(/shutdownTimeoutMs \?\? (\d+)/.exec(source('libs/platform/src/platform.module.ts'))?.[1]) / 1000;

function appContainer(objects: K8sObject[], app: string): K8sContainer {
  const container = podSpec(k8sWorkload(objects, app)).containers.find((c: K8sContainer) => c.name === app);
  if (!container) throw new Error(`workload ${app} has no container ${app}`);
  return container;
}

/** A probe's port as a number (a named port is looked up in the container). */
function probePort(container: K8sContainer, port: string | number): number | undefined {
  return typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort;
}

function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

describe.each(K8S_LAYOUTS)('deploy/k8s/%s', (layout) => {
  const objects = readK8s(layout);
  const workloads = k8sWorkloads(objects);
  const env = (app: string) => containerEnvironment(objects, appContainer(objects, app)).env;

  it('runs every app from its own image with a command whose entry point exists', () => {
    for (const [app, { kind }] of Object.entries(APPS)) {
      const workload = k8sWorkload(objects, app);
      expect(workload.kind).toBe(kind);
      const container = appContainer(objects, app);
      expect(imageName(container.image)).toBe(`ioc/${app}`);
      expect(container.image).toMatch(/:[\w.-]+$/);
      expect(container.command).toEqual(['node', `dist/apps/${app}/src/main.js`]);
      expect(existsSync(join(REPO_ROOT, 'apps', app, 'src', 'main.ts'))).toBe(true);
    }
  });

  it('serves each app on its port (DESIGN.md §3) through a Service of its name', () => {
    for (const [app, { port }] of Object.entries(APPS)) {
      const workload = k8sWorkload(objects, app);
      const container = appContainer(objects, app);
      expect(container.ports).toEqual([{ name: 'http', containerPort: port }]);
      expect(env(app).HTTP_PORT).toBe(String(port));
      const service = k8sFind(objects, 'Service', app);
      expect(service?.spec.ports).toEqual([{ name: 'http', port, targetPort: 'http' }]);
      expect(selects(service?.spec.selector, workload.spec.template.metadata.labels)).toBe(true);
    }
    // The broker's port of DESIGN.md §3, inside the cluster and for the gateways.
    for (const name of ['mosquitto', 'mosquitto-gateways']) expect(k8sFind(objects, 'Service', name)?.spec.ports[0].port).toBe(18830);
  });

  it('probes readiness on /health/ready, liveness and start-up on /health/live, on the app port', () => {
    const observability = source('libs/platform/src/observability.module.ts');
    expect(observability).toContain("@Get('health/ready')");
    expect(observability).toContain("@Get('health/live')");
    for (const [app, { port }] of Object.entries(APPS)) {
      const container = appContainer(objects, app);
      const probes = { readinessProbe: '/health/ready', livenessProbe: '/health/live', startupProbe: '/health/live' } as const;
      for (const [probe, path] of Object.entries(probes) as [keyof typeof probes, string][]) {
        expect({ app, probe, path: container[probe]?.httpGet?.path }).toEqual({ app, probe, path });
        expect(probePort(container, container[probe]?.httpGet?.port)).toBe(port);
      }
    }
  });

  it("gives every app a little more than its 9 s shutdown deadline to stop", () => {
    expect(SHUTDOWN_S).toBe(9);
    for (const app of Object.keys(APPS)) {
      const grace = podSpec(k8sWorkload(objects, app)).terminationGracePeriodSeconds;
      expect(grace).toBeGreaterThan(SHUTDOWN_S);
      expect(grace).toBeLessThanOrEqual(SHUTDOWN_S + 5);
    }
  });

  it('sets CPU and memory requests and limits on every container, requests within limits', () => {
    for (const workload of workloads) {
      for (const c of podContainers(workload)) {
        for (const resource of ['cpu', 'memory']) {
          const request = c.resources?.requests?.[resource];
          const limit = c.resources?.limits?.[resource];
          expect({ workload: workload.metadata.name, container: c.name, resource, set: request !== undefined && limit !== undefined }).toMatchObject({ set: true });
          expect(quantity(request as string)).toBeLessThanOrEqual(quantity(limit as string));
        }
      }
    }
    // An app over the 250 MB of DESIGN.md §6 shows in its metrics before the kernel kills it.
    for (const app of Object.keys(APPS)) expect(quantity(appContainer(objects, app).resources?.limits?.memory ?? '0')).toBeGreaterThan(250e6);
  });

  it('bounds the heap of ingest, incident and registry well within their memory limit, as compose, npm start and the bench do', () => {
    const heapMb = (options: string | undefined) => Number(/--max-old-space-size=(\d+)/.exec(options ?? '')?.[1]);
    for (const [app, limit] of Object.entries(BOUNDED_HEAP)) {
      const options = env(app).NODE_OPTIONS;
      expect(options).toContain('--enable-source-maps');
      // Heap, young generation, code and buffers (~90 MB measured) stay under the limit.
      expect(heapMb(options) * 2 ** 20 + 128 * 2 ** 20).toBeLessThanOrEqual(quantity(appContainer(objects, app).resources?.limits?.memory ?? '0'));
      expect({ app, compose: heapMb(composeEnvironment(app).NODE_OPTIONS) }).toEqual({ app, compose: heapMb(options) });
      expect(source('deploy/local/start.sh')).toMatch(new RegExp(`^start_app ${app} \\S+ NODE_OPTIONS="\\$${limit}"`, 'm'));
      expect({ app, start: heapMb(new RegExp(`^${limit}=(\\S+)`, 'm').exec(source('deploy/local/start.sh'))?.[1]) }).toEqual({ app, start: heapMb(options) });
      expect({ app, bench: heapMb(new RegExp(`const ${limit} = \\{ NODE_OPTIONS: '([^']+)'`).exec(source('tools/bench/pipeline.bench.ts'))?.[1]) }).toEqual({ app, bench: heapMb(options) });
    }
  });

  it('keeps secrets out of the manifests: no Secret object, secret variables only from the Secret', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const cm of objects.filter((o) => o.kind === 'ConfigMap')) {
      expect({ configMap: cm.metadata.name, secretKeys: Object.keys(cm.data ?? {}).filter((k) => SECRET_NAME.test(k)) }).toEqual({ configMap: cm.metadata.name, secretKeys: [] });
    }
    for (const workload of workloads) {
      for (const c of podContainers(workload)) {
        const { env: vars, fromSecrets } = containerEnvironment(objects, c);
        const secretVars = Object.keys(vars).filter((k) => SECRET_NAME.test(k));
        expect({ container: `${workload.metadata.name}/${c.name}`, notFromSecret: secretVars.filter((k) => !fromSecrets.includes(k)) }).toEqual({
          container: `${workload.metadata.name}/${c.name}`,
          notFromSecret: [],
        });
      }
    }
  });

  it("migrates each service's schema in an init container of its image before the app starts", () => {
    for (const [app, { schema }] of Object.entries(APPS)) {
      const init = (podSpec(k8sWorkload(objects, app)).initContainers ?? []) as K8sContainer[];
      if (!schema) {
        expect(init).toEqual([]);
        continue;
      }
      expect(init.map((c) => c.name)).toEqual(['migrate']);
      expect(init[0].image).toBe(appContainer(objects, app).image);
      expect(init[0].command).toEqual(['node', `dist/apps/${app}/src/migrate.js`]);
      expect(existsSync(join(REPO_ROOT, 'apps', app, 'src', 'migrate.ts'))).toBe(true);
      // migrate.js reads DATABASE_URL and DB_SCHEMA, nothing else; the same schema as the app.
      const migrateEnv = containerEnvironment(objects, init[0]).env;
      expect(Object.keys(migrateEnv).sort()).toEqual(['DATABASE_URL', 'DB_SCHEMA']);
      expect(migrateEnv.DB_SCHEMA).toBe(schema);
      expect(env(app).DB_SCHEMA).toBe(schema);
    }
  });

  it('runs every app in two copies or more, autoscales what shares its work, and hands partitions over in rolling updates', () => {
    for (const app of Object.keys(APPS)) {
      const workload = k8sWorkload(objects, app);
      const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === app);
      if (SCALED.includes(app)) {
        expect(hpa?.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: workload.kind, name: app });
        expect(hpa?.spec.minReplicas).toBe(workload.spec.replicas);
        expect(hpa?.spec.maxReplicas).toBeGreaterThan(hpa?.spec.minReplicas);
        const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget' && selects(o.spec.selector?.matchLabels, workload.spec.template.metadata.labels));
        expect(pdb?.spec.maxUnavailable).toBe(1);
      } else {
        expect({ app, hpa }).toEqual({ app, hpa: undefined });
        expect(REPLICATED).toContain(app);
        const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget' && selects(o.spec.selector?.matchLabels, workload.spec.template.metadata.labels));
        expect(pdb?.spec.maxUnavailable).toBe(1);
      }
      // The services behind the live path run two copies everywhere (an overlay may run one api or realtime).
      if ([...PARTITIONED, ...REPLICATED, 'sla'].includes(app)) expect(workload.spec.replicas).toBeGreaterThanOrEqual(2);
      if (PARTITIONED.includes(app)) expect(workload.spec.strategy?.type).toBe('RollingUpdate');
    }
    // A copy of the ingest removed by the autoscaler would leave its broker sessions collecting messages.
    const ingestHpa = k8sFind(objects, 'HorizontalPodAutoscaler', 'ingest');
    expect(ingestHpa?.spec.behavior?.scaleDown?.selectPolicy).toBe('Disabled');
    // Stable pod names keep the ingest's MQTT client ids (ingest-{hostname}) across restarts.
    expect(k8sWorkload(objects, 'ingest').spec.serviceName).toBe('ingest');
  });

  it('runs NATS as a 3-node JetStream cluster, and the apps create their streams with 3 replicas', () => {
    const nats = k8sWorkload(objects, 'nats');
    expect(nats.kind).toBe('StatefulSet');
    expect(nats.spec.replicas).toBe(3);
    const conf = k8sFind(objects, 'ConfigMap', 'nats-config')?.data?.['nats.conf'] ?? '';
    expect(conf).toMatch(/^\s*jetstream\s*\{[^}]*store_dir:\s*\/data/m);
    expect(podSpec(nats).containers[0].volumeMounts).toEqual(expect.arrayContaining([{ name: 'data', mountPath: '/data' }]));
    expect(nats.spec.volumeClaimTemplates.map((v: K8sObject) => v.metadata.name)).toEqual(['data']);
    const routes = [...conf.matchAll(/nats:\/\/([a-z0-9-]+)\.([a-z0-9-]+):6222/g)];
    expect(routes.map((r) => r[1])).toEqual(['nats-0', 'nats-1', 'nats-2']);
    expect(new Set(routes.map((r) => r[2]))).toEqual(new Set([nats.spec.serviceName]));
    expect(k8sFind(objects, 'Service', nats.spec.serviceName)?.spec.publishNotReadyAddresses).toBe(true);
    // Every app that talks to NATS: the client Service, and streams on all three servers.
    for (const app of Object.keys(APPS)) {
      const vars = env(app);
      expect(vars.NATS_URL).toBe('nats://nats:4222');
      expect(vars.NATS_STREAM_REPLICAS).toBe('3');
    }
    expect(selects(k8sFind(objects, 'Service', 'nats')?.spec.selector, nats.spec.template.metadata.labels)).toBe(true);
  });

  it('lets only pods of the namespace reach NATS, Postgres and Redis', () => {
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    for (const backend of ['nats', 'postgres', 'redis']) {
      const labels = k8sWorkload(objects, backend).spec.template.metadata.labels as Record<string, string>;
      const guarding = policies.filter((p) =>
        (p.spec.podSelector.matchExpressions ?? []).every((e: { key: string; operator: string; values: string[] }) => e.operator === 'In' && e.values.includes(labels[e.key])),
      );
      expect({ backend, policies: guarding.length }).toEqual({ backend, policies: 1 });
      expect(guarding[0].spec.policyTypes).toEqual(['Ingress']);
      // One rule: from any pod of the same namespace (no namespaceSelector, no ipBlock).
      expect(guarding[0].spec.ingress).toEqual([{ from: [{ podSelector: {} }] }]);
    }
  });

  it('gives nats-server a configuration it accepts (nats-server -t)', () => {
    const conf = k8sFind(objects, 'ConfigMap', 'nats-config')?.data?.['nats.conf'] ?? '';
    const server = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find((p) => existsSync(p)) ?? 'nats-server';
    const file = join(tmpdir(), `ioc-k8s-nats-${process.pid}.conf`);
    writeFileSync(file, conf);
    try {
      const out = execFileSync(server, ['-c', file, '-t'], { env: { PATH: inheritedEnv().PATH ?? '', POD_NAME: 'nats-0' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(out).toBe('');
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('runs Postgres with PostGIS, Redis that keeps its data, and the project Mosquitto configuration', () => {
    const postgres = k8sWorkload(objects, 'postgres');
    expect(imageName(podSpec(postgres).containers[0].image)).toBe('postgis/postgis');
    expect(postgres.spec.volumeClaimTemplates).toHaveLength(1);
    const redis = podSpec(k8sWorkload(objects, 'redis')).containers[0];
    expect(redis.command).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']));

    // The copies under base/mosquitto are those of deploy/mosquitto.
    expect(k8sFind(objects, 'ConfigMap', 'mosquitto-config')?.data?.['mosquitto.conf']).toBe(source('deploy/mosquitto/docker/mosquitto.conf'));
    expect(k8sFind(objects, 'ConfigMap', 'mosquitto-scripts')?.data?.['dynsec-setup.sh']).toBe(source('deploy/mosquitto/dynsec-setup.sh'));
    const conf = source('deploy/mosquitto/docker/mosquitto.conf');
    expect(conf).toMatch(/^listener 18830$/m);
    const mosquitto = k8sWorkload(objects, 'mosquitto');
    const broker = podSpec(mosquitto).containers.find((c: K8sContainer) => c.name === 'mosquitto') as K8sContainer;
    expect(broker.volumeMounts).toEqual(
      expect.arrayContaining([
        { name: 'config', mountPath: '/mosquitto/config/mosquitto.conf', subPath: 'mosquitto.conf', readOnly: true },
        { name: 'data', mountPath: '/mosquitto/data' },
      ]),
    );
    // Persistence and the dynamic-security file are on the broker's volume.
    expect(mosquitto.spec.volumeClaimTemplates.map((v: K8sObject) => v.metadata.name)).toEqual(['data']);
    expect(conf).toMatch(/^persistence_location \/mosquitto\/data\/$/m);
    expect(conf).toMatch(/^plugin_opt_config_file \/mosquitto\/data\/dynamic-security\.json$/m);
    // The logins the broker setup creates are those the apps use.
    const setup = podSpec(mosquitto).containers.find((c: K8sContainer) => c.name === 'dynsec-setup') as K8sContainer;
    const setupEnv = containerEnvironment(objects, setup).env;
    const ingestEnv = env('ingest');
    const registryEnv = env('registry');
    // Every variable dynsec-setup.sh requires (`${NAME:?}`) is set.
    const scriptRequires = [...source('deploy/mosquitto/dynsec-setup.sh').matchAll(/\$\{([A-Z_]+):\?\}/g)].map((m) => m[1]);
    expect(scriptRequires).toEqual(expect.arrayContaining(['MQTT_ADMIN_PASSWORD', 'MQTT_INGEST_PASSWORD']));
    expect(scriptRequires.filter((name) => !setupEnv[name])).toEqual([]);
    expect(ingestEnv.MQTT_USERNAME).toBe(setupEnv.MQTT_INGEST_USERNAME);
    expect(registryEnv.MQTT_ADMIN_USERNAME).toBe(setupEnv.MQTT_ADMIN_USERNAME);
    expect(new URL(ingestEnv.MQTT_URL).port).toBe('18830');
  });
});

describe('deploy/k8s overlays', () => {
  it('change the base only where they say: the namespace, copies and sizes, and the demo additions', () => {
    const base = readK8s('base');
    const key = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;
    for (const layout of ['overlays/small-province', 'overlays/demo']) {
      const objects = readK8s(layout);
      expect(objects.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === 'ioc')).toBe(true);
      // Every object of the base is there.
      expect(objects.map(key)).toEqual(expect.arrayContaining(base.map(key)));
    }
    const demo = readK8s('overlays/demo').map(key);
    expect(demo).toEqual(expect.arrayContaining(['Deployment/simulator', 'Job/seed']));
    expect(readK8s('overlays/small-province').map(key)).not.toContain('Deployment/simulator');
  });

  it('seeds the demo province after the registry migrations', () => {
    const seed = k8sWorkload(readK8s('overlays/demo'), 'seed');
    const spec = podSpec(seed);
    expect(spec.initContainers.map((c: K8sContainer) => c.command)).toEqual([['node', 'dist/apps/registry/src/migrate.js']]);
    expect(spec.containers[0].command).toEqual(['node', 'dist/apps/registry/src/seed.js', '--demo']);
    // seed.js and migrate.js read DATABASE_URL and DB_SCHEMA, nothing else (docs/architecture.md, Configuration).
    for (const c of [...spec.initContainers, ...spec.containers] as K8sContainer[]) {
      const vars = containerEnvironment(readK8s('overlays/demo'), c).env;
      expect(Object.keys(vars).sort()).toEqual(['DATABASE_URL', 'DB_SCHEMA']);
      expect(vars.DB_SCHEMA).toBe('registry');
    }
    expect(existsSync(join(REPO_ROOT, 'apps/registry/src/seed.ts'))).toBe(true);
  });

  it('are all listed for the checks (K8S_LAYOUTS)', () => {
    const onDisk = ['base', ...readdirSync(join(K8S_DIR, 'overlays')).map((d: string) => `overlays/${d}`)];
    expect([...K8S_LAYOUTS].sort()).toEqual(onDisk.sort());
  });
});
