// Starts the platform's apps for one test file, in that file's own isolated context.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { AppProcess, commonEnv, coverageEnv, createTestContext, freePort, incidentEnv, ingestEnv, inheritedEnv, registryEnv, slaEnv, testToken, type TestContext } from '@ioc/testing';
import { type AreaScope, type Role, OPS_EVENTS, OPS_NAMESPACE, type OpsAck, type OpsSnapshot } from '@ioc/contracts';

const run = promisify(execFile);
const DIST = join(__dirname, '..', '..', '..', '..', 'dist', 'apps');

export interface RegisterFixture {
  areas: {
    code: string;
    name: string;
    district: string;
    category: string;
    boundary?: [number, number][];
    coverageTargetPct?: number;
    checkpoints?: { id: string; purposes: ('traffic' | 'security')[]; location: [number, number]; description?: string }[];
  }[];
  gateways: { id: string; areaCode: string; name: string }[];
  devices: {
    id: string;
    gatewayId: string;
    areaCode: string;
    kind: 'camera' | 'traffic_sensor';
    name: string;
    heartbeatTimeoutS?: number;
    location?: [number, number];
    serial?: string;
    /** The camera's name in its gateway's Frigate NVR (externalRefs.frigateCamera). */
    frigateCamera?: string;
    cameraType?: 'fixed' | 'ptz' | 'dome' | 'bullet' | 'anpr';
    purposes?: ('traffic' | 'security')[];
    bearingDeg?: number;
    fovDeg?: number;
    rangeM?: number;
    installedOn?: string;
  }[];
  users?: { username: string; displayName: string; password: string; role: Role; scope: AreaScope }[];
}

export async function migrateAndSeed(ctx: TestContext, register: RegisterFixture): Promise<void> {
  const env = { ...inheritedEnv(), ...commonEnv(ctx) };
  await run(process.execPath, [join(DIST, 'registry', 'src', 'migrate.js')], { env });
  const file = join(tmpdir(), `${ctx.id}-register.json`);
  writeFileSync(file, JSON.stringify(register));
  await run(process.execPath, [join(DIST, 'registry', 'src', 'seed.js'), '--file', file], { env });
}

const ENV_OF = { ingest: ingestEnv, registry: registryEnv, incident: incidentEnv, coverage: coverageEnv, sla: slaEnv } as const;

export async function startApp(name: 'ingest' | 'registry' | 'realtime' | 'api' | 'incident' | 'coverage' | 'sla', ctx: TestContext, extra: Record<string, string> = {}) {
  const env = name in ENV_OF ? ENV_OF[name as keyof typeof ENV_OF](ctx, extra) : { ...commonEnv(ctx), ...extra };
  // Services with their own schema migrate it first, as npm start and compose do.
  if (name === 'incident' || name === 'coverage' || name === 'sla') await run(process.execPath, [join(DIST, name, 'src', 'migrate.js')], { env: { ...inheritedEnv(), ...env } });
  return new AppProcess(name, env, await freePort()).start();
}

/**
 * Opens an /ops socket with `token`; rejects with the server's reason if the handshake is
 * refused. It asks for English, the language the tests state the rules in (the server's
 * default is Vietnamese).
 */
export function connectOps(realtime: AppProcess, token: string): Promise<Socket> {
  const socket = io(`${realtime.url}${OPS_NAMESPACE}`, { transports: ['websocket'], forceNew: true, auth: { token, lang: 'en' } });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(new Error(`/ops handshake refused: ${err.message}`));
    });
  });
}

export interface OpsClient {
  socket: Socket;
  snapshot: OpsSnapshot;
  close(): void;
}

/**
 * Connects to /ops with an access token (by default an admin's, scoped to every area),
 * subscribes to `areas`, and resolves once the snapshot has arrived.
 */
export async function opsClient(realtime: AppProcess, areas: string[] | '*', token: string = testToken()): Promise<OpsClient> {
  const socket = await connectOps(realtime, token);
  const snapshot = new Promise<OpsSnapshot>((resolve) => socket.once(OPS_EVENTS.snapshot, resolve));
  const ack: OpsAck = await socket.timeout(10_000).emitWithAck(OPS_EVENTS.subscribe, { areas });
  if (!ack.ok) {
    socket.close();
    throw new Error(`subscribe refused: ${ack.error.code}: ${ack.error.message}`);
  }
  return { socket, snapshot: await snapshot, close: () => socket.close() };
}

export { createTestContext, type TestContext };
