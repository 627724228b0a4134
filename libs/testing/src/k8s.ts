// Reads deploy/k8s the way `kubectl kustomize` builds it, for the features its
// kustomizations use (resources, namespace, images, replicas, configMapGenerator, JSON 6902
// patches), so tests can check the manifests against the apps without kubectl, which is not
// on every machine. Any other field in a kustomization.yaml is refused, so a feature this
// reader does not know cannot be skipped silently. Generated ConfigMaps keep their names
// (no hash suffix): references stay as written, which is what kustomize's renaming preserves.
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { REPO_ROOT } from './compose';

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are free-form YAML, checked by the specs */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
}

export interface K8sContainer {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: any }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: any;
  livenessProbe?: any;
  startupProbe?: any;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
}

export const K8S_DIR = join(REPO_ROOT, 'deploy', 'k8s');
/** The kustomizations under deploy/k8s: the base and its overlays. */
export const K8S_LAYOUTS = ['base', 'overlays/small-province', 'overlays/demo'] as const;
export type K8sLayout = (typeof K8S_LAYOUTS)[number];

const KNOWN_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'replicas', 'patches', 'configMapGenerator']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass']);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job']);

const cache = new Map<string, K8sObject[]>();

/** The objects `kubectl kustomize deploy/k8s/<layout>` makes (generated ConfigMaps without their hash suffix). */
export function readK8s(layout: K8sLayout | string = 'base'): K8sObject[] {
  const dir = join(K8S_DIR, layout);
  if (!cache.has(dir)) cache.set(dir, build(dir));
  return structuredClone(cache.get(dir) as K8sObject[]);
}

function build(dir: string): K8sObject[] {
  const file = join(dir, 'kustomization.yaml');
  const k = parse(readFileSync(file, 'utf8')) as Record<string, any>;
  const unknown = Object.keys(k).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length) throw new Error(`${file}: ${unknown.join(', ')} not understood by libs/testing/src/k8s.ts; teach it, or build with kubectl kustomize`);

  let objects: K8sObject[] = [];
  for (const entry of (k.resources ?? []) as string[]) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) objects.push(...build(path));
    else objects.push(...parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS() as K8sObject).filter(Boolean));
  }

  for (const gen of (k.configMapGenerator ?? []) as any[]) {
    const data: Record<string, string> = {};
    for (const literal of (gen.literals ?? []) as string[]) {
      const eq = literal.indexOf('=');
      data[literal.slice(0, eq)] = literal.slice(eq + 1);
    }
    for (const f of (gen.files ?? []) as string[]) data[basename(f)] = readFileSync(join(dir, f), 'utf8');
    if (gen.envs) throw new Error(`${file}: configMapGenerator envs not understood by libs/testing/src/k8s.ts`);
    const behavior = (gen.behavior ?? 'create') as string;
    const existing = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === gen.name);
    if (behavior === 'create') {
      if (existing) throw new Error(`${file}: ConfigMap ${gen.name} exists already (use behavior: merge)`);
      objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: gen.name }, data });
    } else {
      if (!existing) throw new Error(`${file}: ConfigMap ${gen.name} to ${behavior} does not exist`);
      existing.data = behavior === 'merge' ? { ...existing.data, ...data } : data;
    }
  }

  if (k.namespace) objects = objects.map((o) => (CLUSTER_SCOPED.has(o.kind) ? o : { ...o, metadata: { ...o.metadata, namespace: k.namespace } }));

  for (const image of (k.images ?? []) as { name: string; newName?: string; newTag?: string }[]) {
    for (const o of objects) {
      for (const c of podContainers(o)) {
        if (imageName(c.image) !== image.name) continue;
        const tag = image.newTag ?? c.image.slice(image.name.length + 1);
        c.image = `${image.newName ?? image.name}${tag ? `:${tag}` : ''}`;
      }
    }
  }

  for (const r of (k.replicas ?? []) as { name: string; count: number }[]) {
    const target = objects.find((o) => ['Deployment', 'StatefulSet'].includes(o.kind) && o.metadata.name === r.name);
    if (!target) throw new Error(`${file}: replicas for ${r.name}, which does not exist`);
    target.spec.replicas = r.count;
  }

  for (const p of (k.patches ?? []) as { target: { kind: string; name: string }; patch: string }[]) {
    const ops = parse(p.patch) as { op: string; path: string; value?: unknown }[];
    if (!Array.isArray(ops)) throw new Error(`${file}: only JSON 6902 patches (a list of operations) are understood by libs/testing/src/k8s.ts`);
    const targets = objects.filter((o) => o.kind === p.target.kind && o.metadata.name === p.target.name);
    if (targets.length !== 1) throw new Error(`${file}: patch target ${p.target.kind}/${p.target.name} matches ${targets.length} objects`);
    for (const op of ops) applyOperation(targets[0], op, file);
  }
  return objects;
}

