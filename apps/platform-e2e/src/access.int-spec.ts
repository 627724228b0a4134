// Scopes and sessions as an auditor tries them (issue 13), on the real services: a
// district-scoped admin acts only within their district and never widens their own rights;
// a refresh token is single-use and its reuse ends the session; sign-in is throttled per
// user and per address, and an admin clears a lockout; and, route by route from the
// OpenAPI document, every route refuses a caller without a token (401) and answers 403, or
// the same 404 as for nothing, to a caller outside their scope. Prints the routes × roles
// table (docs/reliability.md, "Scopes and sessions").
import type { AreaScope, AuditEntry, Incident, Role, TokenPair, User } from '@ioc/contracts';
import { demoProvince } from '@ioc/demo-province';
import { AppProcess, mosquittoPub, waitFor } from '@ioc/testing';
import { createTestContext, migrateAndSeed, startApp, type TestContext } from './support/platform';

const DONG_HOI = 'Thành phố Đồng Hới';
const BA_DON = 'Thị xã Ba Đồn';
const demo = demoProvince({ devicesPerArea: 1 });
const areaOf = (code: string) => {
  const area = demo.areas.find((a) => a.code === code);
  if (!area) throw new Error(`no demo area ${code}`);
  return area;
};
const DH = areaOf('DH-TT');
const BD = areaOf('BD-TT');
const DH_GW = 'GW-DH-ACC';
const BD_GW = 'GW-BD-ACC';
const DH_CAM = 'CAM-DH-ACC';
const BD_CAM = 'CAM-BD-ACC';
const DH_CP = DH.checkpoints[0].id;
/** What a caller scoped to Ba Đồn must never read in an answer. */
const DONG_HOI_MARKS = [DONG_HOI, DH.code, DH_GW, DH_CAM];

const ALL: AreaScope = { all: true, areas: [], districts: [] };
const ONLY_BA_DON: AreaScope = { all: false, areas: [], districts: [BA_DON] };
type Username = 'admin' | 'operator' | 'planner' | 'kythuat.badon' | 'quantri.badon' | 'vanhanh.donghoi';
const USERS: Record<Username, { role: Role; scope: AreaScope }> = {
  admin: { role: 'admin', scope: ALL },
  operator: { role: 'operator', scope: ALL },
  planner: { role: 'planner', scope: ALL },
  'kythuat.badon': { role: 'technician', scope: ONLY_BA_DON },
  'quantri.badon': { role: 'admin', scope: ONLY_BA_DON },
  'vanhanh.donghoi': { role: 'operator', scope: { all: false, areas: [], districts: [DONG_HOI] } },
};
const password = (u: string) => `${u}-password-1`;
/** A bulk-import file of one valid camera in Đồng Hới. */
const importCsv = (id: string) =>
  'id,serial,kind,camera_type,name,vendor,model,purposes,area_code,gateway_id,lon,lat,bearing_deg,fov_deg,range_m,installed_on,contractor\n' +
  `${id},SN-${id},camera,bullet,Camera nhập,Hikvision,DS-2CD2T47,security,${DH.code},${DH_GW},${DH.center[0]},${DH.center[1]},0,90,60,2026-10-15,VNPT Quảng Bình\n`;

let ctx: TestContext;
let apps: AppProcess[] = [];
let api: AppProcess;
const tokens = new Map<Username, string>();
const ids = new Map<Username, string>();

interface Reply<T = unknown> {
  status: number;
  body: T;
  text: string;
  contentType: string;
}

async function call<T = unknown>(method: string, path: string, token?: string, body?: unknown, contentType = 'application/json'): Promise<Reply<T>> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    // English, the services' own words (the api answers Vietnamese by default: decision 0020).
    headers: { 'accept-language': 'en', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': contentType } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  let parsed: unknown = text;
  if (type.includes('json') && text) parsed = JSON.parse(text);
  return { status: res.status, body: parsed as T, text, contentType: type };
}

