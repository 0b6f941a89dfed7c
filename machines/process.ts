/**
 * What every process module shares: roles and actors, the stamp the engine puts on each event,
 * common payload schemas, money arithmetic, the rule table that gives each guard its refusal
 * sentence, and the shape of a process module (`ProcessDefinition`). Pure: no I/O, no clock, no
 * randomness.
 */
import { z } from 'zod';
import { getNextTransitions, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { Copy, Locale } from './copy.js';
import type { Migration } from './versions.js';
import { actorRoles, caseStatuses, staffRoles, type Actor, type ActorRole, type CaseStatus, type StaffRole } from './vocabulary.js';
import type { CaseStanding, TimerDeclaration, TimerSettings } from './timers.js';

export * from './copy.js';

// ── Roles and actors ────────────────────────────────────────────────────────────────────────

export { actorRoles, caseStatuses, staffRoles, type Actor, type ActorRole, type CaseStatus, type StaffRole };
export const staffRoleSchema = z.enum(staffRoles);
/** The staff roles (the name the first tests and clients know them by). */
export const roles = staffRoles;
export const roleSchema = staffRoleSchema;
export type Role = StaffRole;
export const anyStaff: readonly StaffRole[] = staffRoles;

export const actorRoleSchema = z.enum(actorRoles);
export const actorSchema = z.object({ id: z.string(), name: z.string(), role: actorRoleSchema }) satisfies z.ZodType<Actor>;
export type StaffActor = Actor & { role: StaffRole };

/** The server itself, when it acts on a case (opening a linked case, a timer firing). */
export const systemActor: Actor = Object.freeze({ id: 'system', name: 'caseflow', role: 'system' });

/** What the engine adds to every payload: who sent the event and when (the server's clock). */
export interface Stamp {
  at: string;
  actor: Actor;
}
export type StampedEvent<T extends string, P> = { type: T } & P & Stamp;

/** An event's payload as a case keeps it: what was sent, when, and by whom. */
export function recordOf<E extends { type: string } & Stamp>(event: E): Omit<E, 'type' | 'at' | 'actor'> & { at: string; by: Actor } {
  const { type: _type, actor, at, ...payload } = event;
  return { ...payload, at, by: actor };
}

// ── Common schemas ──────────────────────────────────────────────────────────────────────────

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

// ── Rules ───────────────────────────────────────────────────────────────────────────────────

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

// ── The process module ──────────────────────────────────────────────────────────────────────

/** Metadata on each state node: what the board and the screens show. */
export interface StateMeta {
  label: Copy;
  guidance: Copy;
  /** What the staff member says here: the procedure's standard phrases, in the order they are used. */
  say?: readonly Copy[];
  /** How long a case may stay here before it is stuck. */
  timeLimitMinutes?: number;
  /** The time limit is a moment recorded in the case instead (repair: the promised delivery time). */
  dueFrom?: string;
}

/** A state's metadata, checked against `StateMeta` where the machine is written. */
export const stateMetaOf = (meta: StateMeta) => meta;

/** The facts of a case that a module's functions read: its id and number, where it is, its record. */
export interface CaseFacts<C = any> {
  id: string;
  number: string;
  state: string;
  context: C;
}

/** A case an event opens as its consequence, in the same transaction (actor: the system). */
export interface CaseToOpen {
  type: string;
  input: unknown;
}

/** What the pages show of a value: text, money, a moment, a styled token. Pages render these generically. */
export type Shown =
  | string
  | number
  | null
  | undefined
  | { money: number; currency: string }
  | { moment: string }
  | { date: string }
  | { code: string }
  | { quote: string }
  | { strong: Shown }
  | { text: string; class: string }
  | { copy: Copy }
  /** A customer's signature, drawn back from its strokes. */
  | { signature: { signedBy: string; strokes: Array<Array<[number, number]>>; at?: string } };

/** One block of a case's record as the case page shows it. */
export type RecordBlock =
  | { kind: 'line'; title?: Copy; parts: Array<Shown | { label: Copy; value: Shown }> }
  | { kind: 'list'; title: Copy; items: Shown[]; numbered?: 'from0' | 'from1'; class?: string }
  | { kind: 'quote'; title: Copy; text: string }
  | {
      kind: 'table';
      title: Copy;
      /** Column headings, when the table is a document read on its own (an estimate, an invoice). */
      head?: Copy[];
      rows: Array<{ cells: Shown[]; class?: string }>;
      footer?: { label: Copy; cells: Shown[] };
    };

/** A column of a list screen: a label and what each case shows under it. */
export interface ListColumn<C = any> {
  label: Copy;
  value(caseFacts: { context: C; createdAt: string; number: string }): Shown;
}

/** The list screen of a process: its open cases, and a form for a new one. */
export interface ListPage<C = any> {
  /** The screen's path: `/desk`. */
  path: string;
  /** Its name in the navigation. */
  nav: Copy;
  heading: Copy;
  explain?: Copy;
  /** The heading of its form for a new case; a list without one (a role's work queue) has no form. */
  newCase?: Copy;
  /** Staff roles that land here after logging in (and see it in their navigation). */
  homeFor: readonly StaffRole[];
  /** Which open cases: those in these states or steps (`repair` takes its sub-states); every open case when absent. */
  states?: readonly string[];
  /** Grouped by top-level step (in the process's order), or one table. */
  groupBy: 'step' | 'none';
  /** Longest in its state first, or overdue first (most overdue on top) then the oldest. */
  order: 'longestInState' | 'overdueFirst';
  columns: ReadonlyArray<ListColumn<C>>;
}

/** How a case is shown: the facts in its header, and its record. */
export interface CaseSummary<C = any> {
  headline(context: C): Array<{ label: Copy; value: Shown }>;
  record(context: C): RecordBlock[];
  /** The sheet printed on A4 (the inspection record, estimate and invoice; a complaint's answer), with its signatures; the record when absent. */
  print?(context: C): RecordBlock[];
}

/** A field's label and hint on forms, by the field's key (`odometerKm`) or dotted path (`customer.name`). */
export interface FieldCopy {
  label: Copy;
  hint?: Copy;
  /** Names for the values of a choice (`labour` → "Labour"), where a value is not already a word. */
  options?: Readonly<Record<string, Copy>>;
}

/** The options of a field whose values come from the case. */
export interface FieldChoices {
  options: ReadonlyArray<{ value: string | number; label: Shown }>;
  fixed?: boolean;
}

/** One event of a process: its payload schema, who may send it, and how it is named. */
export interface EventDefinition<P extends z.ZodObject = z.ZodObject, C = any> {
  schema: P;
  /** Who may send it. Staff tokens carry staff roles only; `customer` and `system` are for links and timers. */
  roles: readonly ActorRole[];
  label: Copy;
  /** An event that turns away from the usual path (cancel, decline, reopen): its form starts folded. */
  turnsAway?: boolean;
  /** Starting values of its form, from the case, so staff type less (the schema still decides). */
  formDefaults?(context: C, on: { actor: Actor; now: Date }): Record<string, unknown>;
  /**
   * Fields whose values are taken from the case (a line of the estimate, a request), by field
   * key: the form offers these options instead of a box to type in. A `fixed` field shows its
   * value and is not chosen (one resolution per request: the request is given).
   */
  choices?(context: C): Readonly<Record<string, FieldChoices>>;
  /** What the customer signs with this event, shown directly above the signature pad, on their phone and in print. */
  document?(context: C): RecordBlock[];
  /** Whether this is the natural next step now (default: yes); the case page opens the first that is. */
  isNextStep?(context: C): boolean;
  /** Asks staff to confirm before sending, with this sentence (cancelling, replacing what the customer is to sign). */
  confirm?(context: C): Copy | undefined;
  /**
   * A complete payload the event accepts in a typical case where it can happen (what a careful
   * member of staff would send): the conformance suite walks the machine with these to every
   * final state, through the engine's own `applyEvent`.
   */
  example(context: C, on: { now: Date }): Record<string, unknown>;
}

/** The payload of each event of an event table, by type. */
export type PayloadsOf<T extends Record<string, { schema: z.ZodObject }>> = { [K in keyof T & string]: z.infer<T[K]['schema']> };

/** The events a machine receives from an event table: each payload with its type and the engine's stamp. */
export type StampedEventsOf<T extends Record<string, { schema: z.ZodObject }>> = {
  [K in keyof T & string]: StampedEvent<K, z.infer<T[K]['schema']>>;
}[keyof T & string];

/** A demo case: who opens it, with what, and its events, each `agoMs` before now (oldest first). */
export interface DemoCase {
  /** The version it is opened on, when not the current one: a case from before the process changed. */
  definitionVersion?: number;
  openedAgoMs: number;
  openedBy: StaffRole;
  input: Record<string, unknown>;
  events: Array<{ agoMs: number; role: StaffRole; event: { type: string } & Record<string, unknown> }>;
}

/** What a case is found by (`q` on the API and the screens' search). */
export interface Searchable {
  customerName: string | null;
  customerPhone: string | null;
  /** What the case is about as staff name it: a plate. */
  plate: string | null;
}

/** Who a case is about, as the customer file keeps them. */
export interface CaseParty {
  customer: { name: string; phone: string };
  vehicle?: { plate: string; model?: string; vin?: string };
}

/** One line of units a case handed over, as a recall finds it. */
export interface TracedUnit {
  product: string;
  manufacturer: string | null;
  model: string | null;
  serial: string | null;
  lot: string | null;
  quantity: number;
  productionDate: string | null;
  /** Who holds the units now. */
  party: string;
  /** The calendar day they changed hands. */
  tradedOn: string;
  /** The last day the record must be kept. */
  retainUntil: string;
}

/** One score a case reports (an opinion card's 1–5 on a key indicator). */
export interface CaseScore {
  dimension: string;
  indicator: string;
  score: number;
}

export interface ProcessDefinition<C = any> {
  type: string;
  definitionVersion: number;
  numberPrefix: string;
  title: Copy;
  machine: AnyStateMachine;
  inputSchema: z.ZodType;
  /** A complete input a typical case opens with (links may name made-up ids): the conformance suite's starting point. */
  exampleInput(now: Date): Record<string, unknown>;
  /** The event vocabulary of the process, one object per event. */
  events: Readonly<Record<string, EventDefinition<z.ZodObject, C>>>;
  /** The rule behind each named guard, with its refusal sentence. */
  rules: Readonly<Record<string, Rule<any, any>>>;
  fields: Readonly<Record<string, FieldCopy>>;
  /** Input fields that name a case of another process: `{ workOrderId: 'work-order' }`. */
  links: Readonly<Record<string, string>>;
  search(context: C): Searchable;
  /** The moments recorded in the case that a state's `dueFrom` points at. */
  dueMoments(context: C): Readonly<Partial<Record<string, string>>>;
  /** Cases an event opens as its consequence (pure): opened in the same transaction, actor system. */
  opens?(before: CaseFacts<C>, after: CaseFacts<C>, event: { type: string } & Stamp & Record<string, unknown>): CaseToOpen[];
  /** Who opens its cases: staff (the default), or only the server itself, as a consequence or a timer. */
  openedBy?: 'staff' | 'system';
  /** Timers a case sets where it stands (pure), besides the overdue one every case has: fired by the server, once each. */
  timers?(standing: CaseStanding<C>, settings: TimerSettings): TimerDeclaration[];
  /** Cases that opening this case opens as its consequence (pure), in the same transaction, actor system. */
  opensWhenOpened?(opened: CaseFacts<C>): CaseToOpen[];
  /** Who the case is about, for the customer file: found by phone (a vehicle by plate) when the case opens, created when new. */
  party?(input: any): CaseParty | null;
  /** Units the case has handed over (a sale's), for a recall. Append-only: a case's list only grows. */
  tracedUnits?(context: C): TracedUnit[];
  /** Scores the case reports, averaged on the board by dimension; written once per indicator. */
  scores?(context: C): CaseScore[];
  /** The label of each score dimension on the board. */
  scoreDimensions?: Readonly<Record<string, Copy>>;
  summary: CaseSummary<C>;
  /** The process's list screen, in everyone's navigation. */
  list: ListPage<C>;
  /** More list screens of the same process, for the roles they name (a technician's jobs, the cashier's payments). */
  otherLists?: ReadonlyArray<ListPage<C>>;
  /** Demo cases for a first start (none for a process only ever opened as a consequence of another). */
  demo(now: Date): DemoCase[];
  /** How an open case of the version before this one moves to it (`npm run cli -- migrate`). */
  migration?: Migration;
  /** The earlier versions still running the cases opened on them, oldest first. */
  earlierVersions?: readonly ProcessDefinition[];
}

/** A process module, checked against `ProcessDefinition` where it is written. */
export const defineProcess = <C>(definition: ProcessDefinition<C>): ProcessDefinition<C> => definition;

// ── Reading snapshots ───────────────────────────────────────────────────────────────────────

/** Dotted path of the deepest active state: `repair.waitingParts`. */
export function statePath(snapshot: AnyMachineSnapshot): string {
  return pathOfValue(snapshot.value);
}

/** Dotted path of a state value, live or persisted: `{ repair: 'ready' }` → `repair.ready`. */
export function pathOfValue(value: unknown): string {
  const parts: string[] = [];
  let node = value;
  while (node && typeof node === 'object') {
    const [key, child] = Object.entries(node as Record<string, unknown>)[0]!;
    parts.push(key);
    node = child;
  }
  parts.push(String(node));
  return parts.join('.');
}

export function statusOf(snapshot: AnyMachineSnapshot): CaseStatus {
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

export type { Copy, Locale };
