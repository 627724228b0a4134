// The operator's web app in a real browser (Debian's Chromium) on the whole platform with
// the demo province: the live map and its key areas and devices, a device's status from a
// gateway changing its marker and its area's shading, a tamper alarm at the top of the
// queue and acknowledged from the page (seen live by a second page), the realtime app
// restarting under the page, and a technician scoped to one district. It writes the
// operator screenshots shown in the README (docs/screenshots/ops-*.png).
import type { Browser, Page } from 'playwright-core';
import type { Device, GatewayCredentials, Incident, KeyArea } from '@ioc/contracts';
import { mosquittoPub, waitFor } from '@ioc/testing';
import { apiCall, apiLogin, launchBrowser, openSignedIn, pageErrors, saveScreenshot, startWebPlatform, waitUntil, type WebPlatform } from './support/web';

const AREA = 'DH-TT';
const BA_DON = 'Thị xã Ba Đồn';

let platform: WebPlatform;
let browser: Browser;
let admin: string;
let areas: KeyArea[];
let devices: Device[];
const pages: Page[] = [];

/** A gateway of `areaCode` with fresh credentials (rotated through the API, as a technician does on site). */
async function gatewayLogin(areaCode: string): Promise<{ gatewayId: string; username: string; password: string }> {
  const device = devices.find((d) => d.areaCode === areaCode && d.kind === 'camera');
  if (!device) throw new Error(`no camera in ${areaCode}`);
  const res = await apiCall<GatewayCredentials>(platform, 'POST', `/api/v1/gateways/${device.gatewayId}/credentials`, admin);
  expect(res.status).toBe(200);
  return { gatewayId: device.gatewayId, username: res.body.username, password: res.body.password };
}

function publishAs(login: { username: string; password: string }, topic: string, payload: object): Promise<void> {
  return mosquittoPub(platform.ctx.mqtt, `${platform.ctx.topicRoot}/${topic}`, JSON.stringify(payload), { username: login.username, password: login.password });
}

const now = () => new Date().toISOString();
let seq = 0;
const msgId = () => `web-op-${Date.now()}-${++seq}`;

async function open(username: string, path = '/ops', viewport?: { width: number; height: number }, password?: string): Promise<Page> {
  const page = await openSignedIn(browser, platform, username, { path, viewport, password });
  pages.push(page);
  return page;
}

/** Rows of the queue as the page shows them: [incident id, severity] top to bottom. */
async function queueRows(page: Page): Promise<{ id: string; severity: string; status: string }[]> {
  return page.locator('#incident-queue [data-incident]').evaluateAll((rows) =>
    rows.map((r) => ({ id: r.getAttribute('data-incident') ?? '', severity: r.getAttribute('data-severity') ?? '', status: r.getAttribute('data-status') ?? '' })),
  );
}

beforeAll(async () => {
  platform = await startWebPlatform();
  browser = await launchBrowser();
  admin = await apiLogin(platform, 'admin');
  areas = (await apiCall<{ items: KeyArea[] }>(platform, 'GET', '/api/v1/areas', admin)).body.items;
  devices = (await apiCall<{ items: Device[] }>(platform, 'GET', '/api/v1/devices?limit=1000', admin)).body.items;
}, 180_000);

afterAll(async () => {
  for (const page of pages) expect(pageErrors(page)).toEqual([]);
  await browser?.close();
  await platform?.stop();
});

