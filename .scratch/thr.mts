import { Worker } from 'node:worker_threads';
const w = new Worker(new URL('./shim.mjs', import.meta.url), { workerData: { databaseUrl: 'postgres://postgres@127.0.0.1:5432/thread_probe_x1', poolSize: 2, webhooks: { secret: 'whsec_' + Buffer.from('x'.repeat(32)).toString('base64') } } });
w.on('error', (e) => console.log('error', e));
w.on('message', (m) => console.log('msg', m));
w.on('exit', (c) => console.log('exit', c));
setTimeout(() => w.postMessage('stop'), 2000);
