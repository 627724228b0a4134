// Coverage on the real services: the figures planners are held to, kept current as devices
// go on- and offline (pushed live), placement suggestions that close the gaps, exports
// that round-trip, and the daily history.
import type { Socket } from 'socket.io-client';
import { OPS_EVENTS, type AreaCoverageDto, type AreaCoverageDetailDto, type OpsCoverage, type PlacementPlanDto, type TokenPair } from '@ioc/contracts';
// The coverage rules' own geodesic (WGS84), so "exactly at range" is exact.
import { destination as wgs84Destination } from '@ioc/coverage';
import { AppProcess, geoJsonViaOgr, hasOgr2ogr, hasSoffice, mosquittoPub, waitFor, xlsxSheetsViaLibreOffice } from '@ioc/testing';
import { connectOps, createTestContext, migrateAndSeed, startApp, type TestContext } from './support/platform';

const ADMIN = { username: 'admin', password: 'admin-password-1' };
const destination = (from: [number, number], bearing: number, metres: number): [number, number] => {
  const [lon, lat] = wgs84Destination(from, bearing, metres);
  return [lon, lat];
};
// Two neighbouring key areas, 400 m × 400 m, side by side along a parallel.
const ORIGIN: [number, number] = [106.6, 17.47];
const square = (west: [number, number]): [number, number][] => {
  const east = destination(west, 90, 400);
  const ne = destination(east, 0, 400);
  const nw = destination(west, 0, 400);
  return [west, east, ne, nw, west];
};
const A_WEST = ORIGIN;
const B_WEST = destination(ORIGIN, 90, 400);
// The camera of A sits 10 m west of the A|B boundary, halfway up.
const CAM = destination(destination(A_WEST, 90, 390), 0, 200);
const at = (bearing: number, metres: number) => destination(CAM, bearing, metres);

let ctx: TestContext;
let apps: AppProcess[] = [];
let api: AppProcess;
let realtime: AppProcess;
let token: string;
let socket: Socket;
const pushes: OpsCoverage[] = [];

async function call<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; text: string }> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : undefined;
  return { status: res.status, body: json as T, text };
}

const areaOf = async (code: string) => (await call<AreaCoverageDetailDto>('GET', `/api/v1/coverage/areas/${code}`)).body;

