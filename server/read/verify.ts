/**
 * Replays every case's journal through its machine and compares the result with what the case
 * row says: the journal is the evidence, the row only a cache of it. Used by `npm run cli -- verify`
 * and by the tests after crashes and races.
 */
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'drizzle-orm';
import type { AnyMachineSnapshot } from 'xstate';
import { queryRows, type Db } from '../../db/index.js';
import { toDate } from '../core/sqlValues.js';
import {
  applyEvent,
  findProcess,
  migrateSnapshot,
  processVersions,
  restoreSnapshot,
  startCase,
  statePath,
  statusOf,
  type Actor,
  type PersistedSnapshot,
  type ProcessDefinition,
} from '../../machines/index.js';

export interface JournalRecord {
  seq: number;
  eventType: string;
  payload: unknown;
  actor: Actor;
  fromState: string | null;
  toState: string;
  at: Date;
}

export interface CaseRecord {
  id: string;
  number: string;
  processType: string;
  /** The version the case runs on; the current one when not given. */
  definitionVersion?: number;
  state: string;
  step: string;
  status: string;
  version: number;
  snapshot: unknown;
  stateEnteredAt: Date;
}

export interface Discrepancy {
  caseId: string;
  number: string;
  /** Each way the row and its journal disagree, in words. */
  problems: string[];
}

export interface VerifyReport {
  cases: number;
  journalEntries: number;
  discrepancies: Discrepancy[];
}

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));

/** The path of the first place two JSON values differ, e.g. `context.estimate.totalMinor`. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      if (found !== undefined) return found;
    }
  }
  return path || '(root)';
}

/**
 * Replays one case's journal (oldest first) through the same pure core the engine applies events
 * with (each entry's payload, actor and time as recorded), and lists where the stored case differs from it:
 * state, step, status, version (= the last seq), the snapshot's state value and context, and
 * when it entered its state. An empty list means the row is exactly what its history says.
 */
export function checkCase(stored: CaseRecord, entries: readonly JournalRecord[]): string[] {
  if (!findProcess(stored.processType)) return [`unknown process type "${stored.processType}"`];
  // A case opened on the version its first migration left, else on the one it runs on now.
  const firstMigration = entries.find((e) => e.eventType === 'case.migrated')?.payload as MigratedPayload | undefined;
  const openedOn = firstMigration?.fromVersion ?? stored.definitionVersion;
  let definition = findProcess(stored.processType, openedOn);
  if (!definition) return [`${stored.processType} has no version ${openedOn}`];
  const [created, ...events] = entries;
  if (!created) return ['has no journal'];
  const problems: string[] = [];
  entries.forEach((entry, index) => {
    if (entry.seq !== index + 1) problems.push(`journal entry ${index + 1} has seq ${entry.seq}`);
  });
  if (created.eventType !== 'case.created' || created.fromState !== null) {
    return [...problems, `journal entry 1 is "${created.eventType}", not the case's creation`];
  }

  let snapshot: AnyMachineSnapshot;
  try {
    const started = startCase(definition, created.payload);
    if (!started.ok) return [...problems, `the creation input does not open a ${definition.type}: ${started.refusal.message}`];
    snapshot = started.value.snapshot;
  } catch (error) {
    return [...problems, `the creation input does not start the machine: ${(error as Error).message}`];
  }
  let stateEnteredAt = created.at;
  if (statePath(snapshot) !== created.toState) {
    problems.push(`journal entry 1 says it opened in "${created.toState}", the machine opens in "${statePath(snapshot)}"`);
  }
  for (const entry of events) {
    const from = statePath(snapshot);
    if (entry.eventType === 'case.migrated') {
      const migrated = migratedBy(definition, snapshot, entry);
      if (typeof migrated === 'string') return [...problems, migrated];
      ({ definition, snapshot } = migrated);
      const to = statePath(snapshot);
      if (entry.fromState !== from || entry.toState !== to) {
        problems.push(`journal entry ${entry.seq} says "${entry.fromState}" → "${entry.toState}", the replay went "${from}" → "${to}"`);
      }
      if (to !== from) stateEnteredAt = entry.at;
      continue;
    }
    const body = { ...(entry.payload as Record<string, unknown>), type: entry.eventType };
    let applied: ReturnType<typeof applyEvent>;
    try {
      applied = applyEvent(definition, snapshot, body, entry.actor, entry.at);
    } catch (error) {
      return [...problems, `journal entry ${entry.seq} (${entry.eventType}) throws in the machine: ${(error as Error).message}`];
    }
    if (!applied.ok) {
      const refusal = applied.refusal;
      return [
        ...problems,
        refusal.code === 'TRANSITION_NOT_ALLOWED'
          ? `journal entry ${entry.seq} (${entry.eventType}) is refused by the machine in "${from}"`
          : `journal entry ${entry.seq} (${entry.eventType}) is refused: ${refusal.message}`,
      ];
    }
    snapshot = applied.value.snapshot;
    const to = statePath(snapshot);
    if (entry.fromState !== from || entry.toState !== to) {
      problems.push(`journal entry ${entry.seq} says "${entry.fromState}" → "${entry.toState}", the replay went "${from}" → "${to}"`);
    }
    if (to !== from) stateEnteredAt = entry.at;
  }

  const state = statePath(snapshot);
  const lastSeq = entries.at(-1)!.seq;
  const expected = {
    state,
    step: state.split('.')[0],
    status: statusOf(snapshot),
    version: lastSeq,
    definitionVersion: stored.definitionVersion === undefined ? undefined : definition.definitionVersion,
  };
  for (const [column, value] of Object.entries(expected)) {
    const actual = stored[column as keyof typeof expected];
    if (actual !== value) problems.push(`${column} is ${JSON.stringify(actual)}, the journal says ${JSON.stringify(value)}`);
  }
  const storedSnapshot = (stored.snapshot ?? {}) as { value?: unknown; context?: unknown };
  const replayed = plain(snapshot) as { value: unknown; context: unknown };
  const valueDiff = firstDifference(plain(storedSnapshot.value), replayed.value, 'value');
  if (valueDiff) problems.push(`the snapshot's ${valueDiff} differs from the replay`);
  const contextDiff = firstDifference(plain(storedSnapshot.context), replayed.context, 'context');
  if (contextDiff) problems.push(`the snapshot's ${contextDiff} differs from the replay`);
  if (stored.stateEnteredAt.getTime() !== stateEnteredAt.getTime()) {
    problems.push(`stateEnteredAt is ${stored.stateEnteredAt.toISOString()}, the journal says ${stateEnteredAt.toISOString()}`);
  }
  return problems;
}

