/**
 * After PostgreSQL comes back from an outage the server swaps its pools for fresh ones
 * (db/renewablePool.ts): connections the driver left unable to send would otherwise fail one
 * request in twenty, 3 s each, for as long as the server runs.
 */
import { describe, expect, it } from 'vitest';
import { renewalAfterLoss } from '../db/renewablePool';

function fakeDatabase() {
  let up = false;
  let clock = 0;
  const calls = { probes: 0, renewals: 0 };
  const lost = renewalAfterLoss({
    reachable: async () => {
      calls.probes++;
      return up;
    },
    renew: () => calls.renewals++,
    pollMs: 1,
    quietMs: 2000,
    now: () => clock,
  });
  return {
    lost,
    calls,
    comesBack: () => (up = true),
    goesDown: () => (up = false),
    advance: (ms: number) => (clock += ms),
  };
}

describe('replacing the pools after lost connections', () => {
  it('waits for the database to answer, then renews once for every loss reported meanwhile', async () => {
    const database = fakeDatabase();
    const first = database.lost();
    expect(first).toBeInstanceOf(Promise);
    for (let n = 0; n < 20; n++) expect(database.lost()).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(database.calls.probes).toBeGreaterThan(1);
    expect(database.calls.renewals).toBe(0);

    database.comesBack();
    await first;
    expect(database.calls.renewals).toBe(1);
  });

  it("ignores the old pool's last failures just after a renewal, and renews again for a later outage", async () => {
    const database = fakeDatabase();
    database.comesBack();
    await database.lost();
    expect(database.calls.renewals).toBe(1);

    database.advance(500);
    expect(database.lost()).toBeUndefined();
    expect(database.calls.renewals).toBe(1);

    database.advance(2000);
    database.goesDown();
    const next = database.lost();
    expect(next).toBeInstanceOf(Promise);
    database.comesBack();
    await next;
    expect(database.calls.renewals).toBe(2);
  });
});
