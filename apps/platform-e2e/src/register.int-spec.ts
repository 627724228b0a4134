// The technician's workflow over REST, on the real services: gateways get MQTT credentials
// that work only in their own subtree; devices are checked against the register; bulk
// imports report bad rows; scopes keep each user inside their areas; everything is audited.
import mqtt, { type MqttClient } from 'mqtt';
import type { Socket } from 'socket.io-client';
import { connect } from 'nats';
import { natsSubjects, OPS_EVENTS, type RegisterChanged, type AuditEntry, type Device, type DeviceTransition, type GatewayRegistered, type ImportJob, type OpsImportProgress, type TokenPair } from '@ioc/contracts';
import { demoProvince, destination } from '@ioc/demo-province';
import { AppProcess, geoJsonViaOgr, hasOgr2ogr, waitFor } from '@ioc/testing';
import { connectOps, createTestContext, migrateAndSeed, startApp, type TestContext } from './support/platform';

const BA_DON = 'Thị xã Ba Đồn';
const ADMIN = { username: 'admin', password: 'admin-password-1' };

const demo = demoProvince({ devicesPerArea: 2 });
const areaOf = (code: string) => {
  const area = demo.areas.find((a) => a.code === code);
  if (!area) throw new Error(`no demo area ${code}`);
  return area;
};
const DH = areaOf('DH-TT');
const BD = areaOf('BD-TT');
const dhDevice = demo.devices.find((d) => d.areaCode === DH.code);

let ctx: TestContext;
let apps: AppProcess[] = [];
let api: AppProcess;
let realtime: AppProcess;
const closers: (() => void)[] = [];
let adminToken: string;

interface Reply<T> {
  status: number;
  body: T;
  contentType: string;
}

/** A call to the api, asking for English (the language these rules are stated in; the api's default is Vietnamese). */
async function call<T = unknown>(method: string, path: string, token: string | undefined, body?: unknown, contentType = 'application/json', lang = 'en'): Promise<Reply<T>> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': contentType } : {}),
      ...(lang ? { 'accept-language': lang } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, contentType: res.headers.get('content-type') ?? '' };
}

async function login(username: string, password: string): Promise<string> {
  const res = await call<TokenPair>('POST', '/api/v1/auth/login', undefined, { username, password });
  expect(res.status).toBe(200);
  return res.body.accessToken;
}

async function createUser(username: string, role: string, scope: object): Promise<string> {
  const password = `${username}-password`;
  const res = await call('POST', '/api/v1/users', adminToken, { username, displayName: `Người dùng ${username}`, password, role, scope });
  expect(res.status).toBe(201);
  return login(username, password);
}

function camera(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    serial: `SN-${id}`,
    kind: 'camera',
    cameraType: 'bullet',
    name: `Camera ${id} — Ngã tư Trần Hưng Đạo`,
    vendor: 'Hikvision',
    model: 'DS-2CD2T47',
    purposes: ['security', 'traffic'],
    areaCode: BD.code,
    gatewayId: 'GW-BD-TEST',
    location: { type: 'Point', coordinates: BD.center },
    bearingDeg: 45,
    fovDeg: 90,
    rangeM: 60,
    installedOn: '2026-10-15',
    contractor: 'VNPT Quảng Bình',
    ...overrides,
  };
}

beforeAll(async () => {
  ctx = await createTestContext();
  await migrateAndSeed(ctx, {
    areas: [DH, BD].map((a) => ({
      code: a.code,
      name: a.name,
      district: a.district,
      category: a.category,
      boundary: a.boundary,
      checkpoints: a.checkpoints.map((c) => ({ id: c.id, purposes: c.purposes, location: c.location })),
    })),
    gateways: [
      { id: 'GW-DH-TEST', areaCode: DH.code, name: 'Gateway Đồng Hới' },
      { id: 'GW-BD-TEST', areaCode: BD.code, name: 'Gateway Ba Đồn' },
    ],
    devices: dhDevice ? [{ id: dhDevice.id, gatewayId: 'GW-DH-TEST', areaCode: DH.code, kind: dhDevice.kind, name: dhDevice.name, location: dhDevice.location }] : [],
    users: [{ ...ADMIN, displayName: 'Quản trị', role: 'admin', scope: { all: true, areas: [], districts: [] } }],
  });
  apps = await Promise.all([startApp('registry', ctx), startApp('realtime', ctx), startApp('api', ctx)]);
  [, realtime, api] = apps;
  adminToken = await login(ADMIN.username, ADMIN.password);
});

