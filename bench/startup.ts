/**
 * How long `npm start` takes to answer its first page (`GET /login`): a first start on an empty
 * embedded database (demo staff and cases seeded), then restarts of the same one. The bundle is
 * built beforehand, as after the first `npm start`, so a restart measures a restart.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIfStale } from '../scripts/build.mjs';
import { freePort, repoRoot } from './support.js';

/** Milliseconds from spawning `npm start` to its login page answering 200; then stops it with SIGTERM. */
async function timeStart(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `pglite:${dataDir}`, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      if (performance.now() - started > 60_000) throw new Error('npm start did not answer /login within 60 s');
      const status = await fetch(`http://127.0.0.1:${port}/login`).then((r) => r.status, () => 0);
      if (status === 200) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    await groupGone(child.pid!);
  }
}

/** Waits until no process of the group is left: npm can exit before the server it started has closed its database. */
async function groupGone(group: number): Promise<void> {
  const deadline = performance.now() + 15_000;
  for (;;) {
    try {
      process.kill(-group, 0);
    } catch {
      return;
    }
    if (performance.now() > deadline) {
      process.kill(-group, 'SIGKILL');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function measureStartup(log: (line: string) => void, restarts = 5): Promise<{ firstMs: number; restartMs: number }> {
  await buildIfStale();
  const dir = await mkdtemp(join(tmpdir(), 'caseflow-bench-start-'));
  try {
    const firstMs = await timeStart(dir);
    const times: number[] = [];
    for (let i = 0; i < restarts; i++) times.push(await timeStart(dir));
    times.sort((a, b) => a - b);
    const restartMs = times[Math.floor(times.length / 2)]!;
    log(`[startup] npm start to its first page: first start ${firstMs.toFixed(0)} ms (empty database, demo seeded); restarts ${times.map((t) => t.toFixed(0)).join(', ')} ms, median ${restartMs.toFixed(0)} ms`);
    return { firstMs, restartMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
