/**
 * The engine: the one path by which a case changes. Load → check idempotency and version →
 * authorize → validate → pure transition → persist (case update, journal append and idempotency
 * record in ONE statement, guarded by the version) → answer. A refusal changes nothing.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { Db, Executor } from '../db/index.js';
import { affectedRows, queryRows } from '../db/index.js';
import { eventsHandledIn } from '../machines/describe.js';
import { findProcess, refusalReason, statePath, statusOf, type Actor, type ProcessDefinition } from '../machines/index.js';
import { dueAtFor, toCaseView, type CaseView, type StoredCase, type TimeLimitOverrides } from './caseView.js';
import { fieldProblems, ok, refuse, type Result } from './errors.js';
import { unstorableTextPath } from './security.js';

export interface EngineOptions {
  db: Db;
  clock?: () => Date;
  newId?: () => string;
  timeLimits?: TimeLimitOverrides;
  /** How long an idempotency record answers retries. */
  idempotencyRetentionMs?: number;
  /**
   * How many cases this process keeps as it last wrote them (default 256; 0 for none), so the
   * next event on one skips reading it. The write is still guarded by the stored version, so a
   * copy that another process made stale costs a retry, never a wrong answer.
   */
  recentCases?: number;
}

export interface Idempotency {
  key: string;
  /** Hash of what the request asked for: a retry must ask for exactly the same. */
  requestHash: string;
}

