import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2]));
const until = Number(process.argv[3] ?? 1e12);
const byId = new Map(p.nodes.map(n => [n.id, n]));
const self = new Map();
let t = p.startTime;
const dt = p.timeDeltas;
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (let i = 0; i < p.samples.length; i++) {
  t += dt[i]; if ((t - p.startTime)/1000 > until) break;
  let id = p.samples[i];
  const n = byId.get(id);
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-3).join('/')}:${n.callFrame.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + dt[i]);
  const seen = new Set();
  while (id !== undefined) { const m = byId.get(id); const u = m.callFrame.url.replace(/.*node_modules\//,'').split('/')[0] || m.callFrame.functionName; if(!seen.has(u)){seen.add(u); incl.set(u,(incl.get(u)??0)+dt[i]);} id = parent.get(id); }
}
const top = (m) => [...m].sort((a,b)=>b[1]-a[1]).slice(0,25).map(([k,v])=>`${(v/1000).toFixed(0)}ms ${k}`).join('\n');
console.log(top(self)); console.log('--- inclusive by package'); console.log(top(incl));
