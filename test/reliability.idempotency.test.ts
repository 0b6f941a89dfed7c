/**
 * Client retries: concurrent retries with one Idempotency-Key apply once and all get the first
 * answer; a key is remembered for the configured retention (IDEMPOTENCY_RETENTION_HOURS, 24 h by
 * default), then forgotten, and expired records are purged.
 */
import { sampleSignature } from '../machines/signature';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/index';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { addStaff } from '../server/core/staff';
import { verifyCases } from '../server/read/verify';
import { backends, createTestDatabase, type TestDatabase } from './support/databases';
import { namedItemsChecked } from './support/api';

const HOUR = 3600_000;
const T0 = new Date('2026-11-26T09:00:00.000Z');

const input = { customer: { name: 'Retry Customer', phone: '1' }, vehicle: { plate: '粤E·1', odometerKm: 1 }, requests: ['Retry'] };
const estimate = (description: string) => ({
  type: 'estimate.prepared',
  lines: [{ kind: 'labour', description, quantity: 1, unitPriceMinor: 10_000, labourHours: 1 }],
  promisedAt: '2027-01-01T00:00:00.000Z',
});

it('keeps idempotency records 24 hours unless IDEMPOTENCY_RETENTION_HOURS says otherwise', () => {
  expect(loadConfig({}).idempotencyRetentionHours).toBe(24);
  expect(loadConfig({ IDEMPOTENCY_RETENTION_HOURS: '0.5' }).idempotencyRetentionHours).toBe(0.5);
  expect(() => loadConfig({ IDEMPOTENCY_RETENTION_HOURS: '-1' })).toThrow(/IDEMPOTENCY_RETENTION_HOURS/);
});

describe.each(backends)('idempotent retries on %s', (kind) => {
  let database: TestDatabase;
  let token: string;

  /** An app with its own clock, standing still until the test moves it. */
  function appAt(start: Date, retentionHours?: number) {
    let now = start.getTime();
    const { app, engine } = createApp({ database, clock: () => new Date(now), idempotencyRetentionHours: retentionHours });
    const post = async (path: string, body: unknown, key?: string) => {
      const response = await app.request(path, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    return { post, engine, advance: (ms: number) => void (now += ms) };
  }

  const journalLength = async (caseId: string) =>
    (await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM journal WHERE case_id = ${caseId}`))[0]!.n;
  const caseCount = async () => (await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM cases`))[0]!.n;
  const records = async () => (await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM idempotency_records`))[0]!.n;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    token = (await addStaff(database.db, 'Retry Advisor', 'advisor')).token;
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('applies twenty concurrent retries of one event once, and answers each with the first response', async () => {
    const { post } = appAt(T0);
    const opened = await post('/api/cases', { type: 'work-order', input });
    const id = opened.body.id;
    const replies = await Promise.all(Array.from({ length: 20 }, () => post(`/api/cases/${id}/events`, { type: 'requests.confirmed' }, 'confirm-1')));
    expect(replies.map((reply) => reply.status)).toEqual(Array(20).fill(200));
    for (const reply of replies) expect(reply.body).toEqual(replies[0]!.body);
    expect(replies[0]!.body.version).toBe(2);
    expect(await journalLength(id)).toBe(2);
  });

  it('opens one case for twenty concurrent retries of one creation', async () => {
    const { post } = appAt(T0);
    const before = await caseCount();
    const replies = await Promise.all(Array.from({ length: 20 }, () => post('/api/cases', { type: 'work-order', input }, 'open-1')));
    expect(replies.map((reply) => reply.status)).toEqual(Array(20).fill(201));
    expect(new Set(replies.map((reply) => reply.body.id)).size).toBe(1);
    expect(new Set(replies.map((reply) => reply.body.number)).size).toBe(1);
    expect(await caseCount()).toBe(before + 1);
  });

  it('answers a retry within the retention, forgets the key after it, and purges the expired record', async () => {
    const clock = appAt(T0, 2);
    const opened = await clock.post('/api/cases', { type: 'work-order', input });
    const id = opened.body.id;
    await clock.post(`/api/cases/${id}/events`, { type: 'requests.confirmed' });
    await clock.post(`/api/cases/${id}/events`, {
      type: 'inspection.recorded',
      coversFitted: true,
      checklist: namedItemsChecked(),
      findings: [],
      belongings: [],
      valuablesReminderGiven: true,
      customerSignature: sampleSignature('Retry Customer'),
    });
    const first = await clock.post(`/api/cases/${id}/events`, estimate('first'), 'estimate-key');
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(4);

    clock.advance(2 * HOUR - 1);
    const retried = await clock.post(`/api/cases/${id}/events`, estimate('first'), 'estimate-key');
    expect(retried).toEqual(first);
    const reused = await clock.post(`/api/cases/${id}/events`, estimate('different'), 'estimate-key');
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await clock.engine.purgeExpiredAnswers()).toBe(0);
    expect(await journalLength(id)).toBe(4);

    clock.advance(2);
    // Past the retention the key is new again: the same request is a new event (sign → sign).
    const afterExpiry = await clock.post(`/api/cases/${id}/events`, estimate('first'), 'estimate-key');
    expect(afterExpiry.status).toBe(200);
    expect(afterExpiry.body.version).toBe(5);
    expect(await journalLength(id)).toBe(5);

    const recordsBefore = await records();
    clock.advance(2 * HOUR + 1);
    const purged = await clock.engine.purgeExpiredAnswers();
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(await records()).toBe(recordsBefore - purged);
    const left = await queryRows(
      database.db,
      sql`SELECT 1 FROM idempotency_records WHERE created_at < ${new Date(T0.getTime() + 2 * HOUR + 1).toISOString()}::timestamptz`,
    );
    expect(left).toEqual([]);
    expect((await verifyCases(database.db)).discrepancies).toEqual([]);
  });
});
