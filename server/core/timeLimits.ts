/** How long a case may stay in a state: the one place that decides a state's effective time limit. */
import { stateInfo } from '../../machines/describe.js';
import type { ProcessDefinition } from '../../machines/index.js';

/** Minutes per state path (or top-level step), per process type, overriding the modules' own limits. */
export type TimeLimitOverrides = Readonly<Record<string, Readonly<Record<string, number>>>>;

/**
 * The time limit of a state in minutes: none for a final state or one whose due time is a
 * moment recorded in the case; else a deployment's override (for the state, then its step),
 * else the module's own; null where there is none.
 */
export function effectiveTimeLimit(definition: ProcessDefinition, path: string, overrides: TimeLimitOverrides = {}): number | null {
  const info = stateInfo(definition, path);
  if (!info || info.final || info.dueFrom) return null;
  const own = overrides[definition.type];
  return own?.[path] ?? own?.[path.split('.')[0]!] ?? info.timeLimitMinutes ?? null;
}

/** When a case entering `path` at `enteredAt` becomes stuck; null where the state has no limit. */
export function dueAtFor(
  definition: ProcessDefinition,
  path: string,
  context: unknown,
  enteredAt: Date,
  overrides?: TimeLimitOverrides,
): Date | null {
  const info = stateInfo(definition, path);
  if (!info || info.final) return null;
  if (info.dueFrom) {
    const moment = definition.dueMoments(context)[info.dueFrom];
    return moment ? new Date(moment) : null;
  }
  const minutes = effectiveTimeLimit(definition, path, overrides);
  return minutes === null ? null : new Date(enteredAt.getTime() + minutes * 60_000);
}
