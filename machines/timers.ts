/**
 * Timers: moments a case waits for, declared by its process as a pure function of where the case
 * stands (no clock, no I/O). The server keeps them in the database and, when one comes due, does
 * what it says, once: it appends a journal entry to the case (the state does not change) or opens
 * a new case as the system actor.
 */

import type { CaseFacts, CaseStatus } from './process.js';

/** Where a case stands, as a process's timers see it. */
export interface CaseStanding<C = any> extends CaseFacts<C> {
  status: CaseStatus;
  stateEnteredAt: string;
  dueAt: string | null;
}

export type TimerAction =
  /** A journal entry on the case itself, by the system; the state does not change. */
  | { note: string; payload: Record<string, unknown> }
  /** A new case, opened by the system (its input links back to this one). */
  | { open: { type: string; input: unknown } };

export interface TimerDeclaration {
  /** Names one occurrence: a timer with a given key fires once, however often it is declared again. */
  key: string;
  /** ISO date-time when it comes due. */
  at: string;
  action: TimerAction;
}

/** Deployment settings that timers depend on. */
export interface TimerSettings {
  /** Days after a work order's handover that its follow-up call is opened. */
  followUpDays: number;
}

/** Any case past its due time, once per visit of a state: every process has this one. */
export function overdueTimer(standing: CaseStanding): TimerDeclaration[] {
  if (standing.status !== 'active' || standing.dueAt === null) return [];
  return [
    {
      key: `case.overdue@${standing.state}@${standing.stateEnteredAt}`,
      at: standing.dueAt,
      action: { note: 'case.overdue', payload: { state: standing.state, dueAt: standing.dueAt } },
    },
  ];
}
