import { describe, expect, it } from 'vitest';
import { createTimerWorker, type FiredOnCase } from './timers';

describe('the timer worker after a failed try', () => {
  it('logs it, hands its error on (a lost connection makes the server renew its pools), and goes on with the next case', async () => {
    const lost = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const tries: Array<() => Promise<FiredOnCase | undefined>> = [
      () => Promise.reject(lost),
      () => Promise.resolve({ caseId: 'a', fired: ['case.overdue'] }),
      () => Promise.resolve(undefined),
    ];
    const handedOn: unknown[] = [];
    const lines: Array<Record<string, unknown>> = [];
    const worker = createTimerWorker({
      engine: { fireNextTimers: () => tries.shift()!() },
      log: (line) => lines.push(line),
      onError: (error) => handedOn.push(error),
    });

    expect(await worker.runOnce()).toEqual([{ caseId: 'a', fired: ['case.overdue'] }]);
    expect(handedOn).toEqual([lost]);
    expect(lines).toMatchObject([{ level: 'error', task: 'timers', error: expect.stringContaining('ECONNREFUSED') }]);
  });
});
