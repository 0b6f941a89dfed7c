/**
 * The timer worker: fires the timers cases declare, once each, from the database (nothing is kept
 * in memory, so a restart loses none). A case whose `next_timer_at` has passed is locked with
 * `FOR UPDATE SKIP LOCKED`: two servers on one database never fire the same timer, and a server
 * killed mid-way rolls back and leaves the timer to be fired by whoever comes next.
 *
 * Firing a note appends a journal entry by the system actor (same state, next seq and version,
 * with its webhook deliveries); firing an `open` opens a new case as the system actor, in the
 * same transaction. The fired keys are recorded with it.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/index.js';
import { defaultTimerSettings, findProcess, type TimerAction, type TimerSettings } from '../../machines/index.js';
import { CASE_COLUMNS, fromRawCase, type RawCase } from '../engine.js';
import { outboxEntries } from '../webhooks/outbox.js';
import { declaredTimers, nextTimerAt } from './declared.js';

import { SYSTEM_ACTOR } from './system.js';

export interface TimerWorkerOptions {
  db: Db;
  clock?: () => Date;
  settings?: TimerSettings;
  webhookEndpoints?: readonly string[];
  /** Opens a case of `type` with `input` as the system actor, inside `tx`. */
  openCase: (tx: Tx, type: string, input: unknown, now: Date) => Promise<void>;
  /** How often the worker looks for timers that came due (CONTRACT.md allows 60 s). */
  pollMs?: number;
  /** Cases handled per round at most. */
  batch?: number;
  /** Called after a round that appended journal entries (the delivery worker wakes up). */
  onCommitted?: () => void;
  log?: (line: Record<string, unknown>) => void;
}

type LockedCase = RawCase & { timers_fired: string[] };

const time = (value: Date | null) => (value === null ? sql`NULL::timestamptz` : sql`${value.toISOString()}::timestamptz`);
/** A case whose timers failed to fire is tried again this much later, not in a tight loop. */
const RETRY_AFTER_ERROR_MS = 5 * 60_000;

export function createTimerWorker(options: TimerWorkerOptions) {
  const { db } = options;
  const clock = options.clock ?? (() => new Date());
  const settings = options.settings ?? defaultTimerSettings;
  const endpoints = options.webhookEndpoints ?? [];
  const pollMs = options.pollMs ?? 10_000;
  const batch = options.batch ?? 50;
  const log = options.log ?? (() => {});

  /** Fires what is due on one case (locked in `tx`); answers the keys fired. */
  async function fireDue(tx: Tx, raw: LockedCase, now: Date): Promise<string[]> {
    const stored = fromRawCase(raw);
    const definition = findProcess(stored.processType);
    if (!definition) return [];
    const declared = declaredTimers(
      definition,
      {
        caseId: stored.id,
        number: stored.number,
        state: stored.state,
        status: stored.status,
        context: stored.snapshot.context,
        stateEnteredAt: stored.stateEnteredAt.toISOString(),
        dueAt: stored.dueAt?.toISOString() ?? null,
      },
      settings,
    );
    const fired = raw.timers_fired;
    const due = declared
      .filter((timer) => Date.parse(timer.at) <= now.getTime() && !fired.includes(timer.key))
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    for (const timer of due) {
      const { action } = timer;
      if ('note' in action) await appendNote(tx, stored.id, stored.state, action, now);
      else await options.openCase(tx, action.open.type, action.open.input, now);
    }
    const nowFired = [...fired, ...due.map((timer) => timer.key)];
    await tx.execute(
      sql`UPDATE cases SET timers_fired = ${JSON.stringify(nowFired)}::jsonb, next_timer_at = ${time(nextTimerAt(declared, nowFired))}
          WHERE id = ${stored.id}`,
    );
    return due.map((timer) => timer.key);
  }

  /** A journal entry by the system on a case that stays where it is: the next seq, and the version with it. */
  async function appendNote(tx: Tx, caseId: string, state: string, note: Extract<TimerAction, { note: string }>, now: Date) {
    await tx.execute(
      sql`WITH bumped AS (
            UPDATE cases SET version = version + 1, updated_at = ${time(now)} WHERE id = ${caseId} RETURNING id, version
          ), appended AS (
            INSERT INTO journal (case_id, seq, event_type, payload, actor, from_state, to_state, at)
            SELECT id, version, ${note.note}, ${JSON.stringify(note.payload)}::jsonb, ${JSON.stringify(SYSTEM_ACTOR)}::jsonb,
              ${state}, ${state}, ${time(now)} FROM bumped
            RETURNING case_id, seq
          ) ${outboxEntries(endpoints, sql`SELECT case_id, seq FROM appended`, now)}
          SELECT 1`,
    );
  }

  /** Takes the next case with a timer due (skipping those another server holds) and fires its timers. */
  async function fireNext(now: Date): Promise<{ caseId: string; fired: string[] } | undefined> {
    return db.transaction(async (tx) => {
      const [raw] = await queryRows<LockedCase>(
        tx,
        sql`SELECT ${CASE_COLUMNS}, c.timers_fired FROM cases c
            WHERE c.next_timer_at <= ${time(now)} ORDER BY c.next_timer_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!raw) return undefined;
      try {
        return { caseId: raw.id, fired: await tx.transaction(async (savepoint) => fireDue(savepoint, raw, now)) };
      } catch (error) {
        log({ level: 'error', task: 'timers', caseId: raw.id, error: String(error) });
        await tx.execute(sql`UPDATE cases SET next_timer_at = ${time(new Date(now.getTime() + RETRY_AFTER_ERROR_MS))} WHERE id = ${raw.id}`);
        return { caseId: raw.id, fired: [] };
      }
    });
  }

  /** One round: fires every timer due now, up to `batch` cases. Resolves to the keys fired, by case. */
  async function runOnce(): Promise<Array<{ caseId: string; fired: string[] }>> {
    const now = clock();
    const done: Array<{ caseId: string; fired: string[] }> = [];
    for (let n = 0; n < batch; n++) {
      const result = await fireNext(now);
      if (!result) break;
      done.push(result);
    }
    if (done.some((d) => d.fired.length > 0)) options.onCommitted?.();
    return done;
  }

  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  function start() {
    if (running) return;
    running = true;
    loop = (async () => {
      while (running) {
        let busy = false;
        try {
          busy = (await runOnce()).length === batch;
        } catch (error) {
          log({ level: 'error', task: 'timers', error: String(error) });
        }
        if (busy || !running) continue;
        await new Promise<void>((resolve) => {
          const timeout = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(timeout);
            resolve();
          };
        });
        wake = undefined;
      }
    })();
  }

  /** Stops looking; resolves once the round in progress is committed. */
  async function stop() {
    running = false;
    wake?.();
    await loop;
  }

  return { runOnce, start, stop };
}

export type TimerWorker = ReturnType<typeof createTimerWorker>;
