/**
 * The statements by which cases change: numbering, opening a case and applying an event, each
 * with its journal entry in the same statement, so neither is ever without the other.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/index.js';
import type { Actor, ProcessDefinition, Searchable } from '../../machines/index.js';
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

/** Inserts an opened case with its `case.created` journal entry; `also` adds CTEs that read `created`. */
export async function insertCase(
  executor: Executor,
  row: StoredCase,
  opening: { input: unknown; actor: Actor; search: Searchable; also?: SQL },
): Promise<void> {
  const { input, actor, search } = opening;
  await executor.execute(sql`
    WITH created AS (
      INSERT INTO cases (id, number, process_type, definition_version, state, step, status, version, snapshot,
        plate, customer_name, customer_phone, last_actor, state_entered_at, due_at, created_at, updated_at)
      VALUES (${row.id}, ${row.number}, ${row.processType}, ${row.definitionVersion}, ${row.state}, ${row.step}, ${row.status}, 1,
        ${JSON.stringify(row.snapshot)}::jsonb, ${search.plate}, ${search.customerName}, ${search.customerPhone}, ${jsonb(actor)},
        ${timestamptz(row.stateEnteredAt)}, ${timestamptz(row.dueAt)}, ${timestamptz(row.createdAt)}, ${timestamptz(row.updatedAt)})
      RETURNING id, number
    ), created_entry AS (
      INSERT INTO journal (case_id, seq, event_type, payload, actor, from_state, to_state, at)
      SELECT id, 1, 'case.created', ${jsonb(input)}, ${jsonb(actor)}, NULL, ${row.state}, ${timestamptz(row.createdAt)} FROM created
    ) ${opening.also ?? sql``}
    SELECT id FROM created`);
}

/**
 * Writes `after` over `before` and appends its journal entry, in one statement guarded by the
 * version read (and, for a remembered copy, its state entry time). Answers whether it was written:
 * false when another change got there first. `also` adds CTEs that read `updated`.
 */
export async function updateCase(
  executor: Executor,
  before: StoredCase,
  after: StoredCase,
  entry: { type: string; payload: unknown; actor: Actor; snapshotJson: string; checkStateEnteredAt: boolean; also?: SQL },
): Promise<boolean> {
  const written = await queryRows<{ version: number }>(
    executor,
    sql`WITH updated AS (
          UPDATE cases SET definition_version = ${after.definitionVersion}, state = ${after.state}, step = ${after.step}, status = ${after.status}, version = ${after.version},
            snapshot = ${entry.snapshotJson}::jsonb, last_actor = ${jsonb(entry.actor)}, state_entered_at = ${timestamptz(after.stateEnteredAt)},
            due_at = ${timestamptz(after.dueAt)}, updated_at = ${timestamptz(after.updatedAt)}
          WHERE id = ${before.id} AND version = ${before.version}
            ${entry.checkStateEnteredAt ? sql`AND state_entered_at = ${timestamptz(before.stateEnteredAt)}` : sql``}
          RETURNING id, version
        ), appended AS (
          INSERT INTO journal (case_id, seq, event_type, payload, actor, from_state, to_state, at)
          SELECT id, version, ${entry.type}, ${jsonb(entry.payload)}, ${jsonb(entry.actor)}, ${before.state}, ${after.state}, ${timestamptz(after.updatedAt)}
          FROM updated
        ) ${entry.also ?? sql``}
        SELECT version FROM updated`,
  );
  return written.length > 0;
}
