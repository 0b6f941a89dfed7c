import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { affectedRows, databaseErrorCode, queryRows, rows, type Executor } from '../db/index';
import { readFileSync } from 'node:fs';
import { migrateDatabase, migrationsFolder } from '../db/migrate';
import { caseCounters, cases, caseSearch, journal, staff, type Actor, type NewCaseRow } from '../db/schema';
import { backends, createTestDatabase, type TestDatabase } from './support/databases';

const at = new Date('2026-03-01T08:30:00.000Z');
const actor: Actor = { id: randomUUID(), name: 'Li Wei', role: 'advisor' };

function aCase(overrides: Partial<NewCaseRow> = {}): NewCaseRow {
  return {
    id: randomUUID(),
    number: `WO-${randomUUID().slice(0, 6)}`,
    processType: 'work-order',
    definitionVersion: 1,
    state: 'greet',
    step: 'greet',
    status: 'active',
    version: 1,
    snapshot: { value: 'greet', context: {} },
    stateEnteredAt: at,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

/** The gap-free counter: bumps (or starts) a process's last number inside the caller's transaction. */
async function nextNumber(executor: Executor, processType: string): Promise<number> {
  const [counter] = await executor
    .insert(caseCounters)
    .values({ processType, lastNumber: 1 })
    .onConflictDoUpdate({
      target: caseCounters.processType,
      set: { lastNumber: sql`${caseCounters.lastNumber} + 1` },
    })
    .returning({ lastNumber: caseCounters.lastNumber });
  return counter!.lastNumber;
}

describe.each(backends)('database on %s', (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('applies the migrations, and applying them again changes nothing', async () => {
    const { db } = database;
    const applied = await queryRows<{ hash: string }>(db, sql`select hash from drizzle.__drizzle_migrations`);
    const written = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')).entries;
    expect(applied).toHaveLength(written.length);

    await migrateDatabase(database);

    const appliedAgain = await queryRows<{ hash: string }>(db, sql`select hash from drizzle.__drizzle_migrations`);
    expect(appliedAgain).toEqual(applied);
    const tables = await queryRows<{ table_name: string }>(
      db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(tables.map((table) => table.table_name)).toEqual([
      'case_counters',
      'case_links',
      'case_parties',
      'case_scores',
      'case_search',
      'cases',
      'customer_links',
      'customers',
      'deliveries',
      'idempotency_records',
      'journal',
      'sessions',
      'staff',
      'traced_units',
      'vehicles',
    ]);
    const extensions = await queryRows(db, sql`select extname from pg_extension where extname = 'pg_trgm'`);
    expect(extensions).toHaveLength(1);
  });

  it('refuses a second journal entry with the same case and seq', async () => {
    const { db } = database;
    const row = aCase();
    await db.insert(cases).values(row);
    const entry = {
      caseId: row.id,
      seq: 1,
      eventType: 'case.created',
      payload: {},
      actor,
      fromState: null,
      toState: 'greet',
      at,
    };
    await db.insert(journal).values(entry);

    const duplicate = db.insert(journal).values({ ...entry, eventType: 'requests.confirmed' });

    const error = await duplicate.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(databaseErrorCode(error)).toBe('23505');
    const entries = await db.select().from(journal).where(eq(journal.caseId, row.id));
    expect(entries.map((e) => e.eventType)).toEqual(['case.created']);
  });

  it('refuses a journal entry for a case that does not exist', async () => {
    const error = await database.db
      .insert(journal)
      .values({ caseId: randomUUID(), seq: 1, eventType: 'case.created', payload: {}, actor, toState: 'greet', at })
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    expect(databaseErrorCode(error)).toBe('23503');
  });

  it('leaves no gap in case numbers when the creating transaction rolls back', async () => {
    const { db } = database;
    const processType = `gapless-${randomUUID()}`;

    const failedCreation = db.transaction(async (tx) => {
      expect(await nextNumber(tx, processType)).toBe(1);
      throw new Error('case creation failed after taking a number');
    });
    await expect(failedCreation).rejects.toThrow('case creation failed after taking a number');

    expect(await db.transaction((tx) => nextNumber(tx, processType))).toBe(1);
    expect(await db.transaction((tx) => nextNumber(tx, processType))).toBe(2);
  });

  it('finds a case by any substring of its plate, number, customer name or phone, whatever the case', async () => {
    const { db } = database;
    const row = aCase({
      number: 'WO-000777',
      plate: '粤A·12345',
      customerName: 'Zhang Xiaoming',
      customerPhone: '+86 138 0013 8000',
    });
    await db.insert(cases).values(row);
    const search = (q: string) =>
      db
        .select({ id: caseSearch.caseId })
        .from(caseSearch)
        .where(sql`${caseSearch.searchText} like '%' || lower(${q}) || '%'`);

    for (const q of ['a·123', '粤A·12345', 'wo-000777', 'XIAOMING', '0013 8000']) {
      expect(await search(q), q).toEqual([{ id: row.id }]);
    }
    expect(await search('粤B')).toEqual([]);

    const searchTextOf = async (id: string) => (await db.select({ searchText: caseSearch.searchText }).from(caseSearch).where(eq(caseSearch.caseId, id)))[0]?.searchText;
    expect(await searchTextOf(row.id)).toBe('wo-000777 粤a·12345 zhang xiaoming +86 138 0013 8000');
    // Should a searched column ever change, the haystack follows; an event's update leaves it be.
    await db.update(cases).set({ customerPhone: '+86 139 0000 0001' }).where(eq(cases.id, row.id));
    expect(await searchTextOf(row.id)).toBe('wo-000777 粤a·12345 zhang xiaoming +86 139 0000 0001');
    expect(await search('0013 8000')).toEqual([]);
  });

  it('serves substring search from the trigram index', async () => {
    const plan = await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return queryRows<{ 'QUERY PLAN': string }>(
        tx,
        sql`explain select case_id from case_search where search_text like '%a·123%'`,
      );
    });
    expect(plan.map((line) => line['QUERY PLAN']).join('\n')).toContain('case_search_text_trgm_idx');
  });

  it('reads back a case with its jsonb snapshot and timestamps as Dates', async () => {
    const { db } = database;
    const row = aCase({ snapshot: { value: { repair: 'waitingParts' }, context: { lines: [1, 2] } }, lastActor: actor });
    await db.insert(cases).values(row);

    const [stored] = await db.select().from(cases).where(eq(cases.id, row.id));

    expect(stored!.snapshot).toEqual(row.snapshot);
    expect(stored!.lastActor).toEqual(actor);
    expect(stored!.createdAt).toBeInstanceOf(Date);
    expect(stored!.createdAt.toISOString()).toBe(at.toISOString());
    expect(stored!.dueAt).toBeNull();
  });

  it('refuses a staff role or a case status outside the allowed lists', async () => {
    const { db } = database;
    const badRole = await db
      .insert(staff)
      .values({ name: 'Eve', role: 'owner' as never, tokenHash: randomUUID() })
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    expect(databaseErrorCode(badRole)).toBe('23514');

    const badStatus = await db
      .insert(cases)
      .values(aCase({ status: 'paused' as never }))
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    expect(databaseErrorCode(badStatus)).toBe('23514');
  });

  it('gives the rows of a raw query, and the count a write touched, on either driver', async () => {
    const { db } = database;
    const result = await db.execute(sql`select 1::int as one, 'two' as two, '{"three":3}'::jsonb as three`);
    expect(rows(result)).toEqual([{ one: 1, two: 'two', three: { three: 3 } }]);

    const inTransaction = await db.transaction((tx) => queryRows<{ n: number }>(tx, sql`select 2::int as n`));
    expect(inTransaction).toEqual([{ n: 2 }]);

    const processType = `touched-${randomUUID()}`;
    await db.insert(caseCounters).values({ processType, lastNumber: 5 });
    const update = await db.execute(
      sql`update case_counters set last_number = last_number + 1 where process_type = ${processType}`,
    );
    expect(affectedRows(update)).toBe(1);
    expect(rows(update)).toEqual([]);
  });
});
