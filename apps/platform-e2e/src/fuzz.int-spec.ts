// Fuzzing every edge of the running platform with generated bad input, seeded (the seed is
// printed; SEED=<n> reproduces a run): every REST route of the api's own OpenAPI document
// (path, query and body), MQTT topics and payloads into ingest, CSV and GeoJSON bulk imports,
// and Socket.IO handshakes and events into realtime. Outcomes are counted and printed as a
// table; the run fails on any 5xx answer, an import job that crashed, an ingest message whose
// handling failed, or an app that is not healthy at the end (docs/reliability.md, "Bad input (fuzz)").
import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import { OPS_EVENTS, OPS_NAMESPACE } from '@ioc/contracts';
import { signAccessToken } from '@ioc/platform';
import { startPlatform, TEST_JWT_SECRET, testActor, testConfig, testToken, waitFor, type PlatformRun } from '@ioc/testing';

jest.setTimeout(420_000);

// ── seeded generation ─────────────────────────────────────────────────────────────────

const SEED = testConfig().SEED ?? Math.floor(Math.random() * 2 ** 32);

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
const chance = (p: number) => random() < p;

const BAD_STRINGS: readonly (() => string)[] = [
  () => '\u0000',
  () => `Ngã tư\u0000${int(100)}`,
  () => 'a\ud800b',
  () => '\udc00',
  () => 'bad \ufffd bytes',
  () => '\u0007\u001b[31m',
  () => '\u0085\u009f',
  () => 'x'.repeat(pick([65, 101, 201, 257, 501, 1001, 2001, 10_000])),
  () => '=HYPERLINK("http://x")',
  () => '+1',
  () => "'; DROP TABLE devices; --",
  () => '../../../etc/passwd',
  () => '\u202eevil',
  () => '',
  () => '   ',
  () => '🚦'.repeat(int(300)),
  () => '99999999999999999999999',
  () => '-1',
  () => '1e309',
  () => 'null',
  () => '%00',
  () => String.fromCharCode(...Array.from({ length: 1 + int(20) }, () => int(0x10000))),
];
const badString = () => pick(BAD_STRINGS)();

const BAD_NUMBERS: readonly (() => unknown)[] = [
  () => -1,
  () => 0,
  () => 1e308,
  () => -1e308,
  () => 2 ** 31,
  () => 2 ** 53 + 2,
  () => 0.5,
  () => -0.000001,
  () => 361,
  () => 100000,
];
const WRONG_TYPES: readonly (() => unknown)[] = [() => null, () => true, () => [], () => ({}), () => 'x', () => 42, () => [badString()], () => ({ a: { b: { c: badString() } } })];

function badValue(schema: JsonSchema | undefined): unknown {
  if (chance(0.2)) return pick(WRONG_TYPES)();
  const type = schema?.type;
  if (type === 'number' || type === 'integer') return pick(BAD_NUMBERS)();
  if (type === 'array') return chance(0.5) ? [] : Array.from({ length: pick([1, 2, 1001, 3000]) }, () => (chance(0.5) ? badString() : pick(BAD_NUMBERS)()));
  if (type === 'object') return { [badString()]: badString() };
  return badString();
}

// ── OpenAPI-driven REST requests ──────────────────────────────────────────────────────

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}
interface Operation {
  parameters?: { name: string; in: 'path' | 'query'; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
interface Route {
  method: string;
  path: string;
  op: Operation;
}

/** A value that passes (mostly): the body's other fields, so the bad one is the reason for a refusal. */
function plausible(schema: JsonSchema | undefined, depth = 0): unknown {
  const s = schema?.anyOf?.[0] ?? schema?.oneOf?.[0] ?? schema;
  if (!s || depth > 6) return 'x';
  if (s.enum) return pick(s.enum);
  switch (s.type) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, plausible(v, depth + 1)]));
    case 'array':
      return [plausible(s.items, depth + 1)];
    case 'number':
    case 'integer':
      return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 10, 5));
    case 'boolean':
      return chance(0.5);
    default:
      return pick(['DH-TT', 'FUZZ-1', 'Ngã tư', '2026-01', '2026-01-15', '2026-01-15T00:00:00Z']);
  }
}

