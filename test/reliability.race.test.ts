/**
 * Two server processes on one PostgreSQL database, racing events on the same cases: exactly one
 * winner per version, the others 409/412, never a 5xx, and every case still equal to the replay
 * of its journal.
 */
import { sampleSignature } from '../machines/signature';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/index';
import { addStaff } from '../server/core/staff';
import { verifyCases } from '../server/read/verify';
import { createTestDatabase, type TestDatabase } from './support/databases';
import { killAll, startServer, type ServerProcess } from './support/servers';
import { namedItemsChecked } from './support/api';

const DAY = 24 * 3600_000;

interface Reply {
  status: number;
  body: any;
}

describe('two server processes on one PostgreSQL database', () => {
  let database: TestDatabase;
  let servers: [ServerProcess, ServerProcess];
  let advisor: string;
  const statuses: number[] = [];

  /** Sends to server `which` (0 or 1) and remembers the status. */
  async function call(which: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const response = await fetch(`${servers[which % 2]!.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${advisor}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    statuses.push(response.status);
    return { status: response.status, body: await response.json() };
  }

  const estimate = (description: string) => ({
    type: 'estimate.prepared',
    lines: [{ kind: 'labour', description, quantity: 1, unitPriceMinor: 10_000, labourHours: 1 }],
    promisedAt: new Date(Date.now() + 30 * DAY).toISOString(),
  });

  async function workOrderAtSign(index: number): Promise<{ id: string; version: number }> {
    const input = {
      customer: { name: `Race Customer ${index}`, phone: '+86 138 0000 0000' },
      vehicle: { plate: `粤C·${10_000 + index}`, odometerKm: 1_000 },
      requests: ['Brakes'],
    };
    const opened = await call(index, 'POST', '/api/cases', { type: 'work-order', input });
    expect(opened.status).toBe(201);
    const steps = [
      { type: 'requests.confirmed' },
      { type: 'inspection.recorded', coversFitted: true, checklist: namedItemsChecked(), findings: [], belongings: [], valuablesReminderGiven: true, customerSignature: sampleSignature('Customer') },
      estimate(`first estimate ${index}`),
    ];
    let version = 1;
    for (const [i, step] of steps.entries()) {
      const sent = await call(index + i, 'POST', `/api/cases/${opened.body.id}/events`, step);
      expect(sent.status).toBe(200);
      version = sent.body.version;
    }
    return { id: opened.body.id, version };
  }

  const journalLength = async (caseId: string) =>
    (await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM journal WHERE case_id = ${caseId}`))[0]!.n;

  async function expectVerified() {
    const report = await verifyCases(database.db);
    expect(report.discrepancies).toEqual([]);
  }

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    advisor = (await addStaff(database.db, 'Race Advisor', 'advisor')).token;
    servers = (await Promise.all([startServer(database.url), startServer(database.url)])) as [ServerProcess, ServerProcess];
  });

  afterAll(async () => {
    await killAll();
    const fiveHundreds = statuses.filter((status) => status >= 500).length;
    console.log(`[two servers] requests ${statuses.length}, 5xx ${fiveHundreds}`);
    await database?.drop();
  });

  it('lets exactly one If-Match request win each version and answers the others 412, on either server', async () => {
    const ROUNDS = 6;
    const RACERS = 6;
    const cases = await Promise.all([0, 1, 2, 3].map((i) => workOrderAtSign(i)));
    await Promise.all(
      cases.map(async ({ id, version: start }, c) => {
        let version = start;
        for (let round = 0; round < ROUNDS; round++) {
          const replies = await Promise.all(
            Array.from({ length: RACERS }, (_, racer) =>
              call(racer, 'POST', `/api/cases/${id}/events`, estimate(`race ${c}.${round}.${racer}`), { 'If-Match': `"${version}"` }),
            ),
          );
          const winners = replies.filter((reply) => reply.status === 200);
          expect(winners, JSON.stringify(replies.map((r) => r.status))).toHaveLength(1);
          expect(winners[0]!.body.version).toBe(version + 1);
          for (const loser of replies.filter((reply) => reply.status !== 200)) {
            expect(loser.status).toBe(412);
            expect(loser.body.error.code).toBe('VERSION_MISMATCH');
            expect(loser.body.error.details.currentVersion).toBe(version + 1);
          }
          version += 1;
        }
        expect(await journalLength(id)).toBe(start + ROUNDS);
      }),
    );
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    await expectVerified();
  });

  it('applies concurrent events without If-Match one at a time, each at its own version, none lost', async () => {
    const PER_CASE = 12;
    const cases = await Promise.all([10, 11, 12].map((i) => workOrderAtSign(i)));
    await Promise.all(
      cases.map(async ({ id, version: start }, c) => {
        const replies = await Promise.all(
          Array.from({ length: PER_CASE }, (_, i) => call(i, 'POST', `/api/cases/${id}/events`, estimate(`queue ${c}.${i}`))),
        );
        expect(replies.map((reply) => reply.status)).toEqual(Array(PER_CASE).fill(200));
        const versions = replies.map((reply) => reply.body.version as number).sort((x, y) => x - y);
        expect(versions).toEqual(Array.from({ length: PER_CASE }, (_, i) => start + 1 + i));
        expect(await journalLength(id)).toBe(start + PER_CASE);
      }),
    );
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    await expectVerified();
  });

  it('lets one of several conflicting transitions win and refuses the rest with 409', async () => {
    const cases = await Promise.all([20, 21, 22, 23].map((i) => workOrderAtSign(i)));
    await Promise.all(
      cases.map(async ({ id, version }) => {
        const contenders = [
          { type: 'estimate.approved', revision: 1, customerSignature: sampleSignature('Customer') },
          { type: 'estimate.declined', reason: 'Too expensive.' },
          { type: 'order.cancelled', reason: 'Changed their mind.' },
        ];
        const replies = await Promise.all(
          contenders.flatMap((event, i) => [call(i, 'POST', `/api/cases/${id}/events`, event), call(i + 1, 'POST', `/api/cases/${id}/events`, event)]),
        );
        const winners = replies.filter((reply) => reply.status === 200);
        expect(winners, JSON.stringify(replies.map((r) => r.status))).toHaveLength(1);
        expect(winners[0]!.body.version).toBe(version + 1);
        for (const loser of replies.filter((reply) => reply.status !== 200)) {
          expect(loser.status).toBe(409);
          expect(loser.body.error.code).toBe('TRANSITION_NOT_ALLOWED');
        }
        expect(await journalLength(id)).toBe(version + 1);
      }),
    );
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    await expectVerified();
  });

  it('applies concurrent retries with one Idempotency-Key once, whichever server each reaches', async () => {
    const RETRIES = 10;
    const { id, version } = await workOrderAtSign(30);
    const event = estimate('sent once, retried ten times');
    const replies = await Promise.all(
      Array.from({ length: RETRIES }, (_, i) => call(i, 'POST', `/api/cases/${id}/events`, event, { 'Idempotency-Key': 'retry-me' })),
    );
    expect(replies.map((reply) => reply.status)).toEqual(Array(RETRIES).fill(200));
    for (const reply of replies) expect(reply.body).toEqual(replies[0]!.body);
    expect(replies[0]!.body.version).toBe(version + 1);
    expect(await journalLength(id)).toBe(version + 1);

    const input = { customer: { name: 'Once Only', phone: '1' }, vehicle: { plate: '粤C·99999', odometerKm: 5 }, requests: ['Once'] };
    const caseCount = async () => (await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM cases`))[0]!.n;
    const casesBefore = await caseCount();
    const opened = await Promise.all(
      Array.from({ length: RETRIES }, (_, i) => call(i, 'POST', '/api/cases', { type: 'work-order', input }, { 'Idempotency-Key': 'open-once' })),
    );
    expect(opened.map((reply) => reply.status)).toEqual(Array(RETRIES).fill(201));
    expect(new Set(opened.map((reply) => reply.body.id)).size).toBe(1);
    expect(await caseCount()).toBe(casesBefore + 1);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    await expectVerified();
  });
});
