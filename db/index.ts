import { mkdir } from 'node:fs/promises';
import type { ExtractTablesWithRelations, SQLWrapper } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { PgliteDurability } from './pgliteDurability.js';
import { renewablePool, renewalAfterLoss } from './renewablePool.js';
import { parseDatabaseUrl } from './url';
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
  /**
   * PostgreSQL only: whether a new connection (outside the pool) answers `SELECT 1` within `ms`,
   * and a way to replace the whole pool with a fresh one (see `renewablePool`).
   */
  connections?: {
    reachable(ms: number): Promise<boolean>;
    renew(): void;
    /** Connections were lost: the pools are replaced once PostgreSQL answers again (see `renewalAfterLoss`). */
    lost(): Promise<void> | undefined;
  };
};

export interface PostgresOptions {
  /** Connections in the pool. */
  max?: number;
  /** Seconds to wait for a new connection before giving up (the request then answers 503). */
  connectTimeoutSeconds?: number;
  /** Milliseconds PostgreSQL lets one statement run before cancelling it (0: no limit). */
  statementTimeoutMs?: number;
  /** The embedded database only: flush every commit to the disk (`fsync`, the default) or leave it to the OS (`os-cache`). */
  pgliteDurability?: PgliteDurability;
  /** Sees every statement as it is sent (text and parameters): the benchmark captures the engine's SQL with it. */
  onQuery?: (query: string, parameters: unknown[]) => void;
}

/** The postgres.js client the server uses, configured once here so the benchmark's floor talks to PostgreSQL the same way. */
export function connectPostgres(url: string, options: PostgresOptions = {}): postgres.Sql {
  const { max = 20, onQuery, connectTimeoutSeconds = 3, statementTimeoutMs = 5000 } = options;
  return preparing(
    postgres(url, {
      max,
      connect_timeout: connectTimeoutSeconds,
      // Seconds before a connection tries again after failing to connect. postgres.js's default grows
      // to 20 s (3^n / 100) and is shared by the pool, so after an outage requests kept waiting for up
      // to 20 s although PostgreSQL was back; capped at half a second, they are served within one.
      backoff: (attempt: number) => Math.min(0.5, 0.05 * 2 ** attempt),
      // Server-side limits, so that no statement or forgotten transaction holds a request (or locks) for long.
      connection: { statement_timeout: statementTimeoutMs, idle_in_transaction_session_timeout: 10_000 },
      onnotice: () => {},
      ...(onQuery ? { debug: (_connection: number, query: string, parameters: unknown[]) => onQuery(query, parameters) } : {}),
    }),
  );
}

/**
 * Put first in a statement whose best plan depends on its values (a search pattern, a filter that
 * matches a handful of cases or most of them): PostgreSQL plans it for each call, where a
 * prepared statement may settle on one generic plan that is slow for some values.
 */
export const PLANNED_PER_CALL = '/* planned per call */';

/**
 * Makes every statement with parameters a prepared one, in transactions too (but those marked
 * PLANNED_PER_CALL). drizzle's `db.execute` and query builders ask postgres.js for unnamed
 * statements, which postgres.js sends in two round trips (Parse/Describe, then Bind/Execute) and
 * PostgreSQL parses and plans each time; a prepared statement costs one round trip after its first
 * use on a connection, and its plan is kept. Our statement texts are a small fixed set (values
 * always travel as parameters), so the per-connection cache stays small.
 */
function preparing<T extends postgres.Sql | postgres.TransactionSql>(sql: T): T {
  const { unsafe } = sql;
  sql.unsafe = ((query: string, parameters?: never[], queryOptions?: postgres.UnsafeQueryOptions) =>
    unsafe(query, parameters, { ...queryOptions, prepare: !query.startsWith(PLANNED_PER_CALL) })) as T['unsafe'];
  const scoped = (open: (...args: any[]) => Promise<unknown>) =>
    ((...args: any[]) => {
      const body = args.pop() as (tx: postgres.TransactionSql) => unknown;
      return open(...args, (tx: postgres.TransactionSql) => body(preparing(tx)));
    }) as any;
  if ('begin' in sql) sql.begin = scoped(sql.begin.bind(sql));
  if ('savepoint' in sql) sql.savepoint = scoped(sql.savepoint.bind(sql));
  return sql;
}

/**
 * Opens the database a `DATABASE_URL` names (`postgres://…`, `postgresql://…`, `pglite:memory`,
 * `pglite:PATH`). Does not migrate: call `migrateDatabase` for that.
 */
export async function openDatabase(url: string, options: PostgresOptions = {}): Promise<Database> {
  const target = parseDatabaseUrl(url);

  if (target.kind === 'postgres') {
    const pool = renewablePool(() => connectPostgres(target.url, options));
    const db: Db = drizzlePostgres(pool.sql, { schema });
    const reachable = async (ms: number) => {
      const probe = postgres(target.url, { max: 1, connect_timeout: Math.max(1, Math.ceil(ms / 1000)), onnotice: () => {} });
      try {
        await probe`SELECT 1`;
        return true;
      } catch {
        return false;
      } finally {
        void probe.end({ timeout: 0 }).catch(() => {});
      }
    };
    const lost = renewalAfterLoss({ reachable, renew: pool.renew });
    return { db, kind: 'postgres', close: () => pool.end(), connections: { reachable, renew: pool.renew, lost } };
  }

  if (target.dataDir !== undefined) await mkdir(target.dataDir, { recursive: true });
  // Loaded only here: a server on PostgreSQL never holds PGlite in memory.
  const [{ PGlite }, { pg_trgm }, { drizzle: drizzlePglite }, { durableOptions }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('drizzle-orm/pglite'),
    import('./pgliteDurability.js'),
  ]);
  const storage = target.dataDir === undefined ? {} : durableOptions(target.dataDir, options.pgliteDurability);
  // One options object: `new PGlite(undefined, options)` silently ignores `options`.
  const client = new PGlite({ ...storage, extensions: { pg_trgm } });
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

/**
 * Whether the database itself refused a statement with an ERROR (a constraint, a deadlock, a
 * timeout), looking through drizzle's wrapper: the statement's implicit transaction was rolled
 * back, so nothing of it was written. A lost connection, or a FATAL, leaves that unknown.
 */
export function refusedByDatabase(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { severity, cause } = current as { severity?: unknown; cause?: unknown };
    if (severity !== undefined) return severity === 'ERROR';
    current = cause;
  }
  return false;
}
