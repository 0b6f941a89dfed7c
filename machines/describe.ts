/**
 * A process definition read as data: its resting states (transient routing states are folded
 * into the transitions that pass through them), their metadata and their transitions with the
 * roles that may send each event. The API, the diagram and the board are drawn from this.
 */
import type { AnyStateNode } from 'xstate';
import { staffRoles, stateMeta, type ActorRole, type ProcessDefinition, type StateMeta } from './process.js';

export interface TransitionInfo {
  event: string;
  /** Where the case may rest after the event (several when a transient state routes it). */
  targets: string[];
  /** The staff roles that may send it over the API (a customer signs through a link, not with a token). */
  roles: readonly ActorRole[];
  /** A customer may send it by signing on their own phone (CONTRACT.md "The customer's own phone"). */
  customerSigns: boolean;
  /** The named rule that must hold, with the sentence shown when it does not. */
  guard: string | null;
}

export interface StateInfo extends StateMeta {
  path: string;
  step: string;
  final: boolean;
  transitions: TransitionInfo[];
}

export interface ProcessInfo {
  type: string;
  definitionVersion: number;
  title: ProcessDefinition['title'];
  initial: string;
  states: StateInfo[];
}

const pathOf = (node: AnyStateNode) => node.path.join('.');
const isTransient = (node: AnyStateNode) => node.always !== undefined && node.always.length > 0;

/** The resting leaf states reached by entering `node` (its initial chain, through transient routers). */
function restingTargets(node: AnyStateNode): string[] {
  if (isTransient(node)) return [...new Set(node.always!.flatMap((t) => (t.target ?? []).flatMap(restingTargets)))];
  if (node.type === 'compound') return restingTargets(node.states[node.config.initial as string]!);
  return [pathOf(node)];
}

function leaves(node: AnyStateNode): AnyStateNode[] {
  const children = Object.values(node.states) as AnyStateNode[];
  if (children.length === 0) return [node];
  return children.flatMap(leaves);
}

function ancestry(node: AnyStateNode): AnyStateNode[] {
  const chain: AnyStateNode[] = [];
  for (let n: AnyStateNode | undefined = node; n && n.parent; n = n.parent) chain.push(n);
  return chain;
}

function describeUncached(definition: ProcessDefinition): ProcessInfo {
  const machine = definition.machine;
  const states = leaves(machine.root)
    .filter((node) => !isTransient(node))
    .map((node): StateInfo => {
      const path = pathOf(node);
      const transitions: TransitionInfo[] = [];
      for (const owner of ancestry(node)) {
        for (const [event, list] of owner.transitions) {
          if (event.startsWith('xstate.')) continue;
          for (const t of list) {
            const targets = t.target ? [...new Set(t.target.flatMap(restingTargets))] : [path];
            const guard = typeof t.guard === 'string' ? t.guard : null;
            const roles = definition.events[event]?.roles ?? [];
            transitions.push({ event, targets, roles: roles.filter((r) => (staffRoles as readonly string[]).includes(r)), customerSigns: roles.includes('customer'), guard });
          }
        }
      }
      return { path, step: path.split('.')[0]!, final: node.type === 'final', transitions, ...stateMeta(machine, path) };
    });
  return {
    type: definition.type,
    definitionVersion: definition.definitionVersion,
    title: definition.title,
    initial: restingTargets(machine.root)[0]!,
    states,
  };
}

const cache = new WeakMap<ProcessDefinition, { info: ProcessInfo; byPath: Map<string, StateInfo> }>();

function described(definition: ProcessDefinition) {
  let entry = cache.get(definition);
  if (!entry) {
    const info = describeUncached(definition);
    entry = { info, byPath: new Map(info.states.map((s) => [s.path, s])) };
    cache.set(definition, entry);
  }
  return entry;
}

export function describeProcess(definition: ProcessDefinition): ProcessInfo {
  return described(definition).info;
}

export function stateInfo(definition: ProcessDefinition, path: string): StateInfo | undefined {
  return described(definition).byPath.get(path);
}

/** The events a resting state handles (its own and its ancestors'), whatever the caller's role. */
export function eventsHandledIn(definition: ProcessDefinition, path: string): string[] {
  return [...new Set(stateInfo(definition, path)?.transitions.map((t) => t.event) ?? [])];
}
