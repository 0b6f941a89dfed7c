/**
 * The statements by which cases change: numbering, opening a case and applying an event, each
 * with its journal entry in the same statement, so neither is ever without the other.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/index.js';
import type { Actor, ProcessDefinition, Searchable, TimerDeclaration } from '../../machines/index.js';
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
 * `nextTimerAt`: when its first timer comes due (the timer worker's queue). With `sentWith` (as
 * `CaseWrite.sentWith`), nothing is inserted nor numbered unless that token still belongs to
 * `actor`, active: then it answers undefined.
 */
export async function insertCase(
  executor: Executor,
  row: Omit<StoredCase, 'number'> & { number?: string },
  opening: { input: unknown; actor: Actor; search: Searchable; nextTimerAt: Date | null; numberPrefix?: string; sentWith?: string; also?: SQL },
): Promise<string | undefined> {
  const { input, actor, search, sentWith } = opening;
  const counted = row.number === undefined;
  const number = counted
    ? sql`${opening.numberPrefix ?? ''} || lpad(counter.last_number::text, greatest(6, length(counter.last_number::text)), '0')`
    : sql`${row.number}`;
  const sender = sentWith !== undefined;
  const [created] = await queryRows<{ number: string }>(executor, sql`
    WITH ${sender ? sql`sender AS (
      SELECT 1 FROM staff s WHERE s.id = ${actor.id} AND s.role = ${actor.role} AND s.token_hash = ${sentWith} AND s.revoked_at IS NULL
    ), ` : sql``}${counted ? sql`counter AS (
      INSERT INTO case_counters (process_type, last_number) SELECT ${row.processType}, 1 ${sender ? sql`FROM sender` : sql``}
      ON CONFLICT (process_type) DO UPDATE SET last_number = case_counters.last_number + 1
      RETURNING last_number
    ), ` : sql``}created AS (
      INSERT INTO cases (id, number, process_type, definition_version, state, step, status, version, snapshot,
        plate, customer_name, customer_phone, last_actor, state_entered_at, due_at, created_at, updated_at, next_timer_at)
      SELECT ${row.id}, ${number}, ${row.processType}, ${row.definitionVersion}, ${row.state}, ${row.step}, ${row.status}, 1,
        ${JSON.stringify(row.snapshot)}::jsonb, ${search.plate}, ${search.customerName}, ${search.customerPhone}, ${jsonb(actor)},
        ${timestamptz(row.stateEnteredAt)}, ${timestamptz(row.dueAt)}, ${timestamptz(row.createdAt)}, ${timestamptz(row.updatedAt)},
        ${timestamptz(opening.nextTimerAt)}
      ${counted ? sql`FROM counter` : sender ? sql`FROM sender` : sql``}
      RETURNING id, number, created_at
    ), created_entry AS (
      INSERT INTO journal (case_id, seq, event_type, payload, actor, from_state, to_state, at)
      SELECT id, 1, 'case.created', ${jsonb(input)}, ${jsonb(actor)}, NULL, ${row.state}, ${timestamptz(row.createdAt)} FROM created
    ) ${opening.also ?? sql``}
    SELECT number FROM created`);
  return created?.number;
}

/** What became of a guarded write. */
export type WriteOutcome = 'written' | 'conflict' | 'sender revoked';

/** One case to write over the copy it was computed from (`before`), with its journal entry. */
export interface CaseWrite {
  before: StoredCase;
  after: StoredCase;
  type: string;
  payload: unknown;
  actor: Actor;
  /** `after.snapshot` as JSON, serialized once by the caller. */
  snapshotJson: string;
  /** Also require the state entry time read (a remembered copy: the one column that changes without a new version). */
  checkStateEnteredAt: boolean;
  /** The timers the case declares where it now stands: `next_timer_at` becomes the earliest the row has not fired. */
  timers: readonly TimerDeclaration[];
  /**
   * The hash of the bearer token the sender authenticated with, taken from memory rather than
   * looked up for this request: the write then also requires that token to belong to `actor`,
   * still active, and is `sender revoked` otherwise.
   */
  sentWith?: string;
}

/** A write as one element of the statement's input (its snapshot spliced in as it was serialized). */
function inputRow(write: CaseWrite, idx: number): string {
  const { before, after, actor, sentWith } = write;
  const row = JSON.stringify({
    idx,
    id: before.id,
    expected_version: before.version,
    check_entered: write.checkStateEnteredAt,
    entered_before: before.stateEnteredAt.toISOString(),
    sender_id: sentWith === undefined ? null : actor.id,
    sender_role: sentWith === undefined ? null : actor.role,
    sender_hash: sentWith ?? null,
    definition_version: after.definitionVersion,
    state: after.state,
    step: after.step,
    status: after.status,
    version: after.version,
    actor,
    state_entered_at: after.stateEnteredAt.toISOString(),
    due_at: after.dueAt?.toISOString() ?? null,
    updated_at: after.updatedAt.toISOString(),
    timers: write.timers.map(({ key, at }) => ({ key, at })),
    event_type: write.type,
    payload: write.payload ?? null,
    from_state: before.state,
  });
  return `${row.slice(0, -1)},"snapshot":${write.snapshotJson}}`;
}

const SENDER_ACTIVE = sql.raw(`(i.sender_hash IS NULL OR EXISTS (
  SELECT 1 FROM staff s WHERE s.id = i.sender_id AND s.role = i.sender_role AND s.token_hash = i.sender_hash AND s.revoked_at IS NULL))`);

