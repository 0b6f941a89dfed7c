import { afterEach, describe, expect, it, vi } from 'vitest';
import { pollingLoop } from './loop.js';

describe('pollingLoop', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('goes again at once after a round that left work behind, gathers after one that found some, pauses after one that found none', async () => {
    vi.useFakeTimers();
    const answers: Array<boolean | 'more'> = ['more', 'more', true, false];
    let rounds = 0;
    const loop = pollingLoop(
      async () => {
        rounds++;
        return answers.shift() ?? false;
      },
      { pollMs: 1_000, gatherMs: 100, task: 'test', log: () => {} },
    );
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(rounds).toBe(3);
    await vi.advanceTimersByTimeAsync(99);
    expect(rounds).toBe(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(rounds).toBe(4);
    await vi.advanceTimersByTimeAsync(999);
    expect(rounds).toBe(4);
    await vi.advanceTimersByTimeAsync(1);
    expect(rounds).toBe(5);
    await loop.stop();
  });
});
