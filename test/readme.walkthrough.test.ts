/**
 * The README's curl walk-through, run as a newcomer would: its shell blocks, verbatim, against a
 * server started as a process, with the tokens that server printed and the port it listens on.
 * The work order it opens must reach `done`, and no step may answer an error.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, startServer, type ServerProcess } from './support/servers';

const run = promisify(execFile);
let dir: string;
let server: ServerProcess;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseflow-readme-'));
  server = await startServer(`pglite:${join(dir, 'data')}`, {}, ['--no-demo']);
}, 120_000);

afterAll(async () => {
  await killAll();
  await rm(dir, { recursive: true, force: true });
});

describe("the README's curl walk-through", () => {
  it('takes a work order from greet to done on the port the server listens on, without one error', async () => {
    const readme = await readFile(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    const section = readme.slice(readme.indexOf('## A work order from greet to done, with curl'), readme.indexOf('## Guarantees'));
    const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(4);
    const token = (role: string) => server.output().match(new RegExp(`\\b${role}\\s+.+?\\s(cf_\\S+)`))?.[1];
    const tokens = `ADVISOR=${token('advisor')} TECH=${token('technician')} CASHIER=${token('cashier')}`;
    const script = blocks.join('\n').replace('ADVISOR=cf_…   TECH=cf_…   CASHIER=cf_…', tokens);
    expect(script).toContain(`ADVISOR=cf_`);

    const { stdout } = await run('bash', ['-c', `set -eu\n${script}`], { env: { ...process.env, PORT: new URL(server.url).port }, timeout: 60_000 });
    const answers = stdout.split('\n').filter((line) => line.startsWith('{') || line.startsWith('['));
    expect(answers.filter((line) => line.includes('"error"'))).toEqual([]);
    const cases = answers.filter((line) => line.startsWith('{"id"')).map((line) => JSON.parse(line) as { state: string; number: string });
    expect(cases.at(-1)).toMatchObject({ state: 'done', number: 'WO-000001' });
  });
});
