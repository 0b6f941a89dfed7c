/**
 * The last cases this process wrote, as written, least recently used first out: the next event on
 * one of them skips reading it. The write stays guarded by the stored version, so a copy another
 * server made stale costs a retry, never a wrong answer.
 */
import type { StoredCase } from './caseView.js';
import { leastRecentlyUsed } from './leastRecentlyUsed.js';

export function recentCases(capacity: number) {
  const cases = leastRecentlyUsed<string, StoredCase>(capacity);
  return {
    get: (id: string) => cases.get(id),
    remember: (row: StoredCase) => cases.set(row.id, row),
    forget: (id: string) => cases.delete(id),
  };
}

export type RecentCases = ReturnType<typeof recentCases>;