beforeAll(async () => {
  ctx = await createTestContext();
  await migrateAndSeed(ctx, {
    areas: [
      {
        code: 'COV-A',
        name: 'Ngã tư Lý Thường Kiệt (thử nghiệm)',
        district: 'Thành phố Đồng Hới',
        category: 'intersection',
        boundary: square(A_WEST),
        checkpoints: [
          // Hand-computed against the dome CAM-A1 (360°, 60 m) and the fixed CAM-A2 (bearing 350°, fov 40°, 80 m):
          { id: 'CP-N', purposes: ['traffic'], location: at(5, 70) }, // CAM-A2: 15° off its 350° axis (wrap past north), 70 m ≤ 80 → covered
          { id: 'CP-EDGE', purposes: ['security'], location: at(180, 60) }, // CAM-A1: exactly at its 60 m range → covered
          { id: 'CP-FAR', purposes: ['security'], location: at(270, 150) }, // nobody: 150 m west → a gap
          { id: 'CP-BOTH', purposes: ['traffic', 'security'], location: at(200, 30) }, // CAM-A1 (both purposes) → covered
        ],
      },
      {
        code: 'COV-B',
        name: 'Chợ Đồng Phú (thử nghiệm)',
        district: 'Thành phố Đồng Hới',
        category: 'market',
        boundary: square(B_WEST),
        // 40 m east of the camera, across the boundary in B: covered by A's dome.
        checkpoints: [{ id: 'CP-B1', purposes: ['security'], location: at(90, 40) }],
      },
    ],
    gateways: [{ id: 'GW-COV', areaCode: 'COV-A', name: 'Gateway phủ sóng' }],
    devices: [
      { id: 'CAM-A1', gatewayId: 'GW-COV', areaCode: 'COV-A', kind: 'camera', cameraType: 'dome', name: 'Camera cầu vồng', location: CAM, bearingDeg: 0, fovDeg: 360, rangeM: 60, purposes: ['traffic', 'security'], installedOn: '2025-01-01', heartbeatTimeoutS: 3600 },
      { id: 'CAM-A2', gatewayId: 'GW-COV', areaCode: 'COV-A', kind: 'camera', cameraType: 'fixed', name: 'Camera hướng bắc', location: CAM, bearingDeg: 350, fovDeg: 40, rangeM: 80, purposes: ['traffic'], installedOn: '2025-01-01', heartbeatTimeoutS: 3600 },
      // Faces east with a 30 m range: CP-B1 (40 m east) is beyond it; it covers nothing.
      { id: 'CAM-A3', gatewayId: 'GW-COV', areaCode: 'COV-A', kind: 'camera', cameraType: 'fixed', name: 'Camera hướng đông', location: CAM, bearingDeg: 90, fovDeg: 60, rangeM: 30, purposes: ['security'], installedOn: '2025-01-01', heartbeatTimeoutS: 3600 },
    ],
    users: [{ ...ADMIN, displayName: 'Quản trị', role: 'admin', scope: { all: true, areas: [], districts: [] } }],
  });
  apps = await Promise.all([startApp('registry', ctx), startApp('ingest', ctx), startApp('coverage', ctx), startApp('realtime', ctx), startApp('api', ctx)]);
  [, , , realtime, api] = apps;
  const login = await fetch(`${api.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  token = ((await login.json()) as TokenPair).accessToken;
  socket = await connectOps(realtime, token);
  socket.on(OPS_EVENTS.coverageUpdated, (p: OpsCoverage) => pushes.push(p));
  expect(await socket.timeout(5000).emitWithAck(OPS_EVENTS.subscribe, { areas: ['COV-A', 'COV-B'] })).toEqual({ ok: true });
});

afterAll(async () => {
  socket?.close();
  await Promise.all(apps.map((a) => a.stop()));
  await ctx?.cleanup();
});

describe('figures', () => {
  it('match the hand computation: wrap past north, exactly at range, a gap, both purposes', async () => {
    const a = await areaOf('COV-A');
    // traffic: CP-N (A2) and CP-BOTH (A1) of 2 → 100 %; security: CP-EDGE, CP-BOTH of 3 (CP-FAR uncovered) → 66.67 %.
    expect(a.purposes.traffic.installed).toEqual({ covered: 2, pct: 100, meetsTarget: true });
    expect(a.purposes.security.installed.covered).toBe(2);
    expect(a.purposes.security.installed.pct).toBeCloseTo(66.667, 2);
    expect(a.meetsTarget).toEqual({ installed: false, operational: false });
    // Nothing has reported yet: no device is operational.
    expect(a.purposes.traffic.operational.covered).toBe(0);
    const cpN = a.checkpointCoverage.find((c) => c.checkpointId === 'CP-N');
    expect(cpN?.byPurpose).toEqual([{ purpose: 'traffic', installed: ['CAM-A2'], operational: [] }]);
  });

  it('counts a camera in a neighbouring area covering a checkpoint across the boundary', async () => {
    const b = await areaOf('COV-B');
    expect(b.purposes.security.installed).toEqual({ covered: 1, pct: 100, meetsTarget: true });
    expect(b.checkpointCoverage[0]?.byPurpose[0]?.installed).toEqual(['CAM-A1']);
  });

  it('lists the gap and the province KPI', async () => {
    const gaps = await call<{ items: { checkpointId: string; kind: string }[] }>('GET', '/api/v1/coverage/gaps?areaCode=COV-A');
    expect(gaps.body.items.filter((g) => g.kind === 'installed').map((g) => g.checkpointId)).toEqual(['CP-FAR']);
    const province = await call<{ areas: number; installed: { meeting: number } }>('GET', '/api/v1/coverage');
    expect(province.body).toMatchObject({ areas: 2, installed: { meeting: 1 } });
  });
});

describe('live', () => {
  const heartbeat = (deviceId: string) =>
    mosquittoPub(ctx.mqtt, `${ctx.topicRoot}/COV-A/GW-COV/${deviceId}/status`, JSON.stringify({ id: `hb-${deviceId}-${Date.now()}`, ts: new Date().toISOString(), online: true }));

  it('a camera going offline lowers operational coverage but not installed, pushed within 2 s', async () => {
    await Promise.all(['CAM-A1', 'CAM-A2', 'CAM-A3'].map(heartbeat));
    await waitFor('operational coverage up', async () => (await areaOf('COV-A')).purposes.traffic.operational.covered === 2);
    const sent = Date.now();
    pushes.length = 0;
    await mosquittoPub(ctx.mqtt, `${ctx.topicRoot}/COV-A/GW-COV/$presence`, 'offline', { retain: true });
    const push = await waitFor('coverage.updated with lower operational coverage', () =>
      pushes.find((p) => p.coverage.areaCode === 'COV-A' && p.coverage.purposes.traffic.operational.covered === 0),
    2000);
    expect(Date.now() - sent).toBeLessThan(2000);
    expect(push.coverage.purposes.traffic.installed.covered).toBe(2);
    expect(push.coverage.purposes.security.installed.covered).toBe(2);
  });

  it('a decommissioned camera covers nothing', async () => {
    // CAM-A2 alone covers CP-N (traffic).
    expect((await call('POST', '/api/v1/devices/CAM-A2/decommission', { reason: 'Thay mới' })).status).toBe(200);
    await waitFor('traffic installed coverage down', async () => (await areaOf('COV-A')).purposes.traffic.installed.covered === 1);
  });
});

describe('placement suggestions', () => {
  it('the placement suggestions come as GeoJSON points that convert to a Shapefile and a GeoPackage', async () => {
    type Fc = { features: { id: string; geometry: { type: string } | null; properties: Record<string, unknown> }[] };
    const plan = await call<{ suggestions: { siteId: string }[] }>('POST', '/api/v1/coverage/areas/COV-A/suggestions', {});
    const res = await call<Fc>('POST', '/api/v1/coverage/areas/COV-A/suggestions.geojson', {});
    expect(res.status).toBe(200);
    expect(res.body.features.map((f) => f.id)).toEqual(plan.body.suggestions.map((s) => `COV-A/${s.siteId}`));
    expect(res.body.features.length).toBeGreaterThan(0);
    if (!hasOgr2ogr()) return console.warn('SKIPPED: ogr2ogr conversion (apt-get install -y gdal-bin)');
    const { shapefile, geopackage } = geoJsonViaOgr(res.body, 'suggestions');
    for (const info of [shapefile, geopackage]) expect(info).toContain('Geometry: Point');
  });

  it('registering cameras exactly as suggested brings the area to 100 %', async () => {
    const plan = await call<PlacementPlanDto>('POST', '/api/v1/coverage/areas/COV-A/suggestions', {});
    expect(plan.status).toBe(200);
    expect(plan.body.meetsTargetAfter).toBe(true);
    expect(plan.body.suggestions.length).toBeGreaterThan(0);
    let n = 0;
    for (const site of plan.body.suggestions) {
      n += 1;
      const res = await call('POST', '/api/v1/devices', {
        id: `CAM-NEW-${n}`,
        serial: `SN-NEW-${ctx.id}-${n}`,
        kind: 'camera',
        cameraType: site.fovDeg >= 360 ? 'dome' : 'fixed',
        name: `Camera đề xuất ${n}`,
        vendor: 'Hikvision',
        model: 'DS-2CD',
        purposes: site.purposes,
        areaCode: 'COV-A',
        gatewayId: 'GW-COV',
        location: { type: 'Point', coordinates: site.location },
        bearingDeg: site.bearingDeg % 360,
        fovDeg: site.fovDeg,
        rangeM: site.rangeM,
        installedOn: '2025-01-01',
        contractor: 'VNPT Quảng Bình',
      });
      expect(res.status).toBe(201);
    }
    const a = await waitFor('COV-A at 100 % installed', async () => {
      const area = await areaOf('COV-A');
      return area.meetsTarget.installed ? area : undefined;
    });
    expect([a.purposes.traffic.installed.pct, a.purposes.security.installed.pct]).toEqual([100, 100]);
  });
});

describe('exports', () => {
  it('the CSV has Vietnamese headers and Có/Không by default, and the stable column names with lang=en', async () => {
    const vi = (await (await fetch(`${api.url}/api/v1/coverage/export.csv`, { headers: { authorization: `Bearer ${token}` } })).text()).replace(/^\uFEFF/, '');
    expect(vi.split('\r\n')[0]?.startsWith('Mã khu vực,Khu vực trọng điểm,Huyện / thị xã / thành phố,Chỉ tiêu (%)')).toBe(true);
    expect(vi).toMatch(/,(Có|Không)\r\n/);
    const en = await fetch(`${api.url}/api/v1/coverage/export.csv`, { headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' } });
    expect((await en.text()).replace(/^\uFEFF/, '').startsWith('area_code,area_name,')).toBe(true);
  });

  it('the CSV parses back to the same figures as the API, Vietnamese names intact', async () => {
    const res = await fetch(`${api.url}/api/v1/coverage/export.csv?lang=en`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    // A UTF-8 byte-order mark, so spreadsheets read the Vietnamese names right.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const [header, ...rows] = text.trim().split('\r\n').map((l) => l.split(','));
    const areas = (await call<{ items: AreaCoverageDto[] }>('GET', '/api/v1/coverage/areas')).body.items;
    expect(rows).toHaveLength(areas.length);
    for (const row of rows) {
      const r = Object.fromEntries((header ?? []).map((h, i) => [h, row[i] ?? '']));
      const api = areas.find((a) => a.areaCode === r.area_code);
      const pct = (v: number | null) => (v === null ? '' : v.toFixed(2));
      expect(r).toMatchObject({
        area_name: api?.name,
        traffic_installed_pct: pct(api?.purposes.traffic.installed.pct ?? null),
        security_installed_pct: pct(api?.purposes.security.installed.pct ?? null),
        traffic_operational_pct: pct(api?.purposes.traffic.operational.pct ?? null),
        meets_target_installed: api?.meetsTarget.installed ? 'yes' : 'no',
      });
    }
    expect(text).toContain('Ngã tư Lý Thường Kiệt (thử nghiệm)');
  });

  it('the ;-separated CSV keeps the BOM and gives the same figures with a decimal comma', async () => {
    const res = await fetch(`${api.url}/api/v1/coverage/export.csv?sep=;&lang=en`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = bytes.subarray(3).toString('utf8').trim().split('\r\n').map((l) => l.split(';'));
    const areas = (await call<{ items: AreaCoverageDto[] }>('GET', '/api/v1/coverage/areas')).body.items;
    expect(rows).toHaveLength(areas.length);
    for (const row of rows) {
      const r = Object.fromEntries((header ?? []).map((h, i) => [h, row[i] ?? '']));
      const api = areas.find((a) => a.areaCode === r.area_code);
      const pct = (v: number | null) => (v === null ? '' : v.toFixed(2).replace('.', ','));
      expect(r).toMatchObject({ area_name: api?.name, traffic_installed_pct: pct(api?.purposes.traffic.installed.pct ?? null), security_operational_pct: pct(api?.purposes.security.operational.pct ?? null) });
    }
  });

  it('the GeoJSON layers parse back to the same figures and covered flags, one geometry type each', async () => {
    type Fc = { type: string; features: { id: string; geometry: { type: string } | null; properties: Record<string, unknown> }[] };
    const areasLayer = await call<Fc>('GET', '/api/v1/coverage/export.geojson?layer=areas');
    const checkpointLayer = await call<Fc>('GET', '/api/v1/coverage/export.geojson?layer=checkpoints');
    expect(areasLayer.body.type).toBe('FeatureCollection');
    expect(new Set(areasLayer.body.features.map((f) => f.geometry?.type))).toEqual(new Set(['Polygon']));
    expect(new Set(checkpointLayer.body.features.map((f) => f.geometry?.type))).toEqual(new Set(['Point']));
    for (const api of (await call<{ items: AreaCoverageDto[] }>('GET', '/api/v1/coverage/areas')).body.items) {
      expect(areasLayer.body.features.find((f) => f.id === api.areaCode)?.properties).toMatchObject({
        trafficInstalledPct: api.purposes.traffic.installed.pct,
        trafficOperationalPct: api.purposes.traffic.operational.pct,
        securityInstalledPct: api.purposes.security.installed.pct,
        securityOperationalPct: api.purposes.security.operational.pct,
        meetsTargetInstalled: api.meetsTarget.installed,
        meetsTargetOperational: api.meetsTarget.operational,
      });
    }
    const a = await areaOf('COV-A');
    for (const cp of a.checkpointCoverage) {
      const feature = checkpointLayer.body.features.find((f) => f.id === `COV-A/${cp.checkpointId}`);
      expect(feature?.properties.coveredInstalled).toBe(cp.byPurpose.every((p) => p.installed.length > 0));
    }
    if (!hasOgr2ogr()) return console.warn('SKIPPED: ogr2ogr conversion (apt-get install -y gdal-bin)');
    for (const [name, fc, geometry] of [['coverage-areas', areasLayer.body, 'Polygon'], ['coverage-checkpoints', checkpointLayer.body, 'Point']] as const) {
      const { shapefile, geopackage } = geoJsonViaOgr(fc, name);
      for (const info of [shapefile, geopackage]) {
        expect(info).toContain(`Geometry: ${geometry}`);
        expect(info).toContain(`Feature Count: ${fc.features.length}`);
      }
    }
  });

  (hasSoffice() ? it : it.skip)(
    'the XLSX opens in LibreOffice with the diacritics intact and the same figures as the API',
    async () => {
      const res = await fetch(`${api.url}/api/v1/coverage/export.xlsx`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.headers.get('content-type')).toContain('spreadsheetml');
      const xlsx = Buffer.from(await res.arrayBuffer());
      const areas = (await call<{ items: AreaCoverageDto[] }>('GET', '/api/v1/coverage/areas')).body.items;
      const sheets = await xlsxSheetsViaLibreOffice(xlsx);
      const [header, ...rows] = sheets['Độ phủ khu vực'];
      expect(header.slice(0, 3)).toEqual(['Mã khu vực', 'Khu vực trọng điểm', 'Huyện / thị xã / thành phố']);
      expect(rows).toHaveLength(areas.length);
      const pct = (v: number | null) => (v === null ? '' : v.toFixed(2));
      for (const row of rows) {
        const api = areas.find((a) => a.areaCode === row[0]);
        expect(row).toEqual([
          api?.areaCode,
          api?.name,
          api?.district,
          pct(api?.targetPct ?? null),
          String(api?.checkpoints),
          String(api?.purposes.traffic.checkpoints),
          pct(api?.purposes.traffic.installed.pct ?? null),
          pct(api?.purposes.traffic.operational.pct ?? null),
          String(api?.purposes.security.checkpoints),
          pct(api?.purposes.security.installed.pct ?? null),
          pct(api?.purposes.security.operational.pct ?? null),
          api?.meetsTarget.installed ? 'Có' : 'Không',
          api?.meetsTarget.operational ? 'Có' : 'Không',
        ]);
      }
      expect(rows.map((r) => r[1])).toContain('Ngã tư Lý Thường Kiệt (thử nghiệm)');
    },
    120_000,
  );
});

describe('history', () => {
  it('records a snapshot per area, district and province, and serves the trend', async () => {
    const taken = await call<{ day: string; areas: number }>('POST', '/api/v1/coverage/snapshots');
    expect(taken.status).toBe(201);
    expect(taken.body.areas).toBe(2);
    const area = await call<{ points: { day: string; installedPct: number | null; meetsInstalled: boolean | null }[] }>('GET', '/api/v1/coverage/history?scope=area&key=COV-A');
    expect(area.body.points).toEqual([{ day: taken.body.day, installedPct: 100, operationalPct: 0, meetsInstalled: true, meetsOperational: false }]);
    const province = await call<{ points: { installedPct: number }[] }>('GET', '/api/v1/coverage/history?scope=province');
    expect(province.body.points[0]?.installedPct).toBe(100);
  });
});
