// The admin screens in a real browser (Debian's Chromium) on the whole platform with the
// demo province: a technician created for one district and signed in to see only that
// district's key areas; a key area drawn on the map with clicks, saved, listed and read
// back through the API with the same polygon, and a checkpoint placed inside it; the audit
// log showing the creation and an edit side by side and paging backwards; the API's
// refusals beside their fields. It writes the admin screenshots of the README
// (docs/screenshots/admin-*.png).
import type { Browser, Page } from 'playwright-core';
import type { AuditEntry, KeyArea, User } from '@ioc/contracts';
import { launchBrowser, openSignedIn, pageErrors, saveScreenshot, startWebPlatform, waitUntil, type WebPlatform } from './support/web';

const BA_DON = 'Thị xã Ba Đồn';
const TECH = { username: 'kt.badon', password: 'mat-khau-tam-thoi-1', displayName: 'Trần Thị Bình' };
const AREA = { code: 'BD-BEN-XE', name: 'Bến xe Ba Đồn' };
const CHECKPOINT = `${AREA.code}-CP-01`;

let platform: WebPlatform;
let browser: Browser;
let adminToken: string;
let admin: Page;
const pages: Page[] = [];

async function api<T>(method: string, path: string, body?: unknown, token = adminToken): Promise<{ status: number; body: T }> {
  const res = await fetch(`${platform.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function login(username: string, password: string): Promise<string> {
  const res = await fetch(`${platform.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`login ${username}: HTTP ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function open(username: string, path: string, password?: string): Promise<Page> {
  const page = await openSignedIn(browser, platform, username, { path, password });
  pages.push(page);
  return page;
}

/** The vertices the editor shows for the boundary being made, as [lon, lat]. */
function shownVertices(page: Page): Promise<[number, number][]> {
  return page.locator('[data-testid="vertex-row"]').evaluateAll((rows) => rows.map((r) => [Number(r.getAttribute('data-lon')), Number(r.getAttribute('data-lat'))] as [number, number]));
}

beforeAll(async () => {
  platform = await startWebPlatform();
  browser = await launchBrowser();
  adminToken = await login('admin', 'demo-admin');
  admin = await open('admin', '/admin/users');
}, 180_000);

afterAll(async () => {
  for (const page of pages) expect(pageErrors(page)).toEqual([]);
  await browser?.close();
  await platform?.stop();
});

describe('the admin screens', () => {
  it('refuses a username with spaces beside the field, then creates a technician for Thị xã Ba Đồn who sees only its key areas', async () => {
    await admin.waitForSelector('#users-table [data-user="technician"]');
    await admin.click('#user-add');
    await admin.fill('#user-username', 'kt badon');
    await admin.fill('#user-displayName', TECH.displayName);
    await admin.fill('#user-password', TECH.password);
    await admin.selectOption('#user-role', 'technician');
    await admin.click('[data-testid="scope-districts"]');
    await admin.check(`#user-scope-districts input[value="${BA_DON}"]`);
    await admin.click('#user-submit');
    await waitUntil('the API’s refusal of the username beside its field', async () => (await admin.locator('#user-username-error').count()) > 0, 2_000);
    expect(await admin.textContent('#user-username-error')).toContain('không có khoảng trắng');
    expect(await admin.getAttribute('#user-username', 'aria-invalid')).toBe('true');
    expect(await admin.locator('#user-password-error').count()).toBe(0);
    const before = await api<{ items: User[] }>('GET', '/api/v1/users');
    expect(before.body.items.map((u) => u.username)).not.toContain('kt badon');

    await admin.fill('#user-username', TECH.username);
    await admin.click('#user-submit');
    const row = admin.locator(`#users-table [data-user="${TECH.username}"]`);
    await row.waitFor({ timeout: 2_000 });
    expect(await row.innerText()).toContain(`Địa bàn: ${BA_DON}`);
    expect(await row.innerText()).toContain('Kỹ thuật viên');
    expect(await admin.textContent('#users-notice')).toContain(`Đã tạo người dùng ${TECH.username}`);
    const created = (await api<{ items: User[] }>('GET', '/api/v1/users')).body.items.find((u) => u.username === TECH.username);
    expect(created).toMatchObject({ role: 'technician', displayName: TECH.displayName, disabled: false, scope: { all: false, districts: [BA_DON], areas: [] } });

    // The same username again: the API's 409 beside the username.
    await admin.click('#user-add');
    await admin.fill('#user-username', TECH.username);
    await admin.fill('#user-displayName', 'Người khác');
    await admin.fill('#user-password', 'mot-mat-khau-khac');
    await admin.click('#user-submit');
    await waitUntil('the conflict beside the username', async () => (await admin.locator('#user-username-error').count()) > 0, 2_000);
    expect(await admin.textContent('#user-username-error')).toBe('Đã tồn tại.');

    // The new user's form as the README shows it.
    await row.locator('[data-testid="user-edit"]').click();
    await admin.waitForSelector('#user-form[data-mode="edit"]');
    expect(await admin.isChecked(`#user-scope-districts input[value="${BA_DON}"]`)).toBe(true);
    await saveScreenshot(admin, 'admin-users');
    await admin.click('#user-form >> text=Huỷ');

    // Signed in as the technician: only Ba Đồn's key areas, in the header and from the API with the page's own session.
    const tech = await open(TECH.username, '/ops', TECH.password);
    expect(await tech.locator('.user-scope').innerText()).toContain(BA_DON);
    const seen = await tech.evaluate(async () => {
      const { accessToken } = JSON.parse(sessionStorage.getItem('ioc.session') ?? '{}') as { accessToken: string };
      const res = await fetch('/api/v1/areas', { headers: { Authorization: `Bearer ${accessToken}` } });
      return ((await res.json()) as { items: { code: string; district: string }[] }).items;
    });
    const baDon = (await api<{ items: KeyArea[] }>('GET', '/api/v1/areas')).body.items.filter((a) => a.district === BA_DON).map((a) => a.code).sort();
    expect(baDon.length).toBeGreaterThan(0);
    expect(seen.map((a) => a.code).sort()).toEqual(baDon);
    // The live view's key-area list shows the same areas, and no other.
    await tech.waitForSelector('#area-list li[data-area]', { state: 'attached', timeout: 10_000 });
    const listed = await tech.locator('#area-list li[data-area]').evaluateAll((els) => els.map((e) => e.getAttribute('data-area')));
    expect(listed.sort()).toEqual(baDon);

    // Disabled after a confirmation in the row, the technician can no longer sign in; enabled again, they can.
    await row.locator('[data-testid="user-toggle"]').click();
    expect(await row.innerText()).toContain(`Vô hiệu hoá ${TECH.username}?`);
    await row.locator('[data-testid="user-toggle-confirm"]').click();
    await waitUntil('the row marked disabled', async () => (await row.getAttribute('data-state')) === 'disabled', 2_000);
    expect(await row.innerText()).toContain('Đã vô hiệu hoá');
    await expect(login(TECH.username, TECH.password)).rejects.toThrow('HTTP 401');
    await row.locator('[data-testid="user-toggle"]').click();
    await row.locator('[data-testid="user-toggle-confirm"]').click();
    await waitUntil('the row marked active', async () => (await row.getAttribute('data-state')) === 'active', 2_000);
    await expect(login(TECH.username, TECH.password)).resolves.toEqual(expect.any(String));
  });

  it('shows a user locked out after five wrong passwords, and clears the lockout with the row’s button', async () => {
    for (let i = 0; i < 5; i++) await expect(login('operator', `sai-mat-khau-${i}`)).rejects.toThrow('HTTP 401');
    await expect(login('operator', 'demo-operator')).rejects.toThrow('HTTP 429');
    await admin.goto(`${platform.baseUrl}/admin/users`);
    const row = admin.locator('#users-table [data-user="operator"]');
    await row.locator('[data-testid="user-locked"]').waitFor({ timeout: 10_000 });
    expect(await row.locator('[data-testid="user-locked"]').innerText()).toMatch(/^Tạm khoá đăng nhập đến \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await row.locator('[data-testid="user-unlock"]').click();
    await waitUntil('the lockout gone from the row', async () => (await row.locator('[data-testid="user-locked"]').count()) === 0, 5_000);
    expect(await admin.textContent('#users-notice')).toContain('Đã mở khoá đăng nhập cho operator');
    await expect(login('operator', 'demo-operator')).resolves.toEqual(expect.any(String));
    const audit = await api<{ items: AuditEntry[] }>('GET', '/api/v1/audit?entityType=user&limit=10');
    expect(audit.body.items.some((e) => e.action === 'user.unlock' && e.actorUsername === 'admin')).toBe(true);
  });

  it('reads a key area from a GeoJSON file and shows it before saving, and says plainly what is wrong with a bad file', async () => {
    await admin.goto(`${platform.baseUrl}/admin/areas/new`);
    await admin.waitForSelector('#area-map.leaflet-container');
    const file = (name: string, content: string) => ({ name, mimeType: 'application/geo+json', buffer: Buffer.from(content) });

    await admin.setInputFiles('#area-file', file('ranh-gioi.kml', '<kml><Placemark/></kml>'));
    await admin.waitForSelector('#area-file-error');
    expect(await admin.textContent('#area-file-error')).toBe('Tệp ranh-gioi.kml không phải JSON/GeoJSON hợp lệ.');
    const ring = [
      [106.4215, 17.7491],
      [106.4241, 17.7492],
      [106.4243, 17.7473],
      [106.4214, 17.7471],
      [106.4215, 17.7491],
    ];
    const polygon = { type: 'Feature', properties: { name: 'Chợ cá Ba Đồn' }, geometry: { type: 'Polygon', coordinates: [ring] } };
    await admin.setInputFiles('#area-file', file('hai.geojson', JSON.stringify({ type: 'FeatureCollection', features: [polygon, polygon] })));
    await waitUntil('the two-polygon refusal', async () => ((await admin.textContent('#area-file-error')) ?? '').includes('nhiều hơn một đa giác'), 2_000);
    expect(await admin.getAttribute('#area-boundary-state', 'data-state')).toBe('none');

    await admin.setInputFiles('#area-file', file('cho-ca.geojson', JSON.stringify(polygon)));
    await admin.waitForSelector('#area-file-info');
    expect(await admin.locator('#area-file-error').count()).toBe(0);
    expect(await admin.getAttribute('#area-boundary-state', 'data-state')).toBe('closed');
    expect(await shownVertices(admin)).toEqual(ring.slice(0, 4));
    expect(await admin.inputValue('#area-name')).toBe('Chợ cá Ba Đồn');
    // Shown on the map, not saved: the outline is drawn and nothing is in the register.
    expect(await admin.locator('#area-map path.leaflet-interactive, #area-map svg path').count()).toBeGreaterThan(0);
    expect((await api<{ items: KeyArea[] }>('GET', '/api/v1/areas')).body.items.some((a) => a.name === 'Chợ cá Ba Đồn')).toBe(false);
  });

  it('creates a key area drawn on the map (a target of 150 refused beside its field), lists it, reads it back with that polygon and adds a checkpoint inside it', async () => {
    await admin.goto(`${platform.baseUrl}/admin/areas/new`);
    await admin.waitForSelector('#area-map.leaflet-container');
    await admin.fill('#area-code', AREA.code);
    await admin.fill('#area-name', AREA.name);
    await admin.fill('#area-district', BA_DON);
    await admin.selectOption('#area-category', 'station');
    // Choosing the district brings the map to its areas; the pixels below are then in Ba Đồn.
    await admin.waitForSelector('#area-map[data-fitted]');

    await admin.click('#boundary-draw');
    const box = (await admin.locator('#area-map').boundingBox())!;
    const at = (fx: number, fy: number) => ({ x: Math.round(box.x + box.width * fx), y: Math.round(box.y + box.height * fy) });
    const corners = [at(0.62, 0.3), at(0.8, 0.3), at(0.8, 0.5), at(0.62, 0.5)];
    for (const p of corners) await admin.mouse.click(p.x, p.y);
    expect(await admin.getAttribute('#area-boundary-state', 'data-state')).toBe('drawing');
    await admin.mouse.click(corners[0].x, corners[0].y); // the first vertex closes the ring
    await waitUntil('a closed boundary of four vertices', async () => (await admin.getAttribute('#area-boundary-state', 'data-state')) === 'closed', 2_000);
    expect(await admin.getAttribute('#area-boundary-state', 'data-vertices')).toBe('4');
    const vertices = await shownVertices(admin);
    expect(vertices).toHaveLength(4);
    // Clicks to the right are further east, clicks lower further south.
    expect(vertices[1][0]).toBeGreaterThan(vertices[0][0]);
    expect(vertices[2][1]).toBeLessThan(vertices[1][1]);

    await admin.fill('#area-target', '150');
    await admin.click('#area-submit');
    await waitUntil('the API’s refusal of the target beside its field', async () => (await admin.locator('#area-target-error').count()) > 0, 2_000);
    expect(await admin.textContent('#area-target-error')).toBe('Không được lớn hơn 100.');
    expect(await admin.getAttribute('#area-target', 'aria-invalid')).toBe('true');
    expect((await api('GET', `/api/v1/areas/${AREA.code}`)).status).toBe(404);

    await admin.fill('#area-target', '100');
    await admin.click('#area-submit');
    await admin.waitForURL(`**/admin/areas/${AREA.code}`, { timeout: 2_000 });
    await waitUntil('the editor of the new area with its notice', async () => ((await admin.locator(`#area-editor[data-area="${AREA.code}"] #area-notice`).textContent()) ?? '').includes(`Đã tạo khu vực ${AREA.code}`), 2_000);
    const stored = await api<KeyArea>('GET', `/api/v1/areas/${AREA.code}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ name: AREA.name, district: BA_DON, category: 'station', coverageTargetPct: 100 });
    expect(stored.body.boundary).toEqual({ type: 'Polygon', coordinates: [[...vertices, vertices[0]]] });

    await admin.goto(`${platform.baseUrl}/admin/areas`);
    const listed = admin.locator(`#areas-table tr[data-area="${AREA.code}"]`);
    await listed.waitFor();
    expect(await listed.innerText()).toContain(AREA.name);
    expect(await listed.locator('[data-testid="checkpoint-count"]').innerText()).toBe('0');

    // A checkpoint: "add", then a click in the middle of the map, which shows the area.
    await listed.locator('a').click();
    await admin.waitForSelector(`#area-editor[data-area="${AREA.code}"] #area-map[data-fitted]`);
    await admin.click('#checkpoint-add');
    const mapBox = (await admin.locator('#area-map').boundingBox())!;
    await admin.mouse.click(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height / 2);
    await admin.waitForSelector('#checkpoint-form[data-mode="new"]');
    expect(await admin.inputValue('#checkpoint-id')).toBe(CHECKPOINT);
    await admin.check('[data-testid="checkpoint-purpose-security"]');
    await admin.fill('#checkpoint-description', 'Cổng bến xe');
    const lon = Number(await admin.getAttribute('#checkpoint-location', 'data-lon'));
    const lat = Number(await admin.getAttribute('#checkpoint-location', 'data-lat'));
    await admin.click('#checkpoint-submit');
    await admin.waitForSelector(`#checkpoint-list li[data-checkpoint="${CHECKPOINT}"]`, { timeout: 2_000 });
    const withCheckpoint = (await api<KeyArea>('GET', `/api/v1/areas/${AREA.code}`)).body;
    expect(withCheckpoint.checkpoints).toEqual([
      { id: CHECKPOINT, areaCode: AREA.code, purposes: ['security'], description: 'Cổng bến xe', location: { type: 'Point', coordinates: [lon, lat] } },
    ]);
    const lons = vertices.map((v) => v[0]);
    const lats = vertices.map((v) => v[1]);
    expect(lon).toBeGreaterThan(Math.min(...lons));
    expect(lon).toBeLessThan(Math.max(...lons));
    expect(lat).toBeGreaterThan(Math.min(...lats));
    expect(lat).toBeLessThan(Math.max(...lats));
    await saveScreenshot(admin, 'admin-area-editor');

    // An edit: the target only.
    await admin.fill('#area-target', '90');
    await admin.click('#area-submit');
    await waitUntil('the saved notice', async () => ((await admin.textContent('#area-notice')) ?? '').includes(`Đã lưu khu vực ${AREA.code}`), 2_000);
    expect((await api<KeyArea>('GET', `/api/v1/areas/${AREA.code}`)).body.coverageTargetPct).toBe(90);
  });

  it('shows the creation in the audit log with its after-state, and the edit side by side with the changed field marked', async () => {
    await admin.click('#area-audit-link');
    await admin.waitForSelector('#audit-table');
    expect(await admin.inputValue('#audit-entityId')).toBe(AREA.code);
    const actions = await admin.locator('#audit-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    expect(actions).toEqual(['key_area.update', 'key_area.create']);

    await admin.click('#audit-table tr[data-action="key_area.create"] button');
    await admin.waitForSelector('#audit-detail[data-action="key_area.create"]');
    const nameRow = admin.locator('#audit-diff tr[data-path="name"]');
    expect(await nameRow.getAttribute('data-change')).toBe('added');
    expect(await nameRow.locator('[data-testid="diff-after"]').innerText()).toBe(AREA.name);
    expect(await nameRow.locator('[data-testid="diff-before"]').innerText()).toBe('(không có)');
    expect(await admin.locator('#audit-diff tr[data-path="boundary"] [data-testid="diff-after"]').innerText()).toBe('Đa giác 4 đỉnh');

    await admin.click('#audit-table tr[data-action="key_area.update"] button');
    await admin.waitForSelector('#audit-detail[data-action="key_area.update"]');
    const target = admin.locator('#audit-diff tr[data-path="coverageTargetPct"]');
    expect(await target.getAttribute('data-change')).toBe('changed');
    expect(await target.locator('[data-testid="diff-before"]').innerText()).toBe('100');
    expect(await target.locator('[data-testid="diff-after"]').innerText()).toBe('90');
    expect(await target.innerText()).toContain('đã đổi');
    const changed = await admin.locator('#audit-diff tr[data-change="changed"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-path')));
    expect(changed.filter((p) => p !== 'updatedAt')).toEqual(['coverageTargetPct']);
    expect(await admin.getAttribute('#audit-diff tr[data-path="name"]', 'data-change')).toBe('same');
    await saveScreenshot(admin, 'admin-audit');
  });

  it('pages the audit log backwards, 50 entries at a time, to its first entry', async () => {
    // 55 more entries: the checkpoint's description changed through the API.
    for (let i = 1; i <= 55; i++) {
      const res = await api('PATCH', `/api/v1/areas/${AREA.code}/checkpoints/${CHECKPOINT}`, { description: `Cổng bến xe (${i})` });
      expect(res.status).toBe(200);
    }
    let total = 0;
    for (let beforeId: string | null | undefined = undefined; ; ) {
      const res: { body: { items: AuditEntry[]; nextBeforeId: string | null } } = await api('GET', `/api/v1/audit?limit=1000${beforeId ? `&beforeId=${beforeId}` : ''}`);
      total += res.body.items.length;
      beforeId = res.body.nextBeforeId;
      if (!beforeId) break;
    }
    expect(total).toBeGreaterThan(50);
    expect(total).toBeLessThanOrEqual(100);

    await admin.goto(`${platform.baseUrl}/admin/audit`);
    await admin.waitForSelector('#audit-table');
    expect(await admin.locator('#audit-table tbody tr').count()).toBe(50);
    expect(await admin.locator('#audit-table tbody tr').first().getAttribute('data-action')).toBe('checkpoint.update');
    await admin.click('#audit-older');
    await waitUntil('every entry of the log', async () => (await admin.locator('#audit-table tbody tr').count()) === total, 2_000);
    await admin.waitForSelector('#audit-end');
    // The oldest entry is the technician's creation.
    const last = admin.locator('#audit-table tbody tr').last();
    expect(await last.getAttribute('data-action')).toBe('user.create');
    const ids = await admin.locator('#audit-table tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-entry'))));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
