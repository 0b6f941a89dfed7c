import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2]));
const byId = new Map(p.nodes.map(n => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map(); let total = 0;
const skip = new Set(['(idle)', 'writeBuffer', '(program)']);
for (let i = 0; i < p.samples.length; i++) {
  const leaf = byId.get(p.samples[i]); if (skip.has(leaf.callFrame.functionName)) continue;
  total += p.timeDeltas[i];
  let id = p.samples[i]; const seen = new Set();
  while (id !== undefined) { const m = byId.get(id); const f = m.callFrame; const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`; if (!seen.has(key)) { seen.add(key); incl.set(key, (incl.get(key) ?? 0) + p.timeDeltas[i]); } id = parent.get(id); }
}
console.log('total (no idle/writeBuffer)', (total/1000).toFixed(0), 'ms');
const filter = process.argv[3] ? new RegExp(process.argv[3]) : /server\.mjs/;
console.log([...incl].filter(([k]) => filter.test(k)).sort((a,b)=>b[1]-a[1]).slice(0, 60).map(([k,v])=>`${(100*v/total).toFixed(1)}% ${k}`).join('\n'));
