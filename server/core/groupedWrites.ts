/**
 * Group commit for events: case writes that come in while earlier ones are on their way to the
 * database are sent together, as one statement (`updateCases`), so that PostgreSQL's cost of a
 * statement and of a commit, and the server's of a round trip, are shared by the whole group.
 * Nothing waits on purpose: a write goes out at once when no group is out, and otherwise joins
 * the next group. One group at a time measured best: under the benchmark's 32 clients groups
 * average 15 writes, and a second group in flight halves them (BENCHMARKS.md).
 */
import { refusedByDatabase } from '../../db/index.js';
import type { CaseWrite, WriteOutcome } from './caseStore.js';

interface Waiting {
  write: CaseWrite;
  resolve(outcome: WriteOutcome): void;
  reject(error: unknown): void;
}

/** Groups on their way to the database at once (see above). */
const IN_FLIGHT = 1;
/** Writes in one statement at most: the rest wait for the next. */
const LARGEST_GROUP = 64;

export function groupedWrites(run: (writes: CaseWrite[]) => Promise<WriteOutcome[]>) {
  let waiting: Waiting[] = [];
  let inFlight = 0;
  let scheduled = false;

  function schedule() {
    if (scheduled || waiting.length === 0 || inFlight >= IN_FLIGHT) return;
    scheduled = true;
    // After the requests that arrived with this one have been read: they join its group.
    setImmediate(flush);
  }

  function flush() {
    scheduled = false;
    while (waiting.length > 0 && inFlight < IN_FLIGHT) {
      const group = waiting.slice(0, LARGEST_GROUP);
      waiting = waiting.slice(LARGEST_GROUP);
      inFlight++;
      void send(group).finally(() => {
        inFlight--;
        schedule();
      });
    }
  }

  async function send(group: Waiting[]) {
    // Cases in one order, so that two groups lock the cases they share in the same order.
    group.sort((a, b) => (a.write.before.id < b.write.before.id ? -1 : a.write.before.id > b.write.before.id ? 1 : 0));
    try {
      const outcomes = await run(group.map((w) => w.write));
      group.forEach((w, i) => w.resolve(outcomes[i]!));
    } catch (error) {
      if (group.length > 1 && refusedByDatabase(error)) {
        // Nothing of the group was written: each write on its own, so that one write's error
        // (or a deadlock between groups) is not the others'.
        await Promise.all(group.map((w) => run([w.write]).then(([outcome]) => w.resolve(outcome!), w.reject)));
      } else {
        // Possibly written (the connection was lost after the commit): as for a single write, the error is the answer.
        for (const w of group) w.reject(error);
      }
    }
  }

  return {
    write(write: CaseWrite): Promise<WriteOutcome> {
      return new Promise((resolve, reject) => {
        waiting.push({ write, resolve, reject });
        schedule();
      });
    },
  };
}