function applyOperation(target: object, op: { op: string; path: string; value?: unknown }, file: string): void {
  const keys = op.path.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const last = keys.pop() as string;
  let node: any = target;
  for (const key of keys) {
    if (node?.[key] === undefined) throw new Error(`${file}: patch path ${op.path} does not exist`);
    node = node[key];
  }
  if (op.op === 'replace' && !(last in node)) throw new Error(`${file}: patch path ${op.path} does not exist`);
  if (op.op === 'replace' || op.op === 'add') {
    if (Array.isArray(node) && op.op === 'add') node.splice(last === '-' ? node.length : Number(last), 0, op.value);
    else node[last] = op.value;
  } else if (op.op === 'remove') {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else throw new Error(`${file}: patch operation ${op.op} not understood by libs/testing/src/k8s.ts`);
}

/** `ioc/api:local` → `ioc/api` (a registry host with a port keeps its colon). */
export function imageName(image: string): string {
  const at = image.split('@')[0];
  const colon = at.lastIndexOf(':');
  return colon > at.lastIndexOf('/') ? at.slice(0, colon) : at;
}

/** The pod spec of a workload (Deployment, StatefulSet, DaemonSet, Job), else undefined. */
export function podSpec(o: K8sObject): any {
  return WORKLOADS.has(o.kind) ? o.spec?.template?.spec : undefined;
}

/** Every container of a workload, init containers included. */
export function podContainers(o: K8sObject): K8sContainer[] {
  const spec = podSpec(o);
  return spec ? [...(spec.initContainers ?? []), ...(spec.containers ?? [])] : [];
}

export function k8sWorkloads(objects: K8sObject[]): K8sObject[] {
  return objects.filter((o) => WORKLOADS.has(o.kind));
}

export function k8sFind(objects: K8sObject[], kind: string, name: string): K8sObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.name === name);
}

export function k8sWorkload(objects: K8sObject[], name: string): K8sObject {
  const found = objects.filter((o) => WORKLOADS.has(o.kind) && o.metadata.name === name);
  if (found.length !== 1) throw new Error(`deploy/k8s: ${found.length} workloads named ${name}`);
  return found[0];
}

export interface ResolvedEnvironment {
  /** Every variable the container gets; a Secret's value is the README's example. */
  env: Record<string, string>;
  /** The variables that come from a Secret. */
  fromSecrets: string[];
  /** The Secret keys referred to, as `secret/key`. */
  secretKeys: string[];
}

let secretExamples: Map<string, string> | undefined;

/**
 * The Secret ioc-secrets is not part of the manifests: deploy/k8s/README.md shows how to
 * create it, one `--from-literal=KEY=VALUE` per key. These are those values with every shell
 * substitution (`$(openssl rand -hex 16)`, `$PG_PASSWORD`) replaced by letters of the same
 * length, so a test can check that what the README makes is what the apps accept.
 */