afterAll(async () => {
  for (const close of closers) close();
  await Promise.all(apps.map((a) => a.stop()));
  await ctx?.cleanup();
});

describe('authentication', () => {
  it('refuses a wrong password with 401 problem+json', async () => {
    const res = await call<{ type: string; status: number }>('POST', '/api/v1/auth/login', undefined, { username: 'admin', password: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: '/problems/unauthorized', status: 401 });
  });

  it('refuses the API without a token and tells how to get one', async () => {
    const res = await call<{ detail: string }>('GET', '/api/v1/areas', undefined);
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/POST \/api\/v1\/auth\/login/);
  });

  it('exchanges a refresh token for new tokens, and stops doing so after logout', async () => {
    const first = await call<TokenPair>('POST', '/api/v1/auth/login', undefined, ADMIN);
    const refreshed = await call<TokenPair>('POST', '/api/v1/auth/refresh', undefined, { refreshToken: first.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect((await call('POST', '/api/v1/auth/logout', refreshed.body.accessToken)).status).toBe(204);
    expect((await call('POST', '/api/v1/auth/refresh', undefined, { refreshToken: first.body.refreshToken })).status).toBe(401);
    adminToken = await login(ADMIN.username, ADMIN.password);
  });

  it('publishes the OpenAPI document', async () => {
    const res = await call<{ paths: Record<string, unknown> }>('GET', '/api/docs/openapi.json', undefined);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/devices', '/api/v1/gateways', '/api/v1/imports']));
  });
});

describe('gateway credentials', () => {
  let creds: GatewayRegistered['credentials'];
  let listener: MqttClient;
  const received: string[] = [];

  const connectAs = (username: string, password: string): Promise<MqttClient> =>
    new Promise((resolve, reject) => {
      const client = mqtt.connect(ctx.mqtt.url, { username, password, protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 5000, clientId: `${ctx.id}-${Math.random().toString(16).slice(2, 8)}` });
      client.once('connect', () => resolve(client));
      client.once('error', (err) => {
        client.end(true);
        reject(err);
      });
    });

  beforeAll(async () => {
    listener = await connectAs(ctx.mqtt.gatewayUsername, ctx.mqtt.gatewayPassword);
    await listener.subscribeAsync(`${ctx.topicRoot}/#`, { qos: 1 });
    listener.on('message', (topic) => received.push(topic));
    closers.push(() => listener.end(true));
    const res = await call<GatewayRegistered>('POST', '/api/v1/gateways', adminToken, { id: 'GW-BD-NEW', areaCode: BD.code, name: 'Cổng chợ Ba Đồn' });
    expect(res.status).toBe(201);
    creds = res.body.credentials;
  });

  it('issues a username and a password once, and never shows the password again', async () => {
    expect(creds.publishFilter).toBe(`${ctx.topicRoot}/${BD.code}/GW-BD-NEW/#`);
    expect(creds.password.length).toBeGreaterThanOrEqual(24);
    const gateway = await call('GET', '/api/v1/gateways/GW-BD-NEW', adminToken);
    expect(JSON.stringify(gateway.body)).not.toContain(creds.password);
    expect(gateway.body).toMatchObject({ credentials: { state: 'active', username: creds.username } });
  });

  it('lets the gateway publish under its own subtree and nowhere else', async () => {
    const gw = await connectAs(creds.username, creds.password);
    closers.push(() => gw.end(true));
    const own = `${ctx.topicRoot}/${BD.code}/GW-BD-NEW/CAM-1/status`;
    const otherGateway = `${ctx.topicRoot}/${BD.code}/GW-BD-TEST/CAM-1/status`;
    const otherArea = `${ctx.topicRoot}/${DH.code}/GW-BD-NEW/CAM-1/status`;
    await gw.publishAsync(otherGateway, '{}', { qos: 1 }).catch(() => undefined);
    await gw.publishAsync(otherArea, '{}', { qos: 1 }).catch(() => undefined);
    await gw.publishAsync(own, '{}', { qos: 1 });
    await waitFor('the own-subtree message', () => received.includes(own), 5000);
    // The others were sent before it, on the same session, so they would have arrived first.
    expect(received).not.toContain(otherGateway);
    expect(received).not.toContain(otherArea);
  });

  it('refuses a wrong password', async () => {
    await expect(connectAs(creds.username, 'not-the-password')).rejects.toThrow(/not authorized|bad user name or password/i);
  });

  it('rotation makes the old password useless and drops its session', async () => {
    const old = await connectAs(creds.username, creds.password);
    const dropped = new Promise<void>((resolve) => old.once('close', () => resolve()));
    const res = await call<GatewayRegistered['credentials']>('POST', '/api/v1/gateways/GW-BD-NEW/credentials', adminToken);
    expect(res.status).toBe(200);
    await dropped;
    old.end(true);
    await expect(connectAs(creds.username, creds.password)).rejects.toThrow();
    const fresh = await connectAs(res.body.username, res.body.password);
    fresh.end(true);
    creds = res.body;
  });

  it('revocation disconnects the gateway at once and refuses it from then on', async () => {
    const gw = await connectAs(creds.username, creds.password);
    const dropped = new Promise<void>((resolve) => gw.once('close', () => resolve()));
    const res = await call('DELETE', '/api/v1/gateways/GW-BD-NEW/credentials', adminToken);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ credentials: { state: 'revoked' } });
    await dropped;
    gw.end(true);
    await expect(connectAs(creds.username, creds.password)).rejects.toThrow(/not authorized|bad user name or password/i);
  });
});

