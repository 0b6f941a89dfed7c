/**
 * The engine: the one path by which a case changes. Load → idempotency and version → the pure
 * core (`applyEvent`: event type, role, payload, transition) → persist (the case, its journal
 * entry and the kept answer in ONE statement, guarded by the version; with the cases the event
 * opens, one transaction) → answer. A refusal changes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Executor, Tx } from '../../db/index.js';
import {
  applyEvent,
  casesOpenedBy,
  findProcess,
  ok,
  refuse,
  restoreSnapshot,
  startCase,
  systemActor,
  type Actor,
  type CaseToOpen,
  type ProcessDefinition,
  type Result,
  type Started,
  type TimerSettings,
} from '../../machines/index.js';
import { sql } from 'drizzle-orm';
import type { AnyMachineSnapshot } from 'xstate';
import { defaultConfig } from '../config.js';
import { loadCase } from './caseRows.js';
import { appendRecords, customerFiling, hasNewRecords, newRecords, recordLinks } from './caseRecords.js';
import {
  appendNote,
  caseOfTypeExists,
  currentVersion,
  entriesUpdated,
  insertCase,
  lockNextTimerCase,
  nextNumber,
  postponeTimers,
  recordFiredTimers,
  updateCase,
  updateCases,
  type CaseWrite,
  type WriteOutcome,
} from './caseStore.js';
import { groupedWrites } from './groupedWrites.js';
import { jsonWith, toCaseView, type StoredCase } from './caseView.js';
import { eventScope, idempotencyStore, openingScope, type Answer, type Idempotency } from './idempotency.js';
import { recentCases } from './recentCases.js';
import { isUuid } from './sqlValues.js';
import { dueAtFor, type TimeLimitOverrides } from './timeLimits.js';
import { outboxEntries } from './outbox.js';
import { declaredTimers, dueTimers, nextTimerAt } from './timers.js';

export type { Answer, Idempotency };

export interface EngineOptions {
  db: Db;
  clock: () => Date;
  newId?: () => string;
  timeLimits: TimeLimitOverrides;
  /** How long an idempotency record answers retries. */
  idempotencyRetentionMs: number;
  /** How many cases this server keeps as it last wrote them (0 for none), so the next event on one skips reading it. */
  recentCases?: number;
  /** Webhook endpoints: every journal entry gets one delivery per endpoint, written with it (the outbox). */
  webhookEndpoints?: readonly string[];
  /** Called after each commit that appended journal entries (the delivery worker wakes up). */
  onCommitted?: () => void;
  /** Settings the processes' timers depend on (default: the configuration's defaults). */
  timerSettings?: TimerSettings;
  /** Sees each opening and event once it is committed (live inspection); what it throws is ignored. */
  onTransition?: (transition: CommittedTransition) => void;
}

/** A committed change of a case: the case as written, and the event that changed it (none for an opening). */
export interface CommittedTransition {
  row: StoredCase;
  event?: { type: string; payload: Record<string, unknown>; actor: Actor };
}

export interface EventRequest {
  ifMatch?: number;
  idempotency?: Idempotency;
  /**
   * The hash of the bearer token the sender was recognised by from memory, not looked up for this
   * request: the write then also requires it to be the sender's, still active, and refuses
   * `UNAUTHENTICATED` (changing nothing) when it is not.
   */
  sentWith?: string;
}

export interface OpeningRequest {
  idempotency?: Idempotency;
  /** Opens on this earlier version of the process, still registered (the demo's older cases, tests of migration). */
  onVersion?: { definitionVersion: number };
  /** As `EventRequest.sentWith`: the insert requires the token, and refuses `UNAUTHENTICATED` (numbering and inserting nothing). */
  sentWith?: string;
}

/** A case about to be opened: its process, its validated start, who opens it. */
interface Opening {
  definition: ProcessDefinition;
  started: Started;
  actor: Actor;
}

/** Rolls a transaction back with an answer (a replayed one, or a refusal), so nothing it did is kept. */
class RollBack {
  constructor(readonly result: Result<Answer>) {}
}

const CONFLICT = Symbol('version conflict');
/** How long a case whose timers failed to fire waits before they are tried again. */
const TIMER_RETRY_MS = 5 * 60_000;

