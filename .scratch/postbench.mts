import { createServer } from 'node:http';
import { postJson } from '/work/main/server/work/post.ts';
const server = createServer((req, res) => { req.resume(); req.on('end', () => { res.statusCode = 204; res.end(); }); });
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as any).port}/hook`;
const body = JSON.stringify({ id: 'x'.repeat(40), caseId: 'y'.repeat(36), number: 'WO-000001', type: 'work-order', seq: 3, event: 'estimate.approved', from: 'a', to: 'b', at: new Date().toISOString(), actor: { id: 'z'.repeat(36), role: 'advisor', name: 'Bench advisor' } });
async function run(name: string, one: () => Promise<unknown>) {
  const n = 4000; const t = performance.now(); const c0 = process.cpuUsage();
  let i = 0; await Promise.all(Array.from({ length: 32 }, async () => { while (i++ < n) await one(); }));
  const c = process.cpuUsage(c0); console.log(name, ((performance.now() - t)).toFixed(0), 'ms wall', ((c.user + c.system) / n).toFixed(0), 'µs CPU per post (both sides)');
}
for (let k = 0; k < 2; k++) {
  await run('fetch', async () => { const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, signal: AbortSignal.timeout(10000) }); await r.body?.cancel(); });
  await run('http ', () => postJson(url, body, {}, 10000));
}
server.close(); process.exit(0);
