/**
 * The timers a case has, as its process declares them where the case stands (the write path keeps
 * `cases.next_timer_at`, the timer worker's queue, at the earliest one not yet fired).
 */
import { overdueTimer, type ProcessDefinition, type TimerDeclaration, type TimerSettings } from '../../machines/index.js';
import type { StoredCase } from './caseView.js';

/** Every timer a case declares where it stands: the overdue one, and its process's own. */
export function declaredTimers(definition: ProcessDefinition, row: StoredCase, settings: TimerSettings): TimerDeclaration[] {
  const standing = {
    id: row.id,
    number: row.number,
    state: row.state,
    status: row.status,
    context: row.snapshot.context,
    stateEnteredAt: row.stateEnteredAt.toISOString(),
    dueAt: row.dueAt?.toISOString() ?? null,
  };
  return [...overdueTimer(standing), ...(definition.timers?.(standing, settings) ?? [])];
}

/** When the earliest declared timer that has not fired comes due; null when none is left. */
export function nextTimerAt(declared: readonly TimerDeclaration[], fired: readonly string[]): Date | null {
  const times = declared.filter((timer) => !fired.includes(timer.key)).map((timer) => Date.parse(timer.at));
  return times.length === 0 ? null : new Date(Math.min(...times));
}

/** The declared timers due at `now` that have not fired, soonest first. */
export function dueTimers(declared: readonly TimerDeclaration[], fired: readonly string[], now: Date): TimerDeclaration[] {
  return declared
    .filter((timer) => Date.parse(timer.at) <= now.getTime() && !fired.includes(timer.key))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