/**
 * Input slots come in sets of this many: a group fills the first slots of the fewest sets that
 * hold it and leaves the rest null, so that groups of any size make a handful of statement texts
 * (each prepared and planned once per connection), and a small group builds few empty slots.
 */
const INPUT_SLOTS = 16;

/**
 * The writes as the rows of a function in FROM (the statement names its columns). A write alone is
 * a JSON array of one, which PostgreSQL reads cheapest (one request at a time it cost 10–20 % less
 * of PostgreSQL's CPU than the form below). A group is an array of JSON parameters, one each, in
 * the first of its slots (the rest null, their rows all null): one JSON array of a whole group
 * would be one string as long as the group, and past 64 K characters of two-byte text (one
 * Chinese plate or name is enough) V8 allocates such a string in its large-object space, which
 * measured 0.9 ms to build against 15 µs just under that size: about a group of 15 work orders.
 */
function inputRows(writes: readonly CaseWrite[]): SQL {
  if (writes.length === 1) return sql`jsonb_to_recordset(${`[${inputRow(writes[0]!, 0)}]`}::jsonb)`;
  const slots = Math.ceil(writes.length / INPUT_SLOTS) * INPUT_SLOTS;
  const values = Array.from({ length: slots }, (_, idx) => {
    const write = writes[idx];
    return sql`${write === undefined ? null : inputRow(write, idx)}::jsonb`;
  });
  return sql`unnest(ARRAY[${sql.join(values, sql`, `)}]) AS r(j), jsonb_to_record(r.j)`;
}

/**
 * The cases written, named once more beside the join: a write alone names its case by primary key,
 * so PostgreSQL reaches it by the index even with a plan made while the table was nearly empty
 * (joined with the input alone, such a plan scans the whole table, however large it has grown).
 */
const theCases = (writes: readonly CaseWrite[]) =>
  writes.length === 1 ? sql`cases.id = ${writes[0]!.before.id}::uuid` : sql`cases.id = ANY (${`{${writes.map((w) => w.before.id).join(',')}}`}::uuid[])`;

/**
 * Writes each case over the copy it was computed from and appends its journal entry, all in ONE
 * statement: one row each, guarded by the version read (and the checks `CaseWrite` asks for). A
 * row whose guard fails is not written, and its entry not appended; the others are. Answers an
 * outcome per write, in order: `conflict` when another change got there first (or an earlier write
 * of the same case in this statement). `also` adds CTEs that read `updated` (id, version,
 * updated_at, and idx: the write's position).
 */
export async function updateCases(executor: Executor, writes: readonly CaseWrite[], also?: SQL): Promise<WriteOutcome[]> {
  const outcomes = await queryRows<{ idx: number; outcome: WriteOutcome }>(
    executor,
    sql`WITH input AS (
          SELECT i.* FROM ${inputRows(writes)} AS i(idx int, id uuid, expected_version int, check_entered boolean,
            entered_before timestamptz, sender_id uuid, sender_role text, sender_hash text, definition_version int, state text, step text,
            status text, version int, actor jsonb, state_entered_at timestamptz, due_at timestamptz, updated_at timestamptz, timers jsonb,
            event_type text, payload jsonb, from_state text, snapshot jsonb)
          WHERE i.idx IS NOT NULL
        ), updated AS (
          UPDATE cases SET definition_version = i.definition_version, state = i.state, step = i.step, status = i.status, version = i.version,
            snapshot = i.snapshot, last_actor = i.actor, state_entered_at = i.state_entered_at, due_at = i.due_at, updated_at = i.updated_at,
            next_timer_at = (SELECT min(t.at) FROM jsonb_to_recordset(i.timers) AS t(key text, at timestamptz) WHERE NOT (cases.timers_fired ? t.key))
          FROM input i
          WHERE ${theCases(writes)} AND cases.id = i.id AND cases.version = i.expected_version
            AND (NOT i.check_entered OR cases.state_entered_at = i.entered_before)
            AND ${SENDER_ACTIVE}
          RETURNING cases.id, cases.version, cases.updated_at, i.idx, i.event_type, i.payload, i.actor, i.from_state, i.state
        ), appended AS (
          INSERT INTO journal (case_id, seq, event_type, payload, actor, from_state, to_state, at)
          SELECT id, version, event_type, payload, actor, from_state, state, updated_at FROM updated
        ) ${also ?? sql``}
        SELECT idx, 'written' AS outcome FROM updated
        UNION ALL SELECT i.idx, 'sender revoked' FROM input i WHERE NOT ${SENDER_ACTIVE}`,
  );
  const byIdx = new Map(outcomes.map((row) => [row.idx, row.outcome]));
  return writes.map((_, idx) => byIdx.get(idx) ?? 'conflict');
}

/** The journal entries an `updateCases` statement appended, as `outboxEntries` reads them (from its `also`). */
export const entriesUpdated = sql`SELECT id AS case_id, version AS seq, updated_at AS at FROM updated`;

/** `updateCases` for one write. */
export async function updateCase(executor: Executor, write: CaseWrite, also?: SQL): Promise<WriteOutcome> {
  const [outcome] = await updateCases(executor, [write], also);
  return outcome!;
}

/**
 * Appends a note by `actor` to a case that stays where it is (an overdue escalation, a
 * reminder): the next seq, and the version with it, in one statement. `also` adds CTEs that read
 * `appended` (case_id, seq, at).
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
          RETURNING case_id, seq, at
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