/** A body from the route's schema with one to three fields made bad (at any depth), or raw junk. */
function body(schema: JsonSchema | undefined): { data: Buffer | string; type: string } {
  if (chance(0.25)) {
    return pick([
      () => ({ data: '{"name": ', type: 'application/json' }),
      () => ({ data: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('","note":"x"}')]), type: 'application/json' }),
      () => ({ data: '['.repeat(5000) + ']'.repeat(5000), type: 'application/json' }),
      () => ({ data: JSON.stringify({ note: 'x'.repeat(200_000) }), type: 'application/json' }),
      () => ({ data: 'note=%00', type: 'application/x-www-form-urlencoded' }),
      () => ({ data: 'plain text', type: 'text/plain' }),
      () => ({ data: '', type: 'application/json' }),
      () => ({ data: 'null', type: 'application/json' }),
      () => ({ data: '"\\u0000"', type: 'application/json' }),
      () => ({ data: '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}', type: 'application/json' }),
    ])();
  }
  const value = plausible(schema) as Record<string, unknown>;
  const mutate = (target: Record<string, unknown>, s: JsonSchema | undefined, depth: number) => {
    const props = Object.entries(s?.properties ?? {});
    const entry = props.length > 0 ? pick(props) : undefined;
    if (!entry) return;
    const [key, child] = entry;
    const inner = target[key];
    if (depth < 3 && chance(0.4) && inner && typeof inner === 'object' && !Array.isArray(inner)) mutate(inner as Record<string, unknown>, child, depth + 1);
    else target[key] = badValue(child);
  };
  if (value && typeof value === 'object' && !Array.isArray(value)) for (let i = 0, n = 1 + int(3); i < n; i++) mutate(value, schema, 0);
  return { data: JSON.stringify(value), type: 'application/json' };
}

/** Percent-encodes the UTF-8 bytes of a path segment, or keeps a raw malformed escape. */
function segment(value: string): string {
  if (chance(0.1)) return pick(['%FF', '%E0%80', '%', '%ZZ', '%C0%AE%C0%AE', '%ED%A0%80']);
  return [...Buffer.from(value)].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

// ── the run ───────────────────────────────────────────────────────────────────────────

let run: PlatformRun;
const outcomes = new Map<string, Map<string, number>>();
const tally = (edge: string, outcome: string, n = 1) => {
  const m = outcomes.get(edge) ?? new Map<string, number>();
  m.set(outcome, (m.get(outcome) ?? 0) + n);
  outcomes.set(edge, m);
};
const count = (edge: string, test: (outcome: string) => boolean) => [...(outcomes.get(edge) ?? new Map<string, number>())].filter(([o]) => test(o)).reduce((n, [, c]) => n + c, 0);
const failures: string[] = [];

beforeAll(async () => {
  console.log(`fuzz seed ${SEED}: SEED=${SEED} npx jest apps/platform-e2e/src/fuzz.int-spec.ts reproduces this run`);
  run = await startPlatform();
});

afterAll(async () => {
  const lines = [...outcomes].flatMap(([edge, m]) => [...m].sort(([a], [b]) => a.localeCompare(b)).map(([o, n]) => `${edge.padEnd(22)} ${o.padEnd(34)} ${String(n).padStart(6)}`));
  console.log([`fuzz seed ${SEED}`, `${'edge'.padEnd(22)} ${'outcome'.padEnd(34)} ${'count'.padStart(6)}`, ...lines, ...failures.slice(0, 20).map((f) => `5xx: ${f}`)].join('\n'));
  await run?.stop();
});

const api = () => run.apps.api.url;
const admin = () => testToken('admin');

async function send(method: string, path: string, init: { body?: Buffer | string; type?: string; token?: string } = {}): Promise<number | 'no answer'> {
  try {
    const res = await fetch(`${api()}${path}`, {
      method,
      headers: { authorization: `Bearer ${init.token ?? admin()}`, ...(init.type ? { 'content-type': init.type } : {}) },
      body: typeof init.body === 'string' || init.body === undefined ? init.body : new Uint8Array(init.body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (res.status >= 500) failures.push(`${method} ${path.slice(0, 200)} → ${res.status} ${text.slice(0, 200)}`);
    return res.status;
  } catch {
    return 'no answer';
  }
}

/** Runs `tasks` with at most `width` in flight. */
async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < tasks.length) await tasks[next++]?.();
  }));
}

