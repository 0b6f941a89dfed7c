/**
 * The delivery worker: posts every journal entry to every webhook endpoint, signed per the
 * Standard Webhooks specification, at least once and in order per case and endpoint.
 *
 * Claims are leases written in the database (`leased_until`, `leased_by`), taken with
 * `FOR UPDATE SKIP LOCKED`: two servers on one PostgreSQL never send the same row at the same
 * time, and a server that dies mid-send leaves a lease that simply runs out. Only the head of each
 * case's queue (its lowest pending seq) can be claimed, so entry n + 1 is never sent before entry
 * n is delivered or has failed for good. A round costs two statements however many it sends.
 */
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { queryRows, type Db } from '../../db/index.js';
import type { Actor } from '../../machines/index.js';
import { webhookId } from '../core/outbox.js';
import { pollingLoop } from './loop.js';

export interface DeliveryWorkerOptions {
  db: Db;
  /** Standard Webhooks secret (base64, optionally `whsec_`-prefixed). */
  secret: string;
  clock?: () => Date;
  /** Attempts before a delivery is marked failed. */
  maxAttempts?: number;
  /** How long one attempt may take before it counts as failed. */
  timeoutMs?: number;
  /** Delay before the first retry; it doubles with each failure up to `retryMaxMs`, jittered. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** A number in [0, 1): the jitter's randomness (injected by tests). */
  random?: () => number;
  /** Deliveries claimed and posted at once, in a round (one per case and endpoint). */
  batch?: number;
  /** How often an idle worker looks for work (it is also woken by `nudge()`). */
  pollMs?: number;
  /** Names this worker's leases. */
  workerId?: string;
  log?: (line: Record<string, unknown>) => void;
}

/** One claimed delivery, with what it carries. */
interface Claimed {
  case_id: string;
  seq: number;
  endpoint: string;
  attempts: number;
  number: string;
  process_type: string;
  event_type: string;
  from_state: string | null;
  to_state: string;
  at: string;
  actor: Actor;
}

/** The body CONTRACT.md gives a delivery. */
export interface WebhookPayload {
  id: string;
  caseId: string;
  number: string;
  type: string;
  seq: number;
  event: string;
  from: string | null;
  to: string;
  at: string;
  actor: Actor;
}


function payloadOf(row: Claimed): WebhookPayload {
  return {
    id: webhookId(row.case_id, row.seq),
    caseId: row.case_id,
    number: row.number,
    type: row.process_type,
    seq: row.seq,
    event: row.event_type,
    from: row.from_state,
    to: row.to_state,
    at: new Date(row.at).toISOString(),
    actor: row.actor,
  };
}

/** The claimed rows (`claimed`: case_id, endpoint, seq, attempts), with their journal entry and case. */
const withEntry = (claimed: SQL) => sql`
  SELECT d.case_id, d.seq, d.endpoint, d.attempts, c.number, c.process_type, j.event_type, j.from_state, j.to_state, j.at, j.actor
  FROM ${claimed} d
  JOIN journal j ON j.case_id = d.case_id AND j.seq = d.seq
  JOIN cases c ON c.id = d.case_id`;

const time = (value: Date) => sql`${value.toISOString()}::timestamptz`;

