/**
 * History is evidence: the database itself refuses to edit or delete journal entries, and a
 * case's snapshot changes only together with a journal append. `verify` replays each journal and
 * names every case whose row disagrees with it.
 */
import { sampleSignature } from '../machines/signature';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseErrorCode, queryRows, type Executor } from '../db/index';
import { createApp } from '../server/app';
import { addStaff } from '../server/core/staff';
import { checkCase, verifyCases } from '../server/read/verify';
import { backends, createTestDatabase, type TestDatabase } from './support/databases';
import { runCli } from './support/servers';
import { namedItemsChecked } from './support/api';

const DAY = 24 * 3600_000;

async function failure(work: Promise<unknown>): Promise<string | undefined> {
  return work.then(
    () => 'no error',
    (error: unknown) => databaseErrorCode(error) ?? String(error),
  );
}

describe.each(backends)('the journal as evidence on %s', (kind) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>['app'];
  let token: string;

  const post = async (path: string, body: unknown) => {
    const response = await app.request(path, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  /** A work order at `estimate` (version 3) with its three journal entries. */
  async function aCase(): Promise<string> {
    const input = { customer: { name: 'Evidence', phone: '1' }, vehicle: { plate: '粤D·1', odometerKm: 1 }, requests: ['Noise'] };
    const opened = await post('/api/cases', { type: 'work-order', input });
    expect(opened.status).toBe(201);
    expect((await post(`/api/cases/${opened.body.id}/events`, { type: 'requests.confirmed' })).status).toBe(200);
    const inspected = await post(`/api/cases/${opened.body.id}/events`, {
      type: 'inspection.recorded',
      coversFitted: true,
      checklist: namedItemsChecked(),
      findings: [{ area: 'bonnet', condition: 'dent' }],
      belongings: [],
      valuablesReminderGiven: true,
      customerSignature: sampleSignature('Evidence'),
    });
    expect(inspected.status).toBe(200);
    return opened.body.id;
  }

  const footprint = async (caseId: string) =>
    queryRows(
      database.db,
      sql`SELECT c.version, c.state, c.snapshot, (SELECT json_agg(j ORDER BY j.seq) FROM journal j WHERE j.case_id = c.id) AS journal
          FROM cases c WHERE c.id = ${caseId}`,
    );

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = createApp({ database }));
    token = (await addStaff(database.db, 'Evidence Advisor', 'advisor')).token;
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('refuses to update, delete or truncate journal entries', async () => {
    const id = await aCase();
    const before = await footprint(id);
    const { db } = database;

    expect(await failure(db.execute(sql`UPDATE journal SET payload = '{}'::jsonb WHERE case_id = ${id} AND seq = 2`))).toBe('23001');
    expect(await failure(db.execute(sql`UPDATE journal SET at = now() WHERE case_id = ${id}`))).toBe('23001');
    expect(await failure(db.execute(sql`DELETE FROM journal WHERE case_id = ${id} AND seq = 3`))).toBe('23001');
    expect(await failure(db.execute(sql`TRUNCATE journal CASCADE`))).toBe('23001');
    expect(await failure(db.execute(sql`DELETE FROM cases WHERE id = ${id}`))).toBe('23503');

    expect(await footprint(id)).toEqual(before);
  });

  it('refuses to change a snapshot without a new version, or a version without its journal entry', async () => {
    const id = await aCase();
    const before = await footprint(id);
    const { db } = database;
    const inTransaction = (work: (tx: Executor) => Promise<unknown>) => failure(db.transaction(async (tx) => void (await work(tx))));

    // Same version, different snapshot or state: refused at once.
    expect(await failure(db.execute(sql`UPDATE cases SET snapshot = jsonb_set(snapshot, '{context,customer,name}', '"Mallory"') WHERE id = ${id}`))).toBe('23000');
    expect(await failure(db.execute(sql`UPDATE cases SET state = 'done', step = 'done', status = 'done' WHERE id = ${id}`))).toBe('23000');
    // Versions go up by one, never jump or go back.
    expect(await failure(db.execute(sql`UPDATE cases SET version = version + 2 WHERE id = ${id}`))).toBe('23000');
    expect(await failure(db.execute(sql`UPDATE cases SET version = version - 1 WHERE id = ${id}`))).toBe('23000');
    expect(await failure(db.execute(sql`UPDATE cases SET number = 'WO-999999' WHERE id = ${id}`))).toBe('23000');
    // A new version with no journal entry: refused at commit.
    expect(await failure(db.execute(sql`UPDATE cases SET version = version + 1, state = 'sign', step = 'sign' WHERE id = ${id}`))).toBe('23000');
    // A journal entry with no new version of the case (half a transition): refused at commit.
    const entry = (seq: number) =>
      sql`INSERT INTO journal (case_id, seq, event_type, payload, actor, from_state, to_state, at)
          VALUES (${id}, ${seq}, 'order.cancelled', '{"reason":"forged"}'::jsonb, '{"id":"x","name":"x","role":"manager"}'::jsonb, 'estimate', 'cancelled', now())`;
    expect(await inTransaction((tx) => tx.execute(entry(4)))).toBe('23000');
    // A gap in the journal.
    expect(await failure(db.execute(entry(6)))).toBe('23000');
    // A gap even where the case's version would allow the entry: a case put in by hand at version
    // 3 (as an import might), then given entry 3 without entries 1 and 2.
    const imported = randomUUID();
    await db.execute(sql`INSERT INTO cases (id, number, process_type, definition_version, state, step, status, version, snapshot, state_entered_at, created_at, updated_at)
      SELECT ${imported}, ${`WO-I${imported.slice(0, 8)}`}, process_type, definition_version, state, step, status, 3, snapshot, state_entered_at, created_at, updated_at
      FROM cases WHERE id = ${id}`);
    const gap = await db.execute(sql`INSERT INTO journal (case_id, seq, event_type, payload, actor, from_state, to_state, at)
      VALUES (${imported}, 3, 'order.cancelled', '{"reason":"forged"}'::jsonb, '{"id":"x","name":"x","role":"manager"}'::jsonb, 'estimate', 'estimate', now())`).then(
      () => 'no error',
      (error: unknown) => `${databaseErrorCode(error)} ${(error as { cause?: { message?: string } }).cause?.message}`,
    );
    expect(gap).toBe(`23000 journal entry 3 of case ${imported} has no entry 2 before it`);
    expect(await queryRows(db, sql`SELECT seq FROM journal WHERE case_id = ${imported}`)).toEqual([]);
    await db.execute(sql`DELETE FROM cases WHERE id = ${imported}`);
    // A journal entry whose end state is not the case's new state.
    expect(
      await inTransaction(async (tx) => {
        await tx.execute(entry(4));
        await tx.execute(sql`UPDATE cases SET version = 4 WHERE id = ${id}`);
      }),
    ).toBe('23000');

    expect(await footprint(id)).toEqual(before);
    // The engine's own writes pass every check.
    const next = await post(`/api/cases/${id}/events`, {
      type: 'estimate.prepared',
      lines: [{ kind: 'labour', description: 'Diagnose', quantity: 1, unitPriceMinor: 5_000, labourHours: 1 }],
      promisedAt: new Date(Date.now() + DAY).toISOString(),
    });
    expect(next.status).toBe(200);
    expect(next.body.version).toBe(4);
  });

  it('verify finds every case equal to the replay of its journal', async () => {
    await aCase();
    const report = await verifyCases(database.db, { batchSize: 2 });
    expect(report.cases).toBeGreaterThanOrEqual(1);
    expect(report.discrepancies).toEqual([]);
  });

  it('verify names a case whose snapshot or history was forged together with a journal entry', async () => {
    const forgedContext = await aCase();
    const forgedEvent = await aCase();
    const { db } = database;
    const actor = sql`'{"id":"x","name":"Mallory","role":"manager"}'::jsonb`;
    // A valid-looking event whose snapshot does not match what the machine makes of it.
    await db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO journal (case_id, seq, event_type, payload, actor, from_state, to_state, at)
        VALUES (${forgedContext}, 4, 'order.cancelled', '{"reason":"forged"}'::jsonb, ${actor}, 'estimate', 'cancelled', now())`);
      await tx.execute(sql`UPDATE cases SET version = 4, state = 'cancelled', step = 'cancelled', status = 'cancelled',
        snapshot = jsonb_set(jsonb_set(snapshot, '{value}', '"cancelled"'), '{context,customer,name}', '"Mallory"')
        WHERE id = ${forgedContext}`);
    });
    // An event the machine would never have accepted in that state.
    await db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO journal (case_id, seq, event_type, payload, actor, from_state, to_state, at)
        VALUES (${forgedEvent}, 4, 'vehicle.handedOver', '{"coversRemoved":true,"nextService":{"dueOdometerKm":5}}'::jsonb, ${actor}, 'estimate', 'done', now())`);
      await tx.execute(sql`UPDATE cases SET version = 4, state = 'done', step = 'done', status = 'done' WHERE id = ${forgedEvent}`);
    });

    const report = await verifyCases(db);
    const problemsOf = (id: string) => report.discrepancies.find((d) => d.caseId === id)?.problems ?? [];
    expect(report.discrepancies.map((d) => d.caseId).sort()).toEqual([forgedContext, forgedEvent].sort());
    expect(problemsOf(forgedContext)).toContain("the snapshot's context.customer.name differs from the replay");
    expect(problemsOf(forgedContext).some((p) => p.startsWith('stateEnteredAt is'))).toBe(true);
    expect(problemsOf(forgedEvent)).toEqual(['journal entry 4 (vehicle.handedOver) is refused by the machine in "estimate"']);

    if (kind === 'postgres') {
      const cli = await runCli(['verify'], database.url);
      expect(cli.code).toBe(1);
      const [{ number }] = (await queryRows<{ number: string }>(db, sql`SELECT number FROM cases WHERE id = ${forgedEvent}`)) as [{ number: string }];
      expect(cli.stdout).toContain(`${number} ${forgedEvent}: journal entry 4 (vehicle.handedOver) is refused by the machine`);
      expect(cli.stdout).toMatch(/2 differ from their journal/);
    }
  });
});

describe('checkCase', () => {
  it('reports a row whose version, state or status is not what its journal says', () => {
    const actor = { id: 'a', name: 'A', role: 'advisor' as const };
    const at = new Date('2026-11-26T09:00:00.000Z');
    const payload = { customer: { name: 'N', phone: '1' }, vehicle: { plate: 'P', odometerKm: 1 }, requests: ['R'] };
    const entries = [
      { seq: 1, eventType: 'case.created', payload, actor, fromState: null, toState: 'greet', at },
      { seq: 2, eventType: 'requests.confirmed', payload: {}, actor, fromState: 'greet', toState: 'inspect', at },
    ];
    const problems = checkCase(
      { id: 'x', number: 'WO-1', processType: 'work-order', state: 'greet', step: 'greet', status: 'active', version: 1, snapshot: {}, stateEnteredAt: at },
      entries,
    );
    expect(problems).toContain('state is "greet", the journal says "inspect"');
    expect(problems).toContain('version is 1, the journal says 2');
    expect(checkCase({ id: 'x', number: 'WO-1', processType: 'nope', state: '', step: '', status: '', version: 1, snapshot: {}, stateEnteredAt: at }, entries)).toEqual([
      'unknown process type "nope"',
    ]);
  });
});
