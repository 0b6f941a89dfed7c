/**
 * How much heap the server's V8 may use. V8 collects the old generation more lazily the higher
 * its limit (its growing factor scales with it), and under load the server promotes about 20 MB a
 * second: at 128 MB it ran a full collection every third of a second. `npm start` runs with
 * 128 MB (package.json), which keeps the embedded database's server, whose PostgreSQL lives in the
 * same process, under 300 MB of memory. On a PostgreSQL server the process is small and the
 * collector's time is the server's throughput, so it gets this much (BENCHMARKS.md: about 10 %
 * less CPU a transition than at 128 MB, for about 10 MB more memory).
 */
export const POSTGRES_HEAP_MB = 1024;

/**
 * Whether a `DATABASE_URL` names a PostgreSQL server (else the embedded database, the default), as
 * `db/url.ts` reads it: this runs in plain node before anything is built, so it cannot import that.
 */
const isPostgresUrl = (url = '') => /^postgres(ql)?:\/\//.test(url);

/** Node's flags with the heap limit for `databaseUrl` in place of any given. */
export function withHeapFor(databaseUrl, flags) {
  if (!isPostgresUrl(databaseUrl)) return flags;
  return [...flags.filter((flag) => !flag.startsWith('--max-old-space-size')), `--max-old-space-size=${POSTGRES_HEAP_MB}`];
}