const login = (username: string, pw = password(username)) => call<TokenPair & { detail?: string }>('POST', '/api/v1/auth/login', undefined, { username, password: pw });
const token = (u: Username) => {
  const t = tokens.get(u);
  if (!t) throw new Error(`no token for ${u}`);
  return t;
};

beforeAll(async () => {
  ctx = await createTestContext();
  const area = (a: typeof DH) => ({
    code: a.code,
    name: a.name,
    district: a.district,
    category: a.category,
    boundary: a.boundary,
    checkpoints: a.checkpoints.map((c) => ({ id: c.id, purposes: c.purposes, location: c.location })),
  });
  await migrateAndSeed(ctx, {
    areas: [area(DH), area(BD)],
    gateways: [
      { id: DH_GW, areaCode: DH.code, name: 'Gateway Đồng Hới' },
      { id: BD_GW, areaCode: BD.code, name: 'Gateway Ba Đồn' },
    ],
    devices: [
      { id: DH_CAM, gatewayId: DH_GW, areaCode: DH.code, kind: 'camera', name: 'Camera Đồng Hới', location: DH.center, heartbeatTimeoutS: 3600 },
      { id: BD_CAM, gatewayId: BD_GW, areaCode: BD.code, kind: 'camera', name: 'Camera Ba Đồn', location: BD.center, heartbeatTimeoutS: 3600 },
    ],
    users: Object.entries(USERS).map(([username, u]) => ({ username, password: password(username), displayName: `Người dùng ${username}`, role: u.role, scope: u.scope })),
  });
  // 12 failures per address: the throttling tests below stay under it until the one that reaches it, last.
  const registry = await startApp('registry', ctx, { REGISTRY_SIGNIN_MAX_FAILURES_PER_ADDRESS: '12' });
  apps = [registry, ...(await Promise.all([startApp('ingest', ctx), startApp('incident', ctx), startApp('coverage', ctx), startApp('sla', ctx), startApp('api', ctx)]))];
  api = apps[apps.length - 1];
  for (const username of Object.keys(USERS) as Username[]) {
    const res = await login(username);
    expect(res.status).toBe(200);
    tokens.set(username, res.body.accessToken);
    ids.set(username, res.body.user.id);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await ctx?.cleanup();
});

describe('a district-scoped admin', () => {
  const admin = () => token('quantri.badon');
  const newArea = (code: string, district: string, boundary = DH.boundary) => ({ code, name: `Khu vực ${code}`, district, category: 'market', boundary: { type: 'Polygon', coordinates: [boundary] }, checkpoints: [] });

  it('may not create a key area in another district', async () => {
    const res = await call<{ errors: { field: string }[] }>('POST', '/api/v1/areas', admin(), newArea('DH-MOI', DONG_HOI));
    expect(res.status).toBe(403);
    expect(res.body.errors.map((e) => e.field)).toEqual(['district']);
    expect((await call('GET', '/api/v1/areas/DH-MOI', token('admin'))).status).toBe(404);
  });

  it('may not move their own key area to another district', async () => {
    const res = await call<{ detail: string }>('PATCH', `/api/v1/areas/${BD.code}`, admin(), { district: DONG_HOI });
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/would take it outside your scope/);
    expect((await call<{ district: string }>('GET', `/api/v1/areas/${BD.code}`, admin())).body.district).toBe(BA_DON);
  });

  it('may not create an all-scope admin, nor grant another district', async () => {
    const user = (username: string, scope: object) => ({ username, displayName: 'Quản trị mới', password: 'a-long-password', role: 'admin', scope });
    const all = await call<{ errors: { field: string }[] }>('POST', '/api/v1/users', admin(), user('quantri.tinh', ALL));
    expect(all.status).toBe(403);
    expect(all.body.errors.map((e) => e.field)).toEqual(['scope.all']);
    const other = await call<{ errors: { field: string }[] }>('POST', '/api/v1/users', admin(), user('quantri.donghoi', { districts: [DONG_HOI] }));
    expect(other.status).toBe(403);
    expect(other.body.errors.map((e) => e.field)).toEqual(['scope.districts']);
    // An area of another district is refused like one that does not exist: nothing is learnt of it.
    const foreign = await call<{ errors: unknown[] }>('POST', '/api/v1/users', admin(), user('quantri.x', { areas: [DH.code] }));
    const missing = await call<{ errors: unknown[] }>('POST', '/api/v1/users', admin(), user('quantri.x', { areas: ['KHONG-CO'] }));
    expect([foreign.status, missing.status]).toEqual([403, 403]);
    expect(JSON.stringify(foreign.body).replaceAll(DH.code, '?')).toBe(JSON.stringify(missing.body).replaceAll('KHONG-CO', '?'));
  });

  it('may not widen their own scope', async () => {
    const res = await call<{ detail: string }>('PATCH', `/api/v1/users/${ids.get('quantri.badon')}`, admin(), { scope: ALL });
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/may not widen your own scope/);
    const me = await call<{ scope: object }>('GET', '/api/v1/auth/me', admin());
    expect(me.body.scope).toEqual(ONLY_BA_DON);
  });

  it('creates users and key areas within their district', async () => {
    const res = await call('POST', '/api/v1/users', admin(), { username: 'vanhanh.badon', displayName: 'Vận hành Ba Đồn', password: 'a-long-password', role: 'operator', scope: ONLY_BA_DON });
    expect(res.status).toBe(201);
    expect((await call('POST', '/api/v1/areas', admin(), newArea('BD-MOI', BA_DON, BD.boundary))).status).toBe(201);
  });

  it('sees only the users inside their scope, and a user outside it is the same 404 as no user', async () => {
    const list = await call<{ items: User[] }>('GET', '/api/v1/users', admin());
    expect(list.body.items.map((u) => u.username).sort()).toEqual(['kythuat.badon', 'quantri.badon', 'vanhanh.badon']);
    const outside = await call<{ status: number; type: string }>('PATCH', `/api/v1/users/${ids.get('vanhanh.donghoi')}`, admin(), { displayName: 'x' });
    const nobody = await call<{ status: number; type: string }>('PATCH', '/api/v1/users/00000000-0000-4000-8000-000000000000', admin(), { displayName: 'x' });
    expect([outside.status, nobody.status]).toEqual([404, 404]);
    expect(outside.body.type).toBe(nobody.body.type);
  });
});

