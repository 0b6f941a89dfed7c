import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2]));
const byId = new Map(p.nodes.map(n => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
let t = p.startTime; const buckets = new Map();
for (let i = 0; i < p.samples.length; i++) {
  t += p.timeDeltas[i]; const b = Math.floor((t - p.startTime)/100000);
  let id = p.samples[i]; let label = byId.get(id).callFrame.functionName || '';
  // find the outermost package frame
  let pkg = '';
  while (id !== undefined) { const m = byId.get(id); const u = m.callFrame.url; if (u.includes('node_modules/')) pkg = u.replace(/.*node_modules\//,'').split('/').slice(0,2).join('/'); else if (u.includes('dist/server.mjs') && !pkg) pkg='server.mjs'; id = parent.get(id); }
  if (!pkg) pkg = label.startsWith('(') ? label : 'node';
  const m = buckets.get(b) ?? new Map(); m.set(pkg, (m.get(pkg) ?? 0) + p.timeDeltas[i]); buckets.set(b, m);
}
for (const [b, m] of [...buckets].sort((a,b)=>a[0]-b[0])) console.log(String(b*100).padStart(5), [...m].sort((a,b)=>b[1]-a[1]).slice(0,4).map(([k,v])=>`${k}:${(v/1000).toFixed(0)}`).join(' '));