export function k8sSecretExamples(): Map<string, string> {
  if (!secretExamples) {
    const readme = readFileSync(join(K8S_DIR, 'README.md'), 'utf8');
    secretExamples = new Map();
    for (const m of readme.matchAll(/--from-literal=([A-Z0-9_]+)=("[^"]*"|\S+)/g)) {
      const value = m[2]
        .replace(/^"|"$/g, '')
        .replace(/\$\(openssl rand -hex (\d+)\)/g, (_x, n: string) => 'a'.repeat(2 * Number(n)))
        .replace(/\$\{?[A-Z_][A-Z0-9_]*\}?/g, 'b'.repeat(32));
      secretExamples.set(m[1], value);
    }
  }
  return secretExamples;
}

/**
 * The environment a container gets from its envFrom ConfigMaps and its env entries (a later
 * entry wins, as in Kubernetes). A ConfigMap or key that does not exist is an error, and so
 * is a key of ioc-secrets that deploy/k8s/README.md does not show how to create; a Secret's
 * value is the README's example (k8sSecretExamples).
 */
export function containerEnvironment(objects: K8sObject[], container: K8sContainer): ResolvedEnvironment {
  const configMap = (name: string): Record<string, string> => {
    const cm = k8sFind(objects, 'ConfigMap', name);
    if (!cm) throw new Error(`container ${container.name}: ConfigMap ${name} does not exist`);
    return cm.data ?? {};
  };
  const env: Record<string, string> = {};
  const fromSecrets = new Set<string>();
  const secretKeys = new Set<string>();
  for (const source of container.envFrom ?? []) {
    if (source.secretRef) throw new Error(`container ${container.name}: envFrom a Secret hides which variables it sets; name each with secretKeyRef`);
    Object.assign(env, configMap(source.configMapRef?.name ?? '?'));
  }
  for (const e of container.env ?? []) {
    fromSecrets.delete(e.name);
    if (e.value !== undefined) env[e.name] = String(e.value);
    else if (e.valueFrom?.configMapKeyRef) {
      const { name, key } = e.valueFrom.configMapKeyRef as { name: string; key: string };
      const data = configMap(name);
      if (!(key in data)) throw new Error(`container ${container.name}: ConfigMap ${name} has no key ${key}`);
      env[e.name] = data[key];
    } else if (e.valueFrom?.secretKeyRef) {
      const { name, key } = e.valueFrom.secretKeyRef as { name: string; key: string };
      const example = k8sSecretExamples().get(key);
      if (name !== 'ioc-secrets' || example === undefined) throw new Error(`container ${container.name}: Secret ${name} key ${key} is not among those deploy/k8s/README.md creates (ioc-secrets)`);
      env[e.name] = example;
      fromSecrets.add(e.name);
      secretKeys.add(`${name}/${key}`);
    } else if (e.valueFrom?.fieldRef) env[e.name] = `<${e.valueFrom.fieldRef.fieldPath}>`;
    else throw new Error(`container ${container.name}: env ${e.name} has neither a value nor a known valueFrom`);
  }
  return { env, fromSecrets: [...fromSecrets], secretKeys: [...secretKeys] };
}

/** The environment of the app container `service` in the workload of the same name. */
export function k8sEnvironment(service: string, layout: K8sLayout = 'base'): Record<string, string> {
  const objects = readK8s(layout);
  const container = podSpec(k8sWorkload(objects, service)).containers.find((c: K8sContainer) => c.name === service) as K8sContainer | undefined;
  if (!container) throw new Error(`deploy/k8s/${layout}: workload ${service} has no container named ${service}`);
  return containerEnvironment(objects, container).env;
}

/** Kubernetes quantities as numbers: CPU in cores, memory in bytes. */
export function quantity(value: string | number): number {
  const m = /^([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(String(value));
  if (!m) throw new Error(`not a quantity: ${value}`);
  const unit = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * unit;
}
