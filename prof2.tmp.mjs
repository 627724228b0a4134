import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n);
const byId = new Map(p.nodes.map(n => [n.id, n]));
const counts = new Map(); p.samples.forEach((id, i) => counts.set(id, (counts.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
const agg = new Map();
for (const [id, t] of counts) { let n = byId.get(id); if (n.callFrame.functionName !== process.argv[3]) continue; const chain = []; for (let k = 0; k < 5 && n; k++) { chain.push(`${n.callFrame.functionName}@${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`); n = parent.get(n.id); } const key = chain.join(' < '); agg.set(key, (agg.get(key) ?? 0) + t); }
console.log([...agg].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, t]) => `${Math.round(t/1000)}ms ${k}`).join('\n'));
