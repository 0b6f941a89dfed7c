/**
 * Sessions of the screens: the cookie is a random session id kept on the server, never the
 * staff token; logging out and revoking the member end it; guessing through the cookie is limited
 * with bearer tokens and the login form, in one count; cookies are Secure behind a TLS proxy.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/index';
import { createApp } from '../server/app';
import { revokeStaff } from '../server/core/staff';
import { startApi, type Api } from './support/api';
import { backends } from './support/databases';
import { cookieOf, cookieValue, form, logIn } from './support/pages';

describe.each(backends)('sessions on %s', (kind) => {
  let api: Api;

  beforeAll(async () => {
    api = await startApi(kind);
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('keeps a random session id in the cookie, never the token, and only its hash in the database', async () => {
    const first = await logIn(api.app, api.staff.advisor.token);
    const second = await logIn(api.app, api.staff.advisor.token);
    const [one, two] = [cookieValue(first.setCookie)!, cookieValue(second.setCookie)!];
    expect(one).not.toBe(api.staff.advisor.token);
    expect(one).not.toContain(api.staff.advisor.token);
    expect(one).not.toBe(two);
    expect(one.length).toBeGreaterThanOrEqual(40);
    const stored = await queryRows<{ id_hash: string }>(api.database.db, sql`SELECT id_hash FROM sessions`);
    expect(stored.length).toBeGreaterThanOrEqual(2);
    expect(stored.map((row) => row.id_hash)).not.toContain(one);
    expect(JSON.stringify(stored)).not.toContain(api.staff.advisor.token);
  });

  it('ends the session at logout: the old cookie no longer opens a page', async () => {
    const session = await logIn(api.app, api.staff.advisor.token);
    expect((await api.app.request('/desk', { headers: { Cookie: session.cookie } })).status).toBe(200);
    const logout = await api.app.request('/logout', { ...form({ _csrf: session.csrf }), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: session.cookie } });
    expect(logout.status).toBe(303);
    const replayed = await api.app.request('/desk', { headers: { Cookie: session.cookie } });
    expect(replayed.status).toBe(303);
    expect(replayed.headers.get('Location')).toBe('/login?next=%2Fdesk');
  });

  it('ends every session of a member who is revoked', async () => {
    const member = await api.addMember('advisor', 'Leaving Advisor');
    const session = await logIn(api.app, member.token);
    expect((await api.app.request('/desk', { headers: { Cookie: session.cookie } })).status).toBe(200);
    expect(await revokeStaff(api.database.db, member.id)).toBe(true);
    const after = await api.app.request('/desk', { headers: { Cookie: session.cookie } });
    expect(after.status).toBe(303);
    expect(after.headers.get('Location')).toMatch(/^\/login/);
  });

  it('sends Secure cookies when TRUST_PROXY is on and the proxy says the browser came over TLS, and only then', async () => {
    const behindProxy = createApp({ database: api.database, trustProxy: true }).app;
    const tls = await logIn(behindProxy, api.staff.advisor.token, { 'X-Forwarded-Proto': 'https' });
    expect(tls.setCookie).toMatch(/;\s*Secure/i);
    expect(tls.setCookie).toMatch(/HttpOnly/i);

    const plain = await logIn(behindProxy, api.staff.advisor.token, { 'X-Forwarded-Proto': 'http' });
    expect(plain.setCookie).not.toMatch(/;\s*Secure/i);

    // Without TRUST_PROXY anyone could write the header: it is ignored.
    const untrusted = await logIn(api.app, api.staff.advisor.token, { 'X-Forwarded-Proto': 'https' });
    expect(untrusted.setCookie).not.toMatch(/;\s*Secure/i);
  });

  describe('failed authentications, counted alike', () => {
    let server: ServerType;
    let base: string;

    beforeAll(async () => {
      const { app } = createApp({ database: api.database, authFailureLimit: { max: 6, windowMs: 60_000 } });
      await new Promise<void>((resolve) => {
        server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
      });
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await new Promise((resolve) => server?.close(resolve));
    });

    const viaBearer = () => fetch(`${base}/api/processes`, { headers: { Authorization: 'Bearer cf_guess' } });
    const viaCookie = () => fetch(`${base}/desk`, { redirect: 'manual', headers: { Cookie: 'cf_session=s_guess' } });
    async function viaLoginForm() {
      const page = await fetch(`${base}/login`);
      const csrf = (await page.text()).match(/name="_csrf" value="([^"]*)"/)![1]!;
      return fetch(`${base}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `cf_login=${cookieValue(cookieOf(page, 'cf_login'))}` },
        body: new URLSearchParams({ _csrf: csrf, token: 'cf_guess' }).toString(),
      });
    }

    it('answers 429 to the bearer header, the login form and the session cookie once their failures together pass the limit', async () => {
      expect((await viaBearer()).status).toBe(401);
      expect((await viaBearer()).status).toBe(401);
      expect((await viaLoginForm()).status).toBe(401);
      expect((await viaLoginForm()).status).toBe(401);
      expect((await viaCookie()).status).toBe(303);
      expect((await viaCookie()).status).toBe(303);

      for (const attempt of [viaCookie, viaBearer, viaLoginForm]) {
        const limited = await attempt();
        expect(limited.status, attempt.name).toBe(429);
        expect(Number(limited.headers.get('Retry-After')), attempt.name).toBeGreaterThan(0);
      }
      // A valid bearer token still works from the same address.
      expect((await fetch(`${base}/api/processes`, { headers: { Authorization: `Bearer ${api.staff.manager.token}` } })).status).toBe(200);
    });
  });
});
