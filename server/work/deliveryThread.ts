/**
 * The delivery worker in a thread of its own, with its own connections, for a server on
 * PostgreSQL. The request thread is what limits a busy server (one core), and posting every
 * journal entry to every endpoint took a fifth of it; in a thread the deliveries use another core.
 * The thread runs `createDeliveryWorker` unchanged (`deliveryThreadEntry.ts`); this side wakes it
 * after commits, relays its log lines, and stops it. The embedded database lives in the request
 * thread and keeps the worker there.
 */
import { Worker } from 'node:worker_threads';
import type { DeliveryWorkerOptions } from './deliveries.js';

export interface DeliveryThreadOptions {
  databaseUrl: string;
  /** Connections the thread keeps (a round takes one or two at a time). */
  poolSize: number;
  webhooks: Pick<DeliveryWorkerOptions, 'secret' | 'maxAttempts' | 'timeoutMs'>;
  log: (line: Record<string, unknown>) => void;
}

/** Set by the bundle's banner (`scripts/build.mjs`): where the built server is, its thread beside it. */
declare const __caseflowBundleUrl: string | undefined;

const entryUrl = () =>
  typeof __caseflowBundleUrl === 'string'
    ? new URL('./delivery-thread.mjs', __caseflowBundleUrl)
    : new URL('./deliveryThreadSource.mjs', import.meta.url);

/** How often the request thread may wake the worker: its rounds gather for 100 ms anyway. */
const NUDGE_EVERY_MS = 20;

export function startDeliveryThread(options: DeliveryThreadOptions) {
  let stopping = false;
  let thread: Worker;
  let lastNudge = 0;

  function spawn() {
    thread = new Worker(entryUrl(), {
      workerData: { databaseUrl: options.databaseUrl, poolSize: options.poolSize, webhooks: options.webhooks },
      // Its own heap, kept small like the request thread's (package.json's start script).
      resourceLimits: { maxOldGenerationSizeMb: 64 },
    });
    thread.on('message', (message: { log?: Record<string, unknown> }) => message.log && options.log(message.log));
    thread.on('error', (error) => options.log({ level: 'error', task: 'webhook delivery', error: String(error) }));
    thread.on('exit', (code) => {
      if (stopping) return;
      // A thread that died (a bug, not an outage: rounds that fail are logged and retried inside
      // it) is started again; what it had claimed is claimed again when its leases run out.
      options.log({ level: 'error', task: 'webhook delivery', error: `the delivery thread exited (${code}); starting it again` });
      setTimeout(spawn, 1000).unref();
    });
  }
  spawn();

  return {
    /** A transition was just committed: wake the worker (at most every NUDGE_EVERY_MS). */
    nudge() {
      const now = Date.now();
      if (now - lastNudge < NUDGE_EVERY_MS) return;
      lastNudge = now;
      thread.postMessage('nudge');
    },
    /** Resolves once the sends in flight are finished and recorded, and the thread has ended. */
    stop(): Promise<void> {
      stopping = true;
      return new Promise((resolve) => {
        thread.once('exit', () => resolve());
        thread.postMessage('stop');
      });
    },
  };
}