describe('device registration', () => {
  const deviceCount = async () => (await call<{ total: number }>('GET', '/api/v1/devices', adminToken)).body.total;
  const auditCount = async () => (await call<{ items: AuditEntry[] }>('GET', '/api/v1/audit?limit=1000', adminToken)).body.items.length;

  it('registers a camera inside its area', async () => {
    const res = await call<Device>('POST', '/api/v1/devices', adminToken, camera('CAM-BD-A'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: 'CAM-BD-A', status: 'unknown', name: 'Camera CAM-BD-A — Ngã tư Trần Hưng Đạo' });
  });

  it('rejects a camera 1 km outside its area with 422 naming the field, and changes nothing', async () => {
    const [devices, audits] = [await deviceCount(), await auditCount()];
    const north = BD.boundary.reduce((a, b) => (b[1] > a[1] ? b : a));
    const outside = destination(north, 0, 1000);
    const res = await call<{ status: number; errors: { field: string; message: string }[] }>(
      'POST',
      '/api/v1/devices',
      adminToken,
      camera('CAM-FAR', { location: { type: 'Point', coordinates: outside } }),
    );
    expect(res.status).toBe(422);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'location', message: expect.stringMatching(/lies 10\d\d m outside key area BD-TT/) }]);
    expect([await deviceCount(), await auditCount()]).toEqual([devices, audits]);
  });

  it('answers a 422 in Vietnamese by default, title and detail and fields, and in English when asked', async () => {
    const body = camera('CAM-LANG', { name: 'x'.repeat(201) });
    const vi = await call<{ title: string; detail: string; errors: { field: string; message: string }[] }>('POST', '/api/v1/devices', adminToken, body, 'application/json', '');
    expect(vi.status).toBe(422);
    expect(vi.body.title).toBe('Dữ liệu chưa hợp lệ');
    expect(vi.body.detail).toMatch(/trường không hợp lệ: name/);
    expect(vi.body.errors).toEqual([{ field: 'name', message: 'tối đa 200 ký tự' }]);
    const en = await call<{ title: string; detail: string; errors: { field: string; message: string }[] }>('POST', '/api/v1/devices', adminToken, body);
    expect(en.body.title).toBe('Some fields are not valid');
    expect(en.body.detail).toMatch(/invalid field: name/);
    expect(en.body.errors).toEqual([{ field: 'name', message: 'must be at most 200 characters' }]);
  });

  it('rejects a repeated serial with 409, and changes nothing', async () => {
    const [devices, audits] = [await deviceCount(), await auditCount()];
    const res = await call<{ errors: { field: string }[] }>('POST', '/api/v1/devices', adminToken, camera('CAM-BD-B', { serial: 'SN-CAM-BD-A' }));
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([{ field: 'serial', message: 'serial SN-CAM-BD-A is already registered to device CAM-BD-A' }]);
    expect([await deviceCount(), await auditCount()]).toEqual([devices, audits]);
  });

  it('names every invalid field of a malformed body', async () => {
    const res = await call<{ errors: { field: string }[] }>('POST', '/api/v1/devices', adminToken, camera('CAM-BAD', { name: '=cmd|calc', rangeM: -1 }));
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e) => e.field).sort()).toEqual(['name', 'rangeM']);
  });

  it('announces each committed change on the bus, for the services that follow the register', async () => {
    const nc = await connect({ servers: ctx.natsUrl });
    try {
      const changes: RegisterChanged[] = [];
      const sub = nc.subscribe(natsSubjects(ctx.natsPrefix).registerChangedAll, { callback: (_e, m) => changes.push(JSON.parse(m.string()) as RegisterChanged) });
      expect((await call('PATCH', '/api/v1/devices/CAM-BD-A', adminToken, { rangeM: 75 })).status).toBe(200);
      const change = await waitFor('the device.update change', () => changes.find((c) => c.action === 'device.update' && c.entityId === 'CAM-BD-A'), 5000);
      expect(change).toMatchObject({ entityType: 'device', areaCode: BD.code, after: { id: 'CAM-BD-A', rangeM: 75 } });
      sub.unsubscribe();
    } finally {
      await nc.close();
    }
  });

  it('decommissions a device and keeps it, with its history', async () => {
    const res = await call<Device>('POST', '/api/v1/devices/CAM-BD-A/decommission', adminToken, { reason: 'Hư hỏng do sét' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'decommissioned', decommissionedAt: expect.any(String) });
    expect((await call('PATCH', '/api/v1/devices/CAM-BD-A', adminToken, { rangeM: 80 })).status).toBe(409);
  });

  it('lists a device’s status transitions, newest first, the decommissioning included', async () => {
    const res = await call<{ items: DeviceTransition[] }>('GET', '/api/v1/devices/CAM-BD-A/transitions', adminToken);
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({ deviceId: 'CAM-BD-A', from: 'unknown', to: 'decommissioned', at: expect.any(String) });
    const after = encodeURIComponent(new Date(Date.parse(res.body.items[0].at) + 1).toISOString());
    expect((await call<{ items: DeviceTransition[] }>('GET', `/api/v1/devices/CAM-BD-A/transitions?from=${after}`, adminToken)).body.items).toEqual([]);
    expect((await call<{ items: DeviceTransition[] }>('GET', `/api/v1/devices/CAM-BD-A/transitions?to=${after}&limit=1`, adminToken)).body.items).toHaveLength(1);
    expect((await call('GET', '/api/v1/devices/CAM-NONE/transitions', adminToken)).status).toBe(404);
    expect((await call<{ errors: { field: string }[] }>('GET', '/api/v1/devices/CAM-BD-A/transitions?limit=0', adminToken)).body.errors).toEqual([
      { field: 'limit', message: expect.any(String) },
    ]);
  });
});

