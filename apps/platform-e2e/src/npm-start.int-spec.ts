// `npm start` as a newcomer runs it: services, build (the web app included), migrations,
// demo seed, every app and the simulator; after signing in as the demo operator, the web
// app's live view shows the province and devices coming online, in a real browser
// (Debian's Chromium). Runs on its own ports, prefixes, schema and topic root.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { freePort, inheritedEnv, testConfig, waitFor } from '@ioc/testing';
import { createTestContext, type TestContext } from './support/platform';

const ROOT = join(__dirname, '..', '..', '..');

let ctx: TestContext;
let start: ChildProcess;
let browser: Browser | undefined;
const output: string[] = [];
// Every app's port is a free one: a developer's own `npm start` may hold the defaults.
let ports: Record<'api' | 'realtime' | 'ingest' | 'registry' | 'incident' | 'coverage' | 'sla', number>;

beforeAll(async () => {
  ctx = await createTestContext();
  ports = {
    api: await freePort(),
    realtime: await freePort(),
    ingest: await freePort(),
    registry: await freePort(),
    incident: await freePort(),
    coverage: await freePort(),
    sla: await freePort(),
  };
  start = spawn('bash', ['deploy/local/start.sh'], {
    cwd: ROOT,
    env: {
      ...inheritedEnv(),
      API_PORT: String(ports.api),
      REALTIME_PORT: String(ports.realtime),
      INGEST_PORT: String(ports.ingest),
      REGISTRY_PORT: String(ports.registry),
      INCIDENT_PORT: String(ports.incident),
      COVERAGE_PORT: String(ports.coverage),
      SLA_PORT: String(ports.sla),
      IOC_PREFIX: ctx.id,
      DB_SCHEMA: ctx.dbSchema,
      MQTT_TOPIC_ROOT: ctx.topicRoot,
      MQTT_CLIENT_ID: `${ctx.id}-ingest`,
      SIM_USERNAME: ctx.mqtt.gatewayUsername,
      SIM_PASSWORD: ctx.mqtt.gatewayPassword,
      SIM_HEARTBEAT_S: '2',
      SIM_ARGS: `--areas 3 --outages off --client-prefix ${ctx.id}`,
      IOC_LOG_DIR: mkdtempSync(join(tmpdir(), `${ctx.id}-logs-`)),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  start.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
  start.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
  await waitFor(
    'npm start to print where to look',
    () => {
      if (start.exitCode !== null) throw new Error(`start.sh exited with ${start.exitCode}:\n${output.join('')}`);
      return output.join('').includes('Press Ctrl-C to stop');
    },
    180_000,
    250,
  );
}, 200_000);

afterAll(async () => {
  await browser?.close();
  if (start && start.exitCode === null) {
    const exited = new Promise((r) => start.once('exit', r));
    start.kill('SIGINT');
    await exited;
  }
  await ctx?.cleanup();
});

describe('npm start', () => {
  it('prints where to look', () => {
    const text = output.join('');
    expect(text).toContain(`http://127.0.0.1:${ports.api}/`);
    expect(text).toContain(`http://127.0.0.1:${ports.realtime}/ops`);
    expect(text).toContain('mqtt-credentials.env');
  });

  it('puts no password on a command line: `ps` shows none of the MQTT passwords (issue 13)', () => {
    const secrets = [ctx.mqtt.gatewayPassword].filter((p) => p.length > 0);
    const cmdlines = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
        } catch {
          return ''; // the process ended meanwhile
        }
      });
    // The platform's own processes (another spec's mosquitto_pub may hold a test password meanwhile).
    const ours = cmdlines.filter((c) => c.includes('dist/apps/') || c.includes('start.sh'));
    expect(ours.some((c) => c.includes('dist/apps/simulator/src/main.js'))).toBe(true);
    for (const secret of secrets) expect(ours.filter((c) => c.includes(secret))).toEqual([]);
  });

  it('serves the operations-centre web app: after the demo operator signs in, the live view fills with the demo province and devices come online', async () => {
    browser = await chromium.launch({
      executablePath: testConfig().CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`http://127.0.0.1:${ports.api}/`);
    await page.fill('#username', 'operator');
    await page.fill('#password', 'demo-operator');
    await page.click('#login-submit');
    await page.waitForSelector('#conn[data-state="live"]', { timeout: 20_000 });
    // Every key area of the demo province is in the live view's area list.
    const areas = await waitFor('the key areas of the demo province', async () => {
      const n = await page.locator('#area-list li[data-area]').count();
      return n >= 27 ? n : false;
    });
    expect(areas).toBe(27);
    expect(await page.locator('#area-list').innerText()).toContain('Đồng Hới');
    // The simulator runs 3 areas with 2 s heartbeats: their devices come online live.
    const online = await waitFor(
      'devices online in the header',
      async () => {
        const n = Number((await page.locator('[data-kpi="devices-online"]').first().innerText()).replace(/\D/g, ''));
        return n > 0 ? n : false;
      },
      20_000,
      250,
    );
    expect(online).toBeGreaterThan(0);
    await page.screenshot({ path: join(tmpdir(), `${ctx.id}-ops-web.png`) });
  });

  it('starts a crashed app again, alone, and says so', async () => {
    // The sla app of this run: the node process whose environment has its port.
    const pidOf = (port: number): number | undefined =>
      readdirSync('/proc')
        .filter((d) => /^\d+$/.test(d))
        .find((pid) => {
          try {
            return (
              readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/apps/sla/src/main.js') &&
              readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`HTTP_PORT=${port}`)
            );
          } catch {
            return false; // gone, or not ours to read
          }
        }) as unknown as number | undefined;
    const before = pidOf(ports.sla);
    expect(before).toBeDefined();
    const printed = output.join('').length;
    process.kill(Number(before), 'SIGKILL');
    const said = await waitFor('start.sh to say it restarts sla', () => /sla stopped \(signal KILL\) after \d+ s; restarting it in 1 s/.exec(output.join('').slice(printed))?.[0], 20_000, 200);
    expect(said).toContain('restarting it in 1 s');
    await waitFor('sla to be back', () => output.join('').slice(printed).includes(`sla is back: healthy on port ${ports.sla}`), 60_000, 250);
    expect(Number(pidOf(ports.sla))).not.toBe(Number(before));
    // The others kept running: no "stopping the platform", and the api still answers.
    expect(output.join('')).not.toContain('stopping the platform');
    expect((await fetch(`http://127.0.0.1:${ports.api}/health`)).status).toBe(200);
  });

  it('stops every app on Ctrl-C', async () => {
    expect(start.exitCode).toBeNull(); // still running: no app died during the test
    const exited = new Promise<number | null>((r) => start.once('exit', r));
    start.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const port of Object.values(ports)) {
      const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      expect(res).toBeUndefined();
    }
  });
});
