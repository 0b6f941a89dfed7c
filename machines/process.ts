/**
 * What every process definition shares: staff roles, the stamp the engine puts on each event,
 * common payload schemas, money arithmetic, and the rule table that gives each guard its
 * refusal sentence. Pure: no I/O, no clock, no randomness.
 */
import { z } from 'zod';
import { getNextTransitions, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';

export const roles = ['advisor', 'technician', 'cashier', 'qa', 'manager'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;
export const anyStaff: readonly Role[] = roles;

export const actorSchema = z.object({ id: z.string(), name: z.string(), role: roleSchema });
export type Actor = z.infer<typeof actorSchema>;

/** What the engine adds to every payload: who sent the event and when (the server's clock). */
export interface Stamp {
  at: string;
  actor: Actor;
}
export type StampedEvent<T extends string, P> = { type: T } & P & Stamp;

/** Free text: trimmed, non-empty, length-limited, never forced into a pattern. */
export const text = (max = 500) => z.string().trim().min(1).max(max);
export const longText = () => text(4000);
export const isoDateTime = () => z.iso.datetime({ offset: true });
export const isoDate = () => z.iso.date();

export { sampleSignature, signatureSchema, stampSignature, type Signature, type SignatureInput } from './signature.js';

/** Money: integer minor units (fen/cents). */
export const minorUnits = () => z.number().int().min(0).max(1_000_000_000_000);
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY');

/** Quantity: positive, at most 2 decimals. */
export const quantitySchema = z
  .number()
  .positive()
  .max(9_999.99)
  // Exact: a decimal with 2 places parses to the double nearest it, which n / 100 also gives;
  // a tolerance would let 1.000000001 (or 1e-9, priced at 0) through.
  .refine((q) => Math.round(q * 100) / 100 === q, 'at most 2 decimals');

/** quantity × unit price, rounded half-up to a whole minor unit, in exact integer arithmetic. */
export function lineAmountMinor(quantity: number, unitPriceMinor: number): number {
  const hundredths = BigInt(Math.round(quantity * 100));
  return Number((hundredths * BigInt(unitPriceMinor) + 50n) / 100n);
}

/**
 * A rule returns null when it holds, or the sentence a member of staff reads when it does not.
 * Each guard of a machine is one rule, so the API can say exactly why an event was refused.
 */
export type Rule<C, E> = (args: { context: C; event: E }) => string | null;

/** The first sentence of the rules that fail, or null when all hold. */
export function firstFailure<C, E>(...rules: Array<Rule<C, E>>): Rule<C, E> {
  return (args) => {
    for (const rule of rules) {
      const reason = rule(args);
      if (reason !== null) return reason;
    }
    return null;
  };
}

/** Turns a table of rules into XState guards (a guard passes when its rule finds nothing wrong). */
export function guardsFrom<C, E, K extends string>(rules: Record<K, Rule<C, E>>) {
  const guards = {} as Record<K, (args: { context: C; event: E }) => boolean>;
  for (const name of Object.keys(rules) as K[]) guards[name] = (args) => rules[name](args) === null;
  return guards;
}

/** Metadata on each state node: what the board and the screens show. */
export interface StateMeta {
  label: { en: string; zh: string };
  guidance: { en: string; zh: string };
  /** What the staff member says here, where the procedure gives a standard phrase. */
  say?: { en: string; zh: string };
  /** How long a case may stay here before it is stuck. */
  timeLimitMinutes?: number;
  /** The time limit is a moment recorded in the case instead (repair: the promised delivery time). */
  dueFrom?: 'promisedDelivery';
}

export interface ProcessDefinition {
  type: string;
  definitionVersion: number;
  numberPrefix: string;
  title: { en: string; zh: string };
  machine: AnyStateMachine;
  inputSchema: z.ZodType;
  /** Payload schema of each event (without `type`); the event vocabulary of the process. */
  eventSchemas: Record<string, z.ZodObject>;
  eventRoles: Record<string, readonly Role[]>;
  rules: Record<string, Rule<any, any>>;
  /** Fields a case is found by (plate, customer name, phone). */
  searchFields(context: any): { plate: string | null; customerName: string | null; customerPhone: string | null };
  /** A moment recorded in the case that a state's `dueFrom` points at. */
  dueMoments(context: any): Partial<Record<NonNullable<StateMeta['dueFrom']>, string>>;
}

/** Dotted path of the deepest active state: `repair.waitingParts`. */
export function statePath(snapshot: AnyMachineSnapshot): string {
  let value: unknown = snapshot.value;
  const parts: string[] = [];
  while (value && typeof value === 'object') {
    const [key, child] = Object.entries(value as Record<string, unknown>)[0]!;
    parts.push(key);
    value = child;
  }
  parts.push(String(value));
  return parts.join('.');
}

export function statusOf(snapshot: AnyMachineSnapshot): 'active' | 'done' | 'cancelled' {
  if (snapshot.status !== 'done') return 'active';
  return statePath(snapshot) === 'cancelled' ? 'cancelled' : 'done';
}

/** The events the current state handles, whatever the caller's role; guards are not evaluated. */
export function allowedEvents(snapshot: AnyMachineSnapshot): string[] {
  const events = new Set<string>();
  for (const t of getNextTransitions(snapshot)) {
    if (t.eventType && !t.eventType.startsWith('xstate.')) events.add(t.eventType);
  }
  return [...events];
}

/**
 * Why the machine refused `event` in `snapshot`, in words: the sentence of the first guard that
 * failed, or that the state does not handle the event at all.
 */
export function refusalReason(
  definition: Pick<ProcessDefinition, 'rules'>,
  snapshot: AnyMachineSnapshot,
  event: { type: string },
): string {
  const candidates = getNextTransitions(snapshot).filter((t) => t.eventType === event.type);
  if (candidates.length === 0) {
    return `"${event.type}" cannot happen while the case is in "${statePath(snapshot)}"`;
  }
  for (const t of candidates) {
    const name = typeof t.guard === 'string' ? t.guard : (t.guard as { type?: string } | undefined)?.type;
    const rule = name ? definition.rules[name] : undefined;
    const reason = rule?.({ context: snapshot.context, event });
    if (reason) return reason;
  }
  return `"${event.type}" is not possible now`;
}

/** Meta of a dotted state path, with each sub-state inheriting what it does not set itself. */
export function stateMeta(machine: AnyStateMachine, path: string): StateMeta {
  let node = machine.root;
  let meta = {} as StateMeta;
  for (const key of path.split('.')) {
    node = node.states[key]!;
    meta = { ...meta, ...(node.meta as Partial<StateMeta> | undefined) };
  }
  return meta;
}
