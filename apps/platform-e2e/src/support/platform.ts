// Starts the platform's apps for one test file, in that file's own isolated context.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { AppProcess, commonEnv, createTestContext, freePort, ingestEnv, inheritedEnv, type TestContext } from '@ioc/testing';
import { OPS_EVENTS, OPS_NAMESPACE, type OpsAck, type OpsSnapshot } from '@ioc/contracts';

const run = promisify(execFile);
const DIST = join(__dirname, '..', '..', '..', '..', 'dist', 'apps');

export interface RegisterFixture {
  areas: { code: string; name: string; district: string; category: string; boundary?: [number, number][] }[];
  gateways: { id: string; areaCode: string; name: string }[];
  devices: { id: string; gatewayId: string; areaCode: string; kind: 'camera' | 'traffic_sensor'; name: string; heartbeatTimeoutS?: number }[];
}

export async function migrateAndSeed(ctx: TestContext, register: RegisterFixture): Promise<void> {
  const env = { ...inheritedEnv(), ...commonEnv(ctx) };
  await run(process.execPath, [join(DIST, 'registry', 'src', 'migrate.js')], { env });
  const file = join(tmpdir(), `${ctx.id}-register.json`);
  writeFileSync(file, JSON.stringify(register));
  await run(process.execPath, [join(DIST, 'registry', 'src', 'seed.js'), '--file', file], { env });
}

export async function startApp(name: 'ingest' | 'registry' | 'realtime' | 'api', ctx: TestContext, extra: Record<string, string> = {}) {
  const env = name === 'ingest' ? ingestEnv(ctx, extra) : { ...commonEnv(ctx), ...extra };
  return new AppProcess(name, env, await freePort()).start();
}

export interface OpsClient {
  socket: Socket;
  snapshot: OpsSnapshot;
  close(): void;
}

/** Connects to /ops, subscribes to `areas`, and resolves once the snapshot has arrived. */
export async function opsClient(realtime: AppProcess, areas: string[] | '*'): Promise<OpsClient> {
  const socket = io(`${realtime.url}${OPS_NAMESPACE}`, { transports: ['websocket'], forceNew: true });
  const snapshot = new Promise<OpsSnapshot>((resolve) => socket.once(OPS_EVENTS.snapshot, resolve));
  const ack: OpsAck = await socket.timeout(10_000).emitWithAck(OPS_EVENTS.subscribe, { areas });
  if (!ack.ok) throw new Error(`subscribe refused: ${ack.error.code}: ${ack.error.message}`);
  return { socket, snapshot: await snapshot, close: () => socket.close() };
}

export { createTestContext, type TestContext };
