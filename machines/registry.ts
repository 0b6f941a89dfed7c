/**
 * The registry of process modules. Adding a process means adding its folder and one line here;
 * the engine, the API and its document, the screens, the board, the demo and search read it.
 */
import { complaintProcess } from './complaint/index.js';
import type { ListPage, ProcessDefinition } from './process.js';
import { workOrderProcess } from './work-order/index.js';

const registered: ProcessDefinition[] = [workOrderProcess, complaintProcess];

/** Every registered process (its current version), in the order the screens list them. */
export const processes: readonly ProcessDefinition[] = registered;

/**
 * A process by type; by default its current version, else the version a case was opened with.
 * Undefined for an unknown type or version.
 */
export function findProcess(type: string, version?: number): ProcessDefinition | undefined {
  const current = registered.find((p) => p.type === type);
  if (!current || version === undefined || version === current.definitionVersion) return current;
  return current.earlierVersions?.find((p) => p.definitionVersion === version);
}

/** Every version of a process still in use, oldest first; empty for an unknown type. */
export function processVersions(type: string): readonly ProcessDefinition[] {
  const current = registered.find((p) => p.type === type);
  return current ? [...(current.earlierVersions ?? []), current] : [];
}

/** Every list screen of a process: its own, then its others. */
export const listsOf = (definition: ProcessDefinition): ListPage[] => [definition.list, ...(definition.otherLists ?? [])];

/**
 * Registers a process module at run time: for test fixtures, which prove that a process defined
 * nowhere else appears everywhere. Answers a function that removes it again.
 */
export function registerProcess(definition: ProcessDefinition): () => void {
  if (registered.some((p) => p.type === definition.type)) throw new Error(`process "${definition.type}" is already registered`);
  registered.push(definition);
  return () => {
    const index = registered.indexOf(definition);
    if (index >= 0) registered.splice(index, 1);
  };
}
