/**
 * `npm run bench`: durable transitions per second against PostgreSQL's own limit, in one run.
 *
 *   1. the limit     pgbench -N at C clients, in a throw-away database
 *   2. the floor     caseflow's SQL for each request, replayed with postgres.js at C
 *   3. caseflow      C clients in another process walking work orders over HTTP
 *   4. scale         1,000,000 seeded cases: board, stuck list, search; a deep journal vs a short one
 *   4b. recall       1,000,000 seeded device sales: a recall by lot and by serial
 *   5. PGlite        the same walk on the embedded database
 *   6. webhooks      the walk again without and with a webhook receiver attached: the outbox's cost
 *                    in transitions/s, and how long an entry takes to reach the receiver (p99)
 *   7. startup       `npm start` on the embedded database: the first start, and restarts (median)
 *
 * Environment: DATABASE_URL (a postgres:// database to run in, kept; default: a fresh database on
 * postgres://postgres@127.0.0.1:5432, dropped afterwards), BENCH_CLIENTS (32), BENCH_SECONDS (15),
 * BENCH_WARMUP_SECONDS (5), BENCH_CASES (1000000), BENCH_ONLY (comma list of phases to run, e.g.
 * "floor,caseflow"), BENCH_SERVER=tsx (run server/boot/main.ts under tsx instead of bundled),
 * BENCH_PROFILE=DIR (the server writes V8 CPU profiles there), BENCH_NODE_ARGS (more flags for the
 * server's node), BENCH_SERVER_LOG=FILE (the server's output), PGBENCH (its path).
 * The last line printed is `transitions/s: X, pgbench: Y/s, ratio: R`.
 */
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import postgres from 'postgres';
import { z } from 'zod';
import { openDatabase } from '../db/index.js';
import { migrateDatabase } from '../db/migrate.js';
import { addStaff } from '../server/core/staff.js';
import { buildServer } from './build.js';
import { captureWalk, roundTrips, runFloor, type Capture } from './floor.js';
import type { LoadConfig, LoadResult } from './load.js';
import { measureRecall } from './recall.js';
import { measureScale } from './scale.js';
import { measureStartup } from './startup.js';
import { startReceiver, TEST_WEBHOOK_SECRET } from '../test/support/receiver.js';
import {
  Cleanup,
  cpuSeconds,
  createDatabase,
  databaseName,
  dropDatabase,
  latencyLine,
  machineBusySeconds,
  machineFacts,
  memoryMb,
  onServer,
  postgresCpu,
  postgresCpuBetween,
  rate,
  repoRoot,
  startServer,
  summarize,
} from './support.js';
import type { BenchRole } from './walk.js';

const PGBENCH = process.env.PGBENCH ?? '/usr/lib/postgresql/15/bin/pgbench';
const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

