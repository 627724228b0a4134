import { connect } from 'nats';
const nc = await connect({ servers: '127.0.0.1:4222', noAsyncTraces: true });
const jsm = await nc.jetstreamManager();
const js = nc.jetstream();
for (const [win, lanes] of [[600, 100], [600, 400], [600, 1000]]) {
  const name = `PUBT${win}x${lanes}`;
  await jsm.streams.add({ name, subjects: [`pubt${win}x${lanes}.>`], duplicate_window: win * 1e9 });
  const N = 20000; let next = 0; const t0 = Date.now(); const lat = [];
  const payload = new TextEncoder().encode(JSON.stringify({ messageId: 'x'.repeat(30), areaCode: 'DH-TT', payload: { id: 'abc', ts: new Date().toISOString(), online: true } }));
  await Promise.all(Array.from({ length: lanes }, async () => { while (next < N) { const i = next++; const s = performance.now(); await js.publish(`pubt${win}x${lanes}.a.b`, payload, { msgID: `GW.DEV.id-${i}` }); lat.push(performance.now() - s); } }));
  lat.sort((a, b) => a - b);
  console.log(win, lanes, Math.round(N / ((Date.now() - t0) / 1000)), 'msg/s', 'p50', lat[N >> 1].toFixed(2), 'p99', lat[Math.floor(N * 0.99)].toFixed(2));
  await jsm.streams.delete(name);
}
await nc.close();
