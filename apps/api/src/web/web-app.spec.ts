// The web app's static serving: assets with long caching, index.html for the app's own
// paths (never cached), and the API's paths left alone.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { webAppMiddleware } from './web-app';

let base: string;
let server: ReturnType<express.Express['listen']>;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ops-web-'));
  mkdirSync(join(root, 'assets'));
  mkdirSync(join(root, 'basemap'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(root, 'basemap', 'region.json'), '{"type":"FeatureCollection","features":[]}');
  const app = express();
  app.use(...webAppMiddleware(root));
  app.get('/api/v1/things', (_req, res) => void res.json({ ok: true }));
  app.use((_req, res) => void res.status(404).json({ status: 404 }));
  await new Promise<void>((resolve) => (server = app.listen(0, '127.0.0.1', () => resolve())));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const html = { headers: { Accept: 'text/html' } };

describe('web app serving', () => {
  it('serves the hashed assets with a year of caching', async () => {
    const res = await fetch(`${base}/assets/index-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('serves other files of the app (the offline basemap) without long caching', async () => {
    const res = await fetch(`${base}/basemap/region.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it("answers the app's own paths with index.html, never cached, so the app's router shows them", async () => {
    for (const path of ['/', '/ops', '/ops/areas/DH-TT', '/devices/CAM-1/edit']) {
      const res = await fetch(`${base}${path}`, html);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.text()).toContain('id="root"');
    }
  });

  it("leaves the API's paths, health and metrics to the API", async () => {
    expect(await (await fetch(`${base}/api/v1/things`, html)).json()).toEqual({ ok: true });
    for (const path of ['/api/v1/nothing', '/health', '/metrics', '/api/docs-missing']) {
      expect((await fetch(`${base}${path}`, html)).status).toBe(404);
    }
  });

  it('answers a request that does not want HTML (a script) with the 404, not the app', async () => {
    expect((await fetch(`${base}/ops`, { headers: { Accept: 'application/json' } })).status).toBe(404);
  });

  it('says how to build the app when it is not built', async () => {
    const app = express();
    app.use(...webAppMiddleware(join(root, 'missing')));
    const other = await new Promise<ReturnType<express.Express['listen']>>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const res = await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/ops`, html);
    expect(await res.text()).toContain('npm run build');
    await new Promise<void>((resolve) => other.close(() => resolve()));
  });
});
