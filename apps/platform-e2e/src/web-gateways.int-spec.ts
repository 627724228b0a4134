// The technician's gateway and bulk-import screens in a real browser (Debian's Chromium) on
// the whole platform with the demo province: a device CSV with three bad rows checked by a
// dry run (exactly those rows, by line and column), then imported with "skip invalid rows"
// to 100% on the progress bar and the skipped rows listed; a gateway registered from the
// page with its MQTT login shown once (gone after a reload, in no storage), a device under
// it going online on the gateway page when that login publishes its status, the login
// rotated and revoked behind confirmations; and a read-only role seeing no buttons. It
// writes the technician screenshots of the README (docs/screenshots/technician-*.png).
import type { Browser, Page } from 'playwright-core';
import type { Device, Gateway } from '@ioc/contracts';
import { mosquittoPub, testConfig } from '@ioc/testing';
import { apiCall, apiLogin, launchBrowser, openSignedIn, pageErrors, saveScreenshot, startWebPlatform, waitUntil, type WebPlatform } from './support/web';

const AREA = 'DH-TT';
const GATEWAY = 'GW-DH-TT-01';
/** What the gateway form proposes in DH-TT, whose demo gateways are -01 and -02. */
const NEW_GATEWAY = 'GW-DH-TT-03';
const NEW_DEVICE = 'CAM-DH-TT-GW3-01';

let platform: WebPlatform;
let browser: Browser;
let technician: string;
const pages: Page[] = [];

async function open(username: string, path: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await openSignedIn(browser, platform, username, { path, viewport });
  pages.push(page);
  return page;
}

/** 30 cameras of DH-TT; rows 5, 14 and 23 (file lines 6, 15 and 24) are bad, each in its own way. */
function deviceCsv(): { csv: string; good: string[]; bad: string[] } {
  const header = 'id,serial,kind,camera_type,name,vendor,model,purposes,area_code,gateway_id,lon,lat,bearing_deg,fov_deg,range_m,installed_on,contractor';
  const rows: string[] = [];
  const good: string[] = [];
  const bad: string[] = [];
  for (let i = 1; i <= 30; i++) {
    const id = `IMP-DH-TT-${String(i).padStart(2, '0')}`;
    let name = `Camera nhập thử ${i} – Trần Hưng Đạo`;
    let lat = (17.4695 + i * 0.00001).toFixed(6);
    let purposes = 'security';
    if (i === 5) name = '=HYPERLINK("http://x")';
    if (i === 14) lat = '95';
    if (i === 23) purposes = 'parking';
    (i === 5 || i === 14 || i === 23 ? bad : good).push(id);
    rows.push(`${id},SN-${id},camera,dome,"${name.replace(/"/g, '""')}",Hikvision,DS-2DE4425IW-DE,${purposes},${AREA},${GATEWAY},106.6224,${lat},,,60,2025-03-15,Viettel Quảng Bình`);
  }
  return { csv: `\uFEFF${header}\r\n${rows.join('\r\n')}\r\n`, good, bad };
}

const cells = (page: Page, selector: string, attributes: string[]) =>
  page.locator(selector).evaluateAll((rows, names) => rows.map((r) => names.map((n) => r.getAttribute(n) ?? '')), attributes);

beforeAll(async () => {
  // The address the page shows with new credentials is the broker this run's gateways use.
  platform = await startWebPlatform({ env: { api: { MQTT_URL: testConfig().mqttUrl } } });
  browser = await launchBrowser();
  technician = await apiLogin(platform, 'technician');
}, 180_000);

afterAll(async () => {
  for (const page of pages) expect(pageErrors(page)).toEqual([]);
  await browser?.close();
  await platform?.stop();
});

