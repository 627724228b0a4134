// Reads docker-compose.yml the way Compose would (YAML merge keys, ${VAR:-default} and
// ${VAR:?message} substitution), so tests can check that the single-host stack matches the
// apps: no Docker engine needed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './repo-root';

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  command?: string[] | string;
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
  hostname?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export const REPO_ROOT = repoRoot();

/**
 * `${VAR:-default}` becomes the default; `${VAR:?msg}` and `${VAR}` become a stand-in value,
 * `<VAR>` padded to 40 characters so it passes length checks of secrets.
 */
function substitute(text: string): string {
  return text.replace(/\$\{([A-Z0-9_]+)(?::-([^}]*)|:\?[^}]*)?\}/g, (_m, name: string, def?: string) => def ?? `<${name}>`.padEnd(40, '.'));
}

export function readCompose(): ComposeFile {
  const text = substitute(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8'));
  return parse(text, { merge: true }) as ComposeFile;
}

/** The environment a service's container gets, as strings, plus what the image sets. */
export function composeEnvironment(service: string): Record<string, string> {
  const svc = readCompose().services[service];
  if (!svc) throw new Error(`docker-compose.yml has no service "${service}"`);
  const env = Object.fromEntries(Object.entries(svc.environment ?? {}).map(([k, v]) => [k, String(v)]));
  return { HTTP_HOST: '0.0.0.0', ...env };
}
