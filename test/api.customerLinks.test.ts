/**
 * The customer's own phone (CONTRACT.md v2), on both databases: a link made by the advisor opens
 * without a token, shows the document, takes the customer's drawn signature once, as actor
 * `customer`, through the same engine; used, expired and superseded links answer 410 LINK_GONE and
 * change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/databases';
import { DAY, HOUR, MINUTE, events, expectError, footprint, openCase, send, signature, startApi, workOrderAtSign, type Api, type ApiClient } from './support/api';

const pathOf = (url: string) => new URL(url).pathname;

async function makeLink(client: ApiClient, caseId: string, event = 'estimate.approved', role: 'advisor' | 'manager' | 'technician' = 'advisor') {
  return client.call('POST', `/api/cases/${caseId}/customer-links`, { token: client.staff[role].token, body: { event } });
}

async function signThrough(client: ApiClient, url: string, customerSignature: unknown = signature('Zhang Xiaoming')) {
  const response = await client.app.request(pathOf(url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ customerSignature }) });
  return { status: response.status, body: (await response.json()) as any };
}

describe.each(backends)('customer links on %s', (kind) => {
  let api: Api;

  beforeAll(async () => {
    api = await startApi(kind);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('lets the customer sign the estimate on their phone, once, as the customer, and expires a day later', async () => {
    const client = api.withClock();
    const atSign = await workOrderAtSign(client);
    const made = await makeLink(client, atSign.id);
    expect(made.status).toBe(201);
    expect(made.body.url).toMatch(/^http:\/\/localhost\/sign\/[A-Za-z0-9_-]{20,}$/);
    expect(made.body.expiresAt).toBe(new Date(client.clock.now().getTime() + 24 * HOUR).toISOString());

    // The page opens without any token and shows what is signed: the revision, its total, the pad.
    const page = await client.app.request(pathOf(made.body.url));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Estimate, revision 1');
    expect(html).toContain('¥844.96');
    expect(html).toContain('canvas class="signature-pad"');

    client.clock.advance(5 * MINUTE);
    const signed = await signThrough(client, made.body.url);
    expect(signed).toEqual({ status: 200, body: { number: atSign.number, state: 'repair.ready' } });
    const journal = (await client.call('GET', `/api/cases/${atSign.id}/events`, { token: client.staff.manager.token })).body;
    expect(journal.at(-1)).toMatchObject({
      type: 'estimate.approved',
      actor: { id: 'customer', name: 'Zhang Xiaoming', role: 'customer' },
      payload: { revision: 1, customerSignature: signature('Zhang Xiaoming') },
    });

    const before = await footprint(client, atSign.id);
    const again = await signThrough(client, made.body.url);
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('LINK_GONE');
    expect((await client.app.request(pathOf(made.body.url))).status).toBe(410);
    expect(await footprint(client, atSign.id)).toEqual(before);
  });

  it('refuses an expired link and one the case has moved past (a newer revision), changing nothing', async () => {
    const client = api.withClock();
    const atSign = await workOrderAtSign(client);
    const expiring = (await makeLink(client, atSign.id)).body;
    client.clock.advance(24 * HOUR + MINUTE);
    const before = await footprint(client, atSign.id);
    const late = await signThrough(client, expiring.url);
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe('LINK_GONE');
    expect(await footprint(client, atSign.id)).toEqual(before);

    const fresh = (await makeLink(client, atSign.id)).body;
    await send(client, atSign.id, 'advisor', events.estimatePrepared(new Date(client.clock.now().getTime() + DAY)));
    const superseded = await signThrough(client, fresh.url);
    expect(superseded.status).toBe(410);
    expect(superseded.body.error.code).toBe('LINK_GONE');
    const view = (await client.call('GET', `/api/cases/${atSign.id}`, { token: client.staff.advisor.token })).body;
    expect(view.state).toBe('sign');
    expect(view.context.approval).toBeNull();
  });

  it('refuses a name without a drawing with 400 and keeps the link usable; two phones at once sign only once', async () => {
    const client = api.withClock();
    const atSign = await workOrderAtSign(client);
    const link = (await makeLink(client, atSign.id)).body;
    const unsigned = await signThrough(client, link.url, { signedBy: 'Zhang Xiaoming' });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error.code).toBe('VALIDATION_FAILED');
    expect(unsigned.body.error.details.map((d: { path: string }) => d.path)).toContain('customerSignature.strokes');

    const [first, second] = await Promise.all([signThrough(client, link.url), signThrough(client, link.url)]);
    expect([first.status, second.status].sort()).toEqual([200, 410]);
    const journal = (await client.call('GET', `/api/cases/${atSign.id}/events`, { token: client.staff.manager.token })).body;
    expect(journal.filter((e: { type: string }) => e.type === 'estimate.approved')).toHaveLength(1);
  });

  it('makes links only for what a customer signs, by staff who may send it, in a state that allows it', async () => {
    const client = api.withClock();
    const atSign = await workOrderAtSign(client);
    expectError(await makeLink(client, atSign.id, 'estimate.approved', 'technician'), 403, 'FORBIDDEN');
    expectError(await makeLink(client, atSign.id, 'estimate.declined'), 400, 'VALIDATION_FAILED');
    expectError(await makeLink(client, atSign.id, 'invoice.signed'), 409, 'TRANSITION_NOT_ALLOWED');
    expectError(await makeLink(client, '3f1c9a52-7d4e-4b8a-9c21-5e6f7a8b9c0d'), 404, 'NOT_FOUND');
    expectError(await client.call('POST', `/api/cases/${atSign.id}/customer-links`, { body: { event: 'estimate.approved' } }), 401, 'UNAUTHENTICATED');
    const complaint = await openCase(client, 'complaint');
    expectError(await makeLink(client, complaint.id, 'estimate.approved', 'manager'), 400, 'VALIDATION_FAILED');
    expect((await client.app.request('/sign/not-a-link')).status).toBe(404);
    expect((await makeLink(client, atSign.id, 'estimate.approved', 'manager')).status).toBe(201);
  });
});
