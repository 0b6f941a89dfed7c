/**
 * The loop a background worker runs: a round, then at once (or after `gatherMs`) another if that
 * one found work, else a pause of `pollMs` that `wake()` cuts short. A round that throws (the database is away) is
 * logged and followed by the pause, never by a tight retry. A round answers whether it found work:
 * `'more'` when it took all it could and left work behind (the next round goes at once, without
 * gathering), `true` when it found some, `false` when none.
 */
export interface PollingLoop {
  start(): void;
  /** Stops looping; resolves once the round in progress has finished. */
  stop(): Promise<void>;
  /** Ends the pause now: there is work (a transition was just committed). */
  wake(): void;
}

export function pollingLoop(
  round: () => Promise<boolean | 'more'>,
  options: {
    pollMs: number;
    task: string;
    log: (line: Record<string, unknown>) => void;
    /**
     * After a round that found work, or a wake, wait this long before the next round (wakes do
     * not cut it short), so that a busy stream of work is taken in batches, not one item a round.
     */
    gatherMs?: number;
  },
): PollingLoop {
  let running = false;
  let loop: Promise<void> | undefined;
  let endPause: (() => void) | undefined;
  let woken = false;

  async function run() {
    while (running) {
      woken = false;
      let busy: boolean | 'more' = false;
      try {
        busy = await round();
      } catch (error) {
        options.log({ level: 'error', task: options.task, error: String(error) });
      }
      if (!running || busy === 'more') continue;
      if ((busy || woken) && options.gatherMs) {
        await new Promise<void>((resolve) => setTimeout(resolve, options.gatherMs));
        continue;
      }
      if (busy || woken) continue;
      await new Promise<void>((resolve) => {
        const timeout = setTimeout(resolve, options.pollMs);
        endPause = () => {
          clearTimeout(timeout);
          resolve();
        };
      });
      endPause = undefined;
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      endPause?.();
      await loop;
    },
    wake() {
      woken = true;
      endPause?.();
    },
  };
}
