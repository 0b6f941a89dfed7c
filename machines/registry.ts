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
  const found = registered.find((p) => p.type === type);
  if (!found || (version !== undefined && version !== found.definitionVersion)) return undefined;
  return found;
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
