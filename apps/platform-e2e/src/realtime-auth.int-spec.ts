// Who may watch what on /ops: the handshake needs a valid access token; a user sees only
// the key areas of their scope, in snapshots and in pushes; import progress reaches only
// the user who started the import.
import { connect, type NatsConnection } from 'nats';
import { io, type Socket } from 'socket.io-client';
import { natsSubjects, OPS_EVENTS, OPS_NAMESPACE, type OpsAck, type OpsDeviceStatus, type OpsError, type OpsImportProgress } from '@ioc/contracts';
import { signAccessToken } from '@ioc/platform';
import { AppProcess, mosquittoPub, nextEvent, TEST_JWT_SECRET, testActor, testToken, waitFor } from '@ioc/testing';
import { connectOps, createTestContext, migrateAndSeed, opsClient, startApp, type OpsClient, type TestContext } from './support/platform';

const DONG_HOI = 'Thành phố Đồng Hới';
const BA_DON = 'Thị xã Ba Đồn';
const DH_AREA = 'DH-AUTH-1';
const BD_AREAS = ['BD-AUTH-1', 'BD-AUTH-2'];
const DH_GW = 'GW-DH-AUTH';
const BD_GW = 'GW-BD-AUTH';
const DH_CAM = 'CAM-DH-AUTH';
const BD_CAM = 'CAM-BD-AUTH';

let ctx: TestContext;
let apps: AppProcess[] = [];
let realtime: AppProcess;
let nc: NatsConnection;
const sockets: Socket[] = [];

const technicianToken = () => testToken('technician', { districts: [BA_DON] });
const plannerToken = () => testToken('planner', { all: true });

