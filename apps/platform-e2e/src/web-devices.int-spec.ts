// The technician's device screens in a real browser (Debian's Chromium) on the whole
// platform with the demo province: a camera registered on the map — placed by a click,
// turned until an uncovered checkpoint falls in its sector, which the page marks as seen
// by the coverage rule — and then counted as covering that checkpoint on the planner's
// area coverage page; a position far outside the area refused beside the position field;
// the device list filtered from the URL; the device page with its status history after a
// gateway reports the camera; a maintenance window opened in Vietnam time and ended
// early; decommissioning behind its confirmation; a planner seeing no button that changes
// anything. It writes the technician screenshots of the README (docs/screenshots/technician-*.png).
import type { Browser, Page } from 'playwright-core';
import type { AreaCoverageDetailDto, Device, GatewayCredentials, KeyArea, MaintenanceWindow } from '@ioc/contracts';
import { destination, geodesicInverse } from '@ioc/coverage';
import { mosquittoPub } from '@ioc/testing';
import { launchBrowser, openSignedIn, pageErrors, saveScreenshot, startWebPlatform, waitUntil, type WebPlatform } from './support/web';

let platform: WebPlatform;
let browser: Browser;
let admin: string;
const pages: Page[] = [];

/** The gap the new camera closes: a checkpoint of `area` no installed device covers for `purpose`. */
let target: { area: KeyArea; checkpointId: string; purpose: 'traffic' | 'security'; location: [number, number] };
const CAMERA = 'CAM-WEB-TEST-01';

