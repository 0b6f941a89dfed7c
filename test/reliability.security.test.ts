/**
 * Security: every route but the public ones refuses without a token; every event checks the
 * caller's role; repeated authentication failures from one client are rate-limited; every
 * response carries a Content-Security-Policy and the other standard security headers, and no
 * page runs an inline script without its response's nonce.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/index';
import { processes, roles, type Role } from '../machines/index';
import { createApp } from '../server/app';
import { SESSION_COOKIE } from '../server/pages/session';
import { addStaff } from '../server/core/staff';
import { complaintInput } from './support/api';
import { createTestDatabase, type TestDatabase } from './support/databases';

/** Routes anyone may use: health, the API reference, the pages' login, language switch and static assets, and a customer's signing link (the link is the secret; an unknown one is 404). */
const PUBLIC_ROUTES = [/^\/health(\/ready)?$/, /^\/openapi\.json$/, /^\/docs(\/|$)/, /^\/login$/, /^\/lang\//, /^\/(static|assets)\//, /^\/favicon\.ico$/, /^\/sign\//];

/** A concrete request path for a route pattern: parameters (the first choice of `:p{a|b}`) and wildcards filled in. */
const concrete = (pattern: string, id: string = randomUUID()) =>
  pattern
    .replace(/:id\b/g, id)
    .replace(/:type\b/g, 'work-order')
    .replace(/:[A-Za-z]+\{([^}|]*)[^}]*\}/g, '$1')
    .replace(/:[A-Za-z]+/g, 'x')
    .replace(/\*/g, 'x');

