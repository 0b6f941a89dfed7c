/**
 * Webhooks from the transactional outbox, on both databases: every journal entry reaches the
 * receiver signed per Standard Webhooks, in order per case, through failures and backoff; a
 * delivery the receiver keeps refusing ends `failed` and is shown to managers. The clock is the
 * test's: retries are waited for by moving it, never by sleeping.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/index';
import type { DeliveryWorker } from '../server/work/deliveries';
import { events, expectError, journalOf, MINUTE, openCase, send, startApi, walk, walkToDone, type Api } from './support/api';
import { backends } from './support/databases';
import { seqsByCase, startReceiver, TEST_WEBHOOK_SECRET, type Receiver } from './support/receiver';

const MAX_ATTEMPTS = 4;
const RETRY_BASE_MS = 2_000;

describe.each(backends)('webhook deliveries on %s', (kind) => {
  let api: Api;
  let receiver: Receiver;
  let worker: DeliveryWorker;

  beforeAll(async () => {
    receiver = await startReceiver();
    api = await startApi(kind, undefined, {
      webhooks: {
        endpoints: [receiver.url],
        secret: TEST_WEBHOOK_SECRET,
        maxAttempts: MAX_ATTEMPTS,
        retryBaseMs: RETRY_BASE_MS,
        retryMaxMs: 60_000,
        timeoutMs: 2_000,
        random: () => 0.5,
      },
    });
    worker = api.built.deliveries!;
  });

  afterAll(async () => {
    await api?.stop();
    await receiver?.close();
  });

  /** Runs delivery rounds, a minute apart on the test clock, until nothing is left to send now or later. */
  async function deliverAll(rounds = 40) {
    for (let round = 0; round < rounds; round++) {
      await worker.runOnce();
      const [left] = await queryRows<{ n: number }>(api.database.db, sql`SELECT count(*)::int AS n FROM deliveries WHERE status = 'pending'`);
      if (left!.n === 0) return;
      api.clock.advance(MINUTE);
    }
    throw new Error(`deliveries still pending after ${rounds} rounds`);
  }

  it('delivers every journal entry in order per case, signed, to a receiver that fails the first attempts', async () => {
    receiver.failNext(5);
    const before = receiver.accepted.length;
    const cases = [await openCase(api, 'work-order'), await openCase(api, 'work-order'), await openCase(api, 'complaint')];
    // Interleaved, as a busy desk sends them.
    for (const step of walkToDone(api.clock.now()).slice(0, 4)) {
      for (const opened of cases.slice(0, 2)) await send(api, opened.id, step.role, step.event);
    }
    await send(api, cases[2].id, 'qa', events.investigationRecorded(false));

    await deliverAll();

    const accepted = receiver.accepted.slice(before);
    expect(receiver.refused).toBeGreaterThanOrEqual(5);
    expect(accepted.every((r) => r.signatureValid)).toBe(true);
    const bySeq = seqsByCase(accepted);
    for (const opened of cases) {
      const journal = await journalOf(api, opened.id);
      expect(bySeq.get(opened.id), opened.number).toEqual(journal.map((entry) => entry.seq));
      for (const entry of journal) {
        const got = accepted.find((r) => r.body.caseId === opened.id && r.body.seq === entry.seq)!;
        expect(got.webhookId).toBe(`${opened.id}:${entry.seq}`);
        expect(got.body).toEqual({
          id: `${opened.id}:${entry.seq}`,
          caseId: opened.id,
          number: opened.number,
          type: opened.type,
          seq: entry.seq,
          event: entry.type,
          from: entry.from,
          to: entry.to,
          at: entry.at,
          actor: entry.actor,
        });
      }
    }
  });

  it("sends a case's backlog in one round, in seq order, and stops a queue at its first failure", async () => {
    const opened = await openCase(api, 'work-order');
    for (const step of walkToDone(api.clock.now()).slice(0, 5)) await send(api, opened.id, step.role, step.event);
    const journal = (await journalOf(api, opened.id)).map((entry) => entry.seq);
    expect(journal).toHaveLength(6);

    // The third entry is refused: the first two are delivered, nothing after the third is sent.
    const before = receiver.accepted.length;
    receiver.failAfter(2);
    expect(await worker.runOnce(), 'attempted in the round').toBe(3);
    expect(seqsByCase(receiver.accepted.slice(before)).get(opened.id)).toEqual([1, 2]);
    const [waiting] = await queryRows<{ pending: number; attempted: number; leased: number }>(
      api.database.db,
      sql`SELECT count(*)::int AS pending, count(*) FILTER (WHERE attempts > 0)::int AS attempted, count(leased_by)::int AS leased
          FROM deliveries WHERE case_id = ${opened.id} AND status = 'pending'`,
    );
    expect(waiting).toEqual({ pending: 4, attempted: 1, leased: 0 });

    // Nothing is due before the retry; at it, the rest go out in order.
    receiver.failNext(0);
    expect(await worker.runOnce()).toBe(0);
    api.clock.advance(MINUTE);
    expect(await worker.runOnce()).toBe(4);
    expect(seqsByCase(receiver.accepted.slice(before)).get(opened.id)).toEqual(journal);
  });

  it('retries with doubling, jittered delays and, after the attempt limit, marks the delivery failed for managers to see', async () => {
    receiver.failAlways();
    const opened = await openCase(api, 'complaint');
    const attemptTimes: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await worker.runOnce();
      const [row] = await queryRows<{ attempts: number; status: string; next_attempt_at: string }>(
        api.database.db,
        sql`SELECT attempts, status, next_attempt_at FROM deliveries WHERE case_id = ${opened.id} AND seq = 1`,
      );
      expect(row!.attempts).toBe(attempt);
      attemptTimes.push(api.clock.now().getTime());
      if (attempt < MAX_ATTEMPTS) {
        expect(row!.status).toBe('pending');
        const waitMs = new Date(row!.next_attempt_at).getTime() - api.clock.now().getTime();
        // The upper half of base × 2^(attempt - 1) is jittered; with the test's randomness at 0.5, three quarters of it.
        expect(waitMs).toBe(0.75 * RETRY_BASE_MS * 2 ** (attempt - 1));
        api.clock.advance(waitMs - 1);
        await worker.runOnce();
        expect((await queryRows<{ attempts: number }>(api.database.db, sql`SELECT attempts FROM deliveries WHERE case_id = ${opened.id} AND seq = 1`))[0]!.attempts).toBe(attempt);
        api.clock.advance(1);
      } else {
        expect(row!.status).toBe('failed');
      }
    }

    const failed = await api.call('GET', '/api/deliveries?status=failed', { token: api.staff.manager.token });
    expect(failed.status).toBe(200);
    const item = failed.body.items.find((d: any) => d.id === `${opened.id}:1`);
    expect(item).toMatchObject({ caseId: opened.id, number: opened.number, event: 'case.created', status: 'failed', attempts: MAX_ATTEMPTS, nextAttemptAt: null });
    expect(item.lastError).toMatch(/503/);
    expect(item.endpoint).toBe(receiver.url);
    expectError(await api.call('GET', '/api/deliveries?status=failed', { token: api.staff.advisor.token }), 403, 'FORBIDDEN');
    expectError(await api.call('GET', '/api/deliveries?status=lost', { token: api.staff.manager.token }), 400, 'VALIDATION_FAILED');

    // The receiver is back: the case's next entry goes through; the failed one stays failed, on record.
    receiver.failNext(0);
    await send(api, opened.id, 'qa', events.investigationRecorded(false));
    await deliverAll();
    expect(receiver.accepted.filter((r) => r.body.caseId === opened.id).map((r) => r.body.seq)).toEqual([2]);
    const delivered = await api.call('GET', '/api/deliveries?status=delivered', { token: api.staff.manager.token });
    expect(delivered.body.items.map((d: any) => d.id)).toContain(`${opened.id}:2`);
    expect(delivered.body.items.map((d: any) => d.id)).not.toContain(`${opened.id}:1`);
  });

  it('documents GET /api/deliveries in the OpenAPI document, with its statuses and the managers-only refusal', async () => {
    const document = (await api.call('GET', '/openapi.json')).body;
    const operation = document.paths['/api/deliveries']?.get;
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    const status = operation.parameters.find((p: { name: string }) => p.name === 'status');
    expect(status.schema.enum).toEqual(['pending', 'delivered', 'failed']);
  });

  it('writes a delivery with every acknowledged entry and none for a refused request', async () => {
    const opened = await openCase(api, 'work-order');
    const pending = await api.call('GET', '/api/deliveries?status=pending', { token: api.staff.manager.token });
    expect(pending.body.items.map((d: any) => d.id)).toContain(`${opened.id}:1`);

    await walk(api, opened.id, walkToDone(api.clock.now()).slice(0, 2));
    const refused = await api.call('POST', `/api/cases/${opened.id}/events`, { token: api.staff.advisor.token, body: events.repairCompleted() });
    expect(refused.status).toBe(403);
    const wrongState = await api.call('POST', `/api/cases/${opened.id}/events`, { token: api.staff.advisor.token, body: events.vehicleHandedOver() });
    expect(wrongState.status).toBe(409);
    const stale = await api.call('POST', `/api/cases/${opened.id}/events`, {
      token: api.staff.advisor.token,
      body: events.estimatePrepared(new Date(api.clock.now().getTime() + 3600_000)),
      headers: { 'If-Match': '"1"' },
    });
    expect(stale.status).toBe(412);

    const [counts] = await queryRows<{ entries: number; deliveries: number }>(
      api.database.db,
      sql`SELECT (SELECT count(*) FROM journal WHERE case_id = ${opened.id})::int AS entries,
                 (SELECT count(*) FROM deliveries WHERE case_id = ${opened.id})::int AS deliveries`,
    );
    expect(counts).toEqual({ entries: 3, deliveries: 3 });
    await deliverAll();
  });
});
