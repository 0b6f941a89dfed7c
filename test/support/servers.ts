/**
 * Test support for tests that need real processes: starts `server/main.ts` as a child process
 * (listening on 127.0.0.1 on a port the OS picks), stops or SIGKILLs it, and runs the CLI.
 * Every child started here is remembered, so `killAll()` in `afterAll` leaves none behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const children = new Set<ChildProcess>();

export interface ServerProcess {
  /** `http://127.0.0.1:PORT` */
  url: string;
  pid: number;
  /** Everything the process wrote so far. */
  output(): string;
  /** SIGKILL: no chance to finish anything. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts the server over `databaseUrl` (with `args`, as after `npm start --`) and resolves once `/health` answers 200. */
export async function startServer(
  databaseUrl: string,
  env: Record<string, string> = {},
  args: string[] = [],
  /** The built server (`scripts/build.mjs`) to run instead of the TypeScript source. */
  bundle?: string,
): Promise<ServerProcess> {
  const entry = bundle ? [bundle] : ['--import', 'tsx', 'server/boot/main.ts'];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));

  // Generous: a first start on a busy 2-core machine seeds PGlite with an fsync per commit; how fast
  // a start is belongs to the benchmark, not to this wait.
  const deadline = Date.now() + 60_000;
  let url: string | undefined;
  while (!url) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before listening:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start listening within 60 s:\n${output}`);
    }
    const port = output.match(/listening on http:\/\/localhost:(\d+)/)?.[1];
    if (port) url = `http://127.0.0.1:${port}`;
    else await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const health = await fetch(`${url}/health`);
  if (health.status !== 200) throw new Error(`/health answered ${health.status}`);

  return {
    url,
    pid: child.pid!,
    output: () => output,
    kill: async () => {
      child.kill('SIGKILL');
      await exited(child);
    },
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}

/** SIGKILLs every child still running: for `afterAll`. */
export async function killAll(): Promise<void> {
  await Promise.all(
    [...children].map((child) => {
      child.kill('SIGKILL');
      return exited(child);
    }),
  );
}

export interface CliProcess {
  stdout(): string;
  stderr(): string;
  /** SIGKILL: no chance to finish anything. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>;
}

/** Starts `npm run cli -- ...args` (as `node --import tsx server/boot/cli.ts`) against `databaseUrl`, and answers at once. */
export function startCli(args: string[], databaseUrl: string): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/boot/cli.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const done = exited(child).then(() => {
    children.delete(child);
    return child.exitCode;
  });
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    kill: async () => {
      child.kill('SIGKILL');
      await done;
    },
    exited: done,
  };
}

/** Runs `npm run cli -- ...args` against `databaseUrl` to its end (SIGKILLed after 60 s). */
export async function runCli(args: string[], databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = startCli(args, databaseUrl);
  const timer = setTimeout(() => void cli.kill(), 60_000);
  const code = await cli.exited;
  clearTimeout(timer);
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

/** One JSON request to a running server with a bearer token; answers the status and the parsed body. */
export async function callServer(base: string, token: string, method: string, path: string, body?: unknown, timeoutMs = 15_000) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, body: (await response.json()) as any };
}
