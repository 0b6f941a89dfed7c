/**
 * The statements by which cases change: numbering, opening a case and applying an event, each
 * with its journal entry in the same statement, so neither is ever without the other.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/index.js';
import type { Actor, ProcessDefinition, Searchable } from '../../machines/index.js';
import { CASE_COLUMNS, fromRawCase, type RawCase } from './caseRows.js';
import type { StoredCase } from './caseView.js';
import { jsonb, timestamptz } from './sqlValues.js';

export async function currentVersion(executor: Executor, id: string): Promise<number | undefined> {
  const [row] = await queryRows<{ version: number }>(executor, sql`SELECT version FROM cases WHERE id = ${id}`);
  return row?.version;
}

/** Whether `id` names a case of process `type`. */
export async function caseOfTypeExists(executor: Executor, id: string, type: string): Promise<boolean> {
  const [found] = await queryRows(executor, sql`SELECT 1 FROM cases WHERE id = ${id} AND process_type = ${type}`);
  return found !== undefined;
}

/**
 * The next number of a process (`WO-000042`): bumps its counter row, which stays locked until the
 * transaction ends, so numbers are unique and gap-free.
 */
export async function nextNumber(tx: Executor, definition: ProcessDefinition): Promise<string> {
  const [counter] = await queryRows<{ last_number: number }>(
    tx,
    sql`INSERT INTO case_counters (process_type, last_number) VALUES (${definition.type}, 1)
        ON CONFLICT (process_type) DO UPDATE SET last_number = case_counters.last_number + 1
        RETURNING last_number`,
  );
  return `${definition.numberPrefix}${String(counter!.last_number).padStart(6, '0')}`;
}

/**
 * Inserts an opened case with its `case.created` journal entry, in one statement; `also` adds CTEs
 * that read `created`. The number is `row.number` when the caller took it (`nextNumber`, inside
 * its transaction), or, with `numberPrefix`, bumped from the process's counter in this same
 * statement, whose row lock then lasts only until this statement commits. Answers the number.
 * `nextTimerAt`: when its first timer comes due (the timer worker's queue).
 */
export async function insertCase(
  executor: Executor,
  row: Omit<StoredCase, 'number'> & { number?: string },
  opening: { input: unknown; actor: Actor; search: Searchable; nextTimerAt: Date | null; numberPrefix?: string; also?: SQL },
): Promise<string> {
  const { input, actor, search } = opening;
  const counted = row.number === undefined;
  const number = counted
    ? sql`${opening.numberPrefix ?? ''} || lpad(counter.last_number::text, greatest(6, length(counter.last_number::text)), '0')`
    : sql`${row.number}`;
  const [created] = await queryRows<{ number: string }>(executor, sql`
    WITH ${counted ? sql`counter AS (
      INSERT INTO case_counters (process_type, last_number) VALUES (${row.processType}, 1)
      ON CONFLICT (process_type) DO UPDATE SET last_number = case_counters.last_number + 1
      RETURNING last_number
    ), ` : sql``}created AS (
      INSERT INTO cases (id, number, process_type, definition_version, state, step, status, version, snapshot,
        plate, customer_name, customer_phone, last_actor, state_entered_at, due_at, created_at, updated_at, next_timer_at)
      SELECT ${row.id}, ${number}, ${row.processType}, ${row.definitionVersion}, ${row.state}, ${row.step}, ${row.status}, 1,
        ${JSON.stringify(row.snapshot)}::jsonb, ${search.plate}, ${search.customerName}, ${search.customerPhone}, ${jsonb(actor)},
        ${timestamptz(row.stateEnteredAt)}, ${timestamptz(row.dueAt)}, ${timestamptz(row.createdAt)}, ${timestamptz(row.updatedAt)},
        ${timestamptz(opening.nextTimerAt)}
      ${counted ? sql`FROM counter` : sql``}
      RETURNING id, number
    ), created_entry AS (
      INSERT INTO journal (case_id, seq, event_type, payload, actor, from_state, to_state, at)
      SELECT id, 1, 'case.created', ${jsonb(input)}, ${jsonb(actor)}, NULL, ${row.state}, ${timestamptz(row.createdAt)} FROM created
    ) ${opening.also ?? sql``}
    SELECT number FROM created`);
  return created!.number;
}

/** What became of a guarded write. */
export type WriteOutcome = 'written' | 'conflict' | 'sender revoked';

/**
 * Writes `after` over `before` and appends its journal entry, in one statement guarded by the
 * version read (and, for a remembered copy, its state entry time). Answers `conflict` when another
 * change got there first. With `sentWith` (the hash of the bearer token the sender authenticated
 * with, taken from memory rather than looked up for this request), the statement also requires
 * that token to belong to `entry.actor`, still active: `sender revoked` when it no longer does,
 * and nothing is written. `also` adds CTEs that read `updated`; `nextTimerAt` is the value of
 * `next_timer_at` (an expression over the row's fired timers).
 */
