import { fileURLToPath } from 'node:url';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { Database } from './index';

/** Resolved from this file, so migrating works whatever the working directory. */
export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Applies the pending migrations in `db/migrations`. Already applied ones are skipped (drizzle
 * records them in `drizzle.__drizzle_migrations`), so calling it at every start is safe.
 */
export async function migrateDatabase(database: Database): Promise<void> {
  // `Database.db` is typed for both drivers; each migrator wants its own driver's type, and
  // `kind` tells which one `openDatabase` built.
  if (database.kind === 'postgres') {
    await migratePostgres(database.db as PostgresJsDatabase<Record<string, unknown>>, { migrationsFolder });
  } else {
    await migratePglite(database.db as PgliteDatabase<Record<string, unknown>>, { migrationsFolder });
  }
}
