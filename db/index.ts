import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { ExtractTablesWithRelations, SQLWrapper } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { parseDatabaseUrl } from '../server/config';
import * as schema from './schema';

export { schema };

type Schema = typeof schema;

/** The drizzle database, typed once for both drivers: engine code never asks which one it has. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** What `db.transaction(async (tx) => …)` hands its callback. */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/** Either the database or a transaction inside it: what a query helper should accept. */
export type Executor = Db | Tx;

export type DatabaseKind = 'postgres' | 'pglite';

export type Database = {
  db: Db;
  kind: DatabaseKind;
  /** Ends the connection pool (postgres) or shuts the embedded database down (pglite). */
  close(): Promise<void>;
};

/**
 * Opens the database a `DATABASE_URL` names (`postgres://…`, `postgresql://…`, `pglite:memory`,
 * `pglite:PATH`). Does not migrate: call `migrateDatabase` for that.
 */
export async function openDatabase(url: string): Promise<Database> {
  const target = parseDatabaseUrl(url);

  if (target.kind === 'postgres') {
    const client = postgres(target.url, { max: 20, onnotice: () => {} });
    const db: Db = drizzlePostgres(client, { schema });
    return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
  }

  if (target.dataDir !== undefined) await mkdir(target.dataDir, { recursive: true });
  // One options object: `new PGlite(undefined, options)` silently ignores `options`.
  const client = new PGlite({ dataDir: target.dataDir, extensions: { pg_trgm } });
  await client.waitReady;
  const db: Db = drizzlePglite(client, { schema });
  return { db, kind: 'pglite', close: () => client.close() };
}

/**
 * The rows of a `db.execute(sql`…`)` result, whichever driver ran it: postgres.js answers an
 * array of rows (with `count`, `command`), PGlite an object `{ rows, affectedRows, rowCount, fields, command }`.
 * Values differ where raw SQL meets the drivers' own parsers: a bigint (`count(*)`) is a string on
 * postgres.js and a number on PGlite (cast to `::int` when you want a number on both);
 * timestamps are strings on both (drizzle turns the date parsers off); jsonb is parsed on both.
 */
export function rows<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  if (typeof result === 'object' && result !== null && Array.isArray((result as { rows?: unknown }).rows)) {
    return (result as { rows: T[] }).rows;
  }
  throw new TypeError('db.execute returned neither an array of rows nor { rows }');
}

/** Runs raw SQL on either driver and returns its rows. */
export async function queryRows<T = Record<string, unknown>>(
  executor: Executor,
  query: SQLWrapper | string,
): Promise<T[]> {
  return rows<T>(await executor.execute(query));
}

/**
 * How many rows an INSERT/UPDATE/DELETE touched, from `db.execute(…)` or a query builder
 * without `.returning()`: postgres.js reports it as `count`, PGlite as `affectedRows`.
 */
export function affectedRows(result: unknown): number {
  if (typeof result === 'object' && result !== null) {
    const { count, affectedRows } = result as { count?: unknown; affectedRows?: unknown };
    if (typeof count === 'number') return count;
    if (typeof affectedRows === 'number') return affectedRows;
  }
  throw new TypeError('result carries neither count (postgres.js) nor affectedRows (PGlite)');
}

/**
 * The SQLSTATE of a database error (e.g. `23505` unique violation, `23514` check violation),
 * looking through drizzle's `DrizzleQueryError` wrapper to the driver's error; undefined if none.
 */
export function databaseErrorCode(error: unknown): string | undefined {
  let current = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = cause;
  }
  return undefined;
}
