// `npm run bench -- web`: the operations-centre web app under a real province's load
// (DESIGN.md §6: smooth with 5,000 devices and 200 state changes per second), driving the
// real page in Debian's Chromium on the whole platform, in a run of its own:
//   1. what the browser downloads: the app's JavaScript and CSS, raw and gzipped;
//   2. initial load: from navigation to the signed-in live view with every key area and
//      device drawn, at province zoom (cold: first visit; warm: a reload);
//   3. frames under load: while a gateway publishes BENCH_WEB_RATE status changes per
//      second (recording on/off, each one a transition pushed to the page), the page's
//      requestAnimationFrame intervals and long tasks, at province zoom and in one area;
//      and how many pushes it applied (its live state's version).
// Prints a Markdown report. Options: BENCH_WEB_DEVICES_PER_AREA (185, 27 areas → 4,995
// devices), BENCH_WEB_RATE (200), BENCH_WEB_SECONDS (30).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import mqtt from 'mqtt';
import { z } from 'zod';
import type { Page } from 'playwright-core';
import type { Device } from '@ioc/contracts';
import { envInt, loadConfig } from '@ioc/platform';
import { launchChromium, repoRoot, startPlatform, type PlatformRun } from '@ioc/testing';

const config = loadConfig(
  z.object({
    BENCH_WEB_DEVICES_PER_AREA: envInt(185, 1, 2000),
    BENCH_WEB_RATE: envInt(200, 1, 10_000),
    BENCH_WEB_SECONDS: envInt(30, 5, 3600),
  }),
);
const WEB_DIST = join(repoRoot(), 'dist', 'apps', 'ops-web');
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;

function bundleSizes(): { js: number; jsGz: number; css: number; cssGz: number } {
  const out = { js: 0, jsGz: 0, css: 0, cssGz: 0 };
  const assets = join(WEB_DIST, 'assets');
  for (const name of readdirSync(assets)) {
    const file = join(assets, name);
    if (!statSync(file).isFile()) continue;
    const kind = name.endsWith('.js') ? 'js' : name.endsWith('.css') ? 'css' : undefined;
    if (!kind) continue;
    const body = readFileSync(file);
    out[kind] += body.length;
    out[`${kind}Gz`] += gzipSync(body, { level: 9 }).length;
  }
  return out;
}

