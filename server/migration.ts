/**
 * Moves the open cases of a process to another version of it (`npm run cli -- migrate`). Each
 * case is read, migrated by the process's own pure migration, and written back in ONE statement
 * guarded by the version it was read at, with its `case.migrated` journal entry: a crash leaves
 * it migrated with its entry or untouched, and an event that raced it is never lost (whichever
 * came second sees the other's version and is decided again). A dry run writes nothing.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/index.js';
import { migrateSnapshot, type VersionedMachine } from '../machines/versions.js';
import type { ProcessDefinition } from '../machines/index.js';
import { dueAtFor, type StoredCase, type TimeLimitOverrides } from './caseView.js';
import { CASE_COLUMNS, fromRawCase, type RawCase } from './engine.js';

/** The server itself, as it appears in the journal. */
export const systemActor = { id: 'system', name: 'caseflow', role: 'system' } as const;

export type MigrationLine =
  | { number: string; id: string; outcome: 'migrated'; fromVersion: number; toVersion: number; fromState: string; toState: string }
  | { number: string; id: string; outcome: 'left'; fromVersion: number; reason: string };

export interface MigrationRun {
  /** Every open case not yet on the target version, in number order. */
  lines: MigrationLine[];
  migrated: number;
  left: number;
}

export interface MigrateOptions {
  db: Db;
  /** Every version of the process, oldest first. */
  versions: readonly (ProcessDefinition & VersionedMachine)[];
  to: number;
  dryRun?: boolean;
  clock?: () => Date;
  timeLimits?: TimeLimitOverrides;
  /** Called as each case is decided (the CLI prints it at once). */
  onLine?: (line: MigrationLine) => void;
  /** How many times a case that keeps changing under the migration is tried (default 5). */
  attempts?: number;
}

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;
const time = (value: Date | null) => (value === null ? sql`null::timestamptz` : sql`${value.toISOString()}::timestamptz`);

const CONFLICT = Symbol('the case changed while it was being migrated');

export async function migrateOpenCases(options: MigrateOptions): Promise<MigrationRun> {
  const { db, versions, to } = options;
  const clock = options.clock ?? (() => new Date());
  const target = versions.find((v) => v.definitionVersion === to);
  if (!target) throw new Error(`there is no version ${to}`);
  const type = target.type;
  const run: MigrationRun = { lines: [], migrated: 0, left: 0 };
  const report = (line: MigrationLine) => {
    run.lines.push(line);
    if (line.outcome === 'migrated') run.migrated += 1;
    else run.left += 1;
    options.onLine?.(line);
  };

  /** One try on one case: the line to print, or CONFLICT when an event got there first. */
  async function attempt(id: string): Promise<MigrationLine | null | typeof CONFLICT> {
    const [raw] = await queryRows<RawCase>(db, sql`SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = ${id}`);
    if (!raw) return null;
    const stored = fromRawCase(raw);
    if (stored.status !== 'active' || stored.definitionVersion === to) return null;
    const base = { number: stored.number, id: stored.id, fromVersion: stored.definitionVersion };
    const outcome = migrateSnapshot(versions, stored.snapshot as never, stored.definitionVersion, to);
    if (!outcome.ok) return { ...base, outcome: 'left', reason: outcome.reason };
    const line: MigrationLine = { ...base, outcome: 'migrated', toVersion: to, fromState: stored.state, toState: outcome.state };
    if (options.dryRun) return line;

    const now = clock();
    const state = outcome.state;
    const context = outcome.snapshot.context;
    const stateEnteredAt = state === stored.state ? stored.stateEnteredAt : now;
    const dueAt = dueAtFor(target!, state, context, stateEnteredAt, options.timeLimits);
    const search = target!.searchFields(context);
    const row: StoredCase = { ...stored, definitionVersion: to, state, step: state.split('.')[0]!, version: stored.version + 1 };
    const written = await queryRows<{ id: string }>(
      db,
      sql`WITH updated AS (
            UPDATE cases SET definition_version = ${to}, state = ${state}, step = ${row.step}, version = ${row.version},
              snapshot = ${JSON.stringify(outcome.snapshot)}::jsonb, plate = ${search.plate}, customer_name = ${search.customerName},
              customer_phone = ${search.customerPhone}, last_actor = ${json(systemActor)},
              state_entered_at = ${time(stateEnteredAt)}, due_at = ${time(dueAt)}, updated_at = ${time(now)}
            WHERE id = ${id} AND version = ${stored.version} AND definition_version = ${stored.definitionVersion}
            RETURNING id, version
          ), appended AS (
            INSERT INTO journal (case_id, seq, event_type, payload, actor, from_state, to_state, at)
            SELECT id, version, 'case.migrated', ${json({ fromVersion: stored.definitionVersion, toVersion: to })},
              ${json(systemActor)}, ${stored.state}, ${state}, ${time(now)} FROM updated
          )
          SELECT id FROM updated`,
    );
    return written.length === 0 ? CONFLICT : line;
  }

  let after = '';
  for (;;) {
    const batch = await queryRows<{ id: string; number: string; definition_version: number }>(
      db,
      sql`SELECT id, number, definition_version FROM cases WHERE process_type = ${type} AND status = 'active'
            AND definition_version <> ${to} AND (length(number), number) > (${after.length}, ${after})
          ORDER BY length(number), number LIMIT 200`,
    );
    if (batch.length === 0) break;
    after = batch.at(-1)!.number;
    for (const { id, number, definition_version: fromVersion } of batch) {
      let line: MigrationLine | null | typeof CONFLICT = CONFLICT;
      for (let tries = 0; line === CONFLICT && tries < (options.attempts ?? 5); tries++) line = await attempt(id);
      if (line === CONFLICT) {
        line = { number, id, outcome: 'left', fromVersion, reason: 'it kept changing while being migrated: run the migration again' };
      }
      if (line) report(line);
    }
  }
  return run;
}
