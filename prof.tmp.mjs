import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const self = new Map(); const byId = new Map(p.nodes.map(n => [n.id, n]));
const dt = p.timeDeltas; const total = dt.reduce((a, b) => a + b, 0);
const counts = new Map();
p.samples.forEach((id, i) => counts.set(id, (counts.get(id) ?? 0) + (dt[i] ?? 0)));
const keyOf = n => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/.*node_modules\//, 'nm/').replace(/.*\/dist\//, '')}:${n.callFrame.lineNumber}`;
for (const [id, t] of counts) { const k = keyOf(byId.get(id)); self.set(k, (self.get(k) ?? 0) + t); }
// by package
const pkg = new Map();
for (const [id, t] of counts) { const u = byId.get(id).callFrame.url; const k = u.includes('node_modules/') ? u.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1') : u.startsWith('node:') ? 'node:' + u.slice(5).split('/')[0] : u.includes('/dist/') ? 'app:' + u.replace(/.*\/dist\//, '').split('/').slice(0, 2).join('/') : (byId.get(id).callFrame.functionName || '(native)'); pkg.set(k, (pkg.get(k) ?? 0) + t); }
console.log('total ms', Math.round(total / 1000));
console.log([...pkg].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, t]) => `${(100 * t / total).toFixed(1)}% ${k}`).join('\n'));
console.log('---');
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, t]) => `${(100 * t / total).toFixed(1)}% ${k}`).join('\n'));
