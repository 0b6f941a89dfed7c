import { build } from 'esbuild';
const r = await build({ entryPoints: ['server/boot/main.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['@electric-sql/pglite', '@electric-sql/pglite/*'], write: false, metafile: true, outfile: '/tmp/x.mjs', logLevel: 'error' });
const byPkg = {};
for (const [path, info] of Object.entries(Object.values(r.metafile.outputs)[0].inputs)) {
  const m = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/); const k = m ? m[1] : path.split('/')[0];
  byPkg[k] = (byPkg[k] ?? 0) + info.bytesInOutput;
}
console.log(Object.entries(byPkg).sort((a,b)=>b[1]-a[1]).slice(0,15).map(([k,v])=>`${(v/1e3).toFixed(0)} kB ${k}`).join('\n'));