/** Opens a socket and resolves with the handshake refusal; fails if the socket connects. English unless `lang` says otherwise. */
function refusal(options: { token?: unknown; authorization?: string; lang?: string | null }): Promise<{ message: string; data: unknown }> {
  const lang = options.lang === null ? {} : { lang: options.lang ?? 'en' };
  const socket = io(`${realtime.url}${OPS_NAMESPACE}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: options.token === undefined ? lang : { token: options.token, ...lang },
    extraHeaders: options.authorization ? { authorization: options.authorization } : {},
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.close();
      reject(new Error('the handshake was accepted'));
    });
    socket.once('connect_error', (err: Error & { data?: unknown }) => {
      socket.close();
      resolve({ message: err.message, data: err.data });
    });
  });
}

async function socketOf(token: string): Promise<Socket> {
  const socket = await connectOps(realtime, token);
  sockets.push(socket);
  return socket;
}

async function client(areas: string[] | '*', token: string): Promise<OpsClient> {
  const c = await opsClient(realtime, areas, token);
  sockets.push(c.socket);
  return c;
}

function collect<T>(socket: Socket, event: string): T[] {
  const received: T[] = [];
  socket.on(event, (e: T) => received.push(e));
  return received;
}

function next<T>(socket: Socket, event: string, predicate: (e: T) => boolean, what: string): Promise<T> {
  return nextEvent<T>(
    (h) => {
      socket.on(event, h);
      return () => socket.off(event, h);
    },
    predicate,
    5000,
    what,
  );
}

const statusOf = (areaCode: string, gatewayId: string, deviceId: string, id: string) =>
  mosquittoPub(ctx.mqtt, `${ctx.topicRoot}/${areaCode}/${gatewayId}/${deviceId}/status`, JSON.stringify({ id, ts: new Date().toISOString(), online: true }));

beforeAll(async () => {
  ctx = await createTestContext();
  await migrateAndSeed(ctx, {
    areas: [
      { code: DH_AREA, name: 'Quảng trường Đồng Hới (thử nghiệm)', district: DONG_HOI, category: 'square' },
      { code: BD_AREAS[0], name: 'Chợ Ba Đồn (thử nghiệm)', district: BA_DON, category: 'market' },
      { code: BD_AREAS[1], name: 'Cầu Quảng Hải (thử nghiệm)', district: BA_DON, category: 'bridge' },
    ],
    gateways: [
      { id: DH_GW, areaCode: DH_AREA, name: 'Gateway Đồng Hới' },
      { id: BD_GW, areaCode: BD_AREAS[0], name: 'Gateway Ba Đồn' },
    ],
    devices: [
      { id: DH_CAM, gatewayId: DH_GW, areaCode: DH_AREA, kind: 'camera', name: 'Camera quảng trường' },
      { id: BD_CAM, gatewayId: BD_GW, areaCode: BD_AREAS[0], kind: 'camera', name: 'Camera chợ' },
    ],
  });
  apps = await Promise.all([startApp('registry', ctx), startApp('ingest', ctx), startApp('realtime', ctx)]);
  realtime = apps[2];
  nc = await connect({ servers: ctx.natsUrl });
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await Promise.all(apps.map((a) => a.stop()));
  await nc?.close();
  await ctx?.cleanup();
});

describe('/ops handshake', () => {
  it('refuses a connection without a token, saying how to get one', async () => {
    const { message, data } = await refusal({});
    expect(data).toEqual({ code: 'missing' });
    expect(message).toMatch(/^unauthorized: no token: log in at POST \/api\/v1\/auth\/login/);
  });

  it('says why in Vietnamese unless the client asks for English (auth.lang or Accept-Language)', async () => {
    expect((await refusal({ lang: null })).message).toBe(
      'chưa xác thực: chưa đăng nhập: đăng nhập tại POST /api/v1/auth/login rồi gửi "Authorization: Bearer <accessToken>"',
    );
    expect((await refusal({ lang: 'vi' })).message).toMatch(/^chưa xác thực: /);
  });

  it('refuses a token signed with another secret', async () => {
    const forged = signAccessToken('not-the-platform-secret-0123456789abcdef', testActor('admin'), 600);
    expect(await refusal({ token: forged })).toEqual({ message: 'unauthorized: the token is not valid', data: { code: 'invalid' } });
  });

  it('refuses an expired token as expired, so the client knows to log in again', async () => {
    const { message, data } = await refusal({ token: testToken('operator', { all: true }, -60) });
    expect(data).toEqual({ code: 'expired' });
    expect(message).toMatch(/^unauthorized: the token has expired: /);
  });

  it('refuses a header that is not a Bearer token as invalid', async () => {
    expect(await refusal({ authorization: 'Basic b3BlcmF0b3I6ZGVtbw==' })).toMatchObject({ data: { code: 'invalid' } });
  });

  it('accepts a valid token sent as an Authorization: Bearer header', async () => {
    const socket = io(`${realtime.url}${OPS_NAMESPACE}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { authorization: `Bearer ${plannerToken()}` },
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    expect(socket.connected).toBe(true);
  });

  it('counts the refusals by reason', async () => {
    expect(await realtime.metric('ioc_realtime_rejected_total', { reason: 'token_missing' })).toBeGreaterThanOrEqual(1);
    expect(await realtime.metric('ioc_realtime_rejected_total', { reason: 'token_expired' })).toBeGreaterThanOrEqual(1);
    expect(await realtime.metric('ioc_realtime_rejected_total', { reason: 'token_invalid' })).toBeGreaterThanOrEqual(2);
  });
});

