/**
 * `npm start`: open (and migrate) the database, serve the app, stop cleanly on SIGTERM/SIGINT.
 * On an embedded database with no staff yet, demo staff are created and their tokens printed.
 */
import { serve } from '@hono/node-server';
import { openDatabase } from '../db/index.js';
import { migrateDatabase } from '../db/migrate.js';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { seedDemoStaff } from './staff.js';

const config = loadConfig();
const database = await openDatabase(config.databaseUrl);
await migrateDatabase(database);

if (database.kind === 'pglite') {
  const demo = await seedDemoStaff(database.db);
  if (demo) {
    console.log('First start on the embedded database: demo staff, one per role (keep these tokens):');
    for (const { member, token } of demo) console.log(`  ${member.role.padEnd(10)} ${member.name.padEnd(16)} ${token}`);
  }
}

const { app } = createApp({
  database,
  idempotencyRetentionHours: config.idempotencyRetentionHours,
  timeLimits: config.timeLimits,
  log: config.logLevel === 'silent' ? undefined : (line) => console.log(JSON.stringify(line)),
});

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  console.log(`caseflow listening on http://localhost:${info.port} (database: ${database.kind})`);
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing requests in flight, then closing the database`);
  server.close(async () => {
    await database.close();
    process.exit(0);
  });
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
