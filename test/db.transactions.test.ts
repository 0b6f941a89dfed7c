/**
 * Transactions beside a deep pipeline of single statements. On PostgreSQL the driver pipelines
 * statements onto busy connections; a transaction's BEGIN that lands at the pipeline's limit was
 * once sent without its connection being reserved (db/renewablePool.ts): the transaction failed,
 * and statements of other requests could run inside a transaction nobody would commit. With
 * transactions on a pool of their own, each commits whole and every acknowledged statement stays.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from '../db/index';
import { backends, createTestDatabase, type TestDatabase } from './support/databases';

describe.each(backends)('transactions beside a deep pipeline on %s', (kind) => {
  let created: TestDatabase;
  /** A small pool, as a server on two cores has: the pipelines on it grow deep. */
  let small: Database;

  beforeAll(async () => {
    created = await createTestDatabase(kind);
    small = kind === 'postgres' ? await openDatabase(created.url, { max: 2 }) : created;
    await small.db.execute(sql`CREATE TABLE pipeline_probe (id int PRIMARY KEY, by_transaction boolean NOT NULL)`);
  });

  afterAll(async () => {
    if (small !== created) await small.close();
    await created.drop();
  });

  it('commits every transaction whole and keeps every statement it acknowledged', async () => {
    const { db } = small;
    let next = 0;
    const acknowledged: number[] = [];
    const failures: string[] = [];
    const insert = (byTransaction: boolean, executor: Pick<typeof db, 'execute'> = db) => {
      const id = ++next;
      return executor.execute(sql`INSERT INTO pipeline_probe VALUES (${id}, ${byTransaction})`).then(() => {
        if (!byTransaction) acknowledged.push(id);
        return id;
      });
    };
    const committed: number[] = [];
    for (let round = 0; round < 24; round++) {
      // Both connections busy for a moment, so the statements queue up behind them, about a hundred deep on each...
      const work: Promise<unknown>[] = [db.execute(sql`SELECT pg_sleep(0.03)`), db.execute(sql`SELECT pg_sleep(0.03)`)];
      for (let i = 0; i < 190 + round; i++) work.push(insert(false).catch((error) => failures.push(String(error))));
      await new Promise((resolve) => setImmediate(resolve));
      // ...when a transaction begins (the pipelines' depths differ from round to round), then more statements.
      work.push(
        db
          .transaction(async (tx) => insert(true, tx))
          .then((id) => committed.push(id), (error) => failures.push(`transaction: ${error}`)),
      );
      for (let i = 0; i < 20; i++) work.push(insert(false).catch((error) => failures.push(String(error))));
      await Promise.all(work);
    }

    expect(failures).toEqual([]);
    expect(committed).toHaveLength(24);
    const stored = await queryRows<{ id: number; by_transaction: boolean }>(created.db, sql`SELECT id, by_transaction FROM pipeline_probe ORDER BY id`);
    expect(stored.filter((row) => !row.by_transaction).map((row) => row.id)).toEqual(acknowledged.sort((a, b) => a - b));
    expect(stored.filter((row) => row.by_transaction).map((row) => row.id)).toEqual(committed.sort((a, b) => a - b));
  });
});