export async function updateCase(
  executor: Executor,
  before: StoredCase,
  after: StoredCase,
  entry: { type: string; payload: unknown; actor: Actor; snapshotJson: string; checkStateEnteredAt: boolean; nextTimerAt?: SQL; also?: SQL; sentWith?: string },
): Promise<WriteOutcome> {
  const sender = entry.sentWith === undefined
    ? undefined
    : sql`EXISTS (SELECT 1 FROM staff WHERE id = ${entry.actor.id} AND role = ${entry.actor.role} AND token_hash = ${entry.sentWith} AND revoked_at IS NULL)`;
  const [row] = await queryRows<{ version: number | null; sender_active: boolean }>(
    executor,
    sql`WITH ${sender ? sql`sender AS (SELECT ${sender} AS active), ` : sql``}updated AS (
          UPDATE cases SET definition_version = ${after.definitionVersion}, state = ${after.state}, step = ${after.step}, status = ${after.status}, version = ${after.version},
            snapshot = ${entry.snapshotJson}::jsonb, last_actor = ${jsonb(entry.actor)}, state_entered_at = ${timestamptz(after.stateEnteredAt)},
            due_at = ${timestamptz(after.dueAt)}, updated_at = ${timestamptz(after.updatedAt)}${entry.nextTimerAt ? sql`, next_timer_at = ${entry.nextTimerAt}` : sql``}
          WHERE id = ${before.id} AND version = ${before.version}
            ${entry.checkStateEnteredAt ? sql`AND state_entered_at = ${timestamptz(before.stateEnteredAt)}` : sql``}
            ${sender ? sql`AND (SELECT active FROM sender)` : sql``}
          RETURNING id, version
        ), appended AS (
          INSERT INTO journal (case_id, seq, event_type, payload, actor, from_state, to_state, at)
          SELECT id, version, ${entry.type}, ${jsonb(entry.payload)}, ${jsonb(entry.actor)}, ${before.state}, ${after.state}, ${timestamptz(after.updatedAt)}
          FROM updated
        ) ${entry.also ?? sql``}
        SELECT (SELECT version FROM updated) AS version, ${sender ? sql`(SELECT active FROM sender)` : sql`true`} AS sender_active`,
  );
  if (row?.version != null) return 'written';
  return row?.sender_active === false ? 'sender revoked' : 'conflict';
}

/**
 * Appends a note by `actor` to a case that stays where it is (an overdue escalation, a
 * reminder): the next seq, and the version with it, in one statement. `also` adds CTEs that read
 * `appended` (case_id, seq).
 */
export async function appendNote(
  executor: Executor,
  stored: Pick<StoredCase, 'id' | 'state'>,
  note: { type: string; payload: unknown; actor: Actor; at: Date; also?: SQL },
): Promise<void> {
  await executor.execute(
    sql`WITH bumped AS (
          UPDATE cases SET version = version + 1, updated_at = ${timestamptz(note.at)} WHERE id = ${stored.id} RETURNING id, version
        ), appended AS (
          INSERT INTO journal (case_id, seq, event_type, payload, actor, from_state, to_state, at)
          SELECT id, version, ${note.type}, ${jsonb(note.payload)}, ${jsonb(note.actor)}, ${stored.state}, ${stored.state}, ${timestamptz(note.at)}
          FROM bumped
          RETURNING case_id, seq
        ) ${note.also ?? sql``}
        SELECT 1`,
  );
}

/** Takes the case whose next timer came due first, under a row lock another server skips; with its fired keys. */
export async function lockNextTimerCase(tx: Executor, now: Date): Promise<(StoredCase & { timersFired: string[] }) | undefined> {
  const [raw] = await queryRows<RawCase & { timers_fired: string[] }>(
    tx,
    sql`SELECT ${CASE_COLUMNS}, c.timers_fired FROM cases c
        WHERE c.next_timer_at <= ${timestamptz(now)} ORDER BY c.next_timer_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
  );
  return raw && { ...fromRawCase(raw), timersFired: raw.timers_fired };
}

/** Records the timers a case has fired, and when its next one is due. */
export async function recordFiredTimers(executor: Executor, id: string, fired: readonly string[], nextTimerAt: Date | null): Promise<void> {
  await executor.execute(sql`UPDATE cases SET timers_fired = ${jsonb(fired)}, next_timer_at = ${timestamptz(nextTimerAt)} WHERE id = ${id}`);
}

/** Puts a case's timers off until `until` (after they failed to fire). */
export async function postponeTimers(executor: Executor, id: string, until: Date): Promise<void> {
  await executor.execute(sql`UPDATE cases SET next_timer_at = ${timestamptz(until)} WHERE id = ${id}`);
}
