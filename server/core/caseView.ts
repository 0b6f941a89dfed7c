/** How a stored case is shown to clients (CONTRACT.md "Case view"). */
import { z } from 'zod';
import { eventsHandledIn } from '../../machines/describe.js';
import type { CaseRow } from '../../db/schema.js';
import { caseStatuses, findProcess, type ProcessDefinition } from '../../machines/index.js';

export const caseViewSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  type: z.string(),
  definitionVersion: z.number().int(),
  state: z.string(),
  step: z.string(),
  status: z.enum(caseStatuses),
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

/** The columns a case view is built from, as the engine and the queries read them (typed by the schema). */
export type StoredCase = Pick<
  CaseRow,
  'id' | 'number' | 'processType' | 'definitionVersion' | 'state' | 'step' | 'status' | 'version' | 'stateEnteredAt' | 'dueAt' | 'createdAt' | 'updatedAt'
> & {
  /** A machine snapshot as persisted (`snapshot.toJSON()`): its context is plain JSON. */
  snapshot: { context: Record<string, unknown> } & Record<string, unknown>;
};

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
  const definition = findProcess(row.processType, row.definitionVersion);
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

/**
 * Stands for a member already serialized, while the rest of its object is. It starts with a NUL,
 * which no stored text may hold (PostgreSQL cannot keep one), so it can stand for nothing else.
 */
const PLACEHOLDER = '\u0000spliced';
const SPLICED = JSON.stringify(PLACEHOLDER);

/** `value` serialized around `value[key]`: the JSON before it and after it. */
function around(value: Record<string, unknown>, key: string): [string, string] {
  const skeleton = JSON.stringify({ ...value, [key]: PLACEHOLDER });
  const at = skeleton.indexOf(SPLICED);
  return [skeleton.slice(0, at), skeleton.slice(at + SPLICED.length)];
}

/** `JSON.stringify(value)` where `value[key]` is given as the JSON it serializes to. */
export function jsonWith(value: Record<string, unknown>, key: string, json: string): string {
  const [before, after] = around(value, key);
  return before + json + after;
}

/**
 * `jsonWith` as the UTF-8 an answer is sent in, its parts written straight into one buffer. As one
 * string it would be copied whole twice on its way to the socket (to measure it, then behind the
 * status line and headers), as two-byte text whenever a name or plate is Chinese: 17 µs an
 * answer against 9 µs, and two copies fewer for the garbage collector.
 */
export function jsonBytesWith(value: Record<string, unknown>, key: string, json: string): Buffer<ArrayBuffer> {
  const [before, after] = around(value, key);
  const start = Buffer.byteLength(before);
  const end = start + Buffer.byteLength(json);
  const bytes = Buffer.allocUnsafe(end + Buffer.byteLength(after));
  bytes.write(before, 0);
  bytes.write(json, start);
  bytes.write(after, end);
  return bytes;
}