describe('the operator live view', () => {
  it("shows the demo province's 27 key areas on the map and in the area list, and an area's devices", async () => {
    expect(areas).toHaveLength(27);
    const page = await open('operator');
    await page.waitForSelector('#ops-map[data-ready="true"]', { timeout: 20_000 });
    expect(await page.locator('#area-list li[data-area]').count()).toBe(27);
    expect(await page.locator('#ops-map path.area-shape[data-area]').count()).toBe(27);
    expect(await page.locator('#area-list').innerText()).toContain('Đồng Hới');
    await saveScreenshot(page, 'ops-province');

    await page.goto(`${platform.baseUrl}/ops/areas/${AREA}`);
    await page.waitForSelector('#ops-map[data-ready="true"]');
    const inArea = devices.filter((d) => d.areaCode === AREA && d.status !== 'decommissioned').map((d) => d.id);
    await waitUntil(`the markers of ${AREA}'s ${inArea.length} devices`, async () => {
      const shown = await page.locator('#ops-map [data-device]').evaluateAll((els) => els.map((e) => e.getAttribute('data-device')));
      return inArea.every((id) => shown.includes(id));
    });
  });

  it("changes a device's marker and its area's shading within 2 s of a status published with its gateway's credentials", async () => {
    const page = await open('operator', `/ops/areas/${AREA}`);
    await page.waitForSelector('#ops-map[data-ready="true"]');
    const login = await gatewayLogin(AREA);
    const device = devices.find((d) => d.areaCode === AREA && d.gatewayId === login.gatewayId && d.kind === 'camera')!;
    const marker = page.locator(`#ops-map [data-device="${device.id}"]`);
    const shape = page.locator(`#ops-map path.area-shape[data-area="${AREA}"]`);
    expect(await marker.getAttribute('data-status')).not.toBe('online');
    const areaBefore = await shape.getAttribute('data-state');
    expect(areaBefore).not.toBe('online'); // nothing has reported yet in this run

    // Every device of the area reports, so the whole area turns online.
    const started = Date.now();
    for (const d of devices.filter((x) => x.areaCode === AREA && x.gatewayId === login.gatewayId)) {
      await publishAs(login, `${AREA}/${login.gatewayId}/${d.id}/status`, { id: msgId(), ts: now(), online: true, recording: true, storageOk: true });
    }
    await waitUntil('the marker online', async () => (await marker.getAttribute('data-status')) === 'online', 2_000 + (Date.now() - started));
    await waitUntil('the area shading to change', async () => (await shape.getAttribute('data-state')) !== areaBefore, 2_000 + (Date.now() - started));
    await saveScreenshot(page, 'ops-area');
  });

  it('puts a tamper alarm at the top of the queue within 2 s; acknowledging it in the page is what the API then reports, and a second page sees it live', async () => {
    const login = await gatewayLogin(AREA);
    const device = devices.find((d) => d.areaCode === AREA && d.gatewayId === login.gatewayId && d.kind === 'camera')!;
    const first = await open('operator');
    const second = await open('operator', '/ops', { width: 1366, height: 768 });

    const sent = Date.now();
    await publishAs(login, `${AREA}/${login.gatewayId}/${device.id}/event`, { id: msgId(), ts: now(), type: 'tamper', state: 'start', confidence: 0.97 });
    let incidentId = '';
    await waitUntil(
      'a critical tamper incident at the top of the queue',
      async () => {
        const top = (await queueRows(first))[0];
        if (!top || top.severity !== 'critical') return false;
        const type = await first.locator(`#incident-queue [data-incident="${top.id}"]`).getAttribute('data-type');
        if (type !== 'tamper') return false;
        incidentId = top.id;
        return true;
      },
      2_000,
    );
    expect(Date.now() - sent).toBeLessThan(5_000);
    await saveScreenshot(first, 'ops-alarm');

    await first.locator(`#incident-queue [data-incident="${incidentId}"] [data-action="acknowledge"]`).click();
    await waitUntil('the API to report it acknowledged by the operator', async () => {
      const res = await apiCall<Incident>(platform, 'GET', `/api/v1/incidents/${incidentId}`, admin);
      return res.body.status === 'acknowledged' && res.body.acknowledgedBy === 'operator';
    });
    await waitUntil('the second page to show it acknowledged', async () => (await second.locator(`#incident-queue [data-incident="${incidentId}"]`).getAttribute('data-status')) === 'acknowledged');

    await first.goto(`${platform.baseUrl}/ops/incidents/${incidentId}`);
    await first.waitForSelector('#incident-detail[data-status="acknowledged"]');
    expect(await first.locator('#incident-detail').innerText()).toContain('operator');
    // The map is on the incident's area once the live state has it (and the zoom has run).
    await first.waitForSelector(`#area-list li[data-area-device]`, { timeout: 10_000 });
    await first.waitForSelector('#ops-map[data-ready="true"]');
    await first.waitForTimeout(500);
    await saveScreenshot(first, 'ops-incident');
  });

  it('marks the whole view as disconnected while realtime is down, then shows the current state with no incident missing or shown twice', async () => {
    const page = await open('operator');
    await page.waitForSelector('#incident-queue[data-state="live"]');
    await platform.apps.realtime.stop();
    await page.waitForSelector('#conn[data-state="disconnected"]', { timeout: 10_000 });
    await page.waitForSelector('#stale-banner');
    expect(await page.locator('#stale-banner').innerText()).toMatch(/mất kết nối — đang kết nối lại/i);
    expect(await page.locator('#incident-queue').getAttribute('data-state')).toBe('stale');
    await saveScreenshot(page, 'ops-disconnected');

    // While the page cannot hear it, a new alarm opens.
    const login = await gatewayLogin(AREA);
    const device = devices.filter((d) => d.areaCode === AREA && d.gatewayId === login.gatewayId && d.kind === 'camera')[1] ?? devices.find((d) => d.areaCode === AREA && d.kind === 'camera')!;
    await publishAs(login, `${AREA}/${login.gatewayId}/${device.id}/event`, { id: msgId(), ts: now(), type: 'tamper', state: 'start', confidence: 0.9 });
    const standing = await waitFor('the new incident in the API', async () => {
      const res = await apiCall<{ items: Incident[] }>(platform, 'GET', '/api/v1/incidents?status=open,acknowledged&limit=500', admin);
      return res.body.items.some((i) => i.deviceId === device.id && i.type === 'tamper') ? res.body.items : undefined;
    });

    await platform.restart('realtime');
    await page.waitForSelector('#conn[data-state="live"]', { timeout: 20_000 });
    await waitUntil('the queue to match the API: every standing incident once', async () => {
      const ids = (await queueRows(page)).map((r) => r.id);
      return ids.length === new Set(ids).size && ids.length === standing.length && standing.every((i) => ids.includes(i.id));
    });
    expect(await page.locator('#stale-banner').count()).toBe(0);
  });

  it("shows a technician scoped to Thị xã Ba Đồn only Ba Đồn's areas, devices and incidents", async () => {
    const created = await apiCall(platform, 'POST', '/api/v1/users', admin, {
      username: 'tech.badon',
      displayName: 'Kỹ thuật Ba Đồn',
      password: 'tech-badon-2026',
      role: 'technician',
      scope: { districts: [BA_DON] },
    });
    expect(created.status).toBe(201);
    // An incident outside Ba Đồn is standing (the tamper in DH-TT); one inside it too.
    const badon = areas.filter((a) => a.district === BA_DON).map((a) => a.code);
    const login = await gatewayLogin(badon[0]);
    const device = devices.find((d) => d.areaCode === badon[0] && d.gatewayId === login.gatewayId && d.kind === 'camera')!;
    await publishAs(login, `${badon[0]}/${login.gatewayId}/${device.id}/event`, { id: msgId(), ts: now(), type: 'tamper', state: 'start', confidence: 0.9 });

    const page = await open('tech.badon', '/ops', undefined, 'tech-badon-2026');
    await page.waitForSelector('#ops-map[data-ready="true"]');
    const listed = await page.locator('#area-list li[data-area]').evaluateAll((els) => els.map((e) => e.getAttribute('data-area')));
    expect(listed.sort()).toEqual([...badon].sort());
    await waitUntil('the Ba Đồn tamper in the queue', async () => (await queueRows(page)).some((r) => r.id !== '') && (await page.locator('#incident-queue [data-area]').count()) > 0);
    const queueAreas = await page.locator('#incident-queue [data-incident]').evaluateAll((els) => els.map((e) => e.getAttribute('data-area')));
    expect(queueAreas.every((a) => badon.includes(a ?? ''))).toBe(true);
    // What the page holds live: Ba Đồn's areas and nothing else.
    const held = await page.evaluate(() => [...(window as unknown as { __iocLive: { state: { areas: Map<string, unknown> } } }).__iocLive.state.areas.keys()]);
    expect(held.sort()).toEqual([...badon].sort());
    await page.goto(`${platform.baseUrl}/ops/areas/${badon[0]}`);
    await page.waitForSelector('#ops-map[data-ready="true"]');
    const markers = await page.locator('#ops-map [data-device]').evaluateAll((els) => els.map((e) => e.getAttribute('data-device')));
    const badonDevices = new Set(devices.filter((d) => badon.includes(d.areaCode)).map((d) => d.id));
    expect(markers.length).toBeGreaterThan(0);
    expect(markers.every((id) => badonDevices.has(id ?? ''))).toBe(true);
  });
});
