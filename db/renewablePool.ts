/**
 * A postgres.js pool that can be thrown away and replaced while the server runs.
 *
 * postgres.js 3.4.9 (the latest release) can poison a pooled connection when its socket closes
 * while a small write waits for the next tick: the write then throws from a `setImmediate` (an
 * uncaught TypeError, "Cannot read properties of null (reading 'write')", that would end the
 * process) or is silently never sent, and that connection never talks to PostgreSQL again
 * (porsager/postgres issues 1066, 1154, 1208; fixes proposed, not released). It happens when
 * PostgreSQL or the network drops connections under load. The server then renews the pool
 * (`boot/main.ts`): every later query goes to fresh connections, and the old pool is ended.
 */
import type postgres from 'postgres';

export function renewablePool(open: () => postgres.Sql) {
  let current = open();
  // drizzle sets its own parsers and serializers on the client it is given (dates stay strings):
  // a renewed client gets the same.
  const first = current;
  const sql = new Proxy(current, {
    get(_target, property) {
      const value = Reflect.get(current, property);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
  return {
    /** Hand this to drizzle: it always reaches the current pool. */
    sql,
    renew() {
      const retired = current;
      const fresh = open();
      Object.assign(fresh.options.parsers, first.options.parsers);
      Object.assign(fresh.options.serializers, first.options.serializers);
      current = fresh;
      void retired.end({ timeout: 1 }).catch(() => {});
    },
    end: () => current.end({ timeout: 5 }),
  };
}

/** The uncaught TypeError postgres.js throws when it writes to a connection that has just closed. */
export function isPostgresWriteFault(error: unknown): boolean {
  return error instanceof TypeError && /reading 'write'/.test(error.message) && /postgres[\\/](cjs[\\/])?src[\\/]connection\.js/.test(error.stack ?? '');
}
