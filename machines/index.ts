/**
 * The registry of process definitions. Adding a process means adding one machine file and one
 * line here; the API, the OpenAPI document, the diagrams and the board are derived from it.
 */
import { complaintProcess } from './complaint.js';
import { followUpProcess } from './followUp.js';
import type { ProcessDefinition } from './process.js';
import { workOrderProcess } from './workOrder.js';

export const processes: readonly ProcessDefinition[] = [workOrderProcess, complaintProcess, followUpProcess];

export function findProcess(type: string): ProcessDefinition | undefined {
  return processes.find((p) => p.type === type);
}

export * from './process.js';
export * from './timers.js';