describe('bulk import', () => {
  const header = 'id,serial,kind,camera_type,name,vendor,model,purposes,area_code,gateway_id,lon,lat,bearing_deg,fov_deg,range_m,installed_on,contractor';
  const csvRows: string[] = [];
  for (let i = 1; i <= 1000; i++) {
    const name = i === 137 ? '=HYPERLINK("http://x")' : `Camera chợ Ba Đồn số ${i}`;
    const lat = i === 500 ? 95 : BD.center[1];
    const purposes = i === 868 ? 'traffic;parking' : 'traffic;security';
    csvRows.push(`IMP-${i},SNI-${i},camera,fixed,${name},Dahua,IPC-HFW,${purposes},${BD.code},GW-BD-TEST,${BD.center[0]},${lat},90,80,50,2026-11-01,Viettel Quảng Bình`);
  }
  const csv = '\uFEFF' + [header, ...csvRows].join('\r\n') + '\r\n';
  const expectedIssues = [
    { line: 138, field: 'name', reason: expect.stringMatching(/spreadsheet formula/) },
    { line: 501, field: 'lat', reason: expect.any(String) },
    { line: 869, field: 'purposes', reason: expect.stringMatching(/parking/) },
  ];
  let technician: string;
  let technicianId: string;

  beforeAll(async () => {
    technician = await createUser('kythuat.badon', 'technician', { districts: [BA_DON] });
    technicianId = (await call<{ userId: string }>('GET', '/api/v1/auth/me', technician)).body.userId;
  });

  async function runImport(query: string): Promise<{ job: ImportJob; progress: OpsImportProgress[] }> {
    const socket: Socket = await connectOps(realtime, technician);
    closers.push(() => socket.close());
    const progress: OpsImportProgress[] = [];
    socket.on(OPS_EVENTS.importProgress, (p: OpsImportProgress) => progress.push(p));
    const started = await call<ImportJob>('POST', `/api/v1/imports?kind=devices&${query}`, technician, csv, 'text/csv');
    expect(started.status).toBe(202);
    const job = await waitFor(
      `import ${query}`,
      async () => {
        const res = await call<ImportJob>('GET', `/api/v1/imports/${started.body.id}`, technician);
        return res.body.state === 'completed' || res.body.state === 'failed' ? res.body : undefined;
      },
      30_000,
      100,
    );
    await waitFor('the final progress push', () => progress.some((p) => p.state === job.state), 5000);
    socket.close();
    return { job, progress };
  }

  const imported = async () => (await call<{ total: number }>('GET', `/api/v1/devices?areaCode=${BD.code}&limit=1`, adminToken)).body.total;

  it('a dry run reports exactly the three bad rows with line, field and reason, and imports nothing', async () => {
    const before = await imported();
    const { job, progress } = await runImport('dryRun=true');
    expect(job.result).toMatchObject({ rows: 1000, valid: 997, imported: 0, outcome: 'checked', badLines: [138, 501, 869] });
    expect(job.result?.issues).toEqual(expectedIssues);
    expect(await imported()).toBe(before);
    // Progress was pushed while it ran, to the user who started it.
    expect(progress.every((p) => p.userId === technicianId)).toBe(true);
    expect(progress.some((p) => p.state === 'active' && p.progress.processed > 0 && p.progress.processed < p.progress.total)).toBe(true);
  });

  it('a real run imports nothing while any row is bad', async () => {
    const before = await imported();
    const { job } = await runImport('');
    expect(job.result).toMatchObject({ imported: 0, outcome: 'rejected', badLines: [138, 501, 869] });
    expect(await imported()).toBe(before);
  });

  it('with skipInvalid it imports the 997 good rows and reports the three it skipped', async () => {
    const before = await imported();
    const { job } = await runImport('skipInvalid=true');
    expect(job.result).toMatchObject({ imported: 997, outcome: 'imported', badLines: [138, 501, 869] });
    expect(job.result?.issues).toEqual(expectedIssues);
    expect(await imported()).toBe(before + 997);
    const device = await call<Device>('GET', '/api/v1/devices/IMP-1', technician);
    expect(device.body).toMatchObject({ name: 'Camera chợ Ba Đồn số 1', contractor: 'Viettel Quảng Bình' });
  });
});