describe('refresh tokens', () => {
  it('are single-use: a reused one is refused and ends its session, and only that session', async () => {
    const first = await login('operator');
    const other = await login('operator');
    const second = await call<TokenPair>('POST', '/api/v1/auth/refresh', undefined, { refreshToken: first.body.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);

    const reused = await call<{ detail: string }>('POST', '/api/v1/auth/refresh', undefined, { refreshToken: first.body.refreshToken });
    expect(reused.status).toBe(401);
    expect(reused.body.detail).toMatch(/already been used.*session.*ended/);
    // The whole family is over: the token handed out after the one reused no longer works either.
    expect((await call('POST', '/api/v1/auth/refresh', undefined, { refreshToken: second.body.refreshToken })).status).toBe(401);
    // Another session of the same user goes on.
    expect((await call('POST', '/api/v1/auth/refresh', undefined, { refreshToken: other.body.refreshToken })).status).toBe(200);

    const audit = await call<{ items: AuditEntry[] }>('GET', '/api/v1/audit?entityType=user&limit=20', token('admin'));
    expect(audit.body.items.some((e) => e.action === 'user.session.reuse' && e.actorUsername === 'operator')).toBe(true);
  });
});

describe('route by route, from the OpenAPI document', () => {
  interface Op {
    method: string;
    path: string;
    query: string[];
    body: boolean;
  }
  const CALLERS: Username[] = ['kythuat.badon', 'quantri.badon', 'planner', 'operator', 'admin'];
  const SCOPED: Username[] = ['kythuat.badon', 'quantri.badon'];
  const lastMonth = (() => {
    const d = new Date();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - 1);
    return d.toISOString().slice(0, 7);
  })();
  let ops: Op[] = [];
  let incident: Incident;
  let windowId = '';
  let importId = '';
  const table: string[][] = [];

  beforeAll(async () => {
    const doc = await call<{ paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown }>> }>('GET', '/api/docs/openapi.json');
    ops = Object.entries(doc.body.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({
          method: method.toUpperCase(),
          path,
          query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
          body: op.requestBody !== undefined,
        })),
      );
    // A Đồng Hới incident (a tamper event), a maintenance window and an import of the admin's.
    await mosquittoPub(ctx.mqtt, `${ctx.topicRoot}/${DH.code}/${DH_GW}/${DH_CAM}/event`, JSON.stringify({ id: 'acc-1', ts: new Date().toISOString(), type: 'tamper', state: 'start', confidence: 0.9 }));
    incident = await waitFor(
      'the Đồng Hới incident',
      async () => (await call<{ items: Incident[] }>('GET', `/api/v1/incidents?areaCode=${DH.code}`, token('admin'))).body.items?.[0],
      20_000,
    );
    const hour = 3600_000;
    const window = await call<{ id: string }>('POST', '/api/v1/maintenance-windows', token('admin'), {
      targetType: 'area',
      targetId: DH.code,
      startsAt: new Date(Date.now() + hour).toISOString(),
      endsAt: new Date(Date.now() + 2 * hour).toISOString(),
      reason: 'Bảo trì cột đèn',
    });
    expect(window.status).toBe(201);
    windowId = window.body.id;
    const job = await call<{ id: string }>('POST', '/api/v1/imports?kind=devices&dryRun=true', token('admin'), importCsv('CAM-DH-IMP'), 'text/csv');
    expect(job.status).toBe(202);
    importId = job.body.id;
  }, 60_000);

  /** The path with its parameters filled: `target` the Đồng Hới objects, `missing` objects that do not exist. */
  function fill(path: string, which: 'target' | 'missing'): string {
    const t = which === 'target';
    const byResource: Record<string, string> = {
      users: t ? (ids.get('vanhanh.donghoi') ?? '') : '00000000-0000-4000-8000-000000000001',
      devices: t ? DH_CAM : 'CAM-KHONG-CO',
      gateways: t ? DH_GW : 'GW-KHONG-CO',
      incidents: t ? incident.id : '00000000-0000-4000-8000-000000000002',
      'maintenance-windows': t ? windowId : '00000000-0000-4000-8000-000000000003',
      imports: t ? importId : '00000000-0000-4000-8000-000000000004',
    };
    const resource = path.split('/')[3];
    return path
      .replace('{code}', t ? DH.code : 'DH-KHONG-CO')
      .replace('{district}', encodeURIComponent(t ? DONG_HOI : 'Huyện Không Có'))
      .replace('{month}', lastMonth)
      .replace('{format}', 'json')
      .replace(/\/checkpoints\/\{id\}/, `/checkpoints/${t ? DH_CP : 'CP-KHONG-CO'}`)
      .replace('{id}', byResource[resource] ?? 'x');
  }

  function queryOf(op: Op, which: 'target' | 'missing'): string {
    const q = new URLSearchParams();
    if (op.query.includes('areaCode')) q.set('areaCode', which === 'target' ? DH.code : 'DH-KHONG-CO');
    else if (op.query.includes('district')) q.set('district', which === 'target' ? DONG_HOI : 'Huyện Không Có');
    if (op.query.includes('month')) q.set('month', lastMonth);
    if (op.query.includes('key')) {
      q.set('scope', 'area');
      q.set('key', which === 'target' ? DH.code : 'DH-KHONG-CO');
    }
    if (op.path === '/api/v1/imports') {
      q.set('kind', 'devices');
      q.set('dryRun', 'true');
    }
    const s = q.toString();
    return s ? `?${s}` : '';
  }

  let serial = 0;
  function bodyOf(op: Op, caller: string): { body?: unknown; type?: string } {
    const key = `${op.method} ${op.path}`;
    const n = `${caller.replace(/\W/g, '')}${++serial}`.toUpperCase().slice(0, 20);
    const v = incident.version;
    const bodies: Record<string, unknown> = {
      'POST /api/v1/users': { username: `moi.${n.toLowerCase()}`, displayName: 'Người dùng mới', password: 'a-long-password', role: 'operator', scope: { districts: [DONG_HOI] } },
      'PATCH /api/v1/users/{id}': { displayName: 'Vận hành Đồng Hới' },
      'POST /api/v1/areas': { code: `DH-${n}`, name: 'Khu vực mới', district: DONG_HOI, category: 'market', boundary: { type: 'Polygon', coordinates: [DH.boundary] }, checkpoints: [] },
      'PATCH /api/v1/areas/{code}': { coverageTargetPct: 95 },
      'POST /api/v1/areas/{code}/checkpoints': { id: `CP-${n}`, purposes: ['security'], location: { type: 'Point', coordinates: DH.center } },
      'PATCH /api/v1/areas/{code}/checkpoints/{id}': { description: 'Cổng chính' },
      'POST /api/v1/devices': {
        id: `CAM-${n}`,
        serial: `SN-${n}`,
        kind: 'camera',
        cameraType: 'bullet',
        name: 'Camera mới',
        vendor: 'Hikvision',
        model: 'DS-2CD2T47',
        purposes: ['security'],
        areaCode: DH.code,
        gatewayId: DH_GW,
        location: { type: 'Point', coordinates: DH.center },
        bearingDeg: 0,
        fovDeg: 90,
        rangeM: 60,
        installedOn: '2026-10-15',
        contractor: 'VNPT Quảng Bình',
      },
      'PATCH /api/v1/devices/{id}': { rangeM: 50 },
      'POST /api/v1/devices/{id}/decommission': { reason: 'Thử quyền' },
      'POST /api/v1/gateways': { id: `GW-${n}`, areaCode: DH.code, name: 'Gateway mới' },
      'POST /api/v1/maintenance-windows': {
        targetType: 'area',
        targetId: DH.code,
        startsAt: new Date(Date.now() + 3600_000).toISOString(),
        endsAt: new Date(Date.now() + 7200_000).toISOString(),
        reason: 'Bảo trì',
      },
      'POST /api/v1/incidents/{id}/acknowledge': { version: v },
      'POST /api/v1/incidents/{id}/assign': { version: v, assignee: 'operator' },
      'POST /api/v1/incidents/{id}/comments': { version: v, note: 'Đã kiểm tra' },
      'POST /api/v1/incidents/{id}/resolve': { version: v, resolutionCode: 'false_alarm' },
      'POST /api/v1/incidents/{id}/close': { version: v },
      'POST /api/v1/coverage/areas/{code}/suggestions': {},
      'POST /api/v1/coverage/areas/{code}/suggestions.geojson': {},
      'POST /api/v1/reports': { month: lastMonth },
    };
    if (key === 'POST /api/v1/imports') {
      return { body: importCsv(`CAM-${n}`), type: 'text/csv' };
    }
    return key in bodies ? { body: bodies[key] } : op.body ? { body: {} } : {};
  }

  /** Routes whose answer is about the caller or the whole province, not about an object or area they name. */
  const UNADDRESSED = new Set([
    'GET /api/v1/auth/me',
    'POST /api/v1/auth/logout',
    'GET /api/v1/sla/policy',
    'POST /api/v1/coverage/snapshots',
    'POST /api/v1/reports',
    'GET /api/v1/reports',
    'GET /api/v1/reports/{month}.{format}',
    'GET /api/v1/audit',
    'GET /api/v1/users',
    'GET /api/v1/coverage',
    'GET /api/v1/coverage/areas',
    'GET /api/v1/coverage/gaps',
    'GET /api/v1/coverage/export.csv',
    'GET /api/v1/coverage/export.geojson',
    'GET /api/v1/coverage/export.xlsx',
    'GET /api/v1/sla/export.xlsx',
    'GET /api/v1/exports/devices.ngsi-ld.json',
    'GET /api/v1/exports/devices.geojson',
    'GET /api/v1/exports/key-areas.geojson',
    'GET /api/v1/exports/checkpoints.geojson',
  ]);
  const PUBLIC = ['POST /api/v1/auth/login', 'POST /api/v1/auth/refresh'];

  it('finds every route of the api in the document', () => {
    expect(ops.length).toBeGreaterThanOrEqual(55);
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(expect.arrayContaining([...PUBLIC, 'POST /api/v1/users/{id}/unlock', 'GET /api/v1/incidents/{id}']));
  });

  it('answers 401 to every route but sign-in and refresh without a token', async () => {
    const answers: string[] = [];
    for (const op of ops) {
      const key = `${op.method} ${op.path}`;
      if (PUBLIC.includes(key)) continue;
      const { body, type } = bodyOf(op, 'anon');
      const res = await call(op.method, fill(op.path, 'target') + queryOf(op, 'target'), undefined, body, type);
      answers.push(`${key} ${res.status}`);
    }
    expect(answers.filter((a) => !a.endsWith(' 401'))).toEqual([]);
  });

  it('answers 403, or the same 404 as for nothing, to every caller outside their scope, for each role and a district-scoped admin', async () => {
    const problems: string[] = [];
    // Refusals first, the admin (who may do everything, and changes things) last.
    const results = new Map<string, Map<Username, number>>();
    for (const op of ops) {
      const key = `${op.method} ${op.path}`;
      if (PUBLIC.includes(key) || key === 'POST /api/v1/auth/logout') continue;
      const row = new Map<Username, number>();
      results.set(key, row);
      for (const caller of CALLERS) {
        const { body, type } = bodyOf(op, caller);
        const res = await call(op.method, fill(op.path, 'target') + queryOf(op, 'target'), token(caller), body, type);
        row.set(caller, res.status);
        if (res.status >= 500 || res.status === 401) problems.push(`${key} as ${caller}: ${res.status} ${res.text.slice(0, 200)}`);
        if (!SCOPED.includes(caller)) continue;
        // A route names a Đồng Hới object by its path, its areaCode, or the body it writes; the rest are lists and figures.
        const addressed = !UNADDRESSED.has(key) && (op.path.includes('{') || op.query.includes('areaCode') || op.query.includes('key') || op.method !== 'GET');
        if (!addressed) {
          // Answers about the whole province: what a Ba Đồn caller reads must hold nothing of Đồng Hới.
          const leak = res.status < 300 && !res.contentType.includes('pdf') ? DONG_HOI_MARKS.find((m) => res.text.includes(m)) : undefined;
          if (leak) problems.push(`${key} as ${caller}: ${res.status} shows ${leak}`);
          continue;
        }
        if (key === 'POST /api/v1/imports') {
          // An import is checked row by row: every Đồng Hới row must be refused.
          if (res.status === 202) {
            const id = (res.body as { id: string }).id;
            const job = await waitFor('the import', async () => {
              const r = await call<{ state: string }>('GET', `/api/v1/imports/${id}`, token(caller));
              return r.body.state === 'completed' || r.body.state === 'failed' ? r : undefined;
            }, 10_000);
            if (!/outside your scope/.test(job.text)) problems.push(`${key} as ${caller}: the Đồng Hới row was not refused: ${job.text.slice(0, 300)}`);
            row.set(caller, 0); // shown as "rows refused"
          } else if (res.status !== 403) problems.push(`${key} as ${caller}: ${res.status}`);
          continue;
        }
        if (res.status !== 403 && res.status !== 404) {
          problems.push(`${key} as ${caller}: answered ${res.status} outside their scope: ${res.text.slice(0, 200)}`);
        } else if (res.status === 404) {
          const nothing = await call(op.method, fill(op.path, 'missing') + queryOf(op, 'missing'), token(caller), bodyOf(op, caller).body, type);
          if (nothing.status !== 404) problems.push(`${key} as ${caller}: 404 outside the scope but ${nothing.status} for nothing`);
        }
      }
    }
    printTable(results);
    expect(problems).toEqual([]);
  }, 120_000);

  function printTable(results: Map<string, Map<Username, number>>) {
    const label = (s: number) => (s === 0 ? 'rows✗' : String(s));
    const width = Math.max(...[...results.keys()].map((k) => k.length));
    const head = ['route'.padEnd(width), ...CALLERS.map((c) => c.padStart(14))].join(' ');
    const lines = [...results].map(([key, row]) => [key.padEnd(width), ...CALLERS.map((c) => label(row.get(c) ?? -1).padStart(14))].join(' '));
    table.push([head, ...lines]);
    process.stdout.write(`\nRoutes × callers (Đồng Hới objects; kythuat.badon and quantri.badon are scoped to ${BA_DON}):\n${head}\n${lines.join('\n')}\n\n`);
  }
});

