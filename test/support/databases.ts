import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { openDatabase, type Database, type DatabaseKind } from '../../db/index';
import { migrateDatabase } from '../../db/migrate';
import { addStaff } from '../../server/core/staff';

/** Every persistence and API test runs on both: `describe.each(backends)('…on %s', (kind) => …)`. */
export const backends = ['pglite', 'postgres'] as const satisfies readonly DatabaseKind[];

export type TestDatabase = Database & {
  /** The `DATABASE_URL` that opens this database. */
  url: string;
  /** Closes it and, for postgres, drops the database. */
  drop(): Promise<void>;
};

/** The PostgreSQL server's maintenance database; test databases are created beside it. */
export const testPostgresUrl = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A fresh, migrated, empty database of the given kind: PGlite in memory, or a new PostgreSQL
 * database with a random name on the test server. Fails (never skips) when PostgreSQL is down.
 */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const url = 'pglite:memory';
    const database = await openDatabase(url);
    await migrateDatabase(database);
    return { ...database, url, drop: () => database.close() };
  }

  const name = `caseflow_test_${randomBytes(6).toString('hex')}`;
  await onMaintenanceDatabase((admin) => admin.unsafe(`CREATE DATABASE ${name}`));
  const url = databaseUrlFor(name);
  const database = await openDatabase(url);
  try {
    await migrateDatabase(database);
  } catch (error) {
    await database.close();
    await onMaintenanceDatabase((admin) => admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    throw error;
  }
  return {
    ...database,
    url,
    drop: async () => {
      await database.close();
      await onMaintenanceDatabase((admin) => admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

function databaseUrlFor(name: string): string {
  const url = new URL(testPostgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onMaintenanceDatabase(work: (admin: postgres.Sql) => Promise<unknown>): Promise<void> {
  const admin = postgres(testPostgresUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    try {
      await admin`select 1`;
    } catch (error) {
      throw new Error(
        `PostgreSQL is not reachable at ${redacted(testPostgresUrl)} (${(error as Error).message}). ` +
          'The tests need it: start the server, or point TEST_POSTGRES_URL at one.',
        { cause: error },
      );
    }
    await work(admin);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * A fresh database for tests that start server processes, with one advisor, closed again so a
 * server can open it: a new PostgreSQL database, or a PGlite folder (one process holds it at a time).
 */
export async function databaseForServers(kind: DatabaseKind, advisorName: string): Promise<{ url: string; token: string; cleanUp: () => Promise<void> }> {
  if (kind === 'postgres') {
    const database = await createTestDatabase('postgres');
    const token = (await addStaff(database.db, advisorName, 'advisor')).token;
    return { url: database.url, token, cleanUp: database.drop };
  }
  const folder = await mkdtemp(join(tmpdir(), 'caseflow-servers-'));
  const url = `pglite:${folder}`;
  const database = await openDatabase(url);
  await migrateDatabase(database);
  const token = (await addStaff(database.db, advisorName, 'advisor')).token;
  await database.close();
  return { url, token, cleanUp: () => rm(folder, { recursive: true, force: true }) };
}
