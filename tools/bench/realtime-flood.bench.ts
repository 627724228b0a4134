// `npm run bench -- realtime-flood`: what issue 13's live-view floods cost realtime (its
// resident memory) and how the per-socket limits answer them. On the demo register (27 key
// areas, seeded with `seed.js --demo`), with registry, incident and realtime running:
//   1. one socket sends 1,000 `subscribe {areas: '*'}` at once (issue 13: 109 → 278 MB);
//   2. then 50 sockets each subscribe to '*' (issue 13: 292 MB).
// Reports realtime's RSS before and after each, the refusals the socket heard, whether it
// was disconnected, and ioc_realtime_rejected_total by reason. Measured, never asserted.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { OPS_EVENTS, OPS_NAMESPACE } from '@ioc/contracts';
import { AppProcess, commonEnv, createTestContext, freePort, incidentEnv, inheritedEnv, registryEnv, repoRoot, testToken } from '@ioc/testing';

const run = promisify(execFile);
const ROOT = repoRoot();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (v: number) => Math.round(v);

function connectSocket(url: string, token: string): Promise<Socket> {
  const socket = io(`${url}${OPS_NAMESPACE}`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token } });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function main(): Promise<void> {
  const ctx = await createTestContext();
  const apps: AppProcess[] = [];
  try {
    const env = { ...inheritedEnv(), ...commonEnv(ctx) };
    await run(process.execPath, [join(ROOT, 'dist/apps/registry/src/migrate.js')], { env });
    const incident = incidentEnv(ctx, { LOG_LEVEL: 'warn' });
    await run(process.execPath, [join(ROOT, 'dist/apps/incident/src/migrate.js')], { env: { ...inheritedEnv(), ...incident } });
    await run(process.execPath, [join(ROOT, 'dist/apps/registry/src/seed.js'), '--demo'], { env });
    apps.push(await new AppProcess('registry', registryEnv(ctx, { LOG_LEVEL: 'warn' }), await freePort()).start());
    apps.push(await new AppProcess('incident', incident, await freePort()).start());
    const realtime = await new AppProcess('realtime', { ...commonEnv(ctx), LOG_LEVEL: 'warn' }, await freePort()).start();
    apps.push(realtime);
    const token = testToken('admin', { all: true });
    await sleep(2000);
    const rssStart = realtime.rssMb();

    const flooder = await connectSocket(realtime.url, token);
    let refused = 0;
    flooder.on(OPS_EVENTS.error, () => refused++);
    const disconnected = new Promise<string>((r) => flooder.once('disconnect', (reason) => r(reason)));
    for (let i = 0; i < 1000; i++) flooder.emit(OPS_EVENTS.subscribe, { areas: '*' });
    const outcome = await Promise.race([disconnected, sleep(15_000).then(() => 'still connected after 15 s')]);
    await sleep(2000);
    const rssFlood = realtime.rssMb();

    const sockets = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const s = await connectSocket(realtime.url, token);
        await s.timeout(30_000).emitWithAck(OPS_EVENTS.subscribe, { areas: '*' });
        return s;
      }),
    );
    await sleep(2000);
    const rss50 = realtime.rssMb();
    const rejected: Record<string, number> = {};
    for (const reason of ['rate_limited', 'busy', 'too_many_areas', 'disconnected_abuse', 'default_namespace']) {
      rejected[reason] = await realtime.metric('ioc_realtime_rejected_total', { reason });
    }
    for (const s of [...sockets, flooder]) s.close();

    const summary = { rssStartMb: mb(rssStart), rssAfterFloodMb: mb(rssFlood), rssAfter50SocketsMb: mb(rss50), floodRefusalsHeard: refused, floodSocket: outcome, rejected };
    process.stdout.write(`${JSON.stringify(summary)}\n\n`);
    process.stdout.write(
      [
        '| realtime under a flood (demo register, 27 key areas) | value |',
        '| --- | --- |',
        `| RSS at start | ${summary.rssStartMb} MB |`,
        `| RSS after 1,000 \`subscribe '*'\` on one socket | ${summary.rssAfterFloodMb} MB |`,
        `| the flooding socket | ${refused} refusals heard, ${outcome} |`,
        `| RSS after 50 sockets each on '*' | ${summary.rssAfter50SocketsMb} MB |`,
        `| ioc_realtime_rejected_total | ${Object.entries(rejected).map(([k, v]) => `${k} ${v}`).join(', ')} |`,
      ].join('\n') + '\n',
    );
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
    await ctx.cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`realtime-flood bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