export function createDeliveryWorker(options: DeliveryWorkerOptions) {
  const { db } = options;
  const clock = options.clock ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? 12;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = 2 * timeoutMs + 1_000;
  const retryBaseMs = options.retryBaseMs ?? 5_000;
  const retryMaxMs = options.retryMaxMs ?? 3600_000;
  const random = options.random ?? Math.random;
  const batch = options.batch ?? 64;
  const pollMs = options.pollMs ?? 1_000;
  const workerId = options.workerId ?? randomUUID();
  const signer = new Webhook(options.secret);
  const log = options.log ?? (() => {});

  /** Leases up to `limit` queue heads that are due and not leased by anyone. */
  async function claimHeads(limit: number): Promise<Claimed[]> {
    const now = clock();
    return queryRows<Claimed>(
      db,
      sql`WITH heads AS (
            SELECT DISTINCT ON (case_id, endpoint) case_id, endpoint, seq FROM deliveries
            WHERE status = 'pending' ORDER BY case_id, endpoint, seq
          ), due AS (
            SELECT d.case_id, d.endpoint, d.seq FROM deliveries d JOIN heads h USING (case_id, endpoint, seq)
            WHERE d.status = 'pending' AND d.next_attempt_at <= ${time(now)}
              AND (d.leased_until IS NULL OR d.leased_until < ${time(now)})
            ORDER BY d.next_attempt_at, d.case_id LIMIT ${limit}
            FOR UPDATE OF d SKIP LOCKED
          ), claimed AS (
            UPDATE deliveries d SET leased_until = ${time(new Date(now.getTime() + leaseMs))}, leased_by = ${workerId}
            FROM due WHERE d.case_id = due.case_id AND d.endpoint = due.endpoint AND d.seq = due.seq
            RETURNING d.case_id, d.endpoint, d.seq, d.attempts
          ) ${withEntry(sql`claimed`)}`,
    );
  }

  /** How long to wait after the `attempt`-th failure: doubling, capped, the upper half jittered. */
  function retryDelayMs(attempt: number): number {
    const ceiling = Math.min(retryMaxMs, retryBaseMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  }

  /**
   * Records how a round's attempts went, in one statement: delivered, or retried later with
   * backoff, or failed for good after the last attempt. Leases are released.
   */
  async function settle(outcomes: Array<{ row: Claimed; error: string | undefined }>): Promise<void> {
    const now = clock();
    const records = outcomes.map(({ row, error }) => {
      const attempts = row.attempts + 1;
      const status = error === undefined ? 'delivered' : attempts >= maxAttempts ? 'failed' : 'pending';
      if (error !== undefined) {
        log({ level: status === 'failed' ? 'error' : 'warn', task: 'webhook delivery', id: webhookId(row.case_id, row.seq), attempt: attempts, error, gaveUp: status === 'failed' });
      }
      return {
        case_id: row.case_id,
        endpoint: row.endpoint,
        seq: row.seq,
        status,
        attempts,
        error: error?.slice(0, 500) ?? null,
        next_attempt_at: new Date(now.getTime() + (status === 'pending' ? retryDelayMs(attempts) : 0)).toISOString(),
      };
    });
    await db.execute(
      sql`UPDATE deliveries d SET status = o.status, attempts = o.attempts, last_attempt_at = ${time(now)}, last_error = o.error,
            next_attempt_at = o.next_attempt_at, delivered_at = CASE WHEN o.status = 'delivered' THEN ${time(now)} END,
            leased_until = NULL, leased_by = NULL
          FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
            AS o(case_id uuid, endpoint text, seq integer, status text, attempts integer, error text, next_attempt_at timestamptz)
          WHERE d.case_id = o.case_id AND d.endpoint = o.endpoint AND d.seq = o.seq AND d.leased_by = ${workerId}`,
    );
  }

  /** One attempt: the signed POST. Resolves to an error text, or undefined on a 2xx. */
  async function post(row: Claimed): Promise<string | undefined> {
    const payload = payloadOf(row);
    const body = JSON.stringify(payload);
    const sentAt = clock();
    try {
      const response = await fetch(row.endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'webhook-id': payload.id,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': signer.sign(payload.id, sentAt, body),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      return response.ok ? undefined : `the receiver answered ${response.status}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return `${(error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : String((error as Error).message)}${cause ? ` (${cause})` : ''}`;
    }
  }

  /**
   * One round: claims the due queue heads (one entry per case and endpoint), posts them all at
   * once, and records the outcomes. A case's next entry is its head in the next round, so a busy
   * case is streamed one round after another. Resolves to how many were attempted.
   */
  async function runOnce(): Promise<number> {
    const claimed = await claimHeads(batch);
    if (claimed.length === 0) return 0;
    const outcomes = await Promise.all(claimed.map(async (row) => ({ row, error: await post(row) })));
    await settle(outcomes);
    return claimed.length;
  }

  const loop = pollingLoop(async () => (await runOnce()) > 0, { pollMs, task: 'webhook delivery', log });

  return {
    runOnce,
    start: loop.start,
    /** Stops claiming; resolves once the sends in flight are finished and recorded. */
    stop: loop.stop,
    /** Wakes an idle worker at once: a transition was just committed. */
    nudge: loop.wake,
    retryDelayMs,
    workerId,
  };
}

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;
