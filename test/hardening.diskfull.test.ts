/**
 * The embedded database's disk fills up: writes answer `503 UNAVAILABLE` (nothing half-done),
 * reads and `/health` keep answering, SIGTERM still stops the server, writes are accepted again
 * as soon as space is freed, and a restart finds every acknowledged case. The disk is a small
 * tmpfs mounted for the test (the tests run as root, as CI does).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintInput } from './support/api';
import { killAll, startServer, type ServerProcess } from './support/servers';

const MB = 1024 * 1024;
const RESERVE_MB = 48;

describe('the embedded database on a disk that fills up', () => {
  let disk: string;
  let filler: string;
  let server: ServerProcess;
  let token: string;
  const acknowledged: string[] = [];

  beforeAll(async () => {
    disk = mkdtempSync(join(tmpdir(), 'caseflow-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=128m', 'tmpfs', disk]);
    filler = join(disk, 'filler');
  });

  afterAll(async () => {
    await killAll();
    try {
      execFileSync('umount', [disk]);
    } finally {
      rmSync(disk, { recursive: true, force: true });
    }
  });

  const start = async () => {
    server = await startServer(`pglite:${join(disk, 'db')}`, { PGLITE_MIN_FREE_MB: String(RESERVE_MB) }, ['--no-demo']);
    token ??= server.output().match(/advisor\s+Demo Advisor\s+(cf_\S+)/)![1]!;
  };
  /** Leaves `freeMb` free on the disk. */
  const fillUntil = (freeMb: number) => {
    const { bavail, bsize } = statfsSync(disk);
    execFileSync('fallocate', ['-l', String(bavail * bsize - freeMb * MB), filler]);
  };
  const freeSpace = () => rmSync(filler, { force: true });
  const open = () =>
    fetch(`${server.url}/api/cases`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'complaint', input: complaintInput() }),
    });
  const read = (path: string) => fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });

  it('refuses writes with 503 while the disk is nearly full, keeps answering reads, and takes writes again once space is freed', async () => {
    await start();
    const before = await open();
    expect(before.status).toBe(201);
    acknowledged.push(((await before.json()) as { id: string }).id);

    fillUntil(RESERVE_MB / 2);
    const refused = await open();
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(((await refused.json()) as any).error.code).toBe('UNAVAILABLE');
    expect((await read('/api/cases?limit=5')).status).toBe(200);
    expect((await read('/health')).status).toBe(200);
    expect((await read('/health/ready')).status).toBe(200);

    freeSpace();
    const after = await open();
    expect(after.status).toBe(201);
    acknowledged.push(((await after.json()) as { id: string }).id);
  });

  it('stops on SIGTERM while the disk is full, and after a restart with space back every acknowledged case is there', async () => {
    fillUntil(RESERVE_MB / 2);
    expect((await open()).status).toBe(503);
    const stopping = performance.now();
    await server.stop();
    expect(performance.now() - stopping).toBeLessThan(9_000); // stop() sends SIGKILL only after 10 s

    freeSpace();
    await start();
    for (const id of acknowledged) expect((await read(`/api/cases/${id}`)).status).toBe(200);
    expect((await open()).status).toBe(201);
  });
});