async function api<T>(run: PlatformRun, path: string, token: string, method = 'GET'): Promise<T> {
  const res = await fetch(`${run.baseUrl}${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function signIn(page: Page, run: PlatformRun, path: string): Promise<number> {
  const started = Date.now();
  await page.goto(`${run.baseUrl}${path}`);
  if (await page.locator('#username').count()) {
    await page.fill('#username', 'operator');
    await page.fill('#password', 'demo-operator');
    await page.click('#login-submit');
  }
  await page.waitForSelector('#conn[data-state="live"]', { timeout: 60_000 });
  await page.waitForSelector('#ops-map[data-ready="true"]', { timeout: 60_000 });
  return Date.now() - started;
}

interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  over50: number;
  longTasks: number;
  longTaskMs: number;
  pushesApplied: number;
}

/** Records animation-frame intervals and long tasks in the page for `seconds`. */
async function measureFrames(page: Page, seconds: number): Promise<FrameStats> {
  const result = await page.evaluate(async (ms) => {
    const live = (window as unknown as { __iocLive?: { state: { version: number } } }).__iocLive;
    const v0 = live?.state.version ?? 0;
    const intervals: number[] = [];
    let longTasks = 0;
    let longTaskMs = 0;
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        longTasks++;
        longTaskMs += e.duration;
      }
    });
    try {
      observer.observe({ type: 'longtask', buffered: false });
    } catch {
      // no long-task timing in this browser
    }
    await new Promise<void>((resolve) => {
      let last = performance.now();
      const end = last + ms;
      const tick = (t: number) => {
        intervals.push(t - last);
        last = t;
        if (t < end) requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame(tick);
    });
    observer.disconnect();
    return { intervals, longTasks, longTaskMs, pushesApplied: (live?.state.version ?? 0) - v0 };
  }, seconds * 1000);
  const sorted = [...result.intervals].sort((a, b) => a - b);
  return {
    frames: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    over50: sorted.filter((x) => x > 50).length,
    longTasks: result.longTasks,
    longTaskMs: Math.round(result.longTaskMs),
    pushesApplied: result.pushesApplied,
  };
}

/** Publishes `rate` status changes per second (recording toggled) over the devices until stopped. */
function loadGenerator(run: PlatformRun, devices: Device[], rate: number) {
  let stopped = false;
  let published = 0;
  const recording = new Map<string, boolean>();
  const done = (async () => {
    const client = await mqtt.connectAsync(run.ctx.mqtt.url, {
      protocolVersion: 5,
      clientId: `${run.ctx.id}-web-bench`,
      username: run.ctx.mqtt.gatewayUsername,
      password: run.ctx.mqtt.gatewayPassword,
    });
    const tickMs = 50;
    const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
    let i = 0;
    const started = Date.now();
    while (!stopped) {
      const batch: Promise<unknown>[] = [];
      for (let k = 0; k < perTick; k++) {
        const d = devices[i++ % devices.length];
        const on = !(recording.get(d.id) ?? true);
        recording.set(d.id, on);
        const topic = `${run.ctx.topicRoot}/${d.areaCode}/${d.gatewayId}/${d.id}/status`;
        batch.push(client.publishAsync(topic, JSON.stringify({ id: `wb-${published}`, ts: new Date().toISOString(), online: true, recording: on }), { qos: 1 }));
        published++;
      }
      await Promise.all(batch);
      const due = started + (published / rate) * 1000;
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    }
    await client.endAsync();
  })();
  return {
    published: () => published,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

async function main(): Promise<void> {
  const sizes = bundleSizes();
  const run = await startPlatform({
    devicesPerArea: config.BENCH_WEB_DEVICES_PER_AREA,
    env: Object.fromEntries(['registry', 'ingest', 'incident', 'coverage', 'sla', 'realtime', 'api'].map((a) => [a, { LOG_LEVEL: 'warn' }])),
  });
  const browser = await launchChromium();
  try {
    const loginRes = await fetch(`${run.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'demo-admin' }),
    });
    const token = ((await loginRes.json()) as { accessToken: string }).accessToken;
    const devices: Device[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await api<{ items: Device[]; total: number }>(run, `/api/v1/devices?limit=1000&offset=${offset}`, token);
      devices.push(...page.items);
      if (page.items.length < 1000) break;
    }
    const areaCode = devices[0].areaCode;

    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const cold = await signIn(page, run, '/ops');
    const warm = await signIn(page, run, '/ops');

    // Every device reports once, so the page shows a province that is live, then the load.
    const online = loadGenerator(run, devices, 2000);
    await new Promise((r) => setTimeout(r, (devices.length / 2000) * 1000 + 500));
    await online.stop();
    await new Promise((r) => setTimeout(r, 3000));

    const load = loadGenerator(run, devices, config.BENCH_WEB_RATE);
    await new Promise((r) => setTimeout(r, 2000));
    const province = await measureFrames(page, config.BENCH_WEB_SECONDS);
    await page.goto(`${run.baseUrl}/ops/areas/${areaCode}`);
    await page.waitForSelector('#ops-map[data-ready="true"]', { timeout: 60_000 });
    await new Promise((r) => setTimeout(r, 2000));
    const area = await measureFrames(page, config.BENCH_WEB_SECONDS);
    await load.stop();
    const heapMb = await page.evaluate(() => ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1048576);

    const row = (name: string, s: FrameStats) =>
      `| frames under ${config.BENCH_WEB_RATE} changes/s, ${name} (${config.BENCH_WEB_SECONDS} s) | smooth (60 fps ≈ 16.7 ms) | ${s.frames} frames, p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(0)} ms, ${s.over50} over 50 ms; ${s.longTasks} long tasks (${s.longTaskMs} ms); ${s.pushesApplied} state changes applied |`;
    const lines = [
      `## Web app (${new Date().toISOString().slice(0, 10)})`,
      '',
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, Debian Chromium (headless, software rendering).`,
      `Command: \`npm run bench -- web\` (${devices.length} devices in 27 key areas, ${config.BENCH_WEB_RATE} status changes/s published by a gateway through the whole platform, viewport 1920×1080).`,
      '',
      '| measure | target | result |',
      '| --- | --- | --- |',
      `| JavaScript downloaded (gzipped / raw) | — | ${kb(sizes.jsGz)} / ${kb(sizes.js)} |`,
      `| CSS downloaded (gzipped / raw) | — | ${kb(sizes.cssGz)} / ${kb(sizes.css)} |`,
      `| initial load to the live province view with ${devices.length} devices, cold / warm | — | ${(cold / 1000).toFixed(2)} s / ${(warm / 1000).toFixed(2)} s |`,
      row('province zoom', province),
      row(`one key area (${areaCode})`, area),
      `| status changes published during the two windows | ${config.BENCH_WEB_RATE}/s | ${load.published()} |`,
      `| JS heap after the load | — | ${heapMb.toFixed(0)} MB |`,
    ];
    console.log(lines.join('\n'));
  } finally {
    await browser.close();
    await run.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