/** Answers with problem+json and returns the status and the fields it names. */
async function problem(method: string, path: string, body?: unknown, raw?: { data: Buffer | string; type: string }): Promise<{ status: number; fields: string[]; type: string }> {
  const res = await fetch(`${api()}${path}`, {
    method,
    headers: { authorization: `Bearer ${admin()}`, 'content-type': raw?.type ?? 'application/json' },
    body: raw ? (typeof raw.data === 'string' ? raw.data : new Uint8Array(raw.data)) : body === undefined ? undefined : JSON.stringify(body),
  });
  const doc = (await res.json()) as { errors?: { field: string }[] };
  return { status: res.status, fields: (doc.errors ?? []).map((e) => e.field), type: res.headers.get('content-type') ?? '' };
}

describe('the requests that answered 500 before the edge rules', () => {
  const NUL = 'Ngã tư\u0000';
  let device: { id: string; areaCode: string; gatewayId: string; location: { coordinates: [number, number] } };
  let area: { code: string; boundary: unknown };
  let incidentId: string;

  beforeAll(async () => {
    const auth = { headers: { authorization: `Bearer ${admin()}` } };
    device = ((await (await fetch(`${api()}/api/v1/devices?limit=1&kind=camera`, auth)).json()) as { items: (typeof device)[] }).items[0] as typeof device;
    area = (await (await fetch(`${api()}/api/v1/areas/${device.areaCode}`, auth)).json()) as typeof area;
    incidentId = randomUUID();
  });

  const deviceBody = (over: Record<string, unknown>) => ({
    id: `CAM-EDGE-${int(1e6)}`,
    serial: `SN-EDGE-${int(1e6)}`,
    kind: 'camera',
    cameraType: 'ptz',
    name: 'Camera cạnh',
    vendor: 'Hikvision',
    model: 'DS-1',
    purposes: ['security'],
    areaCode: device.areaCode,
    gatewayId: device.gatewayId,
    location: device.location,
    rangeM: 50,
    installedOn: '2025-01-01',
    contractor: 'Viettel',
    ...over,
  });
  const areaBody = (over: Record<string, unknown>) => ({ code: `EDGE-${int(1e6)}`, name: 'Khu cạnh', district: 'Thành phố Đồng Hới', category: 'market', boundary: area.boundary, ...over });

  it.each([
    ['login username', 'username', () => ['POST', '/api/v1/auth/login', { username: `admin${NUL}`, password: 'demo-admin' }]],
    ['key area name', 'name', () => ['POST', '/api/v1/areas', areaBody({ name: NUL })]],
    ['key area district', 'district', () => ['POST', '/api/v1/areas', areaBody({ district: NUL })]],
    ['checkpoint description', 'description', () => ['POST', `/api/v1/areas/${device.areaCode}/checkpoints`, { id: 'CP-EDGE', purposes: ['security'], location: device.location, description: NUL }]],
    ['gateway name', 'name', () => ['POST', '/api/v1/gateways', { id: `GW-EDGE-${int(1e6)}`, areaCode: device.areaCode, name: NUL }]],
    ['device serial', 'serial', () => ['POST', '/api/v1/devices', deviceBody({ serial: NUL })]],
    ['device name', 'name', () => ['POST', '/api/v1/devices', deviceBody({ name: NUL })]],
    ['device vendor', 'vendor', () => ['POST', '/api/v1/devices', deviceBody({ vendor: NUL })]],
    ['device model', 'model', () => ['PATCH', `/api/v1/devices/${device.id}`, { model: NUL }]],
    ['device contractor', 'contractor', () => ['PATCH', `/api/v1/devices/${device.id}`, { contractor: NUL }]],
    ['device Frigate camera', 'externalRefs.frigateCamera', () => ['PATCH', `/api/v1/devices/${device.id}`, { externalRefs: { frigateCamera: NUL } }]],
    ['decommission reason', 'reason', () => ['POST', `/api/v1/devices/${device.id}/decommission`, { reason: NUL }]],
    ['incident note', 'note', () => ['POST', `/api/v1/incidents/${incidentId}/comments`, { version: 0, note: NUL }]],
    ['maintenance reason', 'reason', () => ['POST', '/api/v1/maintenance-windows', { targetType: 'device', targetId: device.id, startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-01-02T00:00:00Z', reason: NUL }]],
    ['user display name', 'displayName', () => ['POST', '/api/v1/users', { username: 'edge.user', displayName: NUL, password: 'long-enough-1', role: 'operator', scope: { all: true } }]],
    ['areas?district=', 'district', () => ['GET', `/api/v1/areas?district=${encodeURIComponent(NUL)}`]],
    ['audit?entityId=', 'entityId', () => ['GET', `/api/v1/audit?entityId=${encodeURIComponent(NUL)}`]],
    ['audit?actor=', 'actor', () => ['GET', `/api/v1/audit?actor=${encodeURIComponent(NUL)}`]],
    ['coverage district path', 'district', () => ['GET', `/api/v1/coverage/districts/${encodeURIComponent(NUL)}`]],
    ['coverage history key', 'key', () => ['GET', `/api/v1/coverage/history?scope=district&key=${encodeURIComponent(NUL)}`]],
    ['PATCH /users/{id} with an id that is not a UUID', 'id', () => ['PATCH', '/api/v1/users/not-a-uuid', { displayName: 'x' }]],
    ['GET /audit?beforeId=99999999999999999999999', 'beforeId', () => ['GET', '/api/v1/audit?beforeId=99999999999999999999999']],
    ['a boundary covering the whole world', 'boundary.coordinates.0.0', () => ['POST', '/api/v1/areas', areaBody({ boundary: { type: 'Polygon', coordinates: [[[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]] } })]],
    ['a latitude outside the province', 'location', () => ['POST', `/api/v1/areas/${device.areaCode}/checkpoints`, { id: 'CP-NORTH', purposes: ['security'], location: { type: 'Point', coordinates: [106.6, 45] } }]],
    ['a device just west of the province', 'location', () => ['POST', '/api/v1/devices', deviceBody({ location: { type: 'Point', coordinates: [105.3, 17.5] } })]],
    ['a device with lon and lat swapped', 'location', () => ['POST', '/api/v1/devices', deviceBody({ location: { type: 'Point', coordinates: [device.location.coordinates[1], device.location.coordinates[0]] } })]],
  ] as [string, string, () => [string, string, unknown?]][])('%s: 4xx problem+json naming %s', async (_what, field, request) => {
    const [method, path, body] = request();
    const answer = await problem(method, path, body);
    expect(answer.type).toContain('application/problem+json');
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.fields.filter((f) => f === field || f.startsWith(`${field}.`))).not.toEqual([]);
  });

  it('refuses invalid UTF-8 in a JSON body instead of storing U+FFFD, naming the field', async () => {
    const bytes = Buffer.concat([Buffer.from(`{"id":"GW-UTF8-${int(1e6)}","areaCode":"${device.areaCode}","name":"Cổng `), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const answer = await problem('POST', '/api/v1/gateways', undefined, { data: bytes, type: 'application/json' });
    expect(answer).toMatchObject({ status: 422, fields: ['name'] });
  });

  it('refuses the 10,000-column dry run at once, with the reason under `file`', async () => {
    const header = 'id,serial,kind,camera_type,name,vendor,model,purposes,area_code,gateway_id,lon,lat,bearing_deg,fov_deg,range_m,installed_on,contractor';
    const csv = `${header}${',x'.repeat(10_000)}\n`;
    expect(Buffer.byteLength(csv)).toBeGreaterThan(20_000);
    const answer = await problem('POST', '/api/v1/imports?kind=devices&dryRun=true', undefined, { data: csv, type: 'text/csv' });
    expect(answer).toMatchObject({ status: 422, fields: ['file'] });
  });
});

describe('fuzzing every edge with generated bad input', () => {
  it('answers every REST route of the OpenAPI document with 4xx, never 5xx', async () => {
    const doc = (await (await fetch(`${api()}/api/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation>> };
    const routes: Route[] = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => ['get', 'post', 'patch', 'put', 'delete'].includes(method))
        .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
    );
    expect(routes.length).toBeGreaterThan(40);

    // Real keys, so that part of the requests get past "not found" to the bad field.
    const devices = (await (await fetch(`${api()}/api/v1/devices?limit=5`, { headers: { authorization: `Bearer ${admin()}` } })).json()) as { items: { id: string; areaCode: string; gatewayId: string }[] };
    const real: Record<string, string[]> = {
      id: [...devices.items.map((d) => d.id), ...devices.items.map((d) => d.gatewayId), randomUUID()],
      code: devices.items.map((d) => d.areaCode),
      district: ['Thành phố Đồng Hới'],
      month: ['2026-01'],
      format: ['csv', 'pdf', 'json'],
    };

    const PER_ROUTE = 60;
    const tasks = routes.flatMap((route) =>
      Array.from({ length: PER_ROUTE }, () => {
        const params = route.op.parameters ?? [];
        const pathParams = params.filter((p) => p.in === 'path');
        const query = params.filter((p) => p.in === 'query');
        const jsonBody = route.op.requestBody?.content?.['application/json']?.schema;
        // Which part is made bad in this request: path, query or body (one at a time, the others plausible).
        const parts = [...(pathParams.length ? ['path'] : []), ...(query.length || chance(0.3) ? ['query'] : []), ...(jsonBody ? ['body', 'body'] : [])];
        const target = parts.length ? pick(parts) : 'query';
        let path = route.path;
        for (const p of pathParams) {
          const value = target === 'path' && chance(0.7) ? badString() : pick(real[p.name] ?? ['x']);
          path = path.replace(`{${p.name}}`, segment(value));
        }
        if (target === 'query') {
          const pairs = query.filter(() => chance(0.6)).map((p) => [p.name, badValue(p.schema)] as const);
          if (chance(0.3)) pairs.push([pick([badString(), 'limit', 'offset', 'areaCode']), badString()] as const);
          const qs = pairs
            .flatMap(([k, v]) => (Array.isArray(v) ? v.slice(0, 3).map((x) => [k, x] as const) : [[k, v] as const]))
            .map(([k, v]) => `${segment(String(k))}${chance(0.1) ? '[a]' : ''}=${segment(typeof v === 'string' ? v : JSON.stringify(v))}`)
            .join('&');
          if (qs) path += `?${qs}`;
        }
        const b = target === 'body' || jsonBody ? body(jsonBody) : undefined;
        return async () => tally(`rest ${route.method}`, String(await send(route.method, path, b ? { body: b.data, type: b.type } : {})));
      }),
    );
    // Imports are fuzzed below, with files.
    await pool(tasks.filter((_, i) => !routes[Math.floor(i / PER_ROUTE)]?.path.startsWith('/api/v1/imports')), 8);
    tally('rest (routes)', 'routes fuzzed', routes.length);
    if (failures.length > 0) {
      const errors = [run.apps.api, run.apps.registry, run.apps.incident, run.apps.coverage, run.apps.sla].flatMap((a) => a.output.filter((l) => /"level":"error"|"level":50/.test(l)).slice(-10));
      console.log([...failures, ...errors].join('\n'));
    }
    expect(failures).toEqual([]);
    expect(count('rest GET', (o) => o === 'no answer') + count('rest POST', (o) => o === 'no answer')).toBe(0);
  });

  it('rejects and counts bad MQTT topics and payloads in ingest, which keeps running', async () => {
    const ingest = run.apps.ingest;
    const metrics = async () => {
      const text = await (await fetch(`${ingest.url}/metrics`)).text();
      const sum = (name: string) => text.split('\n').filter((l) => l.startsWith(name)).reduce((n, l) => n + Number(l.split(' ').pop()), 0);
      return { accepted: sum('ioc_ingest_accepted_total'), rejected: sum('ioc_ingest_rejected_total'), failed: sum('ioc_ingest_failed_total'), duplicates: sum('ioc_ingest_duplicates_total'), ignored: sum('ioc_ingest_adapter_ignored_total'), adapted: sum('ioc_ingest_adapter_events_total') };
    };
    const before = await metrics();
    const { ctx } = run;
    const client = await mqtt.connectAsync(ctx.mqtt.url, { protocolVersion: 5, username: ctx.mqtt.gatewayUsername, password: ctx.mqtt.gatewayPassword, clientId: `${ctx.id}-fuzz`, reconnectPeriod: 1000 });
    const root = ctx.topicRoot;
    const id = () => (chance(0.1) ? badString() : `fz-${int(1e9)}`);
    const ts = () => (chance(0.2) ? badString() : new Date().toISOString());
    const topics = [
      () => `${root}/DH-TT/GW-DH-TT-01/CAM-${int(100)}/${pick(['status', 'event', 'telemetry', 'onvif', 'video', ''])}`,
      () => `${root}/${segmentless()}/${segmentless()}/${segmentless()}/status`,
      () => `${root}/DH-TT/GW-DH-TT-01/$presence`,
      () => `${root}/DH-TT/GW-DH-TT-01/frigate/events`,
      () => `${root}/${'a/'.repeat(int(40))}x`,
      () => `${root}/DH-TT/GW/${'D'.repeat(300)}/status`,
    ];
    function segmentless(): string {
      // Topic levels may hold anything but NUL, "/", "+" and "#" (the broker drops a client that sends those).
      return pick(['', ' ', 'Ngã-tư', 'x'.repeat(70), '-lead', '$sys', '..', '\ufffd', 'A_1', '🚦']);
    }
    const payloads: (() => Buffer | string)[] = [
      () => Buffer.from(Array.from({ length: int(200) }, () => int(256))),
      () => Buffer.concat([Buffer.from(`{"id":"${id()}","ts":"`), Buffer.from([0xff, 0xc0]), Buffer.from('"}')]),
      () => JSON.stringify({ id: id(), ts: ts(), online: pick([true, 'yes', null]), fps: pick(BAD_NUMBERS)(), firmware: badString() }),
      () => JSON.stringify({ id: id(), ts: ts(), type: pick(['motion', 'tamper', badString()]), state: pick(['start', 'end', badString()]), attributes: { [badString()]: badString(), nested: [[[badString()]]] } }),
      () => JSON.stringify({ id: id(), ts: ts(), intervalS: pick(BAD_NUMBERS)(), intensity: pick(BAD_NUMBERS)(), vehicleType: badString() }),
      () => JSON.stringify({ id: id(), ts: ts(), snapshotUrl: pick(['javascript:alert(1)', 'http://' + 'x'.repeat(3000), badString()]) }),
      () => '['.repeat(3000) + ']'.repeat(3000),
      () => 'x'.repeat(pick([0, 16 * 1024, 16 * 1024 + 1, 20_000])),
      () => pick(['online', 'offline', 'ONLINE', '', badString()]),
      () => JSON.stringify({ type: pick(['new', 'update', 'end', badString()]), before: {}, after: { camera: badString(), label: badString(), id: id(), start_time: pick(BAD_NUMBERS)() } }),
      () => JSON.stringify({ topic: pick(['tns1:VideoSource/SignalLoss', badString()]), source: { [badString()]: badString() }, data: { State: badString() }, ts: ts(), id: id() }),
    ];
    const N = 1500;
    let published = 0;
    const publishes = Array.from({ length: N }, () => async () => {
      const topic = pick(topics)();
      try {
        await client.publishAsync(topic, pick(payloads)(), { qos: 1 });
        published++;
        tally('mqtt publish', 'acknowledged by the broker');
      } catch {
        tally('mqtt publish', 'refused by the broker');
      }
    });
    await pool(publishes, 50);
    await client.endAsync();
    // Ingest takes every message that reached it into exactly one count; wait for them to settle.
    let last = -1;
    await waitFor('ingest to count every fuzzed message', async () => {
      const m = await metrics();
      const seen = m.accepted + m.rejected + m.failed + m.duplicates + m.ignored + m.adapted - (before.accepted + before.rejected + before.failed + before.duplicates + before.ignored + before.adapted);
      const settled = seen === last;
      last = seen;
      return settled && seen > 0;
    }, 60_000, 2000);
    const after = await metrics();
    const text = await (await fetch(`${ingest.url}/metrics`)).text();
    for (const line of text.split('\n').filter((l) => l.startsWith('ioc_ingest_rejected_total{'))) {
      const reason = /reason="([^"]+)"/.exec(line)?.[1] ?? '?';
      tally('mqtt ingest', `rejected: ${reason}`, Number(line.split(' ').pop()));
    }
    tally('mqtt ingest', 'accepted', after.accepted - before.accepted);
    tally('mqtt ingest', 'duplicate id dropped', after.duplicates - before.duplicates);
    tally('mqtt ingest', 'adapter: event or ignored', after.adapted + after.ignored - before.adapted - before.ignored);
    tally('mqtt ingest', 'handling failed (a bug)', after.failed - before.failed);
    expect(published).toBeGreaterThan(N * 0.9);
    expect(after.rejected - before.rejected).toBeGreaterThan(N / 3);
    expect(after.failed - before.failed).toBe(0);
  });

  it('refuses bad CSV and GeoJSON imports with a 4xx or a report, and no import job crashes', async () => {
    const failed = failures.length;
    const header = 'id,serial,kind,camera_type,name,vendor,model,purposes,area_code,gateway_id,lon,lat,bearing_deg,fov_deg,range_m,installed_on,contractor';
    const row = (i: number) => `CAM-FZ-${i},SN-FZ-${i},camera,fixed,Ngã tư ${i},Hikvision,DS-1,traffic,DH-TT,GW-DH-TT-01,106.62,17.47,45,90,80,2025-03-15,Viettel`;
    const cell = () => (chance(0.5) ? badString().replace(/[,\n\r"]/g, '') : pick(['"unclosed', 'a"b', '""', '1,5', '=1+1']));
    const csvs: (() => Buffer | string)[] = [
      () => `${header}${',x'.repeat(pick([10, 64, 10_000]))}\n${row(1)}`,
      () => `${header}\n${Array.from({ length: 1 + int(30) }, (_, i) => row(i).split(',').map((c) => (chance(0.2) ? cell() : c)).join(',')).join('\n')}`,
      () => `${header}\n${row(1)},${'y'.repeat(9000)}`,
      () => header.replace(/,/g, ';') + '\n' + row(1).replace(/,/g, ';'),
      () => Buffer.concat([Buffer.from(`${header}\n`), Buffer.from([0xff, 0xfe, 0x00, 0x81]), Buffer.from(row(2))]),
      () => Buffer.from([0x50, 0x4b, 0x03, 0x04, ...Array.from({ length: 100 }, () => int(256))]),
      () => `\ufeff${header}\r${row(3)}\r${row(3)}`,
      () => Buffer.from(Array.from({ length: 1 + int(3000) }, () => int(256))),
      () => `${header}\n${row(4).replace('Ngã tư 4', 'Ngã\u0000tư')}`,
      () => `${header}\n${Array.from({ length: 20_001 }, () => ',').join('\n')}`,
      () => '',
    ];
    const feature = () => ({
      type: pick(['Feature', 'Point', badString()]),
      geometry: pick([{ type: 'Point', coordinates: [106.62, 17.47] }, { type: 'Point', coordinates: [pick(BAD_NUMBERS)(), pick(BAD_NUMBERS)()] }, null, badString(), { type: 'Polygon', coordinates: [[[0, 0]]] }]),
      properties: chance(0.1)
        ? Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`p${i}`, i]))
        : { id: pick(['CAM-FZ-G', badString()]), serial: badString(), kind: pick(['camera', badString()]), name: badString(), purposes: pick([['traffic'], badString(), [1, 2]]), externalRefs: pick([{ frigateCamera: badString() }, badString(), null]) },
    });
    const geojsons: (() => string)[] = [
      () => JSON.stringify({ type: 'FeatureCollection', features: Array.from({ length: 1 + int(20) }, feature) }),
      () => JSON.stringify({ type: pick(['Feature', 'GeometryCollection', badString()]), features: pick([[], {}, null]) }),
      () => '{"type": "FeatureCollection", "features": [' + '['.repeat(2000),
      () => JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [106.6, 17.4] }, properties: { name: 'x'.repeat(10_000) } }] }),
      () => JSON.stringify(badString()),
    ];
    const jobs: string[] = [];
    const N = 300;
    const uploads = Array.from({ length: N }, () => async () => {
      const csv = chance(0.6);
      const file = csv ? pick(csvs)() : pick(geojsons)();
      const kind = pick(['devices', 'checkpoints', 'devices']);
      const dryRun = chance(0.8);
      try {
        const res = await fetch(`${api()}/api/v1/imports?kind=${kind}&dryRun=${dryRun}&skipInvalid=${chance(0.3)}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin()}`, 'content-type': csv ? 'text/csv' : 'application/geo+json' },
          body: typeof file === 'string' ? file : new Uint8Array(file),
          signal: AbortSignal.timeout(30_000),
        });
        const answer = (await res.json()) as { id?: string; detail?: string };
        if (res.status >= 500) failures.push(`POST /api/v1/imports → ${res.status} ${answer.detail ?? ''}`);
        if (res.status === 202 && answer.id) jobs.push(answer.id);
        tally(`import ${csv ? 'csv' : 'geojson'} upload`, String(res.status));
      } catch {
        tally(`import ${csv ? 'csv' : 'geojson'} upload`, 'no answer');
      }
    });
    await pool(uploads, 4);
    // Every queued job ends: checked, rejected or imported, with a report that reads page by page.
    for (const id of jobs) {
      const job = await waitFor(`import ${id} to finish`, async () => {
        const res = await fetch(`${api()}/api/v1/imports/${id}`, { headers: { authorization: `Bearer ${admin()}` } });
        if (res.status >= 500) failures.push(`GET /api/v1/imports/${id} → ${res.status}`);
        const j = (await res.json()) as { state: string; result: { outcome: string; issueCount: number } | null };
        return j.state === 'completed' || j.state === 'failed' ? j : undefined;
      }, 60_000, 200);
      tally('import job', job.state === 'failed' ? 'failed (crashed)' : `completed: ${job.result?.outcome}`);
      if ((job.result?.issueCount ?? 0) > 0) {
        const page = await fetch(`${api()}/api/v1/imports/${id}/issues?offset=0&limit=500`, { headers: { authorization: `Bearer ${admin()}` } });
        tally('import report page', String(page.status));
      }
    }
    expect(failures.slice(failed)).toEqual([]);
    expect(count('import job', (o) => o.startsWith('failed'))).toBe(0);
    expect(count('import csv upload', (o) => o === 'no answer') + count('import geojson upload', (o) => o === 'no answer')).toBe(0);
  });

  it('answers bad Socket.IO handshakes and events without a crash', async () => {
    const realtime = run.apps.realtime;
    const url = `${realtime.url}${OPS_NAMESPACE}`;
    const connect = (auth: Record<string, unknown>) =>
      new Promise<Socket | string>((resolve) => {
        const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth, timeout: 5000 });
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
          socket.close();
          resolve(`refused: ${err.data?.code ?? err.message}`);
        });
      });
    // Handshakes: no token, junk, another secret, an expired one, wrong types.
    const handshakes = [
      () => ({}),
      () => ({ token: badString() }),
      () => ({ token: pick(BAD_NUMBERS)() }),
      () => ({ token: { a: 1 } }),
      () => ({ token: signAccessToken('another-secret-0123456789-0123456789', testActor('admin'), 60) }),
      () => ({ token: signAccessToken(TEST_JWT_SECRET, testActor('admin'), -10) }),
    ];
    for (let i = 0; i < 60; i++) {
      const result = await connect(pick(handshakes)());
      if (typeof result === 'string') tally('socket handshake', result);
      else {
        tally('socket handshake', 'accepted (a bug)');
        result.close();
      }
    }
    expect(count('socket handshake', (o) => o.startsWith('accepted'))).toBe(0);

    // Four clients at once; `subscribe` is acknowledged, other events have no acknowledgement.
    const sockets: (Socket | undefined)[] = [undefined, undefined, undefined, undefined];
    const events = Array.from({ length: 1600 }, () => {
      const event = chance(0.7) ? OPS_EVENTS.subscribe : pick(['snapshot', 'device.status', badString(), 'unsubscribe', OPS_EVENTS.error]);
      const [kind, payload] = pick([
        () => ['areas', { areas: pick(['*', [], [badString()], Array.from({ length: 1001 }, (_, i) => `A-${i}`), badString(), null, [{ a: 1 }], ['DH-TT', badString()]]) }] as const,
        () => ['text', badString()] as const,
        () => ['number', pick(BAD_NUMBERS)()] as const,
        () => ['null', null] as const,
        () => ['object', { [badString()]: badString() }] as const,
        () => ['nested', JSON.parse('['.repeat(500) + ']'.repeat(500)) as unknown] as const,
      ])();
      return async (slot: number) => {
        let socket = sockets[slot];
        if (!socket?.connected) {
          socket?.close();
          const s = await connect({ token: admin() });
          if (typeof s === 'string') {
            tally('socket event', `cannot reconnect: ${s}`);
            return;
          }
          socket = sockets[slot] = s;
        }
        if (event !== OPS_EVENTS.subscribe) {
          socket.emit(event, payload);
          tally('socket event', 'other event sent (no acknowledgement)');
          return;
        }
        try {
          const ack = (await socket.timeout(5000).emitWithAck(event, payload)) as { ok?: boolean; error?: { code?: string } };
          tally('socket subscribe', ack?.ok ? 'ok' : `refused: ${ack?.error?.code ?? 'no code'}`);
        } catch {
          tally('socket subscribe', socket.connected ? `no acknowledgement in 5 s (${kind})` : `disconnected by the server (${kind})`);
        }
      };
    });
    // Each of the four workers keeps to its own socket.
    let next = 0;
    await Promise.all(sockets.map(async (_, slot) => {
      while (next < events.length) await events[next++]?.(slot);
    }));
    for (const s of sockets) s?.close();
    expect(count('socket subscribe', (o) => o.startsWith('refused'))).toBeGreaterThan(0);
    expect(count('socket subscribe', (o) => o.startsWith('no acknowledgement'))).toBe(0);
  });

  it('leaves every app healthy', async () => {
    for (const [name, app] of Object.entries(run.apps)) {
      const res = await fetch(`${app.url}/health`);
      tally('health at the end', `${name} ${res.status}`);
      expect({ name, status: res.status }).toEqual({ name, status: 200 });
    }
  });
});
