/**
 * The loop a background worker runs: a round, then at once another if that one found work, else
 * a pause of `pollMs` that `wake()` cuts short. A round that throws (the database is away) is
 * logged and followed by the pause, never by a tight retry.
 */
export interface PollingLoop {
  start(): void;
  /** Stops looping; resolves once the round in progress has finished. */
  stop(): Promise<void>;
  /** Ends the pause now: there is work (a transition was just committed). */
  wake(): void;
}

export function pollingLoop(
  round: () => Promise<boolean>,
  options: { pollMs: number; task: string; log: (line: Record<string, unknown>) => void },
): PollingLoop {
  let running = false;
  let loop: Promise<void> | undefined;
  let endPause: (() => void) | undefined;
  let woken = false;

  async function run() {
    while (running) {
      woken = false;
      let busy = false;
      try {
        busy = await round();
      } catch (error) {
        options.log({ level: 'error', task: options.task, error: String(error) });
      }
      if (busy || woken || !running) continue;
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
