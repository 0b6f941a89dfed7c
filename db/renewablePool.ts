/**
 * The PostgreSQL connections of one server: two postgres.js pools behind one client, and a way to
 * replace both while the server runs.
 *
 * Transactions get a pool of their own. postgres.js 3.4.9 (the latest release) pipelines
 * statements onto busy connections, and a `BEGIN` pipelined at the pipeline's limit (100 deep),
 * or in a write the socket does not take at once, is sent without the connection being reserved
 * for its transaction (porsager/postgres issues 823 and 1189, unfixed). PostgreSQL then holds a
 * transaction open on a connection the pool keeps handing out: other requests' single statements
 * run inside it, are answered as done, and vanish when it rolls back or the process dies. Under
 * load on a small pool the pipelines do get that deep (a crash test lost an acknowledged event
 * so). In a pool that only ever receives `BEGIN`s nothing pipelines: each one reserves an idle
 * connection, and a plain statement never shares a connection with a transaction.
 *
 * Renewal: the same release can poison a pooled connection when its socket closes while a small
 * write waits for the next tick: the write then throws from a `setImmediate` (an uncaught
 * TypeError, "Cannot read properties of null (reading 'write')", that would end the process) or is
 * silently never sent, and that connection never talks to PostgreSQL again (issues 1066, 1154,
 * 1208; fixes proposed, not released). It happens when PostgreSQL or the network drops
 * connections under load. The server then renews the pools (`boot/main.ts`): every later query
 * goes to fresh connections, and the old ones are ended.
 */
import type postgres from 'postgres';

export function renewablePool(open: () => postgres.Sql) {
  let statements = open();
  let transactions = open();
  // drizzle sets its own parsers and serializers on the client it is given (dates stay strings):
  // every pool opened after it gets the same, before its first statement.
  const first = statements;
  const typed = new WeakSet<postgres.Sql>([first]);
  const withTypes = (client: postgres.Sql) => {
    if (!typed.has(client)) {
      Object.assign(client.options.parsers, first.options.parsers);
      Object.assign(client.options.serializers, first.options.serializers);
      typed.add(client);
    }
    return client;
  };
  const sql = new Proxy(statements, {
    get(_target, property) {
      const client = property === 'begin' ? withTypes(transactions) : withTypes(statements);
      const value = Reflect.get(client, property);
      return typeof value === 'function' ? value.bind(client) : value;
    },
  });
  return {
    /** Hand this to drizzle: statements reach the current statements pool, `begin` the current transactions pool. */
    sql,
    renew() {
      const retired = [statements, transactions];
      statements = open();
      transactions = open();
      for (const pool of retired) void pool.end({ timeout: 1 }).catch(() => {});
    },
    end: () => Promise.all([statements.end({ timeout: 5 }), transactions.end({ timeout: 5 })]).then(() => {}),
  };
}

/** The uncaught TypeError postgres.js throws when it writes to a connection that has just closed. */
export function isPostgresWriteFault(error: unknown): boolean {
  return error instanceof TypeError && /reading 'write'/.test(error.message) && /postgres[\\/](cjs[\\/])?src[\\/]connection\.js/.test(error.stack ?? '');
}

/**
 * Replaces the pools once PostgreSQL answers again after connections were lost (it restarted, or
 * the network dropped them). A connection whose socket closed while a small write waited for the
 * next tick keeps that write and its cancelled timer (postgres.js 3.4.9 resets neither), so it
 * never sends its next startup message: each query handed to it waits out the connect timeout and
 * fails (until the startup messages it piles up pass 1 KB and go out behind the stale bytes), while
 * the rest of the pool serves, so the pool watch in `boot/main.ts` does not see it. Fresh pools
 * hold no such connection.
 *
 * `lost()` may be called for every failed request of an outage: they share one wait. Losses
 * reported within `quietMs` of a renewal are the old pool's last queries failing, not a new
 * outage, and are ignored. Answers the renewal's promise, or undefined when none was started.
 */
export function renewalAfterLoss(options: {
  reachable: (ms: number) => Promise<boolean>;
  renew: () => void;
  pollMs?: number;
  quietMs?: number;
  now?: () => number;
}) {
  const { reachable, renew, pollMs = 200, quietMs = 2000, now = () => performance.now() } = options;
  let waiting: Promise<void> | undefined;
  let renewedAt = -Infinity;
  const pause = () => new Promise<void>((resolve) => setTimeout(resolve, pollMs).unref());
  return function lost(): Promise<void> | undefined {
    if (waiting || now() - renewedAt < quietMs) return undefined;
    waiting = (async () => {
      try {
        while (!(await reachable(Math.max(pollMs, 1000)))) await pause();
        renew();
        renewedAt = now();
      } finally {
        waiting = undefined;
      }
    })();
    return waiting;
  };
}
