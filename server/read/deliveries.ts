/** The read side of the outbox: what managers see of deliveries (`GET /api/deliveries`, the board). */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '../../db/index.js';
import { deliveryStatuses } from '../../db/schema.js';
import { webhookId } from '../core/outbox.js';

export const deliveryQuerySchema = z.strictObject({
  status: z.enum(deliveryStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type DeliveryQuery = z.infer<typeof deliveryQuerySchema>;

export const deliveryViewSchema = z.object({
  id: z.string().describe('`<caseId>:<seq>`: the webhook-id the receiver sees'),
  caseId: z.uuid(),
  number: z.string(),
  type: z.string(),
  seq: z.number().int(),
  event: z.string(),
  endpoint: z.string().describe('the receiver URL, without credentials or query'),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  nextAttemptAt: z.iso.datetime({ offset: true }).nullable().describe('when a pending delivery is tried next'),
  lastAttemptAt: z.iso.datetime({ offset: true }).nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.iso.datetime({ offset: true }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type DeliveryView = z.infer<typeof deliveryViewSchema>;

/** A URL as shown to people: a token in its query or credentials stay out of screens and logs. */
export function shownEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url;
  }
}

const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());

/** Deliveries, newest first, of one status or all. */
export async function listDeliveries(db: Db, query: DeliveryQuery): Promise<DeliveryView[]> {
  const rows = await queryRows<{
    case_id: string;
    seq: number;
    endpoint: string;
    status: DeliveryView['status'];
    attempts: number;
    next_attempt_at: string;
    last_attempt_at: string | null;
    last_error: string | null;
    delivered_at: string | null;
    created_at: string;
    number: string;
    process_type: string;
    event_type: string;
  }>(
    db,
    sql`SELECT d.case_id, d.seq, d.endpoint, d.status, d.attempts, d.next_attempt_at, d.last_attempt_at, d.last_error,
               d.delivered_at, d.created_at, c.number, c.process_type, j.event_type
        FROM deliveries d JOIN cases c ON c.id = d.case_id JOIN journal j ON j.case_id = d.case_id AND j.seq = d.seq
        ${query.status ? sql`WHERE d.status = ${query.status}` : sql``}
        ORDER BY ${query.status === 'failed' ? sql`d.last_attempt_at DESC,` : sql``} d.created_at DESC, d.case_id, d.seq DESC
        LIMIT ${query.limit}`,
  );
  return rows.map((r) => ({
    id: webhookId(r.case_id, r.seq),
    caseId: r.case_id,
    number: r.number,
    type: r.process_type,
    seq: r.seq,
    event: r.event_type,
    endpoint: shownEndpoint(r.endpoint),
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
    lastAttemptAt: iso(r.last_attempt_at),
    lastError: r.last_error,
    deliveredAt: iso(r.delivered_at),
    createdAt: iso(r.created_at)!,
  }));
}

/** How many deliveries wait and how many failed for good: the board's line about webhooks. */
export async function deliveryBacklog(db: Db): Promise<{ pending: number; failed: number }> {
  const [row] = await queryRows<{ pending: number; failed: number }>(
    db,
    sql`SELECT (SELECT count(*) FROM deliveries WHERE status = 'pending')::int AS pending,
               (SELECT count(*) FROM deliveries WHERE status = 'failed')::int AS failed`,
  );
  return row!;
}
