/**
 * What the benchmark's phases share: throw-away databases on the PostgreSQL server, the server
 * process under test, CPU and memory read from /proc, and latency statistics.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { withHeapFor } from '../scripts/heap.mjs';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Everything the run created and must undo, even when it fails. */
export class Cleanup {
  private steps: Array<{ name: string; undo: () => Promise<unknown> | unknown }> = [];
  add(name: string, undo: () => Promise<unknown> | unknown) {
    this.steps.push({ name, undo });
  }
  /** Undoes in reverse order; a failing step is reported and the others still run. */
  async run() {
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      try {
        await step.undo();
      } catch (error) {
        console.error(`cleanup: ${step.name} failed: ${(error as Error).message}`);
      }
    }
  }
}

/** The URL of another database on the same server as `url`. */
export function databaseUrl(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

/** Runs `work` on the server's maintenance database (`postgres`). */
export async function onServer<T>(url: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(databaseUrl(url, 'postgres'), { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a safe database name: ${name}`);
  await onServer(serverUrl, (sql) => sql.unsafe(`CREATE DATABASE ${name}`));
  return databaseUrl(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a safe database name: ${name}`);
  await onServer(serverUrl, (sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// ── /proc ───────────────────────────────────────────────────────────────────────────────────

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) a process has used, or 0 when it is gone; with `reapedChildren`,
 * plus what its children used before they exited and were waited for.
 */
export function cpuSeconds(pid: number, reapedChildren = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    const children = reapedChildren ? Number(fields[13]) + Number(fields[14]) : 0;
    return (own + children) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of every running `postgres` process, by pid. The postmaster's share includes the
 * backends that have exited since (a closed pool, pgbench's clients): it reaps them.
 */
export function postgresCpu(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name !== 'postgres') continue;
      byPid.set(Number(entry), cpuSeconds(Number(entry), true));
    } catch {
      // The process ended while we looked.
    }
  }
  return byPid;
}

/** CPU seconds the postgres processes used between two readings (backends that started since count from 0). */
export function postgresCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/** CPU seconds the whole machine has been busy (all cores, everything but idle and I/O wait). */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / CLOCK_TICKS_PER_SECOND;
}

/** Resident and peak resident memory of a process, in MB, from /proc/PID/status. */
export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

export function machineFacts() {
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const totalKb = Number(meminfo.match(/^MemTotal:\s+(\d+)/m)?.[1] ?? 0);
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? 'unknown CPU';
  const cores = (cpuinfo.match(/^processor\s*:/gm) ?? []).length;
  return { cores, memoryGb: Math.round((totalKb / 1024 / 1024) * 10) / 10, model };
}

// ── The server under test ───────────────────────────────────────────────────────────────────

export interface RunningServer {
  pid: number;
  baseUrl: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first healthy answer. */
  startupMs: number;
  stop(): Promise<void>;
}

/**
 * Starts the server in its own Node process on a free port of 127.0.0.1 (the `bundle` built from
 * `server/boot/main.ts`, else `server/boot/main.ts` under tsx), and waits until `/health` answers. Its
 * output is kept and shown only if it fails.
 */
/**
 * The flags `npm start` gives node (package.json's `start` script, e.g. the heap limit), but
 * `--enable-source-maps`, which only makes stack traces readable: the bench runs the server as it
 * is started.
 */
function startFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return scripts.start.split(/\s+/).filter((word) => word.startsWith('--') && word !== '--enable-source-maps');
}

export async function startServer(databaseUrl: string, bundle?: string, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const started = performance.now();
  // BENCH_PROFILE=DIR: the server writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  // BENCH_NODE_ARGS: more flags for the server's node (e.g. --perf-basic-prof, to read it with `perf`).
  profile.push(...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []));
  const entry = bundle ? [...withHeapFor(databaseUrl, startFlags()), bundle] : ['--import', 'tsx', 'server/boot/main.ts'];
  const child = spawn(process.execPath, [...profile, ...entry], {
    cwd: repoRoot,
    env: { ...process.env, ...extraEnv, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // BENCH_SERVER_LOG=FILE: everything the server prints goes there too.
  if (process.env.BENCH_SERVER_LOG) {
    const log = createWriteStream(process.env.BENCH_SERVER_LOG, { flags: 'a' });
    child.stdout!.pipe(log);
  }
  child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
  child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
  let exited = false;
  child.on('exit', () => (exited = true));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`the server exited during start:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /health within 60 s:\n${output}`);
    }
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const startupMs = performance.now() - started;
  return {
    pid: child.pid!,
    baseUrl,
    child,
    startupMs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

// ── Statistics ──────────────────────────────────────────────────────────────────────────────

/** The p-th percentile (0–100) of ascending `sorted`, nearest rank. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(latenciesMs: number[]): LatencySummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
export const rate = (value: number) => Math.round(value).toLocaleString('en-US');
export const latencyLine = (s: LatencySummary) => `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}, max ${ms(s.max)}`;

/**
 * The secondary indexes of `table` (not those behind a constraint), with their definitions: a
 * seed drops them and builds them again at the end rather than row by row, from their own
 * definitions, so it measures what the migrations made.
 */
/**
 * For a seed inside transaction `tx`: the cases it inserts get no search row each from the
 * trigger (one call per row); `fillCaseSearch` then writes them all in one statement.
 */
export async function deferCaseSearch(tx: postgres.TransactionSql) {
  await tx`ALTER TABLE cases DISABLE TRIGGER cases_searchable`;
}

/** The search rows of every case without one, as the trigger would have written them; the trigger back on. */
export async function fillCaseSearch(tx: postgres.TransactionSql) {
  await tx`
    INSERT INTO case_search (case_id, search_text)
    SELECT c.id, case_search_text(c) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_search s WHERE s.case_id = c.id)`;
  await tx`ALTER TABLE cases ENABLE TRIGGER cases_searchable`;
}

export function secondaryIndexes(sql: postgres.Sql | postgres.TransactionSql, table: string) {
  return sql<{ indexname: string; indexdef: string }[]>`
    SELECT i.indexname, i.indexdef FROM pg_indexes i
    WHERE i.schemaname = current_schema() AND i.tablename = ${table}
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`;
}