interface MigratedPayload {
  fromVersion: number;
  toVersion: number;
}

/** A `case.migrated` entry replayed: the same pure migration the CLI ran, then the new version's machine. */
function migratedBy(
  definition: ProcessDefinition,
  snapshot: AnyMachineSnapshot,
  entry: JournalRecord,
): { definition: ProcessDefinition; snapshot: AnyMachineSnapshot } | string {
  const { fromVersion, toVersion } = entry.payload as MigratedPayload;
  const refused = (why: string) => `journal entry ${entry.seq} (case.migrated) ${why}`;
  if (fromVersion !== definition.definitionVersion) return refused(`leaves version ${fromVersion}, the replay is on version ${definition.definitionVersion}`);
  const target = findProcess(definition.type, toVersion);
  if (!target) return refused(`moves to version ${toVersion}, which is not registered`);
  const outcome = migrateSnapshot(processVersions(definition.type), plain(snapshot) as PersistedSnapshot, fromVersion, toVersion);
  if (!outcome.ok) return refused(`cannot be replayed: ${outcome.reason}`);
  return { definition: target, snapshot: restoreSnapshot(target, outcome.snapshot) };
}

/** Checks every case, a batch at a time (memory stays bounded however many cases there are). */
export async function verifyCases(db: Db, options: { batchSize?: number } = {}): Promise<VerifyReport> {
  const batchSize = options.batchSize ?? 200;
  const report: VerifyReport = { cases: 0, journalEntries: 0, discrepancies: [] };
  let after: string | null = null;
  for (;;) {
    const rows: Array<{
      id: string;
      number: string;
      process_type: string;
      definition_version: number;
      state: string;
      step: string;
      status: string;
      version: number;
      snapshot: unknown;
      state_entered_at: string | Date;
    }> = await queryRows(
      db,
      sql`SELECT id, number, process_type, definition_version, state, step, status, version, snapshot, state_entered_at FROM cases
          ${after === null ? sql`` : sql`WHERE id > ${after}::uuid`} ORDER BY id LIMIT ${batchSize}`,
    );
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    const journal = await queryRows<{
      case_id: string;
      seq: number;
      event_type: string;
      payload: unknown;
      actor: Actor;
      from_state: string | null;
      to_state: string;
      at: string | Date;
    }>(
      db,
      sql`SELECT case_id, seq, event_type, payload, actor, from_state, to_state, at FROM journal
          WHERE case_id IN (${sql.join(rows.map((row) => sql`${row.id}::uuid`), sql`, `)}) ORDER BY case_id, seq`,
    );
    const byCase = new Map<string, JournalRecord[]>();
    for (const entry of journal) {
      const list = byCase.get(entry.case_id) ?? [];
      list.push({
        seq: entry.seq,
        eventType: entry.event_type,
        payload: entry.payload,
        actor: entry.actor,
        fromState: entry.from_state,
        toState: entry.to_state,
        at: toDate(entry.at),
      });
      byCase.set(entry.case_id, list);
    }
    for (const row of rows) {
      const entries = byCase.get(row.id) ?? [];
      report.cases += 1;
      report.journalEntries += entries.length;
      const problems = checkCase(
        {
          id: row.id,
          number: row.number,
          processType: row.process_type,
          definitionVersion: row.definition_version,
          state: row.state,
          step: row.step,
          status: row.status,
          version: row.version,
          snapshot: row.snapshot,
          stateEnteredAt: toDate(row.state_entered_at),
        },
        entries,
      );
      if (problems.length > 0) report.discrepancies.push({ caseId: row.id, number: row.number, problems });
    }
  }
  return report;
}