describe('checkpoints and exports', () => {
  it('imports checkpoints from GeoJSON, Vietnamese descriptions intact', async () => {
    const features = [
      { type: 'Feature', geometry: { type: 'Point', coordinates: BD.center }, properties: { areaCode: BD.code, id: 'CP-GJ-1', purposes: ['traffic', 'security'], description: 'Ngã ba Quảng Thuận' } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: BD.center }, properties: { areaCode: BD.code, id: 'CP-GJ-2', purposes: 'security', description: 'Cổng chợ' } },
    ];
    const started = await call<ImportJob>('POST', '/api/v1/imports?kind=checkpoints', adminToken, { type: 'FeatureCollection', features }, 'application/geo+json');
    expect(started.status).toBe(202);
    const job = await waitFor('the checkpoint import', async () => {
      const res = await call<ImportJob>('GET', `/api/v1/imports/${started.body.id}`, adminToken);
      return res.body.state === 'completed' ? res.body : undefined;
    });
    expect(job.result).toMatchObject({ imported: 2, outcome: 'imported', issues: [] });
    const area = await call<{ checkpoints: { id: string; description: string; purposes: string[] }[] }>('GET', `/api/v1/areas/${BD.code}`, adminToken);
    expect(area.body.checkpoints).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'CP-GJ-1', description: 'Ngã ba Quảng Thuận', purposes: ['security', 'traffic'] })]),
    );
  });

  it('exports devices as NGSI-LD Device and Camera entities', async () => {
    const res = await call<{ id: string; type: string; name?: { value: string } }[]>('GET', `/api/v1/exports/devices.ngsi-ld.json?areaCode=${BD.code}`, adminToken);
    expect(res.status).toBe(200);
    expect(res.contentType).toContain('application/ld+json');
    expect(res.body.find((e) => e.id === 'urn:ngsi-ld:Device:IMP-1')).toMatchObject({ type: 'Device', name: { value: 'Camera chợ Ba Đồn số 1' } });
    expect(res.body.find((e) => e.id === 'urn:ngsi-ld:Camera:IMP-1')).toMatchObject({ type: 'Camera' });
  });

  it('exports key areas and checkpoints as GeoJSON, one geometry type per file, each converting to a Shapefile and a GeoPackage', async () => {
    type Fc = { type: string; features: { id: string; geometry: { type: string } | null; properties: Record<string, unknown> }[] };
    const areas = await call<Fc>('GET', '/api/v1/exports/key-areas.geojson', adminToken);
    expect(areas.contentType).toContain('application/geo+json');
    expect(areas.body.type).toBe('FeatureCollection');
    expect(new Set(areas.body.features.map((f) => f.geometry?.type ?? 'Polygon'))).toEqual(new Set(['Polygon']));
    expect(areas.body.features.find((f) => f.id === BD.code)).toMatchObject({ geometry: { type: 'Polygon' }, properties: { name: BD.name, district: BA_DON } });
    const checkpoints = await call<Fc>('GET', '/api/v1/exports/checkpoints.geojson', adminToken);
    expect(new Set(checkpoints.body.features.map((f) => f.geometry?.type))).toEqual(new Set(['Point']));
    expect(checkpoints.body.features.some((f) => f.id.endsWith('/CP-GJ-1') && f.properties.checkpointId === 'CP-GJ-1')).toBe(true);
    const devices = await call<Fc>('GET', '/api/v1/exports/devices.geojson', adminToken);
    expect(devices.body.features.length).toBeGreaterThan(0);
    expect(devices.body.features.every((f) => f.id === f.properties.deviceId && /^(security|traffic|security;traffic)?$/.test(String(f.properties.purposes)))).toBe(true);
    if (!hasOgr2ogr()) return console.warn('SKIPPED: ogr2ogr conversion (apt-get install -y gdal-bin)');
    for (const [name, fc, geometry] of [['key-areas', areas.body, 'Polygon'], ['checkpoints', checkpoints.body, 'Point'], ['devices', devices.body, 'Point']] as const) {
      const { shapefile, geopackage } = geoJsonViaOgr(fc, name);
      for (const info of [shapefile, geopackage]) {
        expect(info).toContain(`Geometry: ${geometry}`);
        expect(info).toContain(`Feature Count: ${fc.features.length}`);
      }
    }
  });
});

