/**
 * Test support for the machine tests: drives a process definition the way the engine does
 * (role check, zod payload, stamp `at` and `actor`, pure `transition`), without a database.
 * Imported by `*.test.ts` files only.
 */
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { allowedEvents, refusalReason, statePath, type Actor, type ProcessDefinition, type Role } from './process.js';

/** The fixed clock the tests start from; each event is stamped one minute after the one before. */
export const T0 = Date.parse('2026-11-26T10:00:00.000Z');
export const MINUTE = 60_000;
export const iso = (ms: number) => new Date(ms).toISOString();

export const staff = (role: Role): Actor => ({ id: `${role}-1`, name: `${role} on duty`, role });

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
  send(type: string, payload?: Record<string, unknown>, options?: { role?: Role }): Outcome;
}

export function openCase(definition: ProcessDefinition, input: unknown): TestCase {
  const parsedInput = definition.inputSchema.parse(input);
  let [snapshot] = initialTransition(definition.machine, parsedInput) as [AnyMachineSnapshot, unknown];
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
      const schema = definition.eventSchemas[type];
      if (!schema) throw new Error(`"${type}" is not an event of ${definition.type}`);
      const roles = definition.eventRoles[type]!;
      const role = options.role ?? roles[0]!;
      if (!roles.includes(role)) throw new Error(`a ${role} may not send "${type}" (the engine answers 403)`);
      const parsed = schema.safeParse(payload);
      if (!parsed.success) throw new Error(`"${type}" payload fails its schema: ${parsed.error.message}`);
      const event = { ...parsed.data, type, at: iso(clock), actor: staff(role) };
      clock += MINUTE;
      const [next] = transition(definition.machine, snapshot, event as never) as [AnyMachineSnapshot, unknown];
      if (next === snapshot) return { accepted: false, reason: refusalReason(definition, snapshot, event), state: statePath(snapshot) };
      snapshot = next;
      return { accepted: true, reason: null, state: statePath(snapshot) };
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
