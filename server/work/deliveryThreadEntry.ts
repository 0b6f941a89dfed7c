/** The delivery thread's own code (see `deliveryThread.ts`): its database, the worker, its messages. */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/index.js';
import { createDeliveryWorker } from './deliveries.js';
import type { DeliveryThreadOptions } from './deliveryThread.js';

const { databaseUrl, poolSize, webhooks } = workerData as Omit<DeliveryThreadOptions, 'log'>;
const port = parentPort!;
const database = await openDatabase(databaseUrl, { max: poolSize });
const worker = createDeliveryWorker({ db: database.db, ...webhooks, log: (line) => port.postMessage({ log: line }) });
worker.start();

port.on('message', async (message: 'nudge' | 'stop') => {
  if (message === 'nudge') worker.nudge();
  else {
    await worker.stop();
    await database.close().catch(() => {});
    port.close();
  }
});
