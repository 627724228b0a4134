// `node dist/apps/registry/src/seed.js --demo [--devices-per-area N]` seeds the demo
// province (Quảng Bình); `--file register.json` loads key areas, gateways and devices from
// a JSON file ({ areas, gateways, devices }), validated before anything is written.
// Both are idempotent: existing rows are updated in place, history is kept.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { demoProvince } from '@ioc/demo-province';
import { formatIssues, identifier, toIssues, UserInput } from '@ioc/contracts';
import { databaseEnv, JsonLogger, loadConfig, runMain } from '@ioc/platform';
import { registryDataSource } from './database';
import { UserRepository } from './users/user.repository';
import { hashPassword } from './users/users.service';
import { AreaRepository, type AreaSeed as AreaInput } from './register/area.repository';
import { DeviceRepository, type DeviceSeed as DeviceInput } from './register/device.repository';
import { GatewayRepository, type GatewaySeed as GatewayInput } from './register/gateway.repository';

const lonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

export const registerFileSchema = z.object({
  areas: z.array(
    z.object({
      code: identifier(),
      name: z.string().min(1),
      district: z.string().min(1),
      category: z.string().min(1),
      boundary: z.array(lonLat).min(4).optional(),
      coverageTargetPct: z.number().gt(0).max(100).optional(),
      checkpoints: z
        .array(z.object({ id: identifier(), purposes: z.array(z.enum(['traffic', 'security'])).min(1), location: lonLat, description: z.string().optional() }))
        .optional(),
    }),
  ),
  gateways: z.array(z.object({ id: identifier(), areaCode: identifier(), name: z.string().min(1) })),
  devices: z.array(
    z.object({
      id: identifier(),
      gatewayId: identifier(),
      areaCode: identifier(),
      kind: z.enum(['camera', 'traffic_sensor']),
      cameraType: z.enum(['fixed', 'ptz', 'dome', 'bullet', 'anpr']).optional(),
      name: z.string().min(1),
      vendor: z.string().optional(),
      model: z.string().optional(),
      purposes: z.array(z.enum(['traffic', 'security'])).optional(),
      location: lonLat.optional(),
      bearingDeg: z.number().min(0).lt(360).optional(),
      fovDeg: z.number().gt(0).max(360).optional(),
      rangeM: z.number().positive().optional(),
      heartbeatTimeoutS: z.number().int().positive().optional(),
      serial: z.string().min(1).optional(),
      contractor: z.string().optional(),
      installedOn: z.iso.date().optional(),
      /** The camera's name in its gateway's Frigate NVR (externalRefs.frigateCamera). */
      frigateCamera: z.string().min(1).max(100).optional(),
    }),
  ),
  users: z.array(UserInput).optional(),
});

/** Demo mode only (DESIGN.md §3): one user per role, password `demo-<user>`. */
const DEMO_USERS: UserInput[] = (['admin', 'operator', 'technician', 'planner'] as const).map((role) => ({
  username: role,
  displayName: { admin: 'Quản trị hệ thống', operator: 'Trực ban IOC', technician: 'Kỹ thuật viên', planner: 'Chuyên viên Sở TT&TT' }[role],
  password: `demo-${role}`,
  role,
  scope: { all: true, areas: [], districts: [] },
}));

const DEMO_CONTRACTORS = ['VNPT Quảng Bình', 'Viettel Quảng Bình', 'Công ty CP Công nghệ Nhật Lệ'];

function demoRegister(devicesPerArea?: number): { areas: AreaInput[]; gateways: GatewayInput[]; devices: DeviceInput[]; users: UserInput[] } {
  const demo = demoProvince(devicesPerArea ? { devicesPerArea } : undefined);
  return {
    areas: demo.areas.map(
      (a): AreaInput => ({
        code: a.code,
        name: a.name,
        district: a.district,
        category: a.category,
        boundary: a.boundary,
        checkpoints: a.checkpoints.map((c) => ({ id: c.id, purposes: c.purposes, location: c.location, description: c.description })),
      }),
    ),
    gateways: demo.gateways.map((g): GatewayInput => ({ id: g.id, areaCode: g.areaCode, name: g.name })),
    users: DEMO_USERS,
    devices: demo.devices.map(
      (d, i): DeviceInput => ({
        id: d.id,
        gatewayId: d.gatewayId,
        areaCode: d.areaCode,
        kind: d.kind,
        cameraType: d.cameraType,
        name: d.name,
        vendor: d.vendor,
        model: d.model,
        purposes: d.purposes,
        location: d.location,
        bearingDeg: d.bearingDeg,
        fovDeg: d.fovDeg,
        rangeM: d.rangeM,
        heartbeatTimeoutS: d.heartbeatTimeoutS,
        serial: `SN-${d.id}`,
        contractor: DEMO_CONTRACTORS[i % DEMO_CONTRACTORS.length],
        installedOn: '2025-06-01',
      }),
    ),
  };
}

function parseArgs(argv: string[]): { demo: boolean; file?: string; devicesPerArea?: number } {
  const out: { demo: boolean; file?: string; devicesPerArea?: number } = { demo: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--demo') out.demo = true;
    else if (arg === '--file') out.file = argv[++i];
    else if (arg === '--devices-per-area') out.devicesPerArea = Number(argv[++i]);
    else throw new Error(`unknown option "${arg}"; use --demo [--devices-per-area N] or --file register.json`);
  }
  if (out.demo === Boolean(out.file)) throw new Error('give exactly one of --demo or --file register.json');
  if (out.devicesPerArea !== undefined && !(Number.isInteger(out.devicesPerArea) && out.devicesPerArea > 0)) {
    throw new Error('--devices-per-area must be a positive integer');
  }
  return out;
}

runMain('registry-seed', async () => {
  const config = loadConfig(z.object(databaseEnv('registry')));
  const args = parseArgs(process.argv.slice(2));
  const input = args.file ? JSON.parse(readFileSync(args.file, 'utf8')) : demoRegister(args.devicesPerArea);
  const parsed = registerFileSchema.safeParse(input);
  if (!parsed.success) {
    throw new Error(`register file is invalid: ${formatIssues(toIssues(parsed.error))}`);
  }
  const register = parsed.data;
  const ds = await registryDataSource(config.DATABASE_URL, config.DB_SCHEMA).initialize();
  try {
    await ds.transaction(async (em) => {
      await new AreaRepository(em, config.DB_SCHEMA).upsert(register.areas);
      // The topic root only shapes gateways' publish filters on reads; the seed only writes.
      await new GatewayRepository(em, config.DB_SCHEMA, '').upsert(register.gateways);
      await new DeviceRepository(em, config.DB_SCHEMA).upsert(register.devices);
      const users = new UserRepository(ds, config.DB_SCHEMA);
      for (const u of register.users ?? []) {
        await users.upsert(em, { username: u.username, displayName: u.displayName, passwordHash: await hashPassword(u.password), role: u.role, scope: u.scope });
      }
    });
  } finally {
    await ds.destroy();
  }
  new JsonLogger('registry-seed').event('info', 'register loaded', {
    schema: config.DB_SCHEMA,
    areas: register.areas.length,
    gateways: register.gateways.length,
    devices: register.devices.length,
    users: (register.users ?? []).map((u) => u.username),
  });
});