describe('sign-in throttling', () => {
  const username = 'vanhanh.donghoi';

  it('locks a username after 5 failures: 50 wrong passwords and then the right one are not all answered', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) statuses.push((await login(username, `wrong-${i}`)).status);
    const right = await login(username);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    expect(right.status).toBe(429);
    expect(right.body.detail).toMatch(/^too many failed sign-ins for user vanhanh.donghoi: locked until \S+; try again later, or ask an administrator/);
    // And in Vietnamese, the api's default language.
    const vi = await fetch(`${api.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: password(username) }) });
    expect(((await vi.json()) as { detail: string }).detail).toMatch(/^đăng nhập sai quá nhiều lần \(tài khoản vanhanh.donghoi\): tạm khoá đến \S+Z; hãy thử lại sau, hoặc nhờ quản trị viên mở khoá$/);
  });

  it('shows the lockout to an admin, who clears it (audited); then the right password works', async () => {
    const list = await call<{ items: User[] }>('GET', '/api/v1/users', token('admin'));
    expect(list.body.items.find((u) => u.username === username)?.signInLockedUntil).toEqual(expect.any(String));
    // Not an admin of Ba Đồn: the user is outside their scope.
    expect((await call('POST', `/api/v1/users/${ids.get(username)}/unlock`, token('quantri.badon'))).status).toBe(404);
    expect((await call('POST', `/api/v1/users/${ids.get(username)}/unlock`, token('operator'))).status).toBe(403);
    const cleared = await call<User>('POST', `/api/v1/users/${ids.get(username)}/unlock`, token('admin'));
    expect(cleared.status).toBe(200);
    expect(cleared.body.signInLockedUntil).toBeNull();
    const audit = await call<{ items: AuditEntry[] }>('GET', '/api/v1/audit?entityType=user&limit=20', token('admin'));
    expect(audit.body.items.find((e) => e.action === 'user.unlock')).toMatchObject({ actorUsername: 'admin', entityId: ids.get(username) });
    expect((await login(username)).status).toBe(200);
  });

  it('locks an address that fails across many usernames, for every username, the right password included', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60 && statuses[statuses.length - 1] !== 429; i++) statuses.push((await login(`khach.${i}`, 'wrong')).status);
    expect(statuses[statuses.length - 1]).toBe(429);
    const right = await login('planner');
    expect(right.status).toBe(429);
    expect(right.body.detail).toMatch(/for address /);
  });
});