describe('area scopes on /ops', () => {
  it('gives a planner scoped to all areas every key area for "*"', async () => {
    const planner = await client('*', plannerToken());
    expect(planner.snapshot.areas.map((a) => a.areaCode).sort()).toEqual([...BD_AREAS, DH_AREA].sort());
  });

  it("gives a technician scoped to Ba Đồn only Ba Đồn's key areas for \"*\"", async () => {
    const technician = await client('*', technicianToken());
    expect(technician.snapshot.areas.map((a) => a.areaCode).sort()).toEqual([...BD_AREAS].sort());
    expect(technician.snapshot.areas.every((a) => a.district === BA_DON)).toBe(true);
  });

  it('refuses a technician a Đồng Hới area, naming the area and their scope, and sends no snapshot', async () => {
    const socket = await socketOf(technicianToken());
    const snapshots = collect(socket, OPS_EVENTS.snapshot);
    const ack: OpsAck = await socket.timeout(10_000).emitWithAck(OPS_EVENTS.subscribe, { areas: [DH_AREA] });
    expect(ack).toEqual({
      ok: false,
      error: { code: 'forbidden', message: `key areas outside your scope: ${DH_AREA} (your scope: district ${BA_DON})` },
    });
    expect(snapshots).toEqual([]);
    expect(await realtime.metric('ioc_realtime_rejected_total', { reason: 'forbidden_area' })).toBeGreaterThanOrEqual(1);
  });

  it('answers a refused subscription sent without an acknowledgement with ops.error', async () => {
    const socket = await socketOf(technicianToken());
    const error = next<OpsError>(socket, OPS_EVENTS.error, () => true, 'ops.error');
    socket.emit(OPS_EVENTS.subscribe, { areas: [BD_AREAS[0], DH_AREA] });
    expect(await error).toMatchObject({ code: 'forbidden', message: expect.stringContaining(DH_AREA) });
  });

  it('answers an area that does not exist exactly as one outside the scope, so a scoped user learns nothing of it', async () => {
    const socket = await socketOf(technicianToken());
    const missing: OpsAck = await socket.timeout(10_000).emitWithAck(OPS_EVENTS.subscribe, { areas: ['DH-NOWHERE'] });
    const foreign: OpsAck = await socket.timeout(10_000).emitWithAck(OPS_EVENTS.subscribe, { areas: [DH_AREA] });
    expect(missing).toEqual({ ok: false, error: { code: 'forbidden', message: `key areas outside your scope: DH-NOWHERE (your scope: district ${BA_DON})` } });
    expect(JSON.stringify(missing).replace('DH-NOWHERE', '?')).toBe(JSON.stringify(foreign).replace(DH_AREA, '?'));
  });

  it('tells a user scoped to all areas that an area is unknown', async () => {
    const socket = await socketOf(plannerToken());
    const ack: OpsAck = await socket.timeout(10_000).emitWithAck(OPS_EVENTS.subscribe, { areas: ['BD-NOWHERE'] });
    expect(ack).toEqual({ ok: false, error: { code: 'unknown_area', message: 'unknown key areas: BD-NOWHERE' } });
  });

  it("pushes a technician the changes of Ba Đồn's areas and nothing of Đồng Hới's, and a refused request joins nothing", async () => {
    const planner = await client('*', plannerToken());
    const technician = await client('*', technicianToken());
    const refused = await socketOf(technicianToken());
    const mixed: OpsAck = await refused.timeout(10_000).emitWithAck(OPS_EVENTS.subscribe, { areas: [BD_AREAS[0], DH_AREA] });
    expect(mixed).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const technicianGot = collect<OpsDeviceStatus>(technician.socket, OPS_EVENTS.deviceStatus);
    const refusedGot = collect<OpsDeviceStatus>(refused, OPS_EVENTS.deviceStatus);

    // The Đồng Hới change is pushed (the planner gets it) before the Ba Đồn one, through
    // the same realtime process: once the technician has the Ba Đồn push, a Đồng Hới push
    // to them would already have arrived.
    const dongHoiPushed = next<OpsDeviceStatus>(planner.socket, OPS_EVENTS.deviceStatus, (e) => e.deviceId === DH_CAM, 'Đồng Hới push to the planner');
    await statusOf(DH_AREA, DH_GW, DH_CAM, 'dh-status-1');
    expect(await dongHoiPushed).toMatchObject({ areaCode: DH_AREA, to: 'online' });

    const baDonPushed = next<OpsDeviceStatus>(technician.socket, OPS_EVENTS.deviceStatus, (e) => e.deviceId === BD_CAM, 'Ba Đồn push to the technician');
    await statusOf(BD_AREAS[0], BD_GW, BD_CAM, 'bd-status-1');
    expect(await baDonPushed).toMatchObject({ areaCode: BD_AREAS[0], to: 'online' });

    await new Promise((r) => setTimeout(r, 300));
    expect(technicianGot.map((e) => e.areaCode)).toEqual([BD_AREAS[0]]);
    expect(refusedGot).toEqual([]);
  });
});

