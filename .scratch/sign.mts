import { Webhook } from 'standardwebhooks';
import { createHmac } from 'node:crypto';
const w = new Webhook('whsec_' + Buffer.from('x'.repeat(32)).toString('base64'));
const body = JSON.stringify({ id: 'x'.repeat(40), caseId: 'y'.repeat(36), number: 'WO-000001', type: 'work-order', seq: 3, event: 'estimate.approved', from: 'a', to: 'b', at: new Date().toISOString(), actor: { id: 'z'.repeat(36), role: 'advisor', name: 'Bench advisor' } });
for (let k = 0; k < 3; k++) {
  let t = performance.now(); for (let i = 0; i < 20000; i++) w.sign('id' + i, new Date(), body); console.log('standardwebhooks', ((performance.now() - t) * 1000 / 20000).toFixed(1), 'µs');
  const key = Buffer.from('x'.repeat(32));
  t = performance.now(); for (let i = 0; i < 20000; i++) createHmac('sha256', key).update(`id${i}.${Math.floor(Date.now()/1000)}.${body}`).digest('base64'); console.log('node hmac', ((performance.now() - t) * 1000 / 20000).toFixed(1), 'µs');
}