const env = z
  .object({
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
    BENCH_CLIENTS: z.coerce.number().int().min(1).max(500).default(32),
    BENCH_SECONDS: z.coerce.number().positive().default(15),
    BENCH_WARMUP_SECONDS: z.coerce.number().min(0).default(5),
    BENCH_CASES: z.coerce.number().int().min(1000).default(1_000_000),
    BENCH_ONLY: z.string().optional(),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')));

const C = env.BENCH_CLIENTS;
const durationMs = env.BENCH_SECONDS * 1000;
const warmupMs = env.BENCH_WARMUP_SECONDS * 1000;
const phases = new Set((env.BENCH_ONLY ?? 'limit,floor,caseflow,scale,recall,pglite,webhooks,startup').split(',').map((p) => p.trim()));
const cleanup = new Cleanup();
const log = (line: string) => console.log(line);
const suffix = randomBytes(4).toString('hex');

/** A number with ` (x.xx of pgbench)` when the limit is known. */
const ofLimit = (value: number, limit: number | undefined) => (limit ? ` (${(value / limit).toFixed(2)} of pgbench)` : '');

async function run(command: string, args: string[], environment: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`))));
  });
}

async function checkpoint(url: string) {
  await onServer(url, (sql) => sql`CHECKPOINT`);
}

// ── 1. The limit ────────────────────────────────────────────────────────────────────────────

interface Limit {
  tps: number;
  /** pgbench's own latency percentile, from its per-transaction log (a tenth of them sampled). */
  p99Ms: number;
  /** PostgreSQL's CPU per pgbench transaction. */
  pgMicros: number;
}

async function measureLimit(serverUrl: string): Promise<Limit> {
  const name = `caseflow_bench_pgbench_${suffix}`;
  await createDatabase(serverUrl, name);
  cleanup.add(`drop ${name}`, () => dropDatabase(serverUrl, name));
  const url = new URL(serverUrl);
  const connection = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres')];
  const pgEnv = { ...process.env, ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}) };
  log(`[limit] pgbench -i -s 10 in ${name}`);
  await run(PGBENCH, ['-i', '-s', '10', '-q', ...connection, name], pgEnv);
  await checkpoint(serverUrl);
  const logDir = await mkdtemp(join(tmpdir(), 'caseflow-bench-pgbench-'));
  cleanup.add(`remove ${logDir}`, () => rm(logDir, { recursive: true, force: true }));
  log(`[limit] pgbench -N -c ${C} -j 2 -T ${env.BENCH_SECONDS} (latencies of a tenth of the transactions logged)`);
  const before = postgresCpu();
  const busyBefore = machineBusySeconds();
  const output = await run(
    PGBENCH,
    ['-N', '-c', String(C), '-j', '2', '-T', String(Math.round(env.BENCH_SECONDS)), '-l', '--sampling-rate=0.1', `--log-prefix=${join(logDir, 'pgbench')}`, ...connection, name],
    pgEnv,
  );
  // pgbench's backends have exited: give the postmaster a moment to reap them (their CPU is counted then).
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const pgSeconds = postgresCpuBetween(before, postgresCpu());
  const busySeconds = machineBusySeconds() - busyBefore;
  await dropDatabase(serverUrl, name);
  const tps = Number(output.match(/tps = ([\d.]+) \(without initial connection time\)/)?.[1]);
  const latency = output.match(/latency average = ([\d.]+) ms/)?.[1];
  if (!Number.isFinite(tps)) throw new Error(`could not read pgbench's tps:\n${output}`);
  // Each log line: client, transaction, latency in µs, script, epoch seconds, µs.
  const latencies: number[] = [];
  for (const file of await readdir(logDir)) {
    for (const line of (await readFile(join(logDir, file), 'utf8')).split('\n')) {
      const micros = Number(line.split(' ')[2]);
      if (Number.isFinite(micros) && line.trim() !== '') latencies.push(micros / 1000);
    }
  }
  const p99Ms = summarize(latencies).p99;
  const pgMicros = (pgSeconds * 1e6) / (tps * env.BENCH_SECONDS);
  log(`[limit] pgbench -N: ${rate(tps)} TPS, latency average ${latency} ms, p99 ${p99Ms.toFixed(1)} ms; CPU: postgres ${(pgSeconds / env.BENCH_SECONDS).toFixed(2)} cores (${Math.round(pgMicros)} µs per transaction), pgbench and anything else ${((busySeconds - pgSeconds) / env.BENCH_SECONDS).toFixed(2)} cores`);
  return { tps, p99Ms, pgMicros };
}

// ── 2. The floor ────────────────────────────────────────────────────────────────────────────

async function measureFloor(url: string, capture: Capture, limit: number | undefined): Promise<number> {
  const trips = roundTrips(capture);
  log(`[floor] statements per request: opening ${trips.open}, event ${trips.event.toFixed(2)} (BEGIN/COMMIT counted)`);
  for (const request of capture.requests.slice(0, 2)) {
    for (const s of request.statements) log(`[floor]   ${request.kind}: ${s.query.replace(/\s+/g, ' ').slice(0, 110)}`);
  }
  await checkpoint(url);
  log(`[floor] replaying with postgres.js at ${C} clients: ${env.BENCH_WARMUP_SECONDS} s warm-up, ${env.BENCH_SECONDS} s measured`);
  let pgBefore = postgresCpu();
  let busyBefore = machineBusySeconds();
  let pgSeconds = 0;
  let busySeconds = 0;
  const result = await runFloor(url, capture, {
    clients: C,
    warmupMs,
    durationMs,
    onMeasuring: () => {
      pgBefore = postgresCpu();
      busyBefore = machineBusySeconds();
    },
    onMeasured: () => {
      pgSeconds = postgresCpuBetween(pgBefore, postgresCpu());
      busySeconds = machineBusySeconds() - busyBefore;
    },
  });
  const perSecond = result.transitions / (result.windowMs / 1000);
  const seconds = result.windowMs / 1000;
  log(`[floor] ${rate(perSecond)} transitions/s${ofLimit(perSecond, limit)}; ${latencyLine(summarize(result.latenciesMs))}`);
  const perTransition = (cpu: number) => `${Math.round((cpu * 1e6) / Math.max(1, result.transitions))} µs`;
  log(`[floor] CPU per transition: postgres ${perTransition(pgSeconds)}, replaying client ${perTransition(result.cpuSeconds)}`);
  log(`[floor] CPU: postgres ${(pgSeconds / seconds).toFixed(2)} cores, replaying client ${(result.cpuSeconds / seconds).toFixed(2)} cores, anything else ${((busySeconds - pgSeconds - result.cpuSeconds) / seconds).toFixed(2)} cores`);
  return perSecond;
}

// ── 3 and 5. caseflow over HTTP ────────────────────────────────────────────────────────────

async function runLoadProcess(config: LoadConfig, onMeasuring: () => void, onMeasured: () => void): Promise<LoadResult> {
  const child = fork(join(repoRoot, 'bench/load.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_LOAD_CHILD: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  cleanup.add('stop the load generator', () => child.exitCode === null && child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    child.on('message', (message: { phase: string; result?: LoadResult; error?: string }) => {
      if (message.phase === 'measuring') onMeasuring();
      if (message.phase === 'measured') onMeasured();
      if (message.phase === 'done') resolve(message.result!);
      if (message.phase === 'failed') reject(new Error(`load generator: ${message.error}`));
    });
    child.on('exit', (code) => code !== 0 && reject(new Error(`the load generator exited with ${code}`)));
    child.send(config);
  });
}

