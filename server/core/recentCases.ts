/**
 * The last cases this process wrote, as written, least recently used first out: the next event on
 * one of them skips reading it. The write stays guarded by the stored version, so a copy another
 * server made stale costs a retry, never a wrong answer.
 */
import type { StoredCase } from './caseView.js';

export function recentCases(capacity: number) {
  const cases = new Map<string, StoredCase>();
  return {
    get(id: string): StoredCase | undefined {
      const found = cases.get(id);
      if (found) {
        cases.delete(id);
        cases.set(id, found);
      }
      return found;
    },
    remember(row: StoredCase) {
      if (capacity <= 0) return;
      cases.delete(row.id);
      cases.set(row.id, row);
      if (cases.size > capacity) cases.delete(cases.keys().next().value!);
    },
    forget(id: string) {
      cases.delete(id);
    },
  };
}

export type RecentCases = ReturnType<typeof recentCases>;