describe('bulk import', () => {
  let page: Page;
  const file = deviceCsv();

  it('shows exactly the bad rows of a dry run, by line and column, with the summary', async () => {
    page = await open('technician', '/imports');
    await page.setInputFiles('#import-file', { name: 'camera-dh-tt.csv', mimeType: 'text/csv', buffer: Buffer.from(file.csv, 'utf8') });
    expect(await page.locator('[data-testid="import-chosen"]').innerText()).toContain('camera-dh-tt.csv');
    await page.click('#import-dry-run');
    await page.waitForSelector('[data-testid="dry-run-result"][data-verdict="some_bad"]', { timeout: 15_000 });

    expect(await cells(page, '#import-issues tbody tr', ['data-line', 'data-field'])).toEqual([
      ['6', 'name'],
      ['15', 'lat'],
      ['24', 'purposes'],
    ]);
    const table = await page.locator('#import-issues').innerText();
    expect(table).toContain('công thức');
    expect(table).toContain('vĩ độ không được lớn hơn 90');
    expect(table).toContain('“parking”');
    expect(await page.locator('[data-testid="summary-rows"]').innerText()).toBe('30');
    expect(await page.locator('[data-testid="summary-valid"]').innerText()).toBe('27');
    expect(await page.locator('[data-testid="summary-bad"]').innerText()).toBe('3');
    // A dry run changes nothing.
    expect((await apiCall<Device>(platform, 'GET', `/api/v1/devices/${file.good[0]}`, technician)).status).toBe(404);
    // Importing with bad rows is an explicit choice.
    expect(await page.locator('#import-run').isDisabled()).toBe(true);
    await page.check('#skip-invalid');
    await saveScreenshot(page, 'technician-import-dry-run');
  });

  it('imports the good rows with "skip invalid rows", to 100% on the progress bar, and lists what it skipped', async () => {
    // The live pushes of this user's imports, as the page's connection receives them.
    await page.evaluate(() => {
      const w = window as unknown as { __pushes: string[]; __iocLive: { onImportProgress(l: (p: { jobId: string; state: string }) => void): void } };
      w.__pushes = [];
      w.__iocLive.onImportProgress((p) => w.__pushes.push(`${p.jobId}:${p.state}`));
    });
    expect(await page.locator('#import-run').isDisabled()).toBe(false);
    await page.click('#import-run');
    await waitUntil(
      'the progress bar at 100%',
      async () => {
        const bar = page.locator('#import-progress');
        if ((await bar.count()) === 0) return false;
        const [value, max] = await bar.evaluate((el: HTMLProgressElement) => [el.value, el.max]);
        return value === max && /^100\s?%$/.test((await page.locator('#import-progress-text').innerText()).trim());
      },
      20_000,
    );
    await page.waitForSelector('[data-testid="import-result"][data-outcome="imported"]', { timeout: 5_000 });
    expect(await page.locator('[data-testid="import-imported"]').getAttribute('data-count')).toBe('27');
    expect(await page.locator('[data-testid="import-imported"]').innerText()).toContain('Đã nhập 27 thiết bị');
    expect(await cells(page, '#import-skipped tbody tr', ['data-line'])).toEqual([['6'], ['15'], ['24']]);
    const jobId = await page.locator('[data-testid="import-progress-box"]').getAttribute('data-job');
    const pushes = await page.evaluate(() => (window as unknown as { __pushes: string[] }).__pushes);
    expect(pushes).toContain(`${jobId}:completed`);
    await saveScreenshot(page, 'technician-import-done');

    const devices = (await apiCall<{ items: Device[] }>(platform, 'GET', `/api/v1/devices?gatewayId=${GATEWAY}&limit=1000`, technician)).body.items.map((d) => d.id);
    expect(devices).toEqual(expect.arrayContaining(file.good));
    for (const id of file.bad) expect(devices).not.toContain(id);
    expect((await apiCall<Device>(platform, 'GET', `/api/v1/devices/${file.good[0]}`, technician)).body).toMatchObject({ name: 'Camera nhập thử 1 – Trần Hưng Đạo', contractor: 'Viettel Quảng Bình' });
  });
});

