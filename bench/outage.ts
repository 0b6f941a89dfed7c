/**
 * Measures a PostgreSQL restart under load: a throw-away PostgreSQL 15 cluster (initdb + pg_ctl,
 * as the `postgres` OS user when run as root) on OUTAGE_PG_PORT, the built server on
 * OUTAGE_PORT, 16 clients each cycling one complaint through investigation → answer → reopening
 * (retrying a 503 with the same Idempotency-Key), and `pg_ctl restart -m fast` in the middle.
 * Prints: answers by status (no 5xx but 503 allowed), the longest request, how long after
 * PostgreSQL took connections again every client had a 2xx, and acknowledged events missing from
 * the journal (must be 0). Never touches the shared server at 5432.
 *
 *   npx tsx bench/outage.ts          (OUTAGE_PG_PORT=3290 OUTAGE_PORT=3291 by default)
 *   OUTAGE_DOWN_MS=5000 npx tsx bench/outage.ts   (stopped for 5 s instead of restarted)
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { buildServer } from '../scripts/build.mjs';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const pgPort = Number(process.env.OUTAGE_PG_PORT ?? 3290);
const port = Number(process.env.OUTAGE_PORT ?? 3291);
const CLIENTS = 16;
/** 0: `pg_ctl restart -m fast`; otherwise stop, stay down this long, start. */
const downMs = Number(process.env.OUTAGE_DOWN_MS ?? 0);
const asPostgres = userInfo().uid === 0;
const folder = mkdtempSync(join(tmpdir(), 'caseflow-outage-'));
chmodSync(folder, 0o777);
const dataDir = join(folder, 'pgdata');

const pg = (tool: string, args: string[]) =>
  execFileSync(asPostgres ? 'runuser' : join(PG_BIN, tool), asPostgres ? ['-u', 'postgres', '--', join(PG_BIN, tool), ...args] : args, { stdio: 'pipe' }).toString();
const pgCtl = (...args: string[]) => pg('pg_ctl', ['-D', dataDir, '-w', '-l', join(folder, 'pg.log'), '-o', `-p ${pgPort} -k ${folder} -c listen_addresses=127.0.0.1`, ...args]);

const databaseUrl = `postgres://postgres@127.0.0.1:${pgPort}/postgres`;
const base = `http://127.0.0.1:${port}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

pg('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
pgCtl('start');
// Built inside the checkout, so that its packages resolve from node_modules.
const server = spawn(process.execPath, [await buildServer(fileURLToPath(new URL('./.build/outage-server.mjs', import.meta.url)))], {
  env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let serverOutput = '';
server.stdout.on('data', (chunk) => (serverOutput += chunk));
server.stderr.on('data', (chunk) => (serverOutput += chunk));

try {
  while (!/listening on/.test(serverOutput)) {
    if (server.exitCode !== null) throw new Error(`the server exited:\n${serverOutput}`);
    await sleep(50);
  }
  const token = execFileSync(process.execPath, ['--import', 'tsx', 'server/boot/cli.ts', 'user', 'add', '--name', 'Outage QA', '--role', 'qa'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
  })
    .toString()
    .trim()
    .split('\n')
    .at(-1)!;

  const statuses = new Map<number, number>();
  let longestMs = 0;
  const acknowledged: Array<{ caseId: string; version: number; type: string }> = [];
  let restartedAt = 0; // when PostgreSQL took connections again
  const recoveredAt: number[] = [];

  async function request(method: string, path: string, body: unknown, key: string) {
    for (;;) {
      const started = performance.now();
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify(body),
      }).catch(() => undefined);
      longestMs = Math.max(longestMs, performance.now() - started);
      const status = response?.status ?? 0;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (response && status < 300) return { status, body: (await response.json()) as { id: string; version: number } };
      await response?.text();
      if (status !== 503) throw new Error(`${method} ${path} answered ${status}`);
      await sleep(200);
    }
  }

  const cycle = [
    { type: 'investigation.recorded', findings: 'Noise at the front axle.', substantiated: false },
    { type: 'answer.sent', channel: 'phone', message: 'Nothing was found wrong; we explained why.' },
    { type: 'complaint.reopened', reason: 'The customer called again.' },
  ];
  let running = true;
  const client = async (n: number) => {
    const input = { channel: 'phone', customer: { name: `Outage ${n}` }, statement: 'A noise.', severity: 'low' };
    const opened = await request('POST', '/api/cases', { type: 'complaint', input }, `open-${n}`);
    let step = 0;
    let sawOutage = false;
    while (running) {
      const event = cycle[step % cycle.length]!;
      const sent = await request('POST', `/api/cases/${opened.body.id}/events`, event, `c${n}-${step}`);
      acknowledged.push({ caseId: opened.body.id, version: sent.body.version, type: event.type });
      if (restartedAt && !sawOutage) {
        sawOutage = true;
        recoveredAt[n] = performance.now();
      }
      step += 1;
    }
  };

  const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));
  await sleep(3000);
  const restartStarted = performance.now();
  if (downMs > 0) {
    pgCtl('stop', '-m', 'fast');
    await sleep(downMs);
    pgCtl('start');
  } else pgCtl('restart', '-m', 'fast');
  restartedAt = performance.now();
  await sleep(8000);
  running = false;
  await Promise.all(clients);

  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const journal = await sql<{ case_id: string; seq: number; event_type: string }[]>`SELECT case_id, seq, event_type FROM journal`;
  await sql.end();
  const stored = new Set(journal.map((row) => `${row.case_id}:${row.seq}:${row.event_type}`));
  const lost = acknowledged.filter((a) => !stored.has(`${a.caseId}:${a.version}:${a.type}`)).length;
  const serverErrors = [...statuses].filter(([status]) => status >= 500 && status !== 503).reduce((sum, [, n]) => sum + n, 0);
  const recovery = recoveredAt.filter(Boolean).map((at) => at - restartedAt);

  const scenario = downMs > 0 ? `stopped (pg_ctl stop -m fast), down ${downMs} ms, started again` : 'restarted (pg_ctl restart -m fast)';
  console.log(`PostgreSQL ${scenario} under ${CLIENTS} concurrent clients`);
  console.log(`  PostgreSQL unavailable for   ${Math.round(restartedAt - restartStarted)} ms`);
  console.log(`  answers by status            ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  console.log(`  5xx other than 503           ${serverErrors}`);
  console.log(`  longest request              ${Math.round(longestMs)} ms`);
  console.log(`  time to recover (every client had a 2xx after PostgreSQL was back): ${Math.round(Math.max(0, ...recovery))} ms (first: ${Math.round(Math.min(...recovery))} ms)`);
  console.log(`  acknowledged events          ${acknowledged.length}`);
  console.log(`  acknowledged events lost     ${lost}`);
  if (serverErrors > 0 || lost > 0) process.exitCode = 1;
} finally {
  if (server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  } else console.error(serverOutput);
  pgCtl('stop', '-m', 'fast');
  rmSync(folder, { recursive: true, force: true });
}
