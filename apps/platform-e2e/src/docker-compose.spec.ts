// docker-compose.yml cannot be run here (no Docker engine), so its shape is checked
// against the apps: every service the stack needs, the ports of DESIGN.md §3, the order
// of start-up, and a Dockerfile target for each app image.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCompose, REPO_ROOT } from '@ioc/testing';

const compose = readCompose();
const APPS = ['ingest', 'registry', 'realtime', 'api', 'simulator'];

describe('docker-compose.yml', () => {
  it('has the four services and every app', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'redis', 'nats', 'mosquitto', 'migrate', ...APPS]));
  });

  it('builds every app from the one Dockerfile, with an entry point that exists', () => {
    const dockerfile = readFileSync(join(REPO_ROOT, 'deploy/docker/Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/ARG APP/);
    for (const name of [...APPS, 'migrate']) {
      const build = compose.services[name].build;
      expect(build?.dockerfile).toBe('deploy/docker/Dockerfile');
      expect(existsSync(join(REPO_ROOT, 'apps', build?.args?.APP ?? '?', 'src', 'main.ts'))).toBe(true);
    }
  });

  it('publishes the api on 3000, realtime on 3001 and the broker on 18830', () => {
    expect(compose.services.api.ports).toContain('3000:3000');
    expect(compose.services.realtime.ports).toContain('3001:3001');
    expect(compose.services.mosquitto.ports).toContain('127.0.0.1:18830:18830');
  });

  it('starts the apps after migrations and healthy infrastructure', () => {
    for (const name of ['ingest', 'registry', 'incident', 'coverage', 'sla', 'realtime', 'api']) {
      expect(compose.services[name].depends_on?.migrate?.condition).toBe('service_completed_successfully');
      expect(compose.services[name].depends_on?.nats?.condition).toBe('service_healthy');
      expect(compose.services[name].healthcheck?.test.join(' ')).toContain('/health');
    }
    // Every service's migrations run, each in its own schema, and every script named exists.
    const raw = compose.services.migrate.command ?? [];
    const command = Array.isArray(raw) ? raw.join(' ') : raw;
    const scripts = [...command.matchAll(/dist\/(apps\/[a-z-]+\/src\/migrate)\.js/g)].map((m) => m[1]);
    expect(scripts).toEqual(['apps/registry/src/migrate', 'apps/incident/src/migrate', 'apps/coverage/src/migrate', 'apps/sla/src/migrate']);
    for (const script of scripts) expect(existsSync(join(REPO_ROOT, `${script}.ts`))).toBe(true);
    expect(command).toContain('DB_SCHEMA=incident');
    expect(compose.services.incident.environment?.DB_SCHEMA).toBe('incident');
    expect(compose.services.coverage.environment?.DB_SCHEMA).toBe('coverage');
  });

  it('mounts the project Mosquitto configuration with dynamic security, not a default one', () => {
    const conf = readFileSync(join(REPO_ROOT, 'deploy/mosquitto/docker/mosquitto.conf'), 'utf8');
    expect(conf).toMatch(/^listener 18830/m);
    expect(conf).toMatch(/^allow_anonymous false/m);
    expect(conf).toMatch(/^plugin .*dynamic_security/m);
    expect(conf).toMatch(/^max_queued_messages \d{6,}/m);
  });
});