describe('gateways', () => {
  let page: Page;
  let login: { username: string; password: string };

  it('refuses a gateway id that is taken, beside the id', async () => {
    page = await open('technician', '/gateways');
    await page.waitForSelector('#gateways-table');
    await page.click('#open-register-gateway');
    await page.selectOption('#gw-areaCode', AREA);
    expect(await page.inputValue('#gw-id')).toBe(NEW_GATEWAY);
    await page.fill('#gw-id', GATEWAY);
    await page.fill('#gw-name', 'Quảng trường Hồ Chí Minh – cổng phía Bắc');
    await page.click('#gw-submit');
    await page.waitForSelector('[data-testid="gw-id-error"]');
    expect(await page.locator('[data-testid="gw-id-error"]').innerText()).toContain('đã được đăng ký');
    expect(await page.locator('#credentials-box').count()).toBe(0);
  });

  it('registers a gateway and shows its MQTT login once', async () => {
    await page.fill('#gw-id', NEW_GATEWAY);
    await page.click('#gw-submit');
    await page.waitForSelector('#credentials-box');
    login = { username: await page.inputValue('[data-testid="cred-username"]'), password: await page.inputValue('[data-testid="cred-password"]') };
    expect(login.password.length).toBeGreaterThanOrEqual(16);
    expect(await page.inputValue('[data-testid="cred-broker"]')).toBe(platform.ctx.mqtt.url);
    expect(await page.inputValue('[data-testid="cred-topic"]')).toBe(`${platform.ctx.topicRoot}/${AREA}/${NEW_GATEWAY}/#`);
    expect(await page.locator('#credentials-box [role="alert"]').innerText()).toContain('MỘT LẦN');
    await page.click('[data-testid="cred-password-copy"]');
    await page.waitForSelector('#credentials-box [role="status"]:has-text("Mật khẩu")');
    await waitUntil('the new gateway in the list, its login active', async () => (await page.locator(`[data-testid="gateway-row-${NEW_GATEWAY}"] [data-testid="gateway-credentials-state"][data-state="active"]`).count()) === 1);
    await saveScreenshot(page, 'technician-gateway-credentials');

    const registered = await apiCall<Gateway>(platform, 'GET', `/api/v1/gateways/${NEW_GATEWAY}`, technician);
    expect(registered.body).toMatchObject({ areaCode: AREA, name: 'Quảng trường Hồ Chí Minh – cổng phía Bắc', credentials: { state: 'active', username: login.username } });
  });

  it('forgets the login when the page is reloaded, and never stores it', async () => {
    await page.reload();
    await page.waitForSelector(`[data-testid="gateway-row-${NEW_GATEWAY}"]`);
    expect(await page.locator('#credentials-box').count()).toBe(0);
    expect(await page.content()).not.toContain(login.password);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(login.password);
  });

  it('shows a device of the gateway online within seconds of its status, sent with the new login', async () => {
    const device = {
      id: NEW_DEVICE,
      serial: `SN-${NEW_DEVICE}`,
      kind: 'camera',
      cameraType: 'dome',
      name: 'Quảng trường Hồ Chí Minh – camera cổng Bắc',
      vendor: 'Hikvision',
      model: 'DS-2DE4425IW-DE',
      purposes: ['security'],
      areaCode: AREA,
      gatewayId: NEW_GATEWAY,
      location: { type: 'Point', coordinates: [106.6224, 17.4696] },
      rangeM: 60,
      installedOn: '2025-03-15',
      contractor: 'Viettel Quảng Bình',
    };
    expect((await apiCall(platform, 'POST', '/api/v1/devices', technician, device)).status).toBe(201);
    await page.click(`[data-testid="gateway-row-${NEW_GATEWAY}"] a`);
    const row = page.locator(`[data-testid="gateway-device-${NEW_DEVICE}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('unknown');

    const topic = `${platform.ctx.topicRoot}/${AREA}/${NEW_GATEWAY}`;
    await mosquittoPub(platform.ctx.mqtt, `${topic}/$presence`, 'online', { ...login });
    const status = { id: `web-gw-${Date.now()}`, ts: new Date().toISOString(), online: true, recording: true, fps: 25, bitrateKbps: 3072, storageOk: true, temperatureC: 41.5, firmware: 'V5.7.15' };
    await mosquittoPub(platform.ctx.mqtt, `${topic}/${NEW_DEVICE}/status`, JSON.stringify(status), { ...login });
    await waitUntil('the device online on the gateway page', async () => (await row.getAttribute('data-status')) === 'online', 5_000);
    expect(await row.innerText()).toContain('Trực tuyến');
    // Presence is asked for again every 10 s.
    await waitUntil('the gateway connected', async () => (await page.locator('[data-testid="gateway-presence"]').first().getAttribute('data-state')) === 'online', 15_000);

    // The list: the new gateway connected, its device counted online; found by a search without diacritics.
    await page.click('text=← Danh sách gateway');
    await page.fill('#gw-filter-text', 'dong hoi');
    const listed = page.locator(`[data-testid="gateway-row-${NEW_GATEWAY}"]`);
    await listed.waitFor();
    expect(await listed.locator('[data-testid="gateway-presence"]').getAttribute('data-state')).toBe('online');
    await waitUntil('the new gateway with its device online', async () => (await listed.locator('[data-testid="gateway-devices"]').innerText()).includes('1 thiết bị · 1 trực tuyến'));
    expect(await page.locator('[data-testid^="gateway-row-GW-BD"]').count()).toBe(0);
    await saveScreenshot(page, 'technician-gateways');
    await listed.locator('a').click();
    await page.waitForSelector(`[data-testid="gateway-device-${NEW_DEVICE}"][data-status="online"]`);
  });

  it('rotates the login behind a confirmation: a new password once, the old one refused', async () => {
    await page.click('#gateway-rotate');
    const dialog = page.locator('[data-testid="gateway-confirm"]');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('ngắt kết nối');
    await page.click('[data-testid="gateway-confirm-confirm"]');
    await page.waitForSelector('#credentials-box');
    const rotated = await page.inputValue('[data-testid="cred-password"]');
    expect(rotated).not.toBe(login.password);
    expect(await page.inputValue('[data-testid="cred-username"]')).toBe(login.username);
    await expect(mosquittoPub(platform.ctx.mqtt, `${platform.ctx.topicRoot}/${AREA}/${NEW_GATEWAY}/$presence`, 'online', { ...login })).rejects.toThrow();
    login = { ...login, password: rotated };
  });

  it('revokes the login behind a confirmation', async () => {
    await page.click('#credentials-done');
    await page.click('#gateway-revoke');
    await page.waitForSelector('[data-testid="gateway-confirm"]');
    expect(await page.locator('[data-testid="gateway-confirm"]').innerText()).toContain('từ chối');
    await page.click('[data-testid="gateway-confirm-confirm"]');
    await page.waitForSelector('[data-testid="gateway-credentials-state"][data-state="revoked"]');
    expect(await page.locator('#gateway-revoke').count()).toBe(0);
    expect((await apiCall<Gateway>(platform, 'GET', `/api/v1/gateways/${NEW_GATEWAY}`, technician)).body.credentials.state).toBe('revoked');
    await expect(mosquittoPub(platform.ctx.mqtt, `${platform.ctx.topicRoot}/${AREA}/${NEW_GATEWAY}/$presence`, 'online', { ...login })).rejects.toThrow();
  });

  it('shows an operator the gateways without a button that changes them', async () => {
    const operator = await open('operator', '/gateways', { width: 1366, height: 768 });
    await operator.waitForSelector(`[data-testid="gateway-row-${NEW_GATEWAY}"]`);
    expect(await operator.locator('#open-register-gateway').count()).toBe(0);
    await operator.goto(`${platform.baseUrl}/gateways/${NEW_GATEWAY}`);
    await operator.waitForSelector('[data-testid="gateway-page"]');
    expect(await operator.locator('#gateway-rotate, #gateway-revoke').count()).toBe(0);
    await operator.goto(`${platform.baseUrl}/imports`);
    expect(await operator.locator('.page-message').innerText()).toContain('không có quyền');
  });
});

describe('a long import report', () => {
  it('shows the first 100 problems of a dry run, and the rest on request, page by page', async () => {
    const header = 'id,serial,kind,camera_type,name,vendor,model,purposes,area_code,gateway_id,lon,lat,bearing_deg,fov_deg,range_m,installed_on,contractor';
    const rows = Array.from({ length: 150 }, (_, i) => `LONG-${i},SN-LONG-${i},camera,dome,Camera ${i},Hikvision,DS-1,security,${AREA},${GATEWAY},106.6224,95,,,60,2025-03-15,Viettel`);
    const page = await open('technician', '/imports');
    await page.setInputFiles('#import-file', { name: 'long.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${rows.join('\n')}\n`, 'utf8') });
    await page.click('#import-dry-run');
    await page.waitForSelector('[data-testid="dry-run-result"][data-verdict="nothing_to_import"]', { timeout: 15_000 });
    expect(await page.locator('[data-testid="summary-bad"]').innerText()).toBe('150');
    expect(await page.locator('#import-issues tbody tr').count()).toBe(100);
    expect(await page.locator('[data-testid="import-issues-more"]').innerText()).toContain('100 / 150');
    await page.click('[data-testid="import-issues-more"] button');
    await waitUntil('the other 50 problems', async () => (await page.locator('#import-issues tbody tr').count()) === 150, 5_000);
    expect(await page.locator('#import-issues tbody tr').last().getAttribute('data-line')).toBe('151');
    expect(await page.locator('[data-testid="import-issues-more"]').count()).toBe(0);
  });
});