describe('area scopes', () => {
  let technician: string;
  let planner: string;

  beforeAll(async () => {
    technician = await createUser('kythuat.badon2', 'technician', { districts: [BA_DON] });
    planner = await createUser('quyhoach', 'planner', { all: true });
  });

  it('refuses a scope naming a district that has no key area', async () => {
    const res = await call<{ errors: { field: string; message: string }[] }>('POST', '/api/v1/users', adminToken, {
      username: 'sai.huyen',
      displayName: 'Sai huyện',
      password: 'a-long-password',
      role: 'technician',
      scope: { districts: ['Thi xa Ba Don'] },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'scope.districts', message: 'no key area lies in a district named "Thi xa Ba Don"' }]);
  });

  it('keeps a technician scoped to Ba Đồn out of Đồng Hới over REST', async () => {
    const areas = await call<{ items: { code: string; district: string }[] }>('GET', '/api/v1/areas', technician);
    expect(areas.body.items.map((a) => a.district)).toEqual([BA_DON]);
    expect((await call('GET', `/api/v1/areas/${DH.code}`, technician)).status).toBe(403);
    expect((await call('GET', `/api/v1/devices?areaCode=${DH.code}`, technician)).status).toBe(403);
    const devices = await call<{ items: Device[] }>('GET', '/api/v1/devices?limit=1000', technician);
    expect(devices.body.items.some((d) => d.areaCode === DH.code)).toBe(false);
    if (dhDevice) expect((await call('GET', `/api/v1/devices/${dhDevice.id}`, technician)).status).toBe(403);
    expect((await call('GET', '/api/v1/gateways/GW-DH-TEST', technician)).status).toBe(403);
    const exported = await call<{ features: { properties: { district?: string } }[] }>('GET', '/api/v1/exports/key-areas.geojson', technician);
    expect(exported.body.features.every((f) => f.properties.district === undefined || f.properties.district === BA_DON)).toBe(true);
  });

  it('keeps a technician scoped to Ba Đồn from the status history of a device in Đồng Hới', async () => {
    if (dhDevice) expect((await call('GET', `/api/v1/devices/${dhDevice.id}/transitions`, technician)).status).toBe(403);
  });

  it('keeps a technician scoped to Ba Đồn from changing anything in Đồng Hới', async () => {
    const inDongHoi = { areaCode: DH.code, gatewayId: 'GW-DH-TEST', location: { type: 'Point', coordinates: DH.center } };
    expect((await call('POST', '/api/v1/devices', technician, camera('CAM-DH-X', inDongHoi))).status).toBe(403);
    expect((await call('POST', '/api/v1/gateways', technician, { id: 'GW-DH-X', areaCode: DH.code, name: 'x' })).status).toBe(403);
    expect((await call('POST', `/api/v1/areas/${DH.code}/checkpoints`, technician, { id: 'CP-X', purposes: ['security'], location: { type: 'Point', coordinates: DH.center } })).status).toBe(403);
    if (dhDevice) expect((await call('PATCH', `/api/v1/devices/${dhDevice.id}`, technician, { rangeM: 10 })).status).toBe(403);
    // ...while Ba Đồn is theirs to change.
    expect((await call('POST', '/api/v1/devices', technician, camera('CAM-BD-T'))).status).toBe(201);
  });

  it('keeps a technician scoped to Ba Đồn out of Đồng Hới over Socket.IO', async () => {
    const socket = await connectOps(realtime, technician);
    closers.push(() => socket.close());
    const ack = await socket.timeout(5000).emitWithAck(OPS_EVENTS.subscribe, { areas: [DH.code] });
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('lets a planner read every area and change none', async () => {
    const areas = await call<{ items: { code: string }[] }>('GET', '/api/v1/areas', planner);
    expect(areas.body.items.map((a) => a.code).sort()).toEqual([BD.code, DH.code].sort());
    expect((await call('GET', `/api/v1/devices?areaCode=${DH.code}`, planner)).status).toBe(200);
    expect((await call('POST', '/api/v1/devices', planner, camera('CAM-PL'))).status).toBe(403);
    expect((await call('PATCH', `/api/v1/areas/${BD.code}`, planner, { coverageTargetPct: 90 })).status).toBe(403);
    expect((await call('POST', '/api/v1/gateways', planner, { id: 'GW-PL', areaCode: BD.code, name: 'x' })).status).toBe(403);
    expect((await call('POST', '/api/v1/imports?kind=devices', planner, 'id\n', 'text/csv')).status).toBe(403);
  });
});

describe('audit log', () => {
  const entries = async (query: string) => (await call<{ items: AuditEntry[] }>('GET', `/api/v1/audit?${query}`, adminToken)).body.items;
  const entry = async (action: string, entityType: string, entityId: string) =>
    (await entries(`entityType=${entityType}&entityId=${encodeURIComponent(entityId)}`)).find((e) => e.action === action);

  it('records every change with its user and its before and after', async () => {
    expect(await entry('device.create', 'device', 'CAM-BD-A')).toMatchObject({ actorUsername: 'admin', before: null, after: { id: 'CAM-BD-A', serial: 'SN-CAM-BD-A' } });
    expect(await entry('device.decommission', 'device', 'CAM-BD-A')).toMatchObject({
      before: { status: 'unknown' },
      after: { status: 'decommissioned', decommissionReason: 'Hư hỏng do sét' },
    });
    expect(await entry('gateway.create', 'gateway', 'GW-BD-NEW')).toMatchObject({ actorUsername: 'admin', after: { credentials: { state: 'active' } } });
    expect(await entry('gateway.credentials.revoke', 'gateway', 'GW-BD-NEW')).toMatchObject({
      before: { credentials: { state: 'active' } },
      after: { credentials: { state: 'revoked' } },
    });
    expect(await entry('device.create', 'device', 'IMP-1')).toMatchObject({ actorUsername: 'kythuat.badon', after: { id: 'IMP-1' } });
    expect(await entry('device.create', 'device', 'CAM-BD-T')).toMatchObject({ actorUsername: 'kythuat.badon2' });
    const users = await entries('entityType=user');
    expect(users.find((e) => e.action === 'user.create' && (e.after as { username?: string }).username === 'quyhoach')).toMatchObject({
      actorUsername: 'admin',
      before: null,
      after: { role: 'planner' },
    });
    // No password, in clear or hashed, ever reaches the log.
    expect(JSON.stringify(users)).not.toMatch(/password-|argon2/);
  });

  it('pages backwards through the log', async () => {
    const first = await call<{ items: AuditEntry[]; nextBeforeId: string }>('GET', '/api/v1/audit?limit=2', adminToken);
    const second = await call<{ items: AuditEntry[] }>('GET', `/api/v1/audit?limit=2&beforeId=${first.body.nextBeforeId}`, adminToken);
    expect(Number(second.body.items[0]?.id)).toBeLessThan(Number(first.body.items[1]?.id));
  });

  it('is closed to technicians', async () => {
    expect((await call('GET', '/api/v1/audit', await login('kythuat.badon', 'kythuat.badon-password'))).status).toBe(403);
  });
});