async function api<T = unknown>(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${platform.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function login(username: string): Promise<string> {
  const res = await fetch(`${platform.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: `demo-${username}` }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

const logins = new Map<string, GatewayCredentials>();
/** Publishes as a device's gateway would (its password rotated once through the API, as a technician does on site). */
async function publishStatus(device: Device, payload: Record<string, unknown>): Promise<void> {
  let creds = logins.get(device.gatewayId);
  if (!creds) {
    const res = await api<GatewayCredentials>('POST', `/api/v1/gateways/${device.gatewayId}/credentials`, admin);
    expect(res.status).toBe(200);
    creds = res.body;
    logins.set(device.gatewayId, creds);
  }
  const message = { id: `web-dev-${Date.now()}-${Math.random().toString(36).slice(2)}`, ts: new Date().toISOString(), ...payload };
  await mosquittoPub(platform.ctx.mqtt, `${platform.ctx.topicRoot}/${device.areaCode}/${device.gatewayId}/${device.id}/status`, JSON.stringify(message), {
    username: creds.username,
    password: creds.password,
  });
}

async function open(username: string, path: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await openSignedIn(browser, platform, username, { path, viewport });
  pages.push(page);
  return page;
}

/** Fills the register form's details (everything but the area, position and view). */
async function fillDetails(page: Page, id: string, serial: string): Promise<void> {
  await page.fill('#dev-id', id);
  await page.fill('#dev-serial', serial);
  await page.fill('#dev-name', 'Camera thử nghiệm – Ngã tư Trần Hưng Đạo');
  await page.fill('#dev-vendor', 'Hikvision');
  await page.fill('#dev-model', 'DS-2CD2T47G2-L');
  await page.fill('#dev-contractor', 'VNPT Quảng Bình');
  // The area's gateway: chosen by itself when there is one, else the first.
  if ((await page.inputValue('#dev-gateway')) === '') {
    const first = await page.locator('#dev-gateway option').nth(1).getAttribute('value');
    await page.selectOption('#dev-gateway', first ?? '');
  }
}

async function chooseArea(page: Page, code: string): Promise<void> {
  await page.waitForSelector(`#dev-area option[value="${code}"]`, { state: 'attached' });
  await page.selectOption('#dev-area', code);
  await page.waitForSelector('[data-testid="device-map"] path[data-checkpoint]', { state: 'attached' });
  await page.waitForSelector('#dev-gateway option:nth-child(2)', { state: 'attached' });
  // The map zooms to the area (animated): measure positions once it has settled.
  await page.waitForTimeout(1000);
}

beforeAll(async () => {
  platform = await startWebPlatform();
  browser = await launchBrowser();
  admin = await login('admin');
  // An area with a checkpoint that no installed device covers for one of its purposes.
  const areas = (await api<{ items: KeyArea[] }>('GET', '/api/v1/areas', admin)).body.items;
  for (const area of areas) {
    const detail = (await api<AreaCoverageDetailDto>('GET', `/api/v1/coverage/areas/${area.code}`, admin)).body;
    for (const cp of detail.checkpointCoverage) {
      const gap = cp.byPurpose.find((p) => p.installed.length === 0);
      if (gap) {
        target = { area, checkpointId: cp.checkpointId, purpose: gap.purpose, location: cp.location as [number, number] };
        break;
      }
    }
    if (target) break;
  }
  if (!target) throw new Error('the demo province has no coverage gap to close');
}, 240_000);

afterAll(async () => {
  for (const page of pages) expect(pageErrors(page)).toEqual([]);
  await browser?.close();
  await platform?.stop();
});

describe('registering a camera on the map', () => {
  it('marks the uncovered checkpoint as seen once the camera is turned towards it, and saves the camera', async () => {
    const page = await open('technician', '/devices/new');
    await chooseArea(page, target.area.code);
    const checkpoint = page.locator(`[data-testid="device-map"] path[data-checkpoint="${target.checkpointId}"]`);
    expect(await checkpoint.getAttribute('data-seen')).toBe('false');

    // Click the map 45 px from the checkpoint towards the middle of the area (inside it).
    const cp = await checkpoint.boundingBox();
    const area = await page.locator('[data-testid="device-map"] path.dev-map-boundary').boundingBox();
    if (!cp || !area) throw new Error('the checkpoint or the area is not drawn');
    const [cx, cy] = [cp.x + cp.width / 2, cp.y + cp.height / 2];
    const [ax, ay] = [area.x + area.width / 2, area.y + area.height / 2];
    const len = Math.hypot(ax - cx, ay - cy) || 1;
    await page.mouse.click(cx + ((ax - cx) / len) * 45, cy + ((ay - cy) / len) * 45);
    await waitUntil('the position typed in by the click', async () => (await page.inputValue('#dev-lon')) !== '');
    const at: [number, number] = [Number(await page.inputValue('#dev-lon')), Number(await page.inputValue('#dev-lat'))];
    const toCheckpoint = geodesicInverse(at, target.location);

    await page.selectOption('#dev-camera-type', 'bullet');
    await page.fill('#dev-fov', '40');
    await page.fill('#dev-range', String(Math.ceil(toCheckpoint.distanceM) + 25));
    for (const p of ['traffic', 'security'] as const) {
      if ((await page.isChecked(`#dev-purpose-${p}`)) !== (p === target.purpose)) await page.click(`#dev-purpose-${p}`);
    }
    // Facing away, the checkpoint is not seen; facing it, it is.
    const facing = Math.round(toCheckpoint.bearingDeg ?? 0) % 360;
    await page.fill('#dev-bearing', String((facing + 180) % 360));
    await page.waitForSelector(`[data-testid="device-map"] path[data-checkpoint="${target.checkpointId}"][data-seen="false"]`, { state: 'attached', timeout: 2000 });
    await page.fill('#dev-bearing', String(facing));
    await page.waitForSelector(`[data-testid="device-map"] path[data-checkpoint="${target.checkpointId}"][data-seen="true"]`, { state: 'attached', timeout: 2000 });
    expect(await page.locator(`[data-checkpoint-row="${target.checkpointId}"]`).getAttribute('data-seen')).toBe('true');
    expect(await page.locator('[data-testid="device-map"] path[data-testid="fov-sector"]').count()).toBe(1);
    await fillDetails(page, CAMERA, 'SN-WEB-TEST-01');
    // The picture shows the view's controls and the checkpoints beside the map.
    await page.locator('.dev-editor-side').evaluate((el) => {
      const side = el as HTMLElement;
      const view = side.querySelectorAll('.dev-section')[1] as HTMLElement;
      side.scrollTop = view.offsetTop - side.offsetTop - 8;
    });
    await saveScreenshot(page, 'technician-camera-editor');

    await page.click('#dev-save');
    await page.waitForSelector(`[data-testid="device-page"][data-device-id="${CAMERA}"]`, { timeout: 10_000 });
    const saved = await api<Device>('GET', `/api/v1/devices/${CAMERA}`, admin);
    expect(saved.body).toMatchObject({ areaCode: target.area.code, bearingDeg: facing, fovDeg: 40, purposes: [target.purpose], cameraType: 'bullet' });
    expect(saved.body.location?.coordinates).toEqual(at);
  });

  it('is counted as covering that checkpoint on the area coverage page', async () => {
    const page = await open('planner', `/coverage/areas/${target.area.code}`);
    await page.waitForSelector(`[data-checkpoint="${target.checkpointId}"][data-covered-installed="true"]`, { state: 'attached', timeout: 15_000 });
    const detail = (await api<AreaCoverageDetailDto>('GET', `/api/v1/coverage/areas/${target.area.code}`, admin)).body;
    const cp = detail.checkpointCoverage.find((c) => c.checkpointId === target.checkpointId);
    expect(cp?.byPurpose.find((p) => p.purpose === target.purpose)?.installed).toEqual([CAMERA]);
  });

  it('shows the API’s refusal of a position far outside the area beside the position field', async () => {
    const page = await open('technician', '/devices/new', { width: 1366, height: 768 });
    await chooseArea(page, target.area.code);
    const north = target.area.boundary!.coordinates[0].reduce((a, b) => (b[1] > a[1] ? b : a));
    const far = destination(north, 0, 1500);
    await page.fill('#dev-lon', String(far[0]));
    await page.fill('#dev-lat', String(far[1]));
    await fillDetails(page, 'CAM-WEB-FAR', 'SN-WEB-FAR');
    await page.click('#dev-save');
    const error = page.locator('[data-field-error="location"]');
    await error.waitFor({ timeout: 5000 });
    expect(await error.innerText()).toMatch(new RegExp(`Nằm ngoài khu vực ${target.area.code} 1[45]\\d\\d m`));
    expect(await page.locator('[data-testid="error-summary"]').innerText()).toContain('Vị trí');
    expect(new URL(page.url()).pathname).toBe('/devices/new');
    expect((await api('GET', '/api/v1/devices/CAM-WEB-FAR', admin)).status).toBe(404);
  });
});

describe('the device list', () => {
  it('lists the devices in scope with live status, filtered and sorted from the URL', async () => {
    const page = await open('technician', '/devices');
    await page.waitForSelector('[data-testid="device-table"]');
    const total = (await api<{ total: number }>('GET', '/api/v1/devices?limit=1', admin)).body.total;
    expect(await page.locator('#device-count').getAttribute('data-total')).toBe(String(total));
    // 100 rows a page, never the whole register at once.
    expect(await page.locator('[data-testid="device-table"] tbody tr').count()).toBe(Math.min(100, total));

    // The area's other devices report: online, one not recording (degraded), one offline by its gateway.
    const inArea = (await api<{ items: Device[] }>('GET', `/api/v1/devices?areaCode=${target.area.code}&limit=1000`, admin)).body.items.filter((d) => d.id !== CAMERA);
    expect(inArea.length).toBeGreaterThanOrEqual(3);
    const [degraded, offline, ...online] = inArea;
    await publishStatus(degraded, { online: true, recording: false, storageOk: true });
    await publishStatus(offline, { online: false });
    for (const d of online) await publishStatus(d, { online: true, recording: true, storageOk: true });
    await page.goto(`${platform.baseUrl}/devices?area=${target.area.code}`);
    const statusOf = (id: string) => page.locator(`[data-testid="device-table"] tr[data-device-id="${id}"]`).getAttribute('data-status');
    await waitUntil('the live statuses of the area’s devices', async () => (await statusOf(degraded.id)) === 'degraded' && (await statusOf(offline.id)) === 'offline' && (await statusOf(online[0].id)) === 'online', 5000);
    // Worst first: offline, degraded, then the camera never heard from, then the online ones.
    const order = await page.locator('[data-testid="device-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(order.slice(0, 3)).toEqual(['offline', 'degraded', 'unknown']);
    expect(await page.locator('#f-area').inputValue()).toBe(target.area.code);
    await saveScreenshot(page, 'technician-devices');

    await page.goto(`${platform.baseUrl}/devices?status=offline`);
    await page.waitForSelector(`[data-testid="device-table"] tr[data-device-id="${offline.id}"]`);
    expect(await page.locator('[data-testid="device-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))).toEqual(['offline']);

    await page.goto(`${platform.baseUrl}/devices?area=${target.area.code}&type=camera%3Abullet&sort=id&dir=desc`);
    await page.waitForSelector(`[data-testid="device-table"] tr[data-device-id="${CAMERA}"]`);
    const ids = await page.locator('[data-testid="device-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-device-id') ?? ''));
    const expected = (await api<{ items: Device[] }>('GET', `/api/v1/devices?areaCode=${target.area.code}&limit=1000`, admin)).body.items
      .filter((d) => d.kind === 'camera' && d.cameraType === 'bullet')
      .map((d) => d.id)
      .sort((a, b) => b.localeCompare(a, 'vi', { numeric: true }));
    expect(ids).toEqual(expected);
    expect(await page.locator('#f-type').inputValue()).toBe('camera:bullet');
  });
});

describe('a device page', () => {
  it('shows the camera going online, with the transition in its history, when its gateway reports it', async () => {
    const page = await open('technician', `/devices/${CAMERA}`);
    await page.waitForSelector('[data-testid="transitions"]');
    expect(await page.locator('[data-testid="device-status"]').getAttribute('data-status')).toBe('unknown');

    const device = (await api<Device>('GET', `/api/v1/devices/${CAMERA}`, admin)).body;
    await publishStatus(device, { online: true, recording: true, storageOk: true });
    await page.waitForSelector('[data-testid="device-status"][data-status="online"]', { timeout: 5000 });
    await page.waitForSelector('[data-testid="transitions"] tr[data-transition-to="online"]', { timeout: 5000 });
    expect(await page.locator('[data-testid="transitions"] tbody tr').first().innerText()).toContain('Nhận bản tin trạng thái');
    await saveScreenshot(page, 'technician-device');
  });

  it('shows a planner no button that changes anything', async () => {
    const page = await open('planner', `/devices/${CAMERA}`);
    await page.waitForSelector('[data-testid="device-page"]');
    expect(await page.locator('#edit-device, #decommission-device, #open-window').count()).toBe(0);
    await page.goto(`${platform.baseUrl}/devices`);
    await page.waitForSelector('[data-testid="device-table"]');
    expect(await page.locator('#register-device').count()).toBe(0);
  });
});

describe('maintenance windows', () => {
  it('opens a window typed in Vietnam time, shows it running, and ends it early', async () => {
    const page = await open('technician', `/maintenance?targetType=device&targetId=${CAMERA}&area=${target.area.code}`);
    await page.waitForSelector(`#mw-target option[value="${CAMERA}"]`, { state: 'attached' });
    expect(await page.locator('#mw-target').inputValue()).toBe(CAMERA);
    // From a minute ago, for three hours, in Vietnam time whatever the browser's zone.
    const start = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
    const local = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16);
    const end = new Date(start.getTime() + 3 * 3_600_000);
    await page.fill('#mw-start', local(start));
    await page.fill('#mw-end', local(end));
    await page.fill('#mw-reason', 'Thay ổ cứng đầu ghi hình');
    await page.click('#mw-submit');
    await page.waitForSelector('[data-testid="window-created"]', { timeout: 5000 });
    const windows = (await api<{ items: MaintenanceWindow[] }>('GET', `/api/v1/maintenance-windows?areaCode=${target.area.code}`, admin)).body.items;
    const created = windows.find((w) => w.targetId === CAMERA);
    expect(created).toMatchObject({ targetType: 'device', startsAt: start.toISOString(), endsAt: end.toISOString(), reason: 'Thay ổ cứng đầu ghi hình', cancelledAt: null });
    const row = page.locator(`[data-testid="windows-running"] [data-window-id="${created!.id}"]`);
    await row.waitFor({ timeout: 5000 });
    await saveScreenshot(page, 'technician-maintenance');

    await row.locator('[data-end-window]').click();
    await page.click('[data-testid="end-window-dialog-confirm"]');
    await page.waitForSelector(`[data-testid="windows-past"] [data-window-id="${created!.id}"]`, { timeout: 5000 });
    const ended = (await api<{ items: MaintenanceWindow[] }>('GET', `/api/v1/maintenance-windows?areaCode=${target.area.code}`, admin)).body.items.find((w) => w.id === created!.id);
    expect(Date.parse(ended!.endsAt)).toBeLessThanOrEqual(Date.now());
  });
});

describe('decommissioning', () => {
  it('says what it does, asks for a reason, and keeps the device with its history', async () => {
    const page = await open('technician', `/devices/${CAMERA}`);
    await page.click('#decommission-device');
    const dialog = page.locator('[data-testid="decommission-dialog"]');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('không còn được tính vào độ phủ');
    await page.click('[data-testid="decommission-dialog-confirm"]');
    expect(await dialog.locator('.field-error').innerText()).toBe('Hãy nhập lý do.');
    await dialog.locator('textarea').fill('Thay bằng camera PTZ');
    await page.click('[data-testid="decommission-dialog-confirm"]');
    await page.waitForSelector('[data-testid="device-status"][data-status="decommissioned"]', { timeout: 5000 });
    await page.waitForSelector('[data-testid="transitions"] tr[data-transition-to="decommissioned"]', { timeout: 5000 });
    expect(await page.locator('[data-testid="transitions"] tr[data-transition-to="online"]').count()).toBe(1);
    expect(await page.locator('#edit-device, #decommission-device').count()).toBe(0);
    expect((await api<Device>('GET', `/api/v1/devices/${CAMERA}`, admin)).body).toMatchObject({ status: 'decommissioned', decommissionedAt: expect.any(String) });
  });
});
