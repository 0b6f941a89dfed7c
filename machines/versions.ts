/**
 * Versions of a process and the migration of open cases between them (CONTRACT.md "Versions of
 * a process"). A case runs on the version it was opened with; a version may declare how a case
 * of the version before it moves over: a pure function of the snapshot (where each state goes,
 * and how the context changes) that answers the migrated snapshot or why the case cannot move.
 * Like Camunda's instance migration plans: a mapping per state, no mapping, no migration.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { pathOfValue } from './process.js';

export { pathOfValue };

/** A snapshot as the database keeps it (XState's persisted form); only `value` and `context` matter here. */
export interface PersistedSnapshot {
  value: unknown;
  context: unknown;
  [key: string]: unknown;
}

export type MigrationOutcome = { ok: true; snapshot: PersistedSnapshot; state: string } | { ok: false; reason: string };

/** What a version declares about the version before it. */
export interface Migration {
  /** The version it migrates from: always the one just before. */
  from: number;
  /** Where a case resting in a state of `from` (dotted path) rests after migrating; a state left out cannot be migrated. */
  states: Readonly<Record<string, string>>;
  /**
   * The context a case carries on the new version, or the reason (a sentence staff read) why this
   * case cannot move. Pure: no clock, no I/O; `state` is where it rests before and after.
   */
  context(context: any, state: { from: string; to: string }): { context: unknown } | { refused: string };
}

/** Reads as the rule it is: `{ refused: 'why' }` is the migration's way of saying no. */
export const refuseMigration = (reason: string) => ({ refused: reason });

/**
 * The mapping of a version that kept the states of the one before: every state a case of
 * `previous` can rest in while open, to the same state.
 */
export function everyOpenStateToItself(previous: AnyStateMachine): Record<string, string> {
  const paths: string[] = [];
  const walk = (node: AnyStateNode) => {
    const children = Object.values(node.states) as AnyStateNode[];
    if (children.length > 0) return children.forEach(walk);
    if (node.type !== 'final' && !(node.always && node.always.length > 0)) paths.push(node.path.join('.'));
  };
  walk(previous.root);
  return Object.fromEntries(paths.map((path) => [path, path]));
}

/** The state value of a dotted path: `repair.ready` → `{ repair: 'ready' }`. */
export function valueOfPath(path: string): unknown {
  const parts = path.split('.');
  return parts.slice(0, -1).reduceRight<unknown>((child, key) => ({ [key]: child }), parts.at(-1)!);
}

/** One version of a process, as far as migrating to it is concerned. */
export interface VersionedMachine {
  definitionVersion: number;
  machine: AnyStateMachine;
  migration?: Migration;
}

/**
 * Moves a case's snapshot from `from` to `to` through each version's migration in turn
 * (1 → 2 → 3). Pure. Refuses when a version in between declares no migration, when the
 * case's state has no mapping, when the context change refuses, or when the mapped state is
 * not a state of the target machine.
 */
export function migrateSnapshot(
  versions: readonly VersionedMachine[],
  snapshot: PersistedSnapshot,
  from: number,
  to: number,
): MigrationOutcome {
  if (to === from) return { ok: false, reason: `it is already on version ${to}` };
  if (to < from) return { ok: false, reason: `it is on version ${from}: a case never moves back to an earlier version` };
  let current = snapshot;
  let state = pathOfValue(snapshot.value);
  for (let version = from + 1; version <= to; version++) {
    const target = versions.find((v) => v.definitionVersion === version);
    if (!target) return { ok: false, reason: `there is no version ${version}` };
    const migration = target.migration;
    if (!migration || migration.from !== version - 1) {
      return { ok: false, reason: `version ${version} declares no migration from version ${version - 1}` };
    }
    const mapped = Object.hasOwn(migration.states, state) ? migration.states[state] : undefined;
    if (mapped === undefined) return { ok: false, reason: `its state "${state}" has no mapping to version ${version}` };
    const changed = migration.context(current.context, { from: state, to: mapped });
    if ('refused' in changed) return { ok: false, reason: changed.refused };
    const problem = notARestingState(target.machine, mapped);
    if (problem) return { ok: false, reason: `"${mapped}" ${problem} of version ${version}` };
    const resolved = target.machine.resolveState({ value: valueOfPath(mapped), context: changed.context } as never);
    current = resolved.toJSON() as PersistedSnapshot;
    state = mapped;
  }
  return { ok: true, snapshot: current, state };
}

/** Why a case cannot rest at `path` of `machine` (no such state, a parent, a routing state), or null. */
function notARestingState(machine: AnyStateMachine, path: string): string | null {
  let node = machine.root;
  for (const key of path.split('.')) {
    const child = node.states[key];
    if (!child) return 'is not a state';
    node = child;
  }
  if (Object.keys(node.states).length > 0) return 'has sub-states: name one';
  if (node.always && node.always.length > 0) return 'only routes and is no resting state';
  return null;
}

type NodeConfig = { states?: Record<string, NodeConfig> } & Record<string, unknown>;

/**
 * A copy of a machine config with the state node at each dotted path replaced by what its change
 * answers: how a version built on the one before says exactly what it changes, and nothing else.
 */
export function reviseStates<T extends NodeConfig>(config: T, changes: Record<string, (node: any) => NodeConfig>): T {
  let revised: NodeConfig = config;
  for (const [path, change] of Object.entries(changes)) revised = reviseAt(revised, path.split('.'), change, path);
  return revised as T;
}

function reviseAt(node: NodeConfig, keys: string[], change: (node: NodeConfig) => NodeConfig, path: string): NodeConfig {
  const [key, ...rest] = keys;
  const child = key === undefined ? undefined : node.states?.[key];
  if (!child) throw new Error(`no state "${path}" to revise`);
  return { ...node, states: { ...node.states, [key!]: rest.length === 0 ? change(child) : reviseAt(child, rest, change, path) } };
}