interface WalkFigures {
  perSecond: number;
  p99: number;
  peakRssMb: number;
  /** CPU per transition, µs. */
  serverMicros: number;
  pgMicros: number;
}

async function measureWalk(
  label: string,
  serverPid: number,
  baseUrl: string,
  tokens: Record<BenchRole, string>,
  limit: number | undefined,
  firstOrder: number,
  hooks: { onMeasuring?: () => void; onMeasured?: () => void } = {},
): Promise<WalkFigures> {
  log(`[${label}] ${C} clients walking work orders greet → done over HTTP: ${env.BENCH_WARMUP_SECONDS} s warm-up, ${env.BENCH_SECONDS} s measured`);
  let pgBefore = postgresCpu();
  let serverBefore = cpuSeconds(serverPid);
  let busyBefore = machineBusySeconds();
  let pgSeconds = 0;
  let serverSeconds = 0;
  let busySeconds = 0;
  const result = await runLoadProcess(
    { baseUrl, tokens, clients: C, warmupMs, durationMs, firstOrder },
    () => {
      pgBefore = postgresCpu();
      serverBefore = cpuSeconds(serverPid);
      busyBefore = machineBusySeconds();
      hooks.onMeasuring?.();
    },
    () => {
      pgSeconds = postgresCpuBetween(pgBefore, postgresCpu());
      serverSeconds = cpuSeconds(serverPid) - serverBefore;
      busySeconds = machineBusySeconds() - busyBefore;
      hooks.onMeasured?.();
    },
  );
  const seconds = result.windowMs / 1000;
  const serverCores = serverSeconds / seconds;
  const pgCores = pgSeconds / seconds;
  const perSecond = result.transitions / seconds;
  const all = summarize(result.latenciesMs);
  const opens = summarize(result.openLatenciesMs);
  const memory = memoryMb(serverPid);
  log(`[${label}] ${rate(perSecond)} transitions/s${ofLimit(perSecond, limit)} (${rate(result.opened / seconds)} openings + ${rate(result.events / seconds)} events/s; ${rate(result.walksCompleted)} walks completed)`);
  log(`[${label}] latency: ${latencyLine(all)}; openings alone: p50 ${opens.p50.toFixed(2)} ms, p99 ${opens.p99.toFixed(2)} ms`);
  const loadCores = result.cpuSeconds / seconds;
  const otherCores = busySeconds / seconds - serverCores - pgCores - loadCores;
  const perTransition = (cpu: number) => `${Math.round((cpu * 1e6) / Math.max(1, result.transitions))} µs`;
  log(`[${label}] CPU: server ${serverCores.toFixed(2)} cores, postgres ${pgCores.toFixed(2)} cores, load generator ${loadCores.toFixed(2)} cores, anything else ${otherCores.toFixed(2)} cores`);
  log(`[${label}] CPU per transition: server ${perTransition(serverSeconds)}, postgres ${perTransition(pgSeconds)}, load generator ${perTransition(result.cpuSeconds)}`);
  log(`[${label}] server memory: RSS ${memory.rss.toFixed(0)} MB now, peak ${memory.peak.toFixed(0)} MB`);
  if (result.errors > 0) {
    log(`[${label}] ${result.errors} requests failed; first: ${result.firstErrors.join(' | ')}`);
    throw new Error(`${label}: requests failed`);
  }
  const micros = (cpu: number) => (cpu * 1e6) / Math.max(1, result.transitions);
  return { perSecond, p99: all.p99, peakRssMb: memory.peak, serverMicros: micros(serverSeconds), pgMicros: micros(pgSeconds) };
}

