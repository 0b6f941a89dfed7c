/**
 * `npm start` runs `dist/server.mjs`, one file built by esbuild with the packages inside it (PGlite
 * apart). The other tests run the TypeScript; this one runs the build, so a package that breaks
 * when bundled (one that finds its own files, or `require`s node's modules) fails here, not in
 * front of a user. On PostgreSQL the build also starts its delivery thread from a file of its own.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../scripts/build.mjs';
import { POSTGRES_HEAP_MB } from '../scripts/heap.mjs';
import { walk, workOrderInput } from '../bench/walk';
import { databaseForServers } from './support/databases';
import { startReceiver, TEST_WEBHOOK_SECRET } from './support/receiver';
import { callServer, killAll, startServer, type ServerProcess } from './support/servers';

let dir: string;
let bundle: string;
let server: ServerProcess;
let advisor: string;

beforeAll(async () => {
  // Inside the checkout, as dist/ is: the bundle finds PGlite in node_modules from where it lies.
  dir = fileURLToPath(new URL(`../dist/test-${randomBytes(4).toString('hex')}`, import.meta.url));
  bundle = await buildServer(join(dir, 'server.mjs'));
  server = await startServer(`pglite:${join(dir, 'data')}`, { LOG_LEVEL: 'info' }, ['--no-demo'], bundle);
  advisor = server.output().match(/advisor\s+.+?\s(cf_\S+)/)?.[1] ?? '';
}, 120_000);

afterAll(async () => {
  await killAll();
  await rm(dir, { recursive: true, force: true });
});

describe('the built server', () => {
  it('prints the demo staff on a first start and serves the login page and the API reference', async () => {
    expect(advisor).toMatch(/^cf_/);
    expect((await fetch(`${server.url}/login`)).status).toBe(200);
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/api/cases');
    // The screens' own files and the signature pad, found from where the bundle says its modules are.
    const login = await (await fetch(`${server.url}/login`)).text();
    for (const path of login.match(/\/static\/[^"?]+\?v=[0-9a-f]+/g) ?? []) expect((await fetch(`${server.url}${path}`)).status, path).toBe(200);
    expect((await fetch(`${server.url}/static/vendor/signature_pad.js`)).status).toBe(200);
    const swagger = await fetch(`${server.url}/docs/vendor/swagger-ui-dist/swagger-ui-bundle.js`);
    expect(swagger.status).toBe(200);
    expect((await swagger.text()).length).toBeGreaterThan(100_000);
  });

  it('opens a work order, refuses a skipped step, draws the diagram, and logs each request as JSON', async () => {
    const opened = await callServer(server.url, advisor, 'POST', '/api/cases', {
      type: 'work-order',
      input: workOrderInput(7),
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body.state).toBe('greet');
    const lastStep = [...walk(7)].at(-1)!;
    const skipped = await callServer(server.url, advisor, 'POST', `/api/cases/${opened.body.id}/events`, lastStep.body);
    expect(skipped.status).toBe(409);
    const diagram = await fetch(`${server.url}/api/processes/work-order/diagram.svg`, { headers: { Authorization: `Bearer ${advisor}` } });
    expect(diagram.status).toBe(200);
    expect(await diagram.text()).toContain('<svg');
    expect(server.output()).toMatch(/\{"level":"info".*"path":"\/api\/cases","status":201/);
  });

  it('on PostgreSQL, posts each journal entry to the webhook receiver from its delivery thread', async () => {
    const receiver = await startReceiver();
    const database = await databaseForServers('postgres', 'Webhook Advisor');
    try {
      const onPostgres = await startServer(database.url, { WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: TEST_WEBHOOK_SECRET }, [], bundle);
      const opened = await callServer(onPostgres.url, database.token, 'POST', '/api/cases', { type: 'work-order', input: workOrderInput(8) });
      expect(opened.status).toBe(201);
      const deadline = Date.now() + 15_000;
      while (receiver.accepted.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(receiver.accepted.map((r) => [r.webhookId, r.signatureValid])).toEqual([[`${opened.body.id}:1`, true]]);
      await onPostgres.stop();
    } finally {
      await receiver.close();
      await database.cleanUp();
    }
  });
});

describe('npm start on PostgreSQL', () => {
  it('runs the server with the heap PostgreSQL gets (scripts/heap.mjs), and stops with it, exit 0, on SIGTERM', async () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const { scripts } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
    const [, ...args] = scripts.start.split(/\s+/); // `node …flags… scripts/start.mjs`
    const database = await databaseForServers('postgres', 'Heap Advisor');
    const npmStart = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      npmStart.stdout!.on('data', (chunk) => (output += chunk));
      npmStart.stderr!.on('data', (chunk) => (output += chunk));
      const deadline = Date.now() + 60_000;
      while (!/listening on http:\/\/localhost:\d+/.test(output) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const port = output.match(/listening on http:\/\/localhost:(\d+)/)?.[1];
      expect(port, output).toBeDefined();
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

      const [server] = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(npmStart.pid)]).toString().trim().split('\n');
      expect(server).toContain(`--max-old-space-size=${POSTGRES_HEAP_MB} `);
      const exited = new Promise<number | null>((resolve) => npmStart.once('exit', (code) => resolve(code)));
      npmStart.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(() => process.kill(Number(server!.trim().split(/\s+/)[0]), 0)).toThrow();
    } finally {
      npmStart.kill('SIGKILL');
      await database.cleanUp();
    }
  }, 90_000);
});
