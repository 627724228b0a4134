import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const t = require('./dist/libs/testing/src/index.js');
const { natsStreams } = require('./dist/libs/contracts/src/index.js');
const { connect } = require('nats');
const mqtt = require('mqtt');
const N = Number(process.env.N ?? 50000), SESS = process.env.SESS ?? '16';
const ctx = await t.createTestContext();
const env = t.ingestEnv(ctx, { LOG_LEVEL: 'warn', MQTT_CONNECTIONS: SESS });
let ingest = await new t.AppProcess('ingest', env, await t.freePort()).start();
await ingest.stop();
const pub = await mqtt.connectAsync(ctx.mqtt.url, { protocolVersion: 5, clientId: ctx.id + '-p', username: ctx.mqtt.gatewayUsername, password: ctx.mqtt.gatewayPassword });
let next = 0; const t0 = Date.now();
await Promise.all(Array.from({ length: 500 }, async () => { while (next < N) { const i = next++; await pub.publishAsync(`${ctx.topicRoot}/DH-TT/GW-1/D${i % 200}/status`, JSON.stringify({ id: `d-${i}`, ts: new Date().toISOString(), online: true }), { qos: 1 }); } }));
console.log('queued', N, 'in', (Date.now() - t0) / 1000, 's');
await pub.endAsync();
const nc = await connect({ servers: ctx.natsUrl }); const jsm = await nc.jetstreamManager();
const stream = natsStreams(ctx.natsPrefix).device.name;
const before = (await jsm.streams.info(stream)).state.messages;
const s = Date.now();
const { spawn } = require('node:child_process');
let child;
if (process.env.PROF) {
  child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof', 'dist/apps/ingest/src/main.js'], { env: { ...t.inheritedEnv(), ...env, HTTP_PORT: String(await t.freePort()) }, stdio: 'inherit' });
} else {
ingest = await new t.AppProcess('ingest', env, await t.freePort()).start();
console.log('healthy after', (Date.now() - s) / 1000);
}
await t.waitFor('drain', async () => (await jsm.streams.info(stream)).state.messages >= before + N, 300000, 100);
const secs = (Date.now() - s) / 1000;
console.log('drained', N, 'in', secs, 's =', Math.round(N / secs), 'msg/s');
if (child) { child.kill('SIGTERM'); await new Promise(r => child.on('exit', r)); } else await ingest.stop(); await nc.close(); await ctx.cleanup();