/** A response the engine gives, and keeps for idempotent retries. */
export interface Answer {
  status: 200 | 201;
  body: CaseView;
  headers: Record<string, string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => UUID.test(id);

/** Hash of a JSON body with object keys sorted, so a retry that re-serializes still matches. */
export function hashRequest(parts: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
        : value;
  return createHash('sha256').update(JSON.stringify(canonical(parts))).digest('hex');
}

const CASE_COLUMNS = sql.raw(
  `c.id, c.number, c.process_type, c.definition_version, c.state, c.step, c.status, c.version, c.snapshot,
   c.state_entered_at, c.due_at, c.created_at, c.updated_at`,
);

interface RawCase {
  id: string;
  number: string;
  process_type: string;
  definition_version: number;
  state: string;
  step: string;
  status: StoredCase['status'];
  version: number;
  snapshot: StoredCase['snapshot'];
  state_entered_at: string;
  due_at: string | null;
  created_at: string;
  updated_at: string;
}

const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

export function fromRawCase(raw: RawCase): StoredCase {
  return {
    id: raw.id,
    number: raw.number,
    processType: raw.process_type,
    definitionVersion: raw.definition_version,
    state: raw.state,
    step: raw.step,
    status: raw.status,
    version: raw.version,
    snapshot: raw.snapshot,
    stateEnteredAt: toDate(raw.state_entered_at),
    dueAt: raw.due_at === null ? null : toDate(raw.due_at),
    createdAt: toDate(raw.created_at),
    updatedAt: toDate(raw.updated_at),
  };
}

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;
const time = (value: Date | null) => (value === null ? sql`null::timestamptz` : sql`${value.toISOString()}::timestamptz`);

interface StoredAnswer {
  request_hash: string;
  status_code: number;
  response_body: CaseView;
  response_headers: Record<string, string>;
}

function replay(stored: StoredAnswer, idempotency: Idempotency): Result<Answer> {
  if (stored.request_hash !== idempotency.requestHash) {
    return refuse('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different request');
  }
  return ok({ status: stored.status_code as 200 | 201, body: stored.response_body, headers: stored.response_headers });
}

/**
 * A CTE that keeps a 2xx answer under its key, written only if `source` (the CTE that changed the
 * case) produced a row; an expired record with the same key is replaced.
 */
function rememberAnswer(source: 'created' | 'updated', scope: string, idempotency: Idempotency | undefined, answer: Answer, now: Date, cutoff: Date) {
  if (!idempotency) return sql``;
  return sql`, remembered AS (
    INSERT INTO idempotency_records (scope, key, request_hash, status_code, response_body, response_headers, created_at)
    SELECT ${scope}, ${idempotency.key}, ${idempotency.requestHash}, ${answer.status}, ${json(answer.body)}, ${json(answer.headers)}, ${time(now)}
    FROM ${sql.raw(source)}
    ON CONFLICT (scope, key) DO UPDATE SET request_hash = excluded.request_hash, status_code = excluded.status_code,
      response_body = excluded.response_body, response_headers = excluded.response_headers, created_at = excluded.created_at
      WHERE idempotency_records.created_at < ${time(cutoff)}
  )`;
}

/** A refusal for text PostgreSQL cannot store (NUL, unpaired surrogates), which the schemas let through. */
function unstorable(data: unknown, prefix?: string): Result<never> | undefined {
  const path = unstorableTextPath(data);
  if (path === undefined) return undefined;
  return refuse('VALIDATION_FAILED', 'text may not contain NUL characters or unpaired surrogates', [
    { path: prefix ? `${prefix}.${path}` : path, message: 'contains a NUL character or an unpaired surrogate' },
  ]);
}

export function createEngine(options: EngineOptions) {
  const { db } = options;
  const clock = options.clock ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  const retentionMs = options.idempotencyRetentionMs ?? 24 * 3600_000;
  const recent = recentCases(options.recentCases ?? 256);

  const caseHeaders = (view: CaseView): Record<string, string> => ({ ETag: `"${view.version}"` });

  async function findAnswer(executor: Executor, scope: string, key: string, now: Date): Promise<StoredAnswer | undefined> {
    const cutoff = new Date(now.getTime() - retentionMs);
    const [stored] = await queryRows<StoredAnswer>(
      executor,
      sql`SELECT request_hash, status_code, response_body, response_headers FROM idempotency_records
          WHERE scope = ${scope} AND key = ${key} AND created_at >= ${time(cutoff)}`,
    );
    return stored;
  }

  /**
   * The persisted form of a snapshot (the object, and the JSON stored), and the columns derived
   * from it. The object is the snapshot's own `toJSON()`, not a parsed copy: contexts are plain
   * JSON data, so it reads the same as what the database gives back.
   */
  function derive(definition: ProcessDefinition, snapshot: AnyMachineSnapshot) {
    const state = statePath(snapshot);
    const persisted = snapshot.toJSON() as StoredCase['snapshot'];
    return {
      state,
      step: state.split('.')[0]!,
      status: statusOf(snapshot),
      persistedJson: JSON.stringify(persisted),
      persisted,
    };
  }

  /** `POST /api/cases`: opens a case of a process at its initial state. */
  async function openCase(actor: Actor, body: unknown, idempotency?: Idempotency): Promise<Result<Answer>> {
    const scope = `staff:${actor.id}`;
    if (idempotency) {
      const stored = await findAnswer(db, scope, idempotency.key, clock());
      if (stored) return replay(stored, idempotency);
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return refuse('VALIDATION_FAILED', 'the body must be an object {"type", "input"}', [{ path: '(body)', message: 'expected an object' }]);
    }
    const { type, input } = body as { type?: unknown; input?: unknown };
    const definition = typeof type === 'string' ? findProcess(type) : undefined;
    if (!definition) {
      return refuse('VALIDATION_FAILED', `unknown process type ${JSON.stringify(type)}`, [
        { path: 'type', message: `expected one of the process types` },
      ]);
    }
    const parsed = definition.inputSchema.safeParse(input);
    if (!parsed.success) {
      return refuse('VALIDATION_FAILED', `the ${definition.type} input is not valid`, fieldProblems(parsed.error, ['input']));
    }
    const badText = unstorable(parsed.data, 'input');
    if (badText) return badText;
    const workOrderId = (parsed.data as { workOrderId?: string }).workOrderId;
    if (workOrderId) {
      const [found] = await queryRows(db, sql`SELECT 1 FROM cases WHERE id = ${workOrderId} AND process_type = 'work-order'`);
      if (!found) {
        return refuse('VALIDATION_FAILED', 'workOrderId names no work order', [{ path: 'input.workOrderId', message: 'no such work order' }]);
      }
    }

    const now = clock();
    const [snapshot] = initialTransition(definition.machine, parsed.data);
    const { state, step, status, persisted, persistedJson } = derive(definition, snapshot);
    const search = definition.searchFields(snapshot.context);
    const id = newId();
    const dueAt = dueAtFor(definition, state, snapshot.context, now, options.timeLimits);

    const rowFor = (number: string): StoredCase => ({
      id,
      number,
      processType: definition.type,
      definitionVersion: definition.definitionVersion,
      state,
      step,
      status,
      version: 1,
      snapshot: persisted,
      stateEnteredAt: now,
      dueAt,
      createdAt: now,
      updatedAt: now,
    });
    const answerFor = (row: StoredCase): Answer => {
      const view = toCaseView(row, now);
      return { status: 201, body: view, headers: { ...caseHeaders(view), Location: `/api/cases/${id}` } };
    };
    /** The CTEs that insert the case, numbered by `number` (a value or a subquery), and its first journal entry. */
    const created = (number: SQL) => sql`created AS (
            INSERT INTO cases (id, number, process_type, definition_version, state, step, status, version, snapshot,
              plate, customer_name, customer_phone, last_actor, state_entered_at, due_at, created_at, updated_at)
            VALUES (${id}, ${number}, ${definition.type}, ${definition.definitionVersion}, ${state}, ${step}, ${status}, 1,
              ${persistedJson}::jsonb, ${search.plate}, ${search.customerName}, ${search.customerPhone}, ${json(actor)},
              ${time(now)}, ${time(dueAt)}, ${time(now)}, ${time(now)})
            RETURNING id, number
          ), created_entry AS (
            INSERT INTO journal (case_id, seq, event_type, payload, actor, from_state, to_state, at)
            SELECT id, 1, 'case.created', ${json(parsed.data)}, ${json(actor)}, NULL, ${state}, ${time(now)} FROM created
          )`;

    if (!idempotency) {
      // One statement: the process's counter row is locked only while it runs and commits, so
      // numbers stay gap-free and unique and concurrent openings queue for as short a time as can be.
      const [row] = await queryRows<{ number: string }>(
        db,
        sql`WITH counter AS (
              INSERT INTO case_counters (process_type, last_number) VALUES (${definition.type}, 1)
              ON CONFLICT (process_type) DO UPDATE SET last_number = case_counters.last_number + 1
              RETURNING last_number
            ), ${created(sql`(SELECT ${definition.numberPrefix} || lpad(last_number::text, greatest(6, length(last_number::text)), '0') FROM counter)`)}
            SELECT number FROM created`,
      );
      const opened = rowFor(row!.number);
      recent.remember(opened);
      return ok(answerFor(opened));
    }

    class Replayed {
      constructor(readonly result: Result<Answer>) {}
    }
    try {
      return await db.transaction(async (tx) => {
        // Locks the process's counter row until commit: numbers are gap-free and unique.
        const [counter] = await queryRows<{ last_number: number }>(
          tx,
          sql`INSERT INTO case_counters (process_type, last_number) VALUES (${definition.type}, 1)
              ON CONFLICT (process_type) DO UPDATE SET last_number = case_counters.last_number + 1
              RETURNING last_number`,
        );
        // A concurrent retry with the same key waited on the lock above: answer as the first did.
        const stored = await findAnswer(tx, scope, idempotency.key, now);
        if (stored) throw new Replayed(replay(stored, idempotency));
        const opened = rowFor(`${definition.numberPrefix}${String(counter!.last_number).padStart(6, '0')}`);
        const answer = answerFor(opened);
        await tx.execute(sql`
          WITH ${created(sql`${answer.body.number}`)} ${rememberAnswer('created', scope, idempotency, answer, now, new Date(now.getTime() - retentionMs))}
          SELECT id FROM created`);
        recent.remember(opened);
        return ok(answer);
      });
    } catch (error) {
      if (error instanceof Replayed) return error.result;
      throw error;
    }
  }

  interface EventRequest {
    ifMatch?: number;
    idempotency?: Idempotency;
  }

  const CONFLICT = Symbol('version conflict');

  /**
   * One try at applying an event; CONFLICT when another event got there first. Reads the case
   * (under a row lock if `lock`), or takes the `cached` copy this process wrote last.
   */
  async function attempt(
    executor: Executor,
    actor: Actor,
    caseId: string,
    body: unknown,
    request: EventRequest,
    lock: boolean,
    cached?: StoredCase,
  ): Promise<Result<Answer> | typeof CONFLICT> {
    const now = clock();
    let stored = cached;
    if (!stored) {
      const [raw] = await queryRows<RawCase>(
        executor,
        sql`SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = ${caseId} ${lock ? sql`FOR UPDATE` : sql``}`,
      );
      if (!raw) return refuse('NOT_FOUND', 'no such case');
      stored = fromRawCase(raw);
    }

    if (request.idempotency) {
      const answer = await findAnswer(executor, `case:${caseId}`, request.idempotency.key, now);
      if (answer) return replay(answer, request.idempotency);
    }
    if (request.ifMatch !== undefined && request.ifMatch !== stored.version) {
      return refuse('VERSION_MISMATCH', `the case is at version ${stored.version}, not ${request.ifMatch}`, {
        currentVersion: stored.version,
      });
    }
    const definition = findProcess(stored.processType)!;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return refuse('VALIDATION_FAILED', 'the body must be an object {"type", ...payload}', [{ path: '(body)', message: 'expected an object' }]);
    }
    const { type, ...payload } = body as { type?: unknown } & Record<string, unknown>;
    if (typeof type !== 'string' || !Object.hasOwn(definition.eventSchemas, type)) {
      return refuse('VALIDATION_FAILED', `${JSON.stringify(type)} is not an event of the ${definition.type} process`, [
        { path: 'type', message: `expected one of: ${Object.keys(definition.eventSchemas).join(', ')}` },
      ]);
    }
    if (!definition.eventRoles[type]!.includes(actor.role)) {
      return refuse('FORBIDDEN', `a ${actor.role} may not send "${type}"`, { allowedRoles: definition.eventRoles[type] });
    }
    const parsed = definition.eventSchemas[type]!.safeParse(payload);
    if (!parsed.success) {
      return refuse('VALIDATION_FAILED', `the "${type}" payload is not valid`, fieldProblems(parsed.error));
    }
    const badText = unstorable(parsed.data);
    if (badText) return badText;

    const snapshot = definition.machine.resolveState(stored.snapshot as never);
    const event = { ...parsed.data, type, at: now.toISOString(), actor };
    const [next] = transition(definition.machine, snapshot, event as never);
    if (next === snapshot) {
      const reason = refusalReason(definition, snapshot, event);
      return refuse('TRANSITION_NOT_ALLOWED', reason, {
        state: stored.state,
        event: type,
        allowedEvents: eventsHandledIn(definition, stored.state),
        reason,
      });
    }

    const { state, step, status, persisted, persistedJson } = derive(definition, next);
    const stateEnteredAt = state === stored.state ? stored.stateEnteredAt : now;
    const row: StoredCase = {
      ...stored,
      state,
      step,
      status,
      version: stored.version + 1,
      snapshot: persisted,
      stateEnteredAt,
      dueAt: dueAtFor(definition, state, next.context, stateEnteredAt, options.timeLimits),
      updatedAt: now,
    };
    const view = toCaseView(row, now);
    const answer: Answer = { status: 200, body: view, headers: caseHeaders(view) };
    const written = await queryRows<{ version: number }>(
      executor,
      sql`WITH updated AS (
            UPDATE cases SET state = ${state}, step = ${step}, status = ${status}, version = ${row.version},
              snapshot = ${persistedJson}::jsonb, last_actor = ${json(actor)}, state_entered_at = ${time(stateEnteredAt)},
              due_at = ${time(row.dueAt)}, updated_at = ${time(now)}
            WHERE id = ${caseId} AND version = ${stored.version}
              ${cached ? sql`AND state_entered_at = ${time(cached.stateEnteredAt)}` : sql``}
            RETURNING id, version
          ), appended AS (
            INSERT INTO journal (case_id, seq, event_type, payload, actor, from_state, to_state, at)
            SELECT id, version, ${type}, ${json(parsed.data)}, ${json(actor)}, ${stored.state}, ${state}, ${time(now)} FROM updated
          ) ${rememberAnswer('updated', `case:${caseId}`, request.idempotency, answer, now, new Date(now.getTime() - retentionMs))}
          SELECT version FROM updated`,
    );
    if (written.length === 0) {
      // Another request changed the case first. If it was an earlier try with this Idempotency-Key,
      // the locked retry answers as it did (replay is checked before If-Match).
      if (cached || request.ifMatch === undefined || request.idempotency) return CONFLICT;
      const [current] = await queryRows<{ version: number }>(executor, sql`SELECT version FROM cases WHERE id = ${caseId}`);
      return refuse('VERSION_MISMATCH', `the case moved on to version ${current?.version}`, { currentVersion: current?.version });
    }
    recent.remember(row);
    return ok(answer);
  }