async function addBenchStaff(url: string): Promise<Record<BenchRole | 'qa', string>> {
  const database = await openDatabase(url);
  try {
    await migrateDatabase(database);
    const tokens = {} as Record<BenchRole | 'qa', string>;
    for (const role of ['advisor', 'technician', 'cashier', 'qa'] as const) {
      tokens[role] = (await addStaff(database.db, `Bench ${role}`, role)).token;
    }
    return tokens;
  } finally {
    await database.close();
  }
}

// ── 6. Webhooks ─────────────────────────────────────────────────────────────────────────────

interface WebhookFigures {
  without: number;
  with: number;
  /** Share of transitions/s the outbox and its worker cost. */
  cost: number;
  lagP50: number;
  lagP99: number;
}

/**
 * The walk on a fresh database without WEBHOOK_URL, then on another with a receiver attached, twice in turn (in
 * this process; it answers 204 at once and does not check signatures, as a receiver elsewhere
 * would). Lag: from an entry's `at` to its arrival, for the entries written in the measured window.
 */
async function measureWebhooks(serverUrl: string, bundle: string | undefined, limit: number | undefined): Promise<WebhookFigures> {
  const receiver = await startReceiver({ verify: false });
  cleanup.add('close the webhook receiver', () => receiver.close());
  const walkOn = async (label: string, extraEnv: Record<string, string>, firstOrder: number, window: { from?: number; to?: number } = {}) => {
    const name = `caseflow_bench_${label.replace(/\W/g, '_')}_${suffix}`;
    const url = await createDatabase(serverUrl, name);
    cleanup.add(`drop ${name}`, () => dropDatabase(serverUrl, name));
    const tokens = await addBenchStaff(url);
    const server = await startServer(url, bundle, extraEnv);
    cleanup.add(`stop the ${label} server`, () => server.stop());
    await checkpoint(url);
    const figures = await measureWalk(label, server.pid, server.baseUrl, tokens, limit, firstOrder, {
      onMeasuring: () => (window.from = Date.now()),
      onMeasured: () => (window.to = Date.now()),
    });
    return { figures, server, url, name };
  };

  // Off and on, twice, in turn: the machine's speed drifts by 10–20 % over minutes, and a cost
  // read from one pair alone moved with it.
  const offRates: number[] = [];
  const onRates: number[] = [];
  const windows: Array<{ from?: number; to?: number }> = [];
  const outbox = { entries: 0, delivered: 0 };
  for (let pair = 0; pair < 2; pair++) {
    const off = await walkOn('webhooks off', {}, 7_000_000 + pair * 500_000);
    await off.server.stop();
    await dropDatabase(serverUrl, off.name);
    offRates.push(off.figures.perSecond);

    const window: { from?: number; to?: number } = {};
    windows.push(window);
    const on = await walkOn('webhooks on', { WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: TEST_WEBHOOK_SECRET }, 8_000_000 + pair * 500_000, window);
    onRates.push(on.figures.perSecond);
    // The walk has stopped: let the worker drain what is left, then read the outbox.
    let last = -1;
    const drainDeadline = Date.now() + 60_000;
    while (receiver.accepted.length !== last && Date.now() < drainDeadline) {
      last = receiver.accepted.length;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const client = postgres(on.url, { max: 1, onnotice: () => {} });
    const [counts] = await client`SELECT count(*)::int AS entries, count(*) FILTER (WHERE status = 'delivered')::int AS delivered FROM deliveries`;
    await client.end({ timeout: 5 });
    outbox.entries += counts!.entries;
    outbox.delivered += counts!.delivered;
    await on.server.stop();
    await dropDatabase(serverUrl, on.name);
  }
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const offRate = sum(offRates) / offRates.length;
  const onRate = sum(onRates) / onRates.length;
  const inWindow = (at: number) => windows.some((w) => at >= w.from! && at <= w.to!);

  const lags = receiver.accepted
    .filter((r) => inWindow(Date.parse(r.body.at)))
    .map((r) => r.receivedAt - Date.parse(r.body.at))
    .sort((a, b) => a - b);
  const ids = new Set(receiver.accepted.map((r) => r.webhookId));
  const cost = 1 - onRate / offRate;
  const lag = summarize(lags);
  log(`[webhooks] transitions/s without the outbox ${offRates.map(rate).join(' and ')}, with a receiver attached ${onRates.map(rate).join(' and ')}: the outbox costs ${(cost * 100).toFixed(1)} % (means ${rate(offRate)} and ${rate(onRate)})`);
  log(`[webhooks] delivery lag (entry written → receiver has it), ${rate(lags.length)} entries of the window: ${latencyLine(lag)}`);
  log(`[webhooks] outbox ${rate(outbox.entries)} deliveries, ${rate(outbox.delivered)} delivered after the drains; receiver got ${rate(receiver.accepted.length)} posts, ${rate(receiver.accepted.length - ids.size)} repeats`);
  return { without: offRate, with: onRate, cost, lagP50: lag.p50, lagP99: lag.p99 };
}

// ── The run ─────────────────────────────────────────────────────────────────────────────────

async function main() {
  const facts = machineFacts();
  const serverUrl = env.DATABASE_URL ?? DEFAULT_SERVER;
  const version = await onServer(serverUrl, (sql) => sql`SHOW server_version`);
  log(`caseflow bench ${new Date().toISOString()}: ${facts.cores} cores (${facts.model}), ${facts.memoryGb} GB, Node ${process.version}, PostgreSQL ${version[0]!.server_version}`);
  log(`C = ${C} clients, ${env.BENCH_SECONDS} s per measurement after ${env.BENCH_WARMUP_SECONDS} s of warm-up`);

  let bundle: string | undefined;
  if (process.env.BENCH_SERVER !== 'tsx') {
    const started = performance.now();
    bundle = await buildServer();
    log(`[setup] server bundled with esbuild in ${(performance.now() - started).toFixed(0)} ms: node ${relative(repoRoot, bundle)}`);
  }

  const limitFigures = phases.has('limit') ? await measureLimit(serverUrl) : undefined;
  const limit = limitFigures?.tps;

  let url = env.DATABASE_URL;
  if (!url) {
    const name = `caseflow_bench_${suffix}`;
    url = await createDatabase(serverUrl, name);
    cleanup.add(`drop ${name}`, () => dropDatabase(serverUrl, name));
    log(`[setup] fresh database ${name}`);
  } else {
    log(`[setup] running in ${databaseName(url)} (DATABASE_URL); it is kept, with what the bench wrote`);
  }
  const tokens = await addBenchStaff(url);
  const capture = await captureWalk(url, tokens, 1);

  let floor: number | undefined;
  if (phases.has('floor')) floor = await measureFloor(url, capture, limit);

  let caseflow: WalkFigures | undefined;
  let scale: Awaited<ReturnType<typeof measureScale>> | undefined;
  let recall: Awaited<ReturnType<typeof measureRecall>> | undefined;
  let peakRssMb: number | undefined;
  if (phases.has('caseflow') || phases.has('scale') || phases.has('recall')) {
    const server = await startServer(url, bundle);
    cleanup.add('stop the server', () => server.stop());
    log(`[caseflow] server pid ${server.pid} answered /health after ${server.startupMs.toFixed(0)} ms`);
    if (phases.has('caseflow')) {
      await checkpoint(url);
      caseflow = await measureWalk('caseflow', server.pid, server.baseUrl, tokens, limit, 1_000_000);
      if (floor) log(`[caseflow] our code's overhead: caseflow is ${(caseflow.perSecond / floor).toFixed(2)} of the floor`);
    }
    if (phases.has('scale')) scale = await measureScale({ url, baseUrl: server.baseUrl, serverPid: server.pid, tokens, capture, cases: env.BENCH_CASES, log });
    if (phases.has('recall')) recall = await measureRecall({ url, baseUrl: server.baseUrl, qaToken: tokens.qa, sales: env.BENCH_CASES, log });
    peakRssMb = memoryMb(server.pid).peak;
    await server.stop();
  }

  let pglite: WalkFigures | undefined;
  let pgliteOsCache: WalkFigures | undefined;
  if (phases.has('pglite')) {
    // The default (every commit flushed to the disk), then PGlite's own setting (left in the OS's
    // cache): what the stronger durability costs.
    for (const durability of ['fsync', 'os-cache'] as const) {
      const dir = await mkdtemp(join(tmpdir(), 'caseflow-bench-pglite-'));
      cleanup.add(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));
      const pgliteUrl = `pglite:${dir}`;
      const pgliteTokens = await addBenchStaff(pgliteUrl);
      const label = durability === 'fsync' ? 'pglite' : 'pglite os-cache';
      const server = await startServer(pgliteUrl, bundle, { PGLITE_DURABILITY: durability });
      cleanup.add(`stop the ${label} server`, () => server.stop());
      log(`[${label}] PGLITE_DURABILITY=${durability}: server pid ${server.pid} answered /health after ${server.startupMs.toFixed(0)} ms`);
      const figures = await measureWalk(label, server.pid, server.baseUrl, pgliteTokens, limit, durability === 'fsync' ? 5_000_000 : 6_000_000);
      await server.stop();
      if (durability === 'fsync') pglite = figures;
      else pgliteOsCache = figures;
    }
    log(`[pglite] flushing every commit to the disk costs ${((1 - pglite!.perSecond / pgliteOsCache!.perSecond) * 100).toFixed(1)} % of transitions/s (${rate(pglite!.perSecond)} against ${rate(pgliteOsCache!.perSecond)} with PGLITE_DURABILITY=os-cache)`);
  }

  let webhooks: WebhookFigures | undefined;
  if (phases.has('webhooks')) webhooks = await measureWebhooks(serverUrl, bundle, limit);

  let startup: Awaited<ReturnType<typeof measureStartup>> | undefined;
  if (phases.has('startup')) startup = await measureStartup(log);

  // The targets, met or not, then the last line.
  const target = (name: string, value: number | undefined, unit: string, met: (v: number) => boolean, goal: string) =>
    value !== undefined && log(`[targets] ${met(value) ? 'met   ' : 'MISSED'} ${name}: ${value.toFixed(unit === '' ? 2 : 1)}${unit} (${goal})`);
  if (caseflow && limit) target('ratio to pgbench', caseflow.perSecond / limit, '', (v) => v >= 0.5, '≥ 0.5');
  // Issue 13 asks for half of pgbench with every feature on: the walks with a webhook receiver attached write and send the outbox too.
  if (webhooks && limit) target('ratio to pgbench with the outbox on', webhooks.with / limit, '', (v) => v >= 0.5, '≥ 0.5, mean of the webhooks phase\'s walks with a receiver');
  if (caseflow && limitFigures) {
    const allowed = 1.5 * limitFigures.p99Ms;
    target('p99 latency', caseflow.p99, ' ms', (v) => v <= allowed, `≤ 1.5 × pgbench's p99 of ${limitFigures.p99Ms.toFixed(1)} ms = ${allowed.toFixed(1)} ms`);
    const pgAllowed = limitFigures.pgMicros;
    target('PostgreSQL CPU per transition', caseflow.pgMicros, ' µs', (v) => v <= pgAllowed, `≤ a pgbench transaction's ${Math.round(pgAllowed)} µs`);
  }
  target('server CPU per transition', caseflow?.serverMicros, ' µs', (v) => v <= 450, '≤ 450 µs');
  const at = `at ${env.BENCH_CASES.toLocaleString('en-US')} cases`;
  target(`board ${at}`, scale?.boardMs, ' ms', (v) => v <= 50, '≤ 50 ms, median');
  target(`stuck list ${at}`, scale?.stuckMs, ' ms', (v) => v <= 50, '≤ 50 ms, median');
  target(`search by plate ${at}`, scale?.searchMs, ' ms', (v) => v <= 50, '≤ 50 ms, median');
  const sold = `at ${env.BENCH_CASES.toLocaleString('en-US')} sales`;
  target(`recall by lot ${sold}`, recall?.lotMs, ' ms', (v) => v <= 50, '≤ 50 ms, median');
  target(`recall by serial ${sold}`, recall?.serialMs, ' ms', (v) => v <= 50, '≤ 50 ms, median');
  if (scale) target('event 10,000 vs event 10', (scale.deepMs / scale.shallowMs - 1) * 100, ' %', (v) => v <= 10, 'within 10 %, median');
  target('server peak RSS', peakRssMb, ' MB', (v) => v <= 200, '≤ 200 MB');
  target('first npm start to its first page', startup && startup.firstMs / 1000, ' s', (v) => v <= 10, '≤ 10 s');
  target('npm start again to its first page (restart)', startup && startup.restartMs / 1000, ' s', (v) => v <= 2, '≤ 2 s, median of 5');
  target('outbox cost in transitions/s', webhooks && webhooks.cost * 100, ' %', (v) => v <= 15, '≤ 15 %');
  if (webhooks) log(`[targets] (none) webhook delivery lag under load: p50 ${webhooks.lagP50.toFixed(1)} ms, p99 ${webhooks.lagP99.toFixed(1)} ms`);
  if (pglite && limit) target('PGlite walk, ratio to pgbench', pglite.perSecond / limit, '', (v) => v >= 0.25, '≥ 0.25');
  target('PGlite server peak RSS', pglite?.peakRssMb, ' MB', (v) => v <= 300, '≤ 300 MB');
  if (pglite && pgliteOsCache) log(`[targets] (none) PGlite: ${Math.round(pglite.perSecond)} transitions/s with every commit on the disk (${Math.round(pgliteOsCache.perSecond)}/s left in the OS cache), p99 ${pglite.p99.toFixed(1)} ms`);

  const x = caseflow?.perSecond;
  const fmt = (n: number | undefined) => (n === undefined ? 'n/a' : String(Math.round(n)));
  log(`transitions/s: ${fmt(x)}, pgbench: ${fmt(limit)}/s, ratio: ${x !== undefined && limit ? (x / limit).toFixed(2) : 'n/a'}`);
}

let failed = false;
const interrupted = async (signal: string) => {
  console.error(`${signal}: cleaning up`);
  // Dropping a database ends the connections still working in it; their clients may throw.
  process.on('uncaughtException', (error) => console.error(`while cleaning up: ${error.message}`));
  await cleanup.run();
  process.exit(130);
};
process.once('SIGINT', () => void interrupted('SIGINT'));
process.once('SIGTERM', () => void interrupted('SIGTERM'));
try {
  await main();
} catch (error) {
  failed = true;
  console.error(`bench failed: ${(error as Error).stack ?? error}`);
} finally {
  await cleanup.run();
}
process.exit(failed ? 1 : 0);
