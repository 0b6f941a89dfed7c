/**
 * Idempotency keys: a retry with the same key and request gets the first answer again, and a
 * different request under the same key is refused. Answers are kept in `idempotency_records`,
 * written in the same statement as the change they answer.
 */
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { affectedRows, queryRows, type Db, type Executor } from '../../db/index.js';
import { ok, refuse, type Result } from '../../machines/index.js';
import type { CaseView } from './caseView.js';
import { jsonb, timestamptz } from './sqlValues.js';

export interface Idempotency {
  key: string;
  /** Hash of what the request asked for: a retry must ask for exactly the same. */
  requestHash: string;
}

/** What the engine answers a change with, and keeps for retries. */
export interface Answer {
  /** A case was opened (else an event was applied). */
  created: boolean;
  view: CaseView;
  /** `view.context` as JSON, when the engine has already serialized it (for the case's snapshot). */
  contextJson?: string;
}

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

/** Where keys are unique: a staff member's openings, or one case's events. */
export const openingScope = (staffId: string) => `staff:${staffId}`;
export const eventScope = (caseId: string) => `case:${caseId}`;

interface StoredAnswer {
  request_hash: string;
  status_code: number;
  response_body: CaseView;
}

export function idempotencyStore(retentionMs: number) {
  const cutoff = (now: Date) => new Date(now.getTime() - retentionMs);

  /** The kept answer to `idempotency`, replayed, or refused when the key came with another request; undefined when none is kept. */
  async function replay(executor: Executor, scope: string, idempotency: Idempotency, now: Date): Promise<Result<Answer> | undefined> {
    const [stored] = await queryRows<StoredAnswer>(
      executor,
      sql`SELECT request_hash, status_code, response_body FROM idempotency_records
          WHERE scope = ${scope} AND key = ${idempotency.key} AND created_at >= ${timestamptz(cutoff(now))}`,
    );
    if (!stored) return undefined;
    if (stored.request_hash !== idempotency.requestHash) {
      return refuse('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different request');
    }
    return ok({ created: stored.status_code === 201, view: stored.response_body });
  }

  /**
   * A CTE that keeps `answer` under its key, written only if `source` (the CTE that made the
   * change) produced a row; an expired record with the same key is replaced.
   */
  function remember(source: 'created' | 'updated', scope: string, idempotency: Idempotency | undefined, answer: Answer, now: Date): SQL {
    if (!idempotency) return sql``;
    return sql`, remembered AS (
      INSERT INTO idempotency_records (scope, key, request_hash, status_code, response_body, response_headers, created_at)
      SELECT ${scope}, ${idempotency.key}, ${idempotency.requestHash}, ${answer.created ? 201 : 200}, ${jsonb(answer.view)}, '{}'::jsonb, ${timestamptz(now)}
      FROM ${sql.raw(source)}
      ON CONFLICT (scope, key) DO UPDATE SET request_hash = excluded.request_hash, status_code = excluded.status_code,
        response_body = excluded.response_body, response_headers = excluded.response_headers, created_at = excluded.created_at
        WHERE idempotency_records.created_at < ${timestamptz(cutoff(now))}
    )`;
  }

  /** Deletes the records older than the retention; answers how many. */
  async function purgeExpired(db: Db, now: Date): Promise<number> {
    return affectedRows(await db.execute(sql`DELETE FROM idempotency_records WHERE created_at < ${timestamptz(cutoff(now))}`));
  }

  return { replay, remember, purgeExpired };
}

export type IdempotencyStore = ReturnType<typeof idempotencyStore>;