  /**
   * `POST /api/cases/:id/events`. On a case this process wrote last, straight to the guarded write
   * (one round trip); anything but a success there is decided again from the database, since the
   * copy may be stale. Otherwise optimistic (two round trips); when another event won the race,
   * once more under a row lock, so concurrent events apply one at a time and none is lost.
   */
  async function sendEvent(actor: Actor, caseId: string, body: unknown, request: EventRequest = {}): Promise<Result<Answer>> {
    if (!isUuid(caseId)) return refuse('NOT_FOUND', 'no such case');
    const cached = request.idempotency ? undefined : recent.get(caseId);
    if (cached) {
      const fast = await attempt(db, actor, caseId, body, request, false, cached);
      if (fast !== CONFLICT && fast.ok) return fast;
      recent.forget(caseId);
    }
    const first = await attempt(db, actor, caseId, body, request, false);
    if (first !== CONFLICT) return first;
    return db.transaction(async (tx) => {
      const second = await attempt(tx, actor, caseId, body, request, true);
      if (second === CONFLICT) throw new Error('a locked case changed under its lock');
      return second;
    });
  }

  /** Deletes the idempotency records older than the retention; answers how many. */
  async function purgeExpiredAnswers(): Promise<number> {
    const cutoff = new Date(clock().getTime() - retentionMs);
    return affectedRows(await db.execute(sql`DELETE FROM idempotency_records WHERE created_at < ${time(cutoff)}`));
  }

  return { openCase, sendEvent, purgeExpiredAnswers, clock };
}

export type Engine = ReturnType<typeof createEngine>;
export { CASE_COLUMNS, type RawCase };

/** The last `capacity` cases this process wrote, as written, least recently used first out. */
function recentCases(capacity: number) {
  const cases = new Map<string, StoredCase>();
  return {
    get(id: string): StoredCase | undefined {
      const found = cases.get(id);
      if (found) {
        cases.delete(id);
        cases.set(id, found);
      }
      return found;
    },
    remember(row: StoredCase) {
      if (capacity <= 0) return;
      cases.delete(row.id);
      cases.set(row.id, row);
      if (cases.size > capacity) cases.delete(cases.keys().next().value!);
    },
    forget(id: string) {
      cases.delete(id);
    },
  };
}
