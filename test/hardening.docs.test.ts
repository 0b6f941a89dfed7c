/**
 * What a newcomer reads: the README and the API guide stand alone (no link leaves the repository,
 * the curl walk-through works on any PORT), `npm start` runs built JavaScript, and the OpenAPI
 * document has what Redocly's recommended rules ask for (servers, an operationId and a 4xx answer
 * on every operation, `security: []` on the public routes, 429 and 503 on the others).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../server/app';
import { createTestDatabase } from './support/databases';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const guides = ['README.md', 'docs/API.md'];

describe('the README and the API guide', () => {
  it.each(guides)('%s links only to files inside the repository, and each of them exists', (guide) => {
    const text = read(guide);
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    for (const target of targets) {
      expect(target, `${guide} → ${target}`).not.toMatch(/^[a-z]+:/i);
      const file = join(root, dirname(guide), target.split('#')[0]!);
      expect(file.startsWith(root), `${guide} → ${target} leaves the repository`).toBe(true);
      expect(existsSync(file), `${guide} → ${target}`).toBe(true);
    }
    const urls = [...text.matchAll(/https?:\/\/[^\s)>`"']+/g)].map((m) => m[0]);
    expect(urls.filter((url) => !/^http:\/\/localhost[:/$]/.test(url))).toEqual([]);
  });

  it('gives a curl walk-through that works on whatever PORT the server listens on', () => {
    const shell = [...read('README.md').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).join('\n');
    expect(shell).toContain('api() {');
    expect(shell).not.toMatch(/localhost:\d/);
    expect(shell).toMatch(/http:\/\/localhost:\$PORT/);
  });

  it('keeps the two commands a newcomer types, and npm start runs built JavaScript', () => {
    const readme = read('README.md');
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
    const { scripts, dependencies } = JSON.parse(read('package.json')) as { scripts: Record<string, string>; dependencies: Record<string, string> };
    expect(scripts.start).toMatch(/^node\b/);
    expect(scripts.start).not.toContain('tsx');
    expect(dependencies.esbuild, 'the build must work after npm ci --omit=dev too').toBeDefined();
  });
});

describe('the OpenAPI document', async () => {
  const database = await createTestDatabase('pglite');
  const document = (await (await createApp({ database }).app.request('/openapi.json')).json()) as any;
  await database.drop();
  const operations = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
  );

  it('names a server (relative, so it holds on any host and port) and a license', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(document.info.license.name).toBeTruthy();
    expect(document.info.license.identifier ?? document.info.license.url).toBeTruthy();
  });

  it('gives every operation a unique operationId and at least one 4xx answer', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, operation } of operations) {
      expect(Object.keys(operation.responses).some((status) => status.startsWith('4')), `${method} ${path}`).toBe(true);
    }
  });

  it('marks the health routes and the customer’s signing link public with security [] and documents 429 and 503 on every route that needs a token', () => {
    expect(document.paths['/health/ready']?.get).toBeDefined();
    for (const { path, method, operation } of operations) {
      if (path.startsWith('/health') || path.startsWith('/sign/')) {
        expect(operation.security, `${method} ${path}`).toEqual([]);
        continue;
      }
      expect(operation.security ?? document.security, `${method} ${path}`).toEqual([{ bearer: [] }]);
      expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['401', '429', '503']));
    }
  });
});
