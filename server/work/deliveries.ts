/**
 * The delivery worker: posts every journal entry to every webhook endpoint, signed per the
 * Standard Webhooks specification, at least once and in order per case and endpoint.
 *
 * Claims are leases written in the database (`leased_until`, `leased_by`), taken with
 * `FOR UPDATE SKIP LOCKED`: two servers on one PostgreSQL never send the same row at the same
 * time, and a server that dies mid-send leaves a lease that simply runs out. Only the head of each
 * case's queue (its lowest pending seq) starts a round's sending for that case, and what follows it
 * is sent after it, so entry n + 1 is never sent before entry n is delivered or has failed for
 * good. A round costs two statements however many it sends (three when it hands some back).
 */
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { queryRows, type Db } from '../../db/index.js';
import type { Actor } from '../../machines/index.js';
import { webhookId } from '../core/outbox.js';
import { pollingLoop } from './loop.js';
import { postJson } from './post.js';

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
  /** Deliveries claimed in a round (each case's in seq order, the cases side by side). */
  batch?: number;
  /**
   * After a round with work, or a nudge, how long the worker lets deliveries gather before the
   * next round (default 100 ms): under load a round then carries many entries for its two
   * statements, at the price of up to this much more lag.
   */
  gatherMs?: number;
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
  /** The lowest pending seq of its case and endpoint when it was claimed: whoever holds it may send what follows. */
  head_seq: number;
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

/** The claimed rows (`claimed`: case_id, endpoint, seq, attempts, head_seq), with their journal entry and case. */
const withEntry = (claimed: SQL) => sql`
  SELECT d.case_id, d.seq, d.endpoint, d.attempts, d.head_seq, c.number, c.process_type, j.event_type, j.from_state, j.to_state, j.at, j.actor
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
  const batch = options.batch ?? 256;
  const pollMs = options.pollMs ?? 1_000;
  const workerId = options.workerId ?? randomUUID();
  const signer = new Webhook(options.secret);
  const log = options.log ?? (() => {});

  /**
   * Leases up to `limit` due deliveries that nobody holds, oldest first, each with its queue's
   * head (the lowest pending seq of its case and endpoint, as it was before this claim): whoever
   * holds the head is the only one who may send what follows it.
   */
  async function claimDue(limit: number): Promise<Claimed[]> {
    const now = clock();
    return queryRows<Claimed>(
      db,
      sql`WITH due AS (
            SELECT d.case_id, d.endpoint, d.seq FROM deliveries d
            WHERE d.status = 'pending' AND d.next_attempt_at <= ${time(now)}
              AND (d.leased_until IS NULL OR d.leased_until < ${time(now)})
              -- Not behind an entry of its queue that waits for a retry or is being sent.
              AND NOT EXISTS (
                SELECT 1 FROM deliveries e
                WHERE e.status = 'pending' AND e.case_id = d.case_id AND e.endpoint = d.endpoint AND e.seq < d.seq
                  AND (e.next_attempt_at > ${time(now)} OR e.leased_until >= ${time(now)}))
            ORDER BY d.next_attempt_at, d.case_id, d.seq LIMIT ${limit}
            FOR UPDATE OF d SKIP LOCKED
          ), claimed AS (
            UPDATE deliveries d SET leased_until = ${time(new Date(now.getTime() + leaseMs))}, leased_by = ${workerId}
            FROM due WHERE d.case_id = due.case_id AND d.endpoint = due.endpoint AND d.seq = due.seq
            RETURNING d.case_id, d.endpoint, d.seq, d.attempts,
              (SELECT min(p.seq) FROM deliveries p WHERE p.status = 'pending' AND p.case_id = d.case_id AND p.endpoint = d.endpoint) AS head_seq
          ) ${withEntry(sql`claimed`)}`,
    );
  }

  /**
   * The claimed rows as queues, one per case and endpoint, each in seq order from its head and
   * without gaps; what cannot be sent in order this round (the head is held elsewhere or not due
   * yet, or a seq in between was not claimed) is handed back.
   */
  function inOrder(claimed: Claimed[]): { queues: Claimed[][]; handBack: Claimed[] } {
    const byQueue = new Map<string, Claimed[]>();
    for (const row of claimed) {
      const key = `${row.case_id} ${row.endpoint}`;
      const rows = byQueue.get(key);
      if (rows) rows.push(row);
      else byQueue.set(key, [row]);
    }
    const queues: Claimed[][] = [];
    const handBack: Claimed[] = [];
    for (const rows of byQueue.values()) {
      rows.sort((a, b) => a.seq - b.seq);
      const queue: Claimed[] = [];
      for (const row of rows) {
        if (row.seq === row.head_seq + queue.length) queue.push(row);
        else handBack.push(row);
      }
      if (queue.length > 0) queues.push(queue);
    }
    return { queues, handBack };
  }

  /** Gives leases back untouched: the rows stay pending, their attempts uncounted. */
  async function release(rows: Claimed[]): Promise<void> {
    if (rows.length === 0) return;
    const keys = rows.map(({ case_id, endpoint, seq }) => ({ case_id, endpoint, seq }));
    await db.execute(
      sql`UPDATE deliveries d SET leased_until = NULL, leased_by = NULL
          FROM jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) AS k(case_id uuid, endpoint text, seq integer)
          WHERE d.case_id = k.case_id AND d.endpoint = k.endpoint AND d.seq = k.seq AND d.leased_by = ${workerId}`,
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
      const status = await postJson(row.endpoint, body, {
        'webhook-id': payload.id,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signer.sign(payload.id, sentAt, body),
      }, timeoutMs);
      return status >= 200 && status < 300 ? undefined : `the receiver answered ${status}`;
    } catch (error) {
      const { code } = error as { code?: string };
      return (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${(error as Error).message}${code && !(error as Error).message.includes(code) ? ` (${code})` : ''}`;
    }
  }

  /**
   * One round: claims the due deliveries (up to `batch`), sends each case's queue in seq order,
   * the queues side by side, and records the outcomes in one statement. A queue stops at its first
   * failure: what follows waits for the retry, handed back unattempted. Resolves to how many were
   * attempted.
   */
  let lastClaimFull = false;
  async function runOnce(): Promise<number> {
    const claimed = await claimDue(batch);
    lastClaimFull = claimed.length === batch;
    if (claimed.length === 0) return 0;
    const { queues, handBack } = inOrder(claimed);
    const outcomes: Array<{ row: Claimed; error: string | undefined }> = [];
    await Promise.all(
      queues.map(async (queue) => {
        for (const [index, row] of queue.entries()) {
          const error = await post(row);
          outcomes.push({ row, error });
          if (error !== undefined) {
            handBack.push(...queue.slice(index + 1));
            return;
          }
        }
      }),
    );
    if (outcomes.length > 0) await settle(outcomes);
    await release(handBack);
    return outcomes.length;
  }

  // A round that claimed a whole batch left more due behind it: the next goes at once.
  const loop = pollingLoop(async () => ((await runOnce()) > 0 ? (lastClaimFull ? 'more' : true) : false), {
    pollMs,
    gatherMs: options.gatherMs ?? 100,
    task: 'webhook delivery',
    log,
  });

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
