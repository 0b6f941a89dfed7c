/**
 * Moves the open cases of a process to another of its versions (`npm run cli -- migrate`). Each
 * case is read, migrated by the process's own pure migration, and written back with its
 * `case.migrated` journal entry in ONE statement guarded by the version it was read at (the
 * statement the engine applies events with): a crash leaves it migrated with its entry or
 * untouched, and an event that raced it is never lost, since whichever came second finds the
 * version moved and is decided again. A dry run decides the same and writes nothing.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/index.js';
import { migrateSnapshot, processVersions, systemActor, type PersistedSnapshot, type TimerSettings } from '../../machines/index.js';
import { defaultConfig } from '../config.js';
import { loadCase } from './caseRows.js';
import { entriesUpdated, updateCase } from './caseStore.js';
import type { StoredCase } from './caseView.js';
import { outboxEntries } from './outbox.js';
import { dueAtFor, type TimeLimitOverrides } from './timeLimits.js';
import { declaredTimers } from './timers.js';

export type MigrationLine =
  | { number: string; outcome: 'migrated'; fromVersion: number; toVersion: number; fromState: string; toState: string }
  | { number: string; outcome: 'left'; fromVersion: number; reason: string };

export interface MigrationRun {
  /** One line per open case not on the target version, in number order. */
  lines: MigrationLine[];
  migrated: number;
  left: number;
}

export interface MigrateOptions {
  db: Db;
  type: string;
  to: number;
  dryRun?: boolean;
  clock?: () => Date;
  timeLimits?: TimeLimitOverrides;
  /** Where each `case.migrated` entry is delivered, like every other journal entry (none: no deliveries). */
  webhookEndpoints?: readonly string[];
  /** The timers of the migrated case are declared by its new version. */
  timerSettings?: TimerSettings;
  /** Called as each case is decided, so the CLI prints it at once. */
  onLine?: (line: MigrationLine) => void;
}

/** How often a case that keeps changing under the migration is tried before it is left for the next run. */
const ATTEMPTS = 5;
const CONFLICT = Symbol('the case changed while it was being migrated');

/** Why the process or version cannot be migrated to at all; undefined when it can. */
export function unknownTarget(type: string, to: number): string | undefined {
  const versions = processVersions(type);
  if (versions.length === 0) return `there is no process "${type}"`;
  if (!versions.some((v) => v.definitionVersion === to)) {
    return `${type} has no version ${to} (it has ${versions.map((v) => v.definitionVersion).join(', ')})`;
  }
  return undefined;
}

export async function migrateOpenCases(options: MigrateOptions): Promise<MigrationRun> {
  const { db, type, to } = options;
  const problem = unknownTarget(type, to);
  if (problem) throw new Error(problem);
  const versions = processVersions(type);
  const target = versions.find((v) => v.definitionVersion === to)!;
  const clock = options.clock ?? (() => new Date());
  const run: MigrationRun = { lines: [], migrated: 0, left: 0 };

  /** One try on one case: its line, null when it no longer needs migrating, or CONFLICT. */
  async function attempt(id: string): Promise<MigrationLine | null | typeof CONFLICT> {
    const stored = await loadCase(db, id);
    if (!stored || stored.status !== 'active' || stored.definitionVersion === to) return null;
    const from = { number: stored.number, fromVersion: stored.definitionVersion };
    const outcome = migrateSnapshot(versions, stored.snapshot as PersistedSnapshot, stored.definitionVersion, to);
    if (!outcome.ok) return { ...from, outcome: 'left', reason: outcome.reason };
    const line: MigrationLine = { ...from, outcome: 'migrated', toVersion: to, fromState: stored.state, toState: outcome.state };
    if (options.dryRun) return line;

    const now = clock();
    const state = outcome.state;
    const stateEnteredAt = state === stored.state ? stored.stateEnteredAt : now;
    const migrated: StoredCase = {
      ...stored,
      definitionVersion: to,
      state,
      step: state.split('.')[0]!,
      version: stored.version + 1,
      snapshot: outcome.snapshot as StoredCase['snapshot'],
      stateEnteredAt,
      dueAt: dueAtFor(target, state, outcome.snapshot.context, stateEnteredAt, options.timeLimits),
      updatedAt: now,
    };
    const written = await updateCase(
      db,
      {
        before: stored,
        after: migrated,
        type: 'case.migrated',
        payload: { fromVersion: stored.definitionVersion, toVersion: to },
        actor: systemActor,
        snapshotJson: JSON.stringify(outcome.snapshot),
        checkStateEnteredAt: false,
        timers: declaredTimers(target, migrated, options.timerSettings ?? defaultConfig.timerSettings),
      },
      outboxEntries(options.webhookEndpoints ?? [], entriesUpdated),
    );
    return written === 'written' ? line : CONFLICT;
  }

  let after = { length: 0, number: '' };
  for (;;) {
    // Numbers sort by length, then text: WO-999999 comes before WO-1000000.
    const batch = await queryRows<{ id: string; number: string; definition_version: number }>(
      db,
      sql`SELECT id, number, definition_version FROM cases
          WHERE process_type = ${type} AND status = 'active' AND definition_version <> ${to}
            AND (length(number), number) > (${after.length}, ${after.number})
          ORDER BY length(number), number LIMIT 200`,
    );
    if (batch.length === 0) break;
    const last = batch.at(-1)!.number;
    after = { length: last.length, number: last };
    for (const { id, number, definition_version: fromVersion } of batch) {
      let line: MigrationLine | null | typeof CONFLICT = CONFLICT;
      for (let tries = 0; line === CONFLICT && tries < ATTEMPTS; tries++) line = await attempt(id);
      if (line === CONFLICT) line = { number, outcome: 'left', fromVersion, reason: 'it kept changing while it was being migrated: run the migration again' };
      if (!line) continue;
      run.lines.push(line);
      if (line.outcome === 'migrated') run.migrated += 1;
      else run.left += 1;
      options.onLine?.(line);
    }
  }
  return run;
}
