/**
 * The write side of the transactional outbox: the CTE that records a journal entry's deliveries,
 * one per webhook endpoint, inside the statement that appends the entry. Whatever commits the
 * entry commits its deliveries; whatever refuses it leaves none behind.
 */
import { sql, type SQL } from 'drizzle-orm';

/**
 * `, outboxed AS (INSERT …)`: a delivery per endpoint for each row of `entries`, a query yielding
 * `case_id`, `seq` and `at` (when the entry was appended: the delivery is due from then) of the
 * entries just appended. Nothing at all when no endpoint is configured.
 */
export function outboxEntries(endpoints: readonly string[], entries: SQL): SQL {
  if (endpoints.length === 0) return sql``;
  return sql`, outboxed AS (
    INSERT INTO deliveries (case_id, seq, endpoint, next_attempt_at, created_at)
    SELECT entry.case_id, entry.seq, endpoint.url, entry.at, entry.at
    FROM (${entries}) AS entry CROSS JOIN (VALUES ${sql.join(endpoints.map((url) => sql`(${url})`), sql`, `)}) AS endpoint(url)
  )`;
}

/** A delivery's id, the same for every attempt and endpoint: `webhook-id`, and the payload's `id`. */
export const webhookId = (caseId: string, seq: number) => `${caseId}:${seq}`;