export function createEngine(options: EngineOptions) {
  const { db, clock } = options;
  const newId = options.newId ?? randomUUID;
  const answers = idempotencyStore(options.idempotencyRetentionMs);
  const recent = recentCases(options.recentCases ?? 256);
  /** The machine snapshot each remembered copy was written from (forgotten with the copy). */
  const liveSnapshots = new WeakMap<StoredCase, AnyMachineSnapshot>();
  const endpoints = options.webhookEndpoints ?? [];
  const committed = options.onCommitted ?? (() => {});
  const observer = options.onTransition;
  const observe = (transitions: readonly CommittedTransition[]) => {
    for (const transition of transitions) {
      try {
        observer?.(transition);
      } catch {
        // An observer's failure is its own: the change is committed and answered regardless.
      }
    }
  };
  const timerSettings = options.timerSettings ?? defaultConfig.timerSettings;
  const timersOf = (definition: ProcessDefinition, row: StoredCase) => declaredTimers(definition, row, timerSettings);
  /** The deliveries of the journal entries an event statement appended, and of an opening's first. */
  const outboxOfUpdated = outboxEntries(endpoints, entriesUpdated);
  const outboxOfCreated = outboxEntries(endpoints, sql`SELECT id AS case_id, 1 AS seq, created_at AS at FROM created`);
  const grouped = groupedWrites((writes) => updateCases(db, writes, outboxOfUpdated));

  /** Each input field that names a case of another process must name one (the module's `links`). */
  async function checkLinks(executor: Executor, definition: ProcessDefinition, input: unknown): Promise<Result<true>> {
    for (const [field, type] of Object.entries(definition.links)) {
      const id = (input as Record<string, unknown> | null)?.[field];
      if (id === undefined || id === null) continue;
      if (typeof id !== 'string' || !isUuid(id) || !(await caseOfTypeExists(executor, id, type))) {
        const name = findProcess(type)?.title.en.toLowerCase() ?? type;
        return refuse('VALIDATION_FAILED', `${field} names no ${name}`, [{ path: `input.${field}`, message: `no such ${name}` }]);
      }
    }
    return ok(true);
  }

  /** A validated opening of `type` with `input`, or why there can be none. */
  async function prepareOpening(executor: Executor, type: unknown, input: unknown, actor: Actor, version?: number): Promise<Result<Opening>> {
    const definition = typeof type === 'string' ? findProcess(type, version) : undefined;
    if (!definition) {
      return refuse('VALIDATION_FAILED', `unknown process type ${JSON.stringify(type)}`, [{ path: 'type', message: 'expected one of the process types' }]);
    }
    const started = startCase(definition, input);
    if (!started.ok) return started;
    const linked = await checkLinks(executor, definition, started.value.input);
    if (!linked.ok) return linked;
    return ok({ definition, started: started.value, actor });
  }

  /**
   * Opens a prepared case: numbers it and inserts it with its journal entry, its customer filing
   * and its deliveries in ONE statement; its links and the cases it opens in turn follow in the
   * transaction `executor` then is (see `needsTransaction`). With `keep` (an Idempotency-Key) the
   * number is taken first, under the counter's lock, so that a concurrent retry with the same key
   * waits on it and answers as the first did. With `sentWith` the statement also requires the
   * sender's token; without it, it throws a `RollBack` refusing UNAUTHENTICATED.
   */
  async function open(
    executor: Executor,
    { definition, started, actor }: Opening,
    now: Date,
    keep?: { scope: string; idempotency: Idempotency },
    sentWith?: string,
  ) {
    let taken: string | undefined;
    if (keep) {
      taken = await nextNumber(executor, definition);
      const replayed = await answers.replay(executor, keep.scope, keep.idempotency, now);
      if (replayed) throw new RollBack(replayed);
    }
    const state = started.state;
    const unnumbered: Omit<StoredCase, 'number'> = {
      id: newId(),
      processType: definition.type,
      definitionVersion: definition.definitionVersion,
      state,
      step: started.step,
      status: started.status,
      version: 1,
      snapshot: started.snapshot.toJSON() as StoredCase['snapshot'],
      stateEnteredAt: now,
      dueAt: dueAtFor(definition, state, started.snapshot.context, now, options.timeLimits),
      createdAt: now,
      updatedAt: now,
    };
    // With a key the answer is kept in the same statement, so it is made before it (the number is known).
    const keptAnswer: Answer | undefined = taken === undefined ? undefined : { created: true, view: toCaseView({ ...unnumbered, number: taken }, now) };
    const also = sql`${outboxOfCreated}
      ${customerFiling(definition.party?.(started.input) ?? null, now, newId, sql`SELECT id FROM created`)}
      ${keep && keptAnswer ? answers.remember('created', keep.scope, keep.idempotency, keptAnswer, now) : sql``}`;
    const number = await insertCase(executor, { ...unnumbered, number: taken }, {
      input: started.input,
      actor,
      search: definition.search(started.snapshot.context),
      // Only the timers' times are read here, and they do not depend on the number.
      nextTimerAt: nextTimerAt(timersOf(definition, { ...unnumbered, number: '' }), []),
      numberPrefix: definition.numberPrefix,
      sentWith,
      also,
    });
    if (number === undefined) throw new RollBack(refuse('UNAUTHENTICATED', 'a valid bearer token is required'));
    const row: StoredCase = { ...unnumbered, number };
    const answer: Answer = keptAnswer ?? { created: true, view: toCaseView(row, now) };
    await recordLinks(executor, row.id, definition, started.input);
    const opens = definition.opensWhenOpened?.({ id: row.id, number, state, context: started.snapshot.context }) ?? [];
    for (const consequence of await prepareConsequences(executor, opens)) await open(executor, consequence, now);
    return { row, answer };
  }

  /**
   * Whether opening needs a transaction around its statement: to take the number before it (an
   * Idempotency-Key), or for what follows it (links to other cases, cases it opens in turn).
   */
  const needsTransaction = ({ definition }: Opening, keyed: boolean) =>
    keyed || Object.keys(definition.links).length > 0 || definition.opensWhenOpened !== undefined;

  /** Runs `work` in a transaction, or in `executor` when it already is one. */
  function transactionally<T>(executor: Executor, inTransaction: boolean, work: (tx: Executor) => Promise<T>): Promise<T> {
    return inTransaction ? work(executor) : db.transaction((tx: Tx) => work(tx));
  }

  /** `POST /api/cases`: opens a case of a process at its initial state, on its current version or `request.onVersion`. */
  async function openCase(actor: Actor, body: unknown, request: OpeningRequest = {}): Promise<Result<Answer>> {
    const { idempotency, onVersion, sentWith } = request;
    const now = clock();
    const scope = openingScope(actor.id);
    if (idempotency) {
      const replayed = await answers.replay(db, scope, idempotency, now);
      if (replayed) return replayed;
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return refuse('VALIDATION_FAILED', 'the body must be an object {"type", "input"}', [{ path: '(body)', message: 'expected an object' }]);
    }
    const { type, input } = body as { type?: unknown; input?: unknown };
    const systemOnly = typeof type === 'string' ? findProcess(type) : undefined;
    if (systemOnly?.openedBy === 'system') {
      return refuse('FORBIDDEN', `a ${systemOnly.title.en.toLowerCase()} is opened by the server itself, never by hand`);
    }
    const opening = await prepareOpening(db, type, input, actor, onVersion?.definitionVersion);
    if (!opening.ok) return opening;
    try {
      const keep = idempotency && { scope, idempotency };
      const { row, answer } = needsTransaction(opening.value, keep !== undefined)
        ? await db.transaction((tx: Tx) => open(tx, opening.value, now, keep, sentWith))
        : await open(db, opening.value, now, undefined, sentWith);
      recent.remember(row);
      liveSnapshots.set(row, opening.value.started.snapshot);
      committed();
      observe([{ row }]);
      return ok(answer);
    } catch (error) {
      if (error instanceof RollBack) return error.result;
      throw error;
    }
  }

  /** Opens a case as the server itself (for a process that only the server opens, `openedBy: 'system'`). */
  async function openAsSystem(type: string, input: unknown): Promise<Result<Answer>> {
    const now = clock();
    const opening = await prepareOpening(db, type, input, systemActor);
    if (!opening.ok) return opening;
    const { row, answer } = needsTransaction(opening.value, false)
      ? await db.transaction((tx: Tx) => open(tx, opening.value, now))
      : await open(db, opening.value, now);
    recent.remember(row);
    committed();
    observe([{ row }]);
    return ok(answer);
  }

  /** The openings an event's consequences ask for; a module that asks for an impossible one is a bug, not a refusal. */
  async function prepareConsequences(executor: Executor, toOpen: CaseToOpen[]): Promise<Opening[]> {
    const openings: Opening[] = [];
    for (const { type, input } of toOpen) {
      const prepared = await prepareOpening(executor, type, input, systemActor);
      if (!prepared.ok) throw new Error(`a consequence could not open a ${type}: ${prepared.refusal.message} ${JSON.stringify(prepared.refusal.details)}`);
      openings.push(prepared.value);
    }
    return openings;
  }

  /**
   * One try at applying an event; CONFLICT when another event got there first. Reads the case
   * (under a row lock if `lock`, inside the transaction `executor` then is), or takes the
   * `cached` copy this server wrote last.
   */
  async function attempt(
    executor: Executor,
    actor: Actor,
    caseId: string,
    body: unknown,
    request: EventRequest,
    lock: boolean,
    observed: CommittedTransition[],
    cached?: StoredCase,
  ): Promise<Result<Answer> | typeof CONFLICT> {
    const now = clock();
    const stored = cached ?? (await loadCase(executor, caseId, lock));
    if (!stored) return refuse('NOT_FOUND', 'no such case');
    if (request.idempotency) {
      const replayed = await answers.replay(executor, eventScope(caseId), request.idempotency, now);
      if (replayed) return replayed;
    }
    if (request.ifMatch !== undefined && request.ifMatch !== stored.version) {
      return refuse('VERSION_MISMATCH', `the case is at version ${stored.version}, not ${request.ifMatch}`, { currentVersion: stored.version });
    }
    const definition = findProcess(stored.processType, stored.definitionVersion);
    if (!definition) throw new Error(`case ${stored.number} runs on ${stored.processType} version ${stored.definitionVersion}, which is not registered`);

    // A copy this server wrote keeps the machine snapshot it was written from: the same state as
    // resolving the stored JSON again (contexts hold JSON values only), without the cost.
    const machineSnapshot = (cached && liveSnapshots.get(cached)) || restoreSnapshot(definition, stored.snapshot);
    const applied = applyEvent(definition, machineSnapshot, body, actor, now);
    if (!applied.ok) return applied;
    const { state, step, status, snapshot, type, payload } = applied.value;
    const persisted = snapshot.toJSON() as StoredCase['snapshot'];
    // The context is most of the snapshot and all of the answer's bulk: serialized once for both.
    const contextJson = JSON.stringify(persisted.context);
    const stateEnteredAt = state === stored.state ? stored.stateEnteredAt : now;
    const row: StoredCase = {
      ...stored,
      state,
      step,
      status,
      version: stored.version + 1,
      snapshot: persisted,
      stateEnteredAt,
      dueAt: dueAtFor(definition, state, snapshot.context, stateEnteredAt, options.timeLimits),
      updatedAt: now,
    };
    const answer: Answer = { created: false, view: toCaseView(row, now), contextJson };
    const facts = { id: stored.id, number: stored.number, state: stored.state, context: stored.snapshot.context };
    const consequences = await prepareConsequences(executor, casesOpenedBy(definition, facts, applied.value, actor, now));
    const records = newRecords(definition, stored.snapshot.context, snapshot.context);

    const write: CaseWrite = {
      before: stored,
      after: row,
      type,
      payload,
      actor,
      snapshotJson: jsonWith(persisted, 'context', contextJson),
      checkStateEnteredAt: cached !== undefined,
      timers: timersOf(definition, row),
      sentWith: request.sentWith,
    };
    const remembered = answers.remember('updated', eventScope(caseId), request.idempotency, answer, now);
    const writeAlone = (ex: Executor) => updateCase(ex, write, sql`${outboxOfUpdated}${remembered}`);
    let opened: StoredCase[] = [];
    let written: WriteOutcome;
    if (consequences.length === 0 && !hasNewRecords(records)) {
      // Outside a transaction and with no answer to keep, the write may share its statement.
      written = executor === db && !request.idempotency ? await grouped.write(write) : await writeAlone(executor);
    } else {
      written = await transactionally(executor, lock, async (tx) => {
        const outcome = await writeAlone(tx);
        if (outcome !== 'written') return outcome;
        await appendRecords(tx, stored.id, definition.type, records, now);
        for (const consequence of consequences) opened.push((await open(tx, consequence, now)).row);
        return outcome;
      });
    }
    if (written === 'sender revoked') return refuse('UNAUTHENTICATED', 'a valid bearer token is required');
    if (written === 'conflict') {
      opened = [];
      // Another request changed the case first. If it was an earlier try with this Idempotency-Key,
      // the locked retry answers as it did (replay is checked before If-Match).
      if (cached || request.ifMatch === undefined || request.idempotency) return CONFLICT;
      const version = await currentVersion(executor, caseId);
      return refuse('VERSION_MISMATCH', `the case moved on to version ${version}`, { currentVersion: version });
    }
    recent.remember(row);
    liveSnapshots.set(row, snapshot);
    for (const other of opened) recent.remember(other);
    if (observer) observed.push({ row, event: { type, payload, actor } }, ...opened.map((other) => ({ row: other })));
    return ok(answer);
  }

  /**
   * `POST /api/cases/:id/events`. On a case this server wrote last, straight to the guarded write
   * (one round trip); anything but a success there is decided again from the database, since the
   * copy may be stale. Otherwise optimistic (two round trips); when another event won the race,
   * once more under a row lock, so concurrent events apply one at a time and none is lost.
   */
  async function sendEvent(actor: Actor, caseId: string, body: unknown, request: EventRequest = {}): Promise<Result<Answer>> {
    if (!isUuid(caseId)) return refuse('NOT_FOUND', 'no such case');
    const cached = request.idempotency ? undefined : recent.get(caseId);
    // What the successful attempt wrote, reported once it is committed.
    const observed: CommittedTransition[] = [];
    const answered = (result: Result<Answer>) => {
      if (result.ok) {
        committed();
        observe(observed);
      }
      return result;
    };
    if (cached) {
      const fast = await attempt(db, actor, caseId, body, request, false, observed, cached);
      // A revoked sender is refused by the write itself, whatever the copy: no second try.
      if (fast !== CONFLICT && (fast.ok || fast.refusal.code === 'UNAUTHENTICATED')) return answered(fast);
      recent.forget(caseId);
    }
    const first = await attempt(db, actor, caseId, body, request, false, observed);
    if (first !== CONFLICT) return answered(first);
    const second = await db.transaction(async (tx: Tx) => {
      const locked = await attempt(tx, actor, caseId, body, request, true, observed);
      if (locked === CONFLICT) throw new Error('a locked case changed under its lock');
      return locked;
    });
    return answered(second);
  }

  /**
   * Fires the timers due on the case whose next timer came due first (skipping cases another
   * server holds), in one transaction: a note appends a journal entry by the system (the state
   * stays), an `open` opens a case as the system; the fired keys are recorded with them, so each
   * fires once. Answers the case and the keys fired, or undefined when nothing is due.
   */
  async function fireNextTimers(): Promise<{ caseId: string; fired: string[] } | undefined> {
    const now = clock();
    let locked: string | undefined;
    const result = await db.transaction(async (tx: Tx) => {
      const stored = await lockNextTimerCase(tx, now);
      if (!stored) return undefined;
      locked = stored.id;
      const definition = findProcess(stored.processType, stored.definitionVersion);
      const declared = definition ? timersOf(definition, stored) : [];
      const due = dueTimers(declared, stored.timersFired, now);
      for (const { action } of due) {
        if ('note' in action) {
          const also = outboxEntries(endpoints, sql`SELECT case_id, seq, at FROM appended`);
          await appendNote(tx, stored, { type: action.note, payload: action.payload, actor: systemActor, at: now, also });
        } else {
          const opening = (await prepareConsequences(tx, [action.open]))[0]!;
          await open(tx, opening, now);
        }
      }
      const fired = [...stored.timersFired, ...due.map((timer) => timer.key)];
      await recordFiredTimers(tx, stored.id, fired, nextTimerAt(declared, fired));
      return { caseId: stored.id, fired: due.map((timer) => timer.key) };
    }).catch(async (error: unknown) => {
      // A case whose timers cannot fire (a bug in its module) must not hold up every other case's.
      if (locked) await postponeTimers(db, locked, new Date(now.getTime() + TIMER_RETRY_MS));
      throw error;
    });
    if (result && result.fired.length > 0) {
      recent.forget(result.caseId);
      committed();
    }
    return result;
  }

  /** Deletes the idempotency records older than the retention; answers how many. */
  const purgeExpiredAnswers = () => answers.purgeExpired(db, clock());

  return { openCase, openAsSystem, sendEvent, fireNextTimers, purgeExpiredAnswers, clock };
}

export type Engine = ReturnType<typeof createEngine>;