describe('security', () => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>['app'];
  let engine: ReturnType<typeof createApp>['engine'];
  const tokens = {} as Record<Role, string>;
  let managerId: string;
  let sessions: ReturnType<typeof createApp>['sessions'];

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    for (const role of roles) {
      const { member, token } = await addStaff(database.db, `Security ${role}`, role);
      tokens[role] = token;
      if (role === 'manager') managerId = member.id;
    }
    ({ app, engine, sessions } = createApp({ database }));
  });

  afterAll(async () => {
    await database?.drop();
  });

  type Request = (path: string, init?: RequestInit & { token?: string }) => Promise<Response>;
  const inProcess: Request = async (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
    return app.request(path, { ...init, headers });
  };
  const request = inProcess;

  it('refuses every route but the public ones without a valid token', async () => {
    const routes = app.routes.filter((route) => route.method !== 'ALL');
    expect(routes.length).toBeGreaterThan(5);
    const checked: string[] = [];
    for (const route of routes) {
      const path = concrete(route.path);
      if (PUBLIC_ROUTES.some((pattern) => pattern.test(path))) continue;
      for (const authorization of [undefined, 'Bearer cf_not-a-token', `Basic ${Buffer.from('admin:admin').toString('base64')}`]) {
        const response = await request(path, {
          method: route.method,
          headers: { ...(authorization ? { Authorization: authorization } : {}), 'Content-Type': 'application/json' },
          body: ['GET', 'HEAD'].includes(route.method) ? undefined : '{}',
        });
        const label = `${route.method} ${route.path} with ${authorization ?? 'no token'}`;
        if (path.startsWith('/api/')) {
          expect(response.status, label).toBe(401);
          expect(((await response.json()) as any).error.code, label).toBe('UNAUTHENTICATED');
        } else {
          // A page refuses by sending the browser to the login page.
          expect([401, 302, 303], label).toContain(response.status);
          if (response.status !== 401) expect(response.headers.get('Location'), label).toMatch(/login/);
        }
      }
      checked.push(`${route.method} ${route.path}`);
    }
    expect(checked).toEqual(expect.arrayContaining(['POST /api/cases', 'GET /api/cases/:id', 'POST /api/cases/:id/events', 'GET /api/board']));
    // Unknown routes under /api are refused before anyone learns whether they exist.
    expect((await request(`/api/${randomUUID()}`)).status).toBe(401);
    // The public ones answer without a token.
    expect((await request('/health')).status).toBe(200);
    expect((await request('/openapi.json')).status).toBe(200);
  });

  it('checks the role for every event of every process, before the payload, and changes nothing on refusal', async () => {
    let refusals = 0;
    /** The id of a case opened so far, by process: links point at them. */
    const openedOf: Record<string, string> = {};
    for (const definition of processes) {
      // The module's own example input, its links pointing at the cases opened before it (made-up
      // ids there name no case); a link to a process not opened yet is left out.
      const input = Object.fromEntries(
        Object.entries(definition.exampleInput(new Date())).flatMap(([field, value]) => {
          if (!(field in definition.links)) return [[field, value]];
          const linked = openedOf[definition.links[field]!];
          return linked ? [[field, linked]] : [];
        }),
      );
      let id: string;
      if (definition.openedBy === 'system') {
        // Only the server opens these: staff are refused, and the server opens one to check its events.
        const byHand = await request('/api/cases', {
          method: 'POST',
          token: tokens.manager,
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ type: definition.type, input }),
        });
        expect(byHand.status, definition.type).toBe(403);
        const opened = await engine.openAsSystem(definition.type, input);
        expect(opened.ok, JSON.stringify(opened)).toBe(true);
        id = opened.ok ? opened.value.view.id : '';
      } else {
        const opened = await request('/api/cases', {
          method: 'POST',
          token: tokens.manager,
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ type: definition.type, input }),
        });
        expect(opened.status).toBe(201);
        ({ id } = (await opened.json()) as { id: string });
      }
      openedOf[definition.type] = id;
      const [before] = await queryRows(database.db, sql`SELECT version, snapshot FROM cases WHERE id = ${id}`);

      for (const [type, { roles: allowed }] of Object.entries(definition.events)) {
        for (const role of roles.filter((r) => !allowed.includes(r))) {
          const response = await request(`/api/cases/${id}/events`, {
            method: 'POST',
            token: tokens[role],
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ type }),
          });
          expect(response.status, `${role} sending ${type}`).toBe(403);
          const body = (await response.json()) as any;
          expect(body.error.code).toBe('FORBIDDEN');
          expect(body.error.details.allowedRoles).toEqual(allowed);
          refusals += 1;
        }
      }
      const [after] = await queryRows(database.db, sql`SELECT version, snapshot FROM cases WHERE id = ${id}`);
      expect(after).toEqual(before);
      const journal = await queryRows(database.db, sql`SELECT seq FROM journal WHERE case_id = ${id}`);
      expect(journal).toHaveLength(1);
    }
    expect(refusals).toBeGreaterThan(30);
  });

  // Over HTTP too: the busiest answers hand @hono/node-server their headers as plain values.
  it.each(['in process', 'over HTTP'])('puts a Content-Security-Policy and the standard security headers on every response, errors included (%s)', async (how) => {
    let server: ServerType | undefined;
    let request = inProcess;
    if (how === 'over HTTP') {
      await new Promise<void>((resolve) => {
        server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
      });
      const base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
      request = (path, init = {}) => {
        const headers = new Headers(init.headers);
        if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
        return fetch(`${base}${path}`, { ...init, headers });
      };
    }
    try {
      const json = { 'Content-Type': 'application/json' };
      const opened = await request('/api/cases', { method: 'POST', token: tokens.manager, headers: json, body: JSON.stringify({ type: 'complaint', input: complaintInput() }) });
      const { id } = (await opened.clone().json()) as { id: string };
      const event = await request(`/api/cases/${id}/events`, {
        method: 'POST',
        token: tokens.qa,
        headers: { ...json, 'X-Request-Id': 'chosen-by-the-client' },
        body: JSON.stringify({ type: 'investigation.recorded', findings: 'Tree sap, not paint.', substantiated: false }),
      });
      expect([opened.status, event.status]).toEqual([201, 200]);
      expect(opened.headers.get('Location')).toBe(`/api/cases/${id}`);
      expect([opened.headers.get('ETag'), event.headers.get('ETag')]).toEqual(['"1"', '"2"']);
      expect(event.headers.get('X-Request-Id')).toBe('chosen-by-the-client');
      const responses = {
        opened,
        event,
        health: await request('/health'),
        unauthenticated: await request('/api/cases'),
        notFound: await request('/nowhere'),
        ok: await request('/api/processes', { token: tokens.qa }),
        malformed: await request('/api/cases', { method: 'POST', token: tokens.qa, headers: { 'Content-Type': 'application/json' }, body: '{' }),
      };
      for (const [name, response] of Object.entries(responses)) {
        const csp = response.headers.get('Content-Security-Policy') ?? '';
        expect(csp, name).toContain("default-src 'self'");
        expect(csp, name).toMatch(/img-src 'self' data:/);
        expect(csp, name).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=_-]+'(;|$)/);
        expect(csp, name).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
        expect(csp, name).toContain("object-src 'none'");
        expect(csp, name).toContain("frame-ancestors 'none'");
        expect(response.headers.get('X-Content-Type-Options'), name).toBe('nosniff');
        expect(response.headers.get('X-Frame-Options'), name).toBe('DENY');
        expect(response.headers.get('Referrer-Policy'), name).toBe('no-referrer');
        expect(response.headers.get('Strict-Transport-Security'), name).toMatch(/max-age=\d+/);
        expect(response.headers.get('Cross-Origin-Opener-Policy'), name).toBe('same-origin');
        expect(response.headers.get('Cross-Origin-Resource-Policy'), name).toBe('same-origin');
        expect(response.headers.get('X-Request-Id'), name).toMatch(/^[\w-]{8,64}$/);
      }
    } finally {
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    }
  });

  it('gives every response a nonce of its own: 16 random bytes, never one seen before', async () => {
    const nonces: string[] = [];
    // More responses than one refill of the nonce pool holds (256).
    for (let i = 0; i < 600; i++) {
      const csp = (await request('/health')).headers.get('Content-Security-Policy') ?? '';
      nonces.push(csp.match(/'nonce-([^']+)'/)?.[1] ?? '');
    }
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
    expect(new Set(nonces).size).toBe(nonces.length);
  });

  it('runs no inline script on any page unless it carries the nonce of its response', async () => {
    const opened = await request('/api/cases', {
      method: 'POST',
      token: tokens.manager,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'complaint', input: { channel: 'web', customer: { name: 'Page Check' }, statement: '<script>alert(1)</script>', severity: 'high' } }),
    });
    const { id } = (await opened.json()) as { id: string };
    const pages = app.routes.filter((route) => route.method === 'GET' && !route.path.startsWith('/api/') && !route.path.includes('*'));
    let htmlPages = 0;
    const sessionId = await sessions.start(managerId);
    for (const route of pages) {
      const response = await request(concrete(route.path, id), { token: tokens.manager, headers: { Cookie: `${SESSION_COOKIE}=${sessionId}` } });
      if (!(response.headers.get('Content-Type') ?? '').includes('text/html')) continue;
      htmlPages += 1;
      const nonce = (response.headers.get('Content-Security-Policy') ?? '').match(/'nonce-([^']+)'/)?.[1];
      const html = await response.text();
      for (const [tag, attributes] of html.matchAll(/<script\b([^>]*)>/gi)) {
        if (/\bsrc\s*=/.test(attributes!)) continue;
        expect(attributes, `${route.path}: ${tag}`).toContain(`nonce="${nonce}"`);
      }
      expect(html, route.path).not.toMatch(/\son[a-z]+\s*=\s*["']/i);
    }
    expect(htmlPages).toBeGreaterThanOrEqual(2);
  });

  describe('failed authentications from one client', () => {
    let server: ServerType;
    let base: string;

    beforeAll(async () => {
      const limited = createApp({ database, authFailureLimit: { max: 5, windowMs: 1_500 } });
      await new Promise<void>((resolve) => {
        server = serve({ fetch: limited.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
      });
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await new Promise((resolve) => server?.close(resolve));
    });

    const get = (token?: string) => fetch(`${base}/api/processes`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

    it('are answered 429 with Retry-After past the limit, while a valid token still works, until the window ends', async () => {
      for (let i = 0; i < 5; i++) expect((await get(`cf_guess-${i}`)).status).toBe(401);

      const limited = await get('cf_guess-6');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers.get('Retry-After'))).toBeLessThanOrEqual(2);
      expect(limited.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
      const body = (await limited.json()) as any;
      expect(body.error.code).toBe('RATE_LIMITED');
      expect(Object.keys(body.error).sort()).toEqual(['code', 'details', 'message']);
      expect((await get()).status).toBe(429);

      // Successful requests are neither counted nor limited.
      expect((await get(tokens.advisor)).status).toBe(200);

      await new Promise((resolve) => setTimeout(resolve, 1_600));
      expect((await get('cf_guess-after-the-window')).status).toBe(401);
    });
  });

  it('does not limit in-process requests, which come from no client address', async () => {
    for (let i = 0; i < 30; i++) expect((await request('/api/processes', { token: `cf_in-process-${i}` })).status).toBe(401);
  });
});
