/**
 * How a stored case is shown to clients (CONTRACT.md "Case view"), and how its due time is
 * derived from the current state's time limit.
 */
import { z } from 'zod';
import { eventsHandledIn, stateInfo } from '../machines/describe.js';
import { findProcess, type ProcessDefinition } from '../machines/index.js';

/** Minutes per state path, per process type, overriding the machines' own limits. */
export type TimeLimitOverrides = Record<string, Record<string, number>>;

export const caseViewSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  type: z.string(),
  definitionVersion: z.number().int(),
  state: z.string(),
  step: z.string(),
  status: z.enum(['active', 'done', 'cancelled']),
  version: z.number().int(),
  context: z.record(z.string(), z.unknown()),
  allowedEvents: z.array(z.string()),
  stateEnteredAt: z.iso.datetime({ offset: true }),
  dueAt: z.iso.datetime({ offset: true }).nullable(),
  stuck: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type CaseView = z.infer<typeof caseViewSchema>;

/** The columns a case view is built from, as the engine and the queries read them. */
export interface StoredCase {
  id: string;
  number: string;
  processType: string;
  definitionVersion: number;
  state: string;
  step: string;
  status: 'active' | 'done' | 'cancelled';
  version: number;
  snapshot: { context: Record<string, unknown> } & Record<string, unknown>;
  stateEnteredAt: Date;
  dueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The events each state handles, worked out once per process and state rather than for every view. */
const handledEvents = new WeakMap<ProcessDefinition, Map<string, string[]>>();
function allowedEventsIn(definition: ProcessDefinition, state: string): string[] {
  let byState = handledEvents.get(definition);
  if (!byState) handledEvents.set(definition, (byState = new Map()));
  let events = byState.get(state);
  if (!events) byState.set(state, (events = eventsHandledIn(definition, state)));
  return events.slice();
}

export function toCaseView(row: StoredCase, now: Date): CaseView {
  const definition = findProcess(row.processType);
  return {
    id: row.id,
    number: row.number,
    type: row.processType,
    definitionVersion: row.definitionVersion,
    state: row.state,
    step: row.step,
    status: row.status,
    version: row.version,
    context: row.snapshot.context,
    allowedEvents: definition ? allowedEventsIn(definition, row.state) : [],
    stateEnteredAt: row.stateEnteredAt.toISOString(),
    dueAt: row.dueAt?.toISOString() ?? null,
    stuck: row.status === 'active' && row.dueAt !== null && row.dueAt.getTime() < now.getTime(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The time limit of a state, in minutes: a deployment's override, else the machine's own. */
export function timeLimitMinutes(
  definition: ProcessDefinition,
  path: string,
  overrides: TimeLimitOverrides = {},
): number | undefined {
  const own = overrides[definition.type];
  return own?.[path] ?? own?.[path.split('.')[0]!] ?? stateInfo(definition, path)?.timeLimitMinutes;
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
  const minutes = timeLimitMinutes(definition, path, overrides);
  return minutes === undefined ? null : new Date(enteredAt.getTime() + minutes * 60_000);
}