describe('import progress on /ops', () => {
  const progress = (userId: string, jobId: string): OpsImportProgress => ({
    jobId,
    userId,
    state: 'active',
    progress: { phase: 'checking', processed: 40, total: 120 },
    result: null,
  });
  const publish = (body: unknown) => nc.publish(natsSubjects(ctx.natsPrefix).importProgress, typeof body === 'string' ? body : JSON.stringify(body));

  it("reaches every socket of the user who started the import and no other user's", async () => {
    const token = (username: string) => signAccessToken(TEST_JWT_SECRET, testActor('technician', { districts: [BA_DON] }, username), 600);
    const [x1, x2, y] = await Promise.all([socketOf(token('importer-x')), socketOf(token('importer-x')), socketOf(token('importer-y'))]);
    const yGot = collect<OpsImportProgress>(y, OPS_EVENTS.importProgress);

    const toX = [x1, x2].map((s) => next<OpsImportProgress>(s, OPS_EVENTS.importProgress, (p) => p.jobId === 'job-x', 'import.progress for X'));
    publish(progress('user-importer-x', 'job-x'));
    for (const p of await Promise.all(toX)) expect(p).toEqual(progress('user-importer-x', 'job-x'));

    // Y's own progress arrives after X's was emitted; X's must not be among Y's.
    const toY = next<OpsImportProgress>(y, OPS_EVENTS.importProgress, (p) => p.jobId === 'job-y', 'import.progress for Y');
    publish(progress('user-importer-y', 'job-y'));
    await toY;
    expect(yGot.map((p) => p.jobId)).toEqual(['job-y']);
  });

  it('drops and counts a malformed progress message, and keeps relaying', async () => {
    const socket = await socketOf(signAccessToken(TEST_JWT_SECRET, testActor('admin', { all: true }, 'importer-z'), 600));
    const before = await realtime.metric('ioc_realtime_dropped_total', { reason: 'invalid_import_progress' });
    publish('{not json');
    publish({ jobId: 'job-bad', userId: 'user-importer-z', state: 'exploded' });
    await waitFor('both bad messages to be counted', async () => (await realtime.metric('ioc_realtime_dropped_total', { reason: 'invalid_import_progress' })) === before + 2);
    const ok = next<OpsImportProgress>(socket, OPS_EVENTS.importProgress, (p) => p.jobId === 'job-z', 'import.progress after bad ones');
    publish(progress('user-importer-z', 'job-z'));
    await ok;
  });
});

describe('/ops limits (issue 13)', () => {
  it('closes the default namespace: a connection there is refused, with or without a token', async () => {
    for (const auth of [{ lang: 'en' }, { token: plannerToken(), lang: 'en' }]) {
      const socket = io(realtime.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth });
      const outcome = await new Promise<{ connected: boolean; message?: string }>((resolve) => {
        socket.once('connect', () => resolve({ connected: true }));
        socket.once('connect_error', (err) => resolve({ connected: false, message: err.message }));
      });
      socket.close();
      expect(outcome).toEqual({ connected: false, message: expect.stringContaining(`only the ${OPS_NAMESPACE} namespace`) });
    }
    expect(await realtime.metric('ioc_realtime_rejected_total', { reason: 'default_namespace' })).toBeGreaterThanOrEqual(2);
  });

  it('refuses a flood of subscriptions with a clear error, counts it, and disconnects the socket that keeps on', async () => {
    const socket = await socketOf(plannerToken());
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    const errors = collect<OpsError>(socket, OPS_EVENTS.error);
    // 1,000 subscribe calls at once (issue 13: they took realtime from 109 to 278 MB).
    for (let i = 0; i < 1000; i++) socket.emit(OPS_EVENTS.subscribe, { areas: [BD_AREAS[i % 2]] });
    expect(await disconnected).toBe('io server disconnect');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ code: expect.stringMatching(/^(rate_limited|busy)$/), message: expect.stringMatching(/too many messages|already being answered/) });
    expect(await realtime.metric('ioc_realtime_rejected_total', { reason: 'rate_limited' })).toBeGreaterThan(0);
    expect(await realtime.metric('ioc_realtime_rejected_total', { reason: 'disconnected_abuse' })).toBeGreaterThanOrEqual(1);
    // The server is still there for everyone else.
    const planner = await client('*', plannerToken());
    expect(planner.snapshot.areas.length).toBe(3);
  });

  it('answers a request over the budget through its acknowledgement, naming the limit', async () => {
    const socket = await socketOf(plannerToken());
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => socket.timeout(10_000).emitWithAck(OPS_EVENTS.subscribe, { areas: [BD_AREAS[0]] }) as Promise<OpsAck>),
    );
    const refused = answers.filter((a) => !a.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((a) => !a.ok && ['rate_limited', 'busy'].includes(a.error.code))).toBe(true);
  });
});
