/**
 * The timer worker: looks in the database for cases whose next timer came due, and has the
 * engine fire them, one case per transaction. Nothing is kept in memory, so a restart loses no
 * timer; the engine locks each case with `FOR UPDATE SKIP LOCKED`, so two servers on one database
 * fire each timer once, and a server killed mid-way rolls back and leaves the timer to the next.
 */
import type { Engine } from '../core/engine.js';
import { pollingLoop } from './loop.js';

export interface TimerWorkerOptions {
  engine: Pick<Engine, 'fireNextTimers'>;
  /** How often the worker looks for timers that came due (CONTRACT.md allows 60 s). */
  pollMs?: number;
  /** Cases handled per round at most, before the worker looks again. */
  batch?: number;
  /** Called after a round that fired timers (the delivery worker wakes up). */
  onFired?: () => void;
  log?: (line: Record<string, unknown>) => void;
  /** Sees the error of each failed try (after it is logged): lost connections make the server renew its pools. */
  onError?: (error: unknown) => void;
}

export interface FiredOnCase {
  caseId: string;
  fired: string[];
}

export function createTimerWorker(options: TimerWorkerOptions) {
  const { engine } = options;
  const pollMs = options.pollMs ?? 10_000;
  const batch = options.batch ?? 50;
  const log = options.log ?? (() => {});

  /** One round: fires every timer due now, up to `batch` cases. Resolves to the keys fired, by case. */
  async function runOnce(): Promise<FiredOnCase[]> {
    const done: FiredOnCase[] = [];
    for (let n = 0; n < batch; n++) {
      let result: FiredOnCase | undefined;
      try {
        result = await engine.fireNextTimers();
      } catch (error) {
        log({ level: 'error', task: 'timers', error: String(error) });
        options.onError?.(error);
        continue;
      }
      if (!result) break;
      done.push(result);
    }
    if (done.some((d) => d.fired.length > 0)) options.onFired?.();
    return done;
  }

  const loop = pollingLoop(async () => (await runOnce()).length === batch, { pollMs, task: 'timers', log });

  return { runOnce, start: loop.start, stop: loop.stop };
}

export type TimerWorker = ReturnType<typeof createTimerWorker>;
