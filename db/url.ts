/** Where the data lives, as `DATABASE_URL` names it. */
/** Where the data lives: a PostgreSQL server, or the embedded PGlite (in a folder, or in memory when `dataDir` is undefined). */
export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string | undefined };

/**
 * Reads a `DATABASE_URL`: `postgres://…` / `postgresql://…`, `pglite:memory`, or `pglite:PATH`.
 * Throws on anything else.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\/./.test(url)) return { kind: 'postgres', url };
  if (url.startsWith('pglite:')) {
    const location = url.slice('pglite:'.length);
    if (location === 'memory') return { kind: 'pglite', dataDir: undefined };
    if (location.trim() !== '') return { kind: 'pglite', dataDir: location };
  }
  throw new Error(
    `DATABASE_URL "${url}" is not one of postgres://…, postgresql://…, pglite:memory, pglite:PATH`,
  );
}
