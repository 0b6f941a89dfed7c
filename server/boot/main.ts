/**
 * `npm start`: open (and migrate) the database, serve the app, stop cleanly on SIGTERM/SIGINT.
 * On an embedded database with no staff yet, demo staff are created and their tokens printed,
 * and (unless `--no-demo`) a handful of demo cases so that the board is not empty.
 */
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { openDatabase } from '../../db/index.js';
import { migrateDatabase } from '../../db/migrate.js';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { seedDemoCases } from './demo.js';
import { seedDemoStaff } from '../core/staff.js';

const { values: flags } = parseArgs({ options: { 'no-demo': { type: 'boolean', default: false } } });
const config = loadConfig();
const database = await openDatabase(config.databaseUrl);
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

const { app, engine } = createApp({
  database,
  idempotencyRetentionHours: config.idempotencyRetentionHours,
  timeLimits: config.timeLimits,
  authCacheMs: config.authCacheMs,
  customerLinkHours: config.customerLinkHours,
  log: config.logLevel === 'silent' ? undefined : (line) => console.log(JSON.stringify(line)),
});

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  console.log(`caseflow listening on http://localhost:${info.port} (database: ${database.kind})`);
});

// Idempotency records answer retries for IDEMPOTENCY_RETENTION_HOURS; older ones are deleted
// at start and then every hour (or sooner, for a shorter retention).
const retentionMs = config.idempotencyRetentionHours * 3600_000;
const purgeExpiredAnswers = () =>
  engine.purgeExpiredAnswers().catch((error: unknown) => console.error(JSON.stringify({ level: 'error', task: 'purge idempotency records', error: String(error) })));
void purgeExpiredAnswers();
const purgeTimer = setInterval(purgeExpiredAnswers, Math.max(60_000, Math.min(3600_000, retentionMs))).unref();

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  clearInterval(purgeTimer);
  console.log(`${signal}: finishing requests in flight, then closing the database`);
  server.close(async () => {
    await database.close();
    process.exit(0);
  });
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
