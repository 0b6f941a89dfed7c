/** The cases table as both the engine and the reads see it: the columns a case is read with, and a row as a `StoredCase`. */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/index.js';
import type { StoredCase } from './caseView.js';
import { toDate } from './sqlValues.js';

export const CASE_COLUMNS = sql.raw(
  `c.id, c.number, c.process_type, c.definition_version, c.state, c.step, c.status, c.version, c.snapshot,
   c.state_entered_at, c.due_at, c.created_at, c.updated_at`,
);

/** A row as `SELECT ${CASE_COLUMNS}` answers it, on either driver. */
export interface RawCase {
  id: string;
  number: string;
  process_type: string;
  definition_version: number;
  state: string;
  step: string;
  status: StoredCase['status'];
  version: number;
  snapshot: StoredCase['snapshot'];
  state_entered_at: string;
  due_at: string | null;
  created_at: string;
  updated_at: string;
}

export function fromRawCase(raw: RawCase): StoredCase {
  return {
    id: raw.id,
    number: raw.number,
    processType: raw.process_type,
    definitionVersion: raw.definition_version,
    state: raw.state,
    step: raw.step,
    status: raw.status,
    version: raw.version,
    snapshot: raw.snapshot,
    stateEnteredAt: toDate(raw.state_entered_at),
    dueAt: raw.due_at === null ? null : toDate(raw.due_at),
    createdAt: toDate(raw.created_at),
    updatedAt: toDate(raw.updated_at),
  };
}

/** One case, under a row lock until commit when `lock`; undefined when there is none. */
export async function loadCase(executor: Executor, id: string, lock = false): Promise<StoredCase | undefined> {
  const [raw] = await queryRows<RawCase>(executor, sql`SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = ${id} ${lock ? sql`FOR UPDATE` : sql``}`);
  return raw && fromRawCase(raw);
}

