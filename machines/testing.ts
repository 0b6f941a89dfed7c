/**
 * Test support for the machine tests: drives a process definition the way the engine does
 * (role check, zod payload, stamp `at` and `actor`, pure `transition`), without a database.
 * Imported by `*.test.ts` files only.
 */
import type { AnyMachineSnapshot } from 'xstate';
import { applyEvent, startCase } from './apply.js';
import { allowedEvents, statePath, type Actor, type ActorRole, type ProcessDefinition } from './process.js';

/** The fixed clock the tests start from; each event is stamped one minute after the one before. */
export const T0 = Date.parse('2026-11-26T10:00:00.000Z');
export const MINUTE = 60_000;
export const iso = (ms: number) => new Date(ms).toISOString();

export const staff = <R extends ActorRole>(role: R): Actor & { role: R } => ({ id: `${role}-1`, name: `${role} on duty`, role });

export interface Outcome {
  accepted: boolean;
  /** The refusal sentence, when refused. */
  reason: string | null;
  state: string;
}

/** One case, driven event by event. */
export interface TestCase {
  readonly snapshot: AnyMachineSnapshot;
  readonly state: string;
  readonly context: any;
  readonly allowed: string[];
  /** The time the next event will be stamped with. */
  readonly now: number;
  /**
   * Sends an event as the engine does. Throws when the engine would have refused it before the
   * machine sees it (a role that may not send it, a payload that fails its schema): tests that
   * mean to exercise those checks call the schema or `eventRoles` directly.
   */
  send(type: string, payload?: Record<string, unknown>, options?: { role?: ActorRole }): Outcome;
}

export function openCase(definition: ProcessDefinition, input: unknown): TestCase {
  const started = startCase(definition, input);
  if (!started.ok) throw new Error(`the input does not open a ${definition.type}: ${started.refusal.message}`);
  let snapshot = started.value.snapshot;
  let clock = T0;
  return {
    get snapshot() {
      return snapshot;
    },
    get state() {
      return statePath(snapshot);
    },
    get context() {
      return snapshot.context;
    },
    get allowed() {
      return allowedEvents(snapshot);
    },
    get now() {
      return clock;
    },
    send(type, payload = {}, options = {}) {
      const role = options.role ?? definition.events[type]?.roles[0] ?? 'manager';
      const result = applyEvent(definition, snapshot, { ...payload, type }, staff(role), new Date(clock));
      if (!result.ok && result.refusal.code !== 'TRANSITION_NOT_ALLOWED') {
        throw new Error(`the engine refuses "${type}" before the machine sees it (${result.refusal.code}): ${result.refusal.message}`);
      }
      clock += MINUTE;
      if (result.ok) {
        snapshot = result.value.snapshot;
        return { accepted: true, reason: null, state: statePath(snapshot) };
      }
      return { accepted: false, reason: result.refusal.message, state: statePath(snapshot) };
    },
  };
}

/** Every state node below the root, with its dotted path. */
export function stateNodes(definition: ProcessDefinition) {
  const nodes: Array<{ path: string; node: any }> = [];
  const walk = (node: any) => {
    for (const child of Object.values(node.states) as any[]) {
      nodes.push({ path: child.path.join('.'), node: child });
      walk(child);
    }
  };
  walk(definition.machine.root);
  return nodes;
}

/** A state node that only routes (an `always` transition) and where no case ever rests. */
export const isTransient = (node: any) => Array.isArray(node.always) && node.always.length > 0;

/** Event types some state node of the machine handles. */
export function handledEventTypes(definition: ProcessDefinition): Set<string> {
  const types = new Set<string>();
  for (const { node } of [{ node: definition.machine.root }, ...stateNodes(definition)]) {
    for (const type of (node.transitions as Map<string, unknown>).keys()) if (!type.startsWith('xstate.')) types.add(type);
  }
  return types;
}

/** Names of the guards the machine's transitions (including `always`) refer to. */
export function referencedGuards(definition: ProcessDefinition): Set<string> {
  const names = new Set<string>();
  const add = (t: any) => {
    const guard = typeof t.guard === 'string' ? t.guard : t.guard?.type;
    if (guard) names.add(guard);
  };
  for (const { node } of [{ node: definition.machine.root }, ...stateNodes(definition)]) {
    for (const list of (node.transitions as Map<string, any[]>).values()) list.forEach(add);
    (node.always ?? []).forEach(add);
  }
  return names;
}

/** The roles of each event, as one table (what the contract's tables list). */
export const eventRoles = (definition: ProcessDefinition) =>
  Object.fromEntries(Object.entries(definition.events).map(([type, e]) => [type, e.roles]));

/** The payload schema of each event, as one table. */
export const eventSchemas = (definition: ProcessDefinition) =>
  Object.fromEntries(Object.entries(definition.events).map(([type, e]) => [type, e.schema]));
