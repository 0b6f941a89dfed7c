/**
 * Requests an attacker or a flaky network sends: concurrent retries carrying one Idempotency-Key
 * and one If-Match, bodies that are not UTF-8, return paths that point elsewhere or carry control
 * characters. Each gets a deliberate answer, never a 5xx, and changes nothing it should not.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/databases';
import { events, openCase, startApi, type Api } from './support/api';

const journalOf = async (api: Api, caseId: string) =>
  (await api.call('GET', `/api/cases/${caseId}/events`, { token: api.staff.manager.token })).body as Array<{ seq: number; type: string }>;

describe.each(backends)('hostile and repeated requests on %s', (kind) => {
  let api: Api;
  let server: ServerType;
  let base: string;

  beforeAll(async () => {
    api = await startApi(kind);
    await new Promise<void>((resolve) => {
      server = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await api?.stop();
  });

  it('answers 20 concurrent retries with one Idempotency-Key and If-Match with the first answer, applied once', async () => {
    const opened = await openCase(api, 'work-order');
    // Twenty open connections and warm database sessions first, so the retries really overlap.
    await Promise.all(Array.from({ length: 20 }, () => fetch(`${base}/api/cases/${opened.id}`, { headers: { Authorization: `Bearer ${api.staff.advisor.token}` } }).then((r) => r.text())));
    const retries = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${base}/api/cases/${opened.id}/events`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${api.staff.advisor.token}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'confirm-once', 'If-Match': '"1"' },
          body: JSON.stringify(events.requestsConfirmed()),
        }).then(async (response) => ({ status: response.status, etag: response.headers.get('ETag'), body: (await response.json()) as { version: number; state: string } })),
      ),
    );
    expect(retries.map((r) => r.status)).toEqual(Array(20).fill(200));
    for (const retry of retries) expect(retry.body).toEqual(retries[0]!.body);
    expect(retries.every((r) => r.etag === '"2"' && r.body.version === 2)).toBe(true);
    expect((await journalOf(api, opened.id)).map((e) => e.type)).toEqual(['case.created', 'requests.confirmed']);

    // Another key with the stale If-Match is still refused: the replay is only for the same key.
    const other = await api.call('POST', `/api/cases/${opened.id}/events`, {
      token: api.staff.advisor.token,
      body: events.requestsConfirmed(),
      headers: { 'Idempotency-Key': 'another-key', 'If-Match': '"1"' },
    });
    expect(other.status).toBe(412);
  });

  it('refuses a JSON body that is not valid UTF-8 with 400 and stores nothing, over HTTP and in-process', async () => {
    const name = Buffer.concat([Buffer.from('Zhang '), Buffer.from([0xc3, 0x28]), Buffer.from(' Wei')]);
    const body = Buffer.concat([
      Buffer.from('{"type":"work-order","input":{"customer":{"name":"'),
      name,
      Buffer.from('","phone":"1"},"vehicle":{"plate":"粤A·1","odometerKm":1},"requests":["Oil"]}}'),
    ]);
    const before = (await api.call('GET', '/api/cases?type=work-order&limit=200', { token: api.staff.manager.token })).body.items.length;
    const headers = { Authorization: `Bearer ${api.staff.advisor.token}`, 'Content-Type': 'application/json' };

    const overHttp = await fetch(`${base}/api/cases`, { method: 'POST', headers, body });
    expect(overHttp.status).toBe(400);
    expect(((await overHttp.json()) as any).error).toMatchObject({ code: 'MALFORMED_JSON', message: expect.stringMatching(/UTF-8/) });

    const inProcess = await api.app.request('/api/cases', { method: 'POST', headers, body });
    expect(inProcess.status).toBe(400);
    expect(((await inProcess.json()) as any).error.code).toBe('MALFORMED_JSON');

    const after = (await api.call('GET', '/api/cases?type=work-order&limit=200', { token: api.staff.manager.token })).body.items;
    expect(after.length).toBe(before);
    expect(JSON.stringify(after)).not.toContain('\uFFFD');
  });

  it('still reads a UTF-8 body that starts with a byte-order mark', async () => {
    const body = '\uFEFF' + JSON.stringify({ type: 'complaint', input: { channel: 'phone', customer: { name: '黄磊' }, statement: '异响', severity: 'low' } });
    const response = await fetch(`${base}/api/cases`, { method: 'POST', headers: { Authorization: `Bearer ${api.staff.advisor.token}`, 'Content-Type': 'application/json' }, body });
    expect(response.status).toBe(201);
  });

  const offSite = ['/%09/127.0.0.1:3999/x', '//evil.example/x', '/%5Cevil.example', '/\\evil.example', 'https://evil.example/', '/%2F%2Fevil.example', 'javascript:alert(1)', '/%09%09/evil.example'];

  it.each(offSite)('never sends the browser off this site from the language switch (back=%s)', async (back) => {
    const response = await fetch(`${base}/lang/en?back=${back}`, { redirect: 'manual' });
    if (back.includes('%09')) return void expect(response.status).toBe(400); // a tab is a control character: refused outright
    expect(response.status).toBe(303);
    const location = response.headers.get('Location')!;
    const resolved = new URL(location, base);
    expect(resolved.origin).toBe(base);
    expect(location.startsWith('/')).toBe(true);
    expect(location.startsWith('//')).toBe(false);
  });

  it('keeps a return path on this site as it was asked for', async () => {
    const response = await fetch(`${base}/lang/zh?back=${encodeURIComponent('/board?process=complaint')}`, { redirect: 'manual' });
    expect(response.headers.get('Location')).toBe('/board?process=complaint');
  });

  it.each(['%0d%0aSet-Cookie:%20x=1', '%0a', '%00', '/desk%0d%0a', '/%00/x'])('answers 400, never 5xx, to a return path with CR, LF or NUL (%s)', async (hostile) => {
    for (const path of [`/lang/en?back=${hostile}`, `/login?next=${hostile}`]) {
      const response = await fetch(`${base}${path}`, { redirect: 'manual' });
      expect(response.status, path).toBe(400);
      expect(response.headers.get('Set-Cookie') ?? '', path).not.toContain('x=1');
    }
  });

  it('answers 400 to a login form whose next= carries a line break', async () => {
    const page = await fetch(`${base}/login`);
    const csrf = (await page.text()).match(/name="_csrf" value="([^"]*)"/)![1]!;
    const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const response = await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
      body: new URLSearchParams({ _csrf: csrf, token: api.staff.advisor.token, next: '/desk\r\nLocation: https://evil.example' }).toString(),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('Set-Cookie') ?? '').not.toContain('cf_session=');
  });
});
