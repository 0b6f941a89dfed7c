/**
 * `npm start`: open (and migrate) the database, serve the app, stop cleanly on SIGTERM/SIGINT.
 * On an embedded database with no staff yet, demo staff are created and their tokens printed,
 * and (unless `--no-demo`) a handful of demo cases so that the board is not empty.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/index.js';
import { describeFailure, createLogger } from '../api/log.js';
import { loadConfig } from '../config.js';

// A timer holds Node's event loop open until the server listens. Opening the embedded database
// waits only on WebAssembly compilation, which runs on V8's threads, not libuv's: the loop runs
// dry, and Node then waits for every V8 background task to finish (NodePlatform::DrainTasks),
// including the optimizing compilations that the database's first queries start, accepting no
// connection meanwhile. Measured: the first page answered 350–450 ms after the server listened.
const holdLoopOpen = setInterval(() => {}, 60_000);

const { values: flags } = parseArgs({ options: { 'no-demo': { type: 'boolean', default: false } } });
const config = loadConfig();
const logger = createLogger(config.logLevel);
const workerLog = (line: Record<string, unknown>) => (line.level === 'error' ? logger.error(line, String(line.task)) : logger.warn(line, String(line.task)));
// The database opens first, and the rest of the server is loaded while it does: the embedded
// database spends most of its ~0.6 s compiling WebAssembly off the main thread.
const [database, { serve }, { migrateDatabase }, { databaseAnswers }, { isPostgresWriteFault }, { createApp }, { seedDemoCases }, { seedDemoStaff }, { startDeliveryThread }] =
  await Promise.all([
    openDatabase(config.databaseUrl, { pgliteDurability: config.pgliteDurability, max: config.databasePoolSize }),
    import('@hono/node-server'),
    import('../../db/migrate.js'),
    import('../api/outage.js'),
    import('../../db/renewablePool.js'),
    import('../app.js'),
    import('./demo.js'),
    import('../core/staff.js'),
    import('../work/deliveryThread.js'),
  ]);
await migrateDatabase(database);

if (database.kind === 'pglite') {
  const demo = await seedDemoStaff(database.db);
  if (demo) {
    console.log('First start on the embedded database: demo staff, one per role (keep these tokens):');
    for (const { member, token } of demo) console.log(`  ${member.role.padEnd(10)} ${member.name.padEnd(16)} ${token}`);
    if (!flags['no-demo']) {
      const cases = await seedDemoCases(database.db, demo.map((d) => d.member), { timeLimits: config.timeLimits });
      console.log(`and ${cases} demo cases, some of them past their time limit (start with --no-demo to leave them out).`);
    }
  }
}

// On PostgreSQL the webhook deliveries go out from a thread of their own (see work/deliveryThread.ts).
const deliveryThread =
  database.kind === 'postgres' && config.webhooks.secret
    ? startDeliveryThread({
        databaseUrl: config.databaseUrl,
        poolSize: 2,
        webhooks: { secret: config.webhooks.secret, maxAttempts: config.webhooks.maxAttempts, timeoutMs: config.webhooks.timeoutMs },
        log: workerLog,
      })
    : undefined;
// Live inspection (INSPECT_PORT), loaded only when asked for.
const inspection = config.inspectPort ? await (await import('./inspection.js')).startInspection(config.inspectPort) : undefined;
if (config.inspectPort) console.log(`live inspection: open http://localhost:${config.inspectPort} (for development: it shows every case's state and context)`);

const { app, engine, sessions, deliveries, timers } = createApp({
  onTransition: inspection?.observe,
  deliveryThread,
  database,
  idempotencyRetentionHours: config.idempotencyRetentionHours,
  timeLimits: config.timeLimits,
  authCacheMs: config.authCacheMs,
  customerLinkHours: config.customerLinkHours,
  logger,
  trustProxy: config.trustProxy,
  diskReserve:
    config.database.kind === 'pglite' && config.database.dataDir !== undefined
      ? { folder: config.database.dataDir, minFreeBytes: config.pgliteMinFreeBytes }
      : undefined,
  timerSettings: config.timerSettings,
  timerPollMs: config.timerPollMs,
  webhooks: config.webhooks.secret
    ? {
        endpoints: config.webhooks.endpoints,
        secret: config.webhooks.secret,
        maxAttempts: config.webhooks.maxAttempts,
        timeoutMs: config.webhooks.timeoutMs,
      }
    : undefined,
  workerLog,
});
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  clearInterval(holdLoopOpen);
  console.log(`caseflow listening on http://localhost:${info.port} (database: ${database.kind})`);
  // Background work, from the database, once requests can be answered: timers that came due,
  // and webhook deliveries (with WEBHOOK_URL).
  timers.start();
  deliveries?.start();
});

// Idempotency records answer retries for IDEMPOTENCY_RETENTION_HOURS; older ones, and expired
// sessions, are deleted at start and then every hour (or sooner, for a shorter retention).
const retentionMs = config.idempotencyRetentionHours * 3600_000;
const purgeExpired = () =>
  Promise.all([engine.purgeExpiredAnswers(), sessions.purgeExpired()]).catch((error: unknown) =>
    logger.warn({ failure: describeFailure(error) }, 'purging expired idempotency records and sessions failed; will try again'),
  );
void purgeExpired();
const purgeTimer = setInterval(purgeExpired, Math.max(60_000, Math.min(3600_000, retentionMs))).unref();

// A PostgreSQL pool whose connections a driver fault left unable to talk (see db/renewablePool.ts)
// is replaced: at once when the fault surfaces as an uncaught exception, and otherwise when the pool
// cannot answer while a new connection can (checked every 5 s).
const connections = database.connections;
process.on('uncaughtException', (error) => {
  if (connections && isPostgresWriteFault(error)) {
    logger.warn({ failure: describeFailure(error) }, 'the PostgreSQL driver lost a connection mid-write; opening a fresh pool');
    connections.renew();
    return;
  }
  logger.fatal({ failure: describeFailure(error) }, 'uncaught exception; stopping');
  process.exit(1);
});
let checking = false;
const poolWatch = connections
  ? setInterval(async () => {
      if (checking || stopping) return;
      checking = true;
      try {
        if (!(await databaseAnswers(database.db, 2000)) && (await connections.reachable(2000))) {
          logger.warn('PostgreSQL answers new connections but not the pool; opening a fresh pool');
          connections.renew();
        }
      } finally {
        checking = false;
      }
    }, 5000).unref()
  : undefined;

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  clearInterval(purgeTimer);
  clearInterval(poolWatch);
  logger.info(`${signal}: finishing requests in flight, then closing the database`);
  // Requests get 10 s to finish; a database that does not close in time is left to the OS.
  setTimeout(() => {
    logger.warn('requests or the database did not finish within 10 s; exiting anyway');
    process.exit(1);
  }, 10_000).unref();
  server.close(async () => {
    inspection?.stop();
    await Promise.all([timers.stop(), deliveries?.stop(), deliveryThread?.stop()]);
    await database.close().catch((error: unknown) => logger.warn({ failure: describeFailure(error) }, 'closing the database failed'));
    process.exit(0);
  });
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
