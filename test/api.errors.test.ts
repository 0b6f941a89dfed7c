import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../machines/index';
import { revokeStaff } from '../server/core/staff';
import { backends } from './support/databases';
import {
  DAY,
  complaintInput,
  contractRoles,
  events,
  expectError,
  footprint,
  openCase,
  sampleEvents,
  send,
  startApi,
  workOrderAtSign,
  workOrderInput,
  type Api,
  type ApiClient,
} from './support/api';

const UNKNOWN_CASE = '3f1c9a52-7d4e-4b8a-9c21-5e6f7a8b9c0d';
const LIMIT = 256 * 1024;

/** Everything under /api, including routes that do not exist. */
function apiRoutes(caseId: string): Array<[string, string]> {
  return [
    ['GET', '/api/cases'],
    ['GET', '/api/cases?type=work-order&stuck=true'],
    ['POST', '/api/cases'],
    ['GET', `/api/cases/${caseId}`],
    ['GET', `/api/cases/${caseId}/events`],
    ['POST', `/api/cases/${caseId}/events`],
    ['GET', `/api/cases/${UNKNOWN_CASE}`],
    ['GET', '/api/cases/not-a-uuid'],
    ['GET', '/api/processes'],
    ['GET', '/api/processes/work-order'],
    ['GET', '/api/processes/nope'],
    ['GET', '/api/processes/complaint/diagram.svg'],
    ['GET', '/api/board'],
    ['GET', '/api/board?type=work-order'],
    ['GET', '/api'],
    ['GET', '/api/'],
    ['GET', '/api/nothing-here'],
    ['DELETE', `/api/cases/${caseId}`],
    ['PUT', '/api/processes'],
  ];
}

describe.each(backends)('refusals over HTTP on %s', (kind) => {
  let api: Api;

  beforeAll(async () => {
    api = await startApi(kind);
  });

  afterAll(async () => {
    await api?.stop();
  });

  /** POSTs to a case's events as `role`. */
  const post = (client: ApiClient, caseId: string, role: Role, body: unknown, headers: Record<string, string> = {}) =>
    client.call('POST', `/api/cases/${caseId}/events`, { token: client.staff[role].token, body, headers });

  describe('401 UNAUTHENTICATED', () => {
    it('refuses every /api route, known or not, without a valid token, and changes nothing', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const revoked = await api.addMember('advisor', 'Former Advisor');
      expect(await revokeStaff(api.database.db, revoked.id)).toBe(true);
      const before = await footprint(client, opened.id);
      const countCases = async () => (await client.call('GET', '/api/cases?limit=200', { token: client.staff.manager.token })).body.items.length;
      const casesBefore = await countCases();
      const credentials: Array<[string, Record<string, string>]> = [
        ['no token', {}],
        ['an unknown token', { Authorization: 'Bearer cf_not-a-token-anyone-was-given' }],
        ['a revoked token', { Authorization: `Bearer ${revoked.token}` }],
        ['a malformed header', { Authorization: client.staff.advisor.token }],
        ['basic auth', { Authorization: 'Basic YWRtaW46YWRtaW4=' }],
      ];

      for (const [label, headers] of credentials) {
        for (const [method, path] of apiRoutes(opened.id)) {
          const body = method === 'POST' ? (path === '/api/cases' ? { type: 'work-order', input: workOrderInput() } : events.requestsConfirmed()) : undefined;
          const response = await client.call(method, path, { body, headers });
          expectError(response, 401, 'UNAUTHENTICATED');
          expect(response.headers.get('WWW-Authenticate'), `${label}: ${method} ${path}`).toMatch(/^Bearer/);
        }
      }
      expect(await footprint(client, opened.id)).toEqual(before);
      expect(await countCases()).toBe(casesBefore);
    });

    it('stops accepting a member\'s token the moment it is revoked', async () => {
      const client = api.withClock();
      const member = await api.addMember('technician', 'Short-lived Technician');
      expect((await client.call('GET', '/api/processes', { token: member.token })).status).toBe(200);
      await revokeStaff(api.database.db, member.id);
      expectError(await client.call('GET', '/api/processes', { token: member.token }), 401, 'UNAUTHENTICATED');
    });

    it('refuses a token it has seen the moment it is revoked: no event changes the case, and every answer is 401', async () => {
      const client = api.withClock();
      const member = await api.addMember('advisor', 'Departing Advisor');
      const opened = await openCase(client, 'work-order');
      const asMember = (body: unknown, raw?: string) =>
        client.call('POST', `/api/cases/${opened.id}/events`, raw === undefined ? { token: member.token, body } : { token: member.token, raw, headers: { 'Content-Type': 'text/plain' } });
      // The member works a while: the server has seen the token on events.
      expect((await asMember(events.requestsConfirmed())).status).toBe(200);
      const before = await footprint(client, opened.id);
      await revokeStaff(api.database.db, member.id);

      const attempts = [
        await asMember(events.inspectionRecorded()), // the next step, which the machine would take
        await asMember({ type: 'payment.recorded', amountMinor: 100, method: 'cash' }), // a step the role may not send
        await asMember({ type: 'no.such.event' }), // not an event at all
        await asMember(undefined, 'requests.confirmed'), // not JSON
      ];
      for (const attempt of attempts) {
        expectError(attempt, 401, 'UNAUTHENTICATED');
        expect(attempt.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
      }
      expect(await footprint(client, opened.id)).toEqual(before);
    });

    it('refuses an opening with a token it has seen the moment it is revoked: nothing opened, no number spent', async () => {
      const client = api.withClock();
      // A work order opens in one statement; a complaint (it may name other cases) in a transaction.
      const openAs = (token: string, type: 'work-order' | 'complaint') =>
        client.call('POST', '/api/cases', { token, body: { type, input: type === 'work-order' ? workOrderInput() : complaintInput() } });
      const numbered = (response: Awaited<ReturnType<typeof openAs>>) => Number((response.body.number as string).replace(/\D/g, ''));
      for (const type of ['work-order', 'complaint'] as const) {
        // The server has seen the member's token on an opening.
        const member = await api.addMember('advisor', `Departing Front Desk (${type})`);
        const first = await openAs(member.token, type);
        expect(first.status).toBe(201);
        await revokeStaff(api.database.db, member.id);

        const refused = await openAs(member.token, type);
        expectError(refused, 401, 'UNAUTHENTICATED');
        expect(refused.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
        // Numbers stay gap-free: the next opening takes the number after the member's last one.
        const next = await openAs(client.staff.advisor.token, type);
        expect(next.status).toBe(201);
        expect(numbered(next), type).toBe(numbered(first) + 1);
      }
    });

    it('answers 401 before looking at the body: no token with malformed JSON, a revoked token with text/plain', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const before = await footprint(client, opened.id);
      const revoked = await api.addMember('manager', 'Former Manager');
      await revokeStaff(api.database.db, revoked.id);

      expectError(await client.call('POST', `/api/cases/${opened.id}/events`, { raw: '{"type":' }), 401, 'UNAUTHENTICATED');
      expectError(await client.call('POST', '/api/cases', { raw: '{"type":' }), 401, 'UNAUTHENTICATED');
      expectError(
        await client.call('POST', `/api/cases/${opened.id}/events`, {
          raw: 'requests.confirmed',
          headers: { Authorization: `Bearer ${revoked.token}`, 'Content-Type': 'text/plain' },
        }),
        401,
        'UNAUTHENTICATED',
      );
      expectError(
        await client.call('POST', `/api/cases/${UNKNOWN_CASE}/events`, { raw: 'x'.repeat(LIMIT + 1) }),
        401,
        'UNAUTHENTICATED',
      );
      expect(await footprint(client, opened.id)).toEqual(before);
    });
  });

  describe('the body gate: 415, 413, 400 MALFORMED_JSON', () => {
    it('refuses a body that is not declared application/json with 415', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const before = await footprint(client, opened.id);
      const token = client.staff.advisor.token;
      const asJsonText = JSON.stringify(events.requestsConfirmed());

      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
        const response = await client.call('POST', `/api/cases/${opened.id}/events`, { token, raw: asJsonText, headers: { 'Content-Type': contentType } });
        expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
      }
      const creation = await client.call('POST', '/api/cases', {
        token,
        raw: JSON.stringify({ type: 'work-order', input: workOrderInput() }),
        headers: { 'Content-Type': 'text/plain' },
      });
      expectError(creation, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(await footprint(client, opened.id)).toEqual(before);

      const withCharset = await client.call('POST', `/api/cases/${opened.id}/events`, {
        token,
        raw: asJsonText,
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
      });
      expect(withCharset.status).toBe(200);
    });

    it('refuses a body over 256 KiB with 413, and accepts a large signature under the limit', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      await send(client, opened.id, 'advisor', events.requestsConfirmed());
      const before = await footprint(client, opened.id);
      const token = client.staff.advisor.token;

      const padded = { ...events.inspectionRecorded(), belongings: ['x'.repeat(LIMIT)] };
      const tooLarge = await client.call('POST', `/api/cases/${opened.id}/events`, { token, body: padded });
      expectError(tooLarge, 413, 'PAYLOAD_TOO_LARGE');
      const creation = await client.call('POST', '/api/cases', {
        token,
        body: { type: 'work-order', input: workOrderInput({ requests: ['y'.repeat(LIMIT)] }) },
      });
      expectError(creation, 413, 'PAYLOAD_TOO_LARGE');
      expect(await footprint(client, opened.id)).toEqual(before);

      // A long, finely sampled signature: 4,000 points with decimals, well under the limit.
      const stroke = Array.from({ length: 4_000 }, (_, i) => [Number((i / 4).toFixed(2)), Number((200 + 150 * Math.sin(i / 40)).toFixed(2))]);
      const signed = { ...events.inspectionRecorded(), customerSignature: { signedBy: 'Zhang Xiaoming', strokes: [stroke] } };
      expect(JSON.stringify(signed).length).toBeLessThan(LIMIT);
      const accepted = await post(client, opened.id, 'advisor', signed);
      expect(accepted.status).toBe(200);
      expect(accepted.body.context.inspection.customerSignature.strokes).toEqual([stroke]);
    });

    it('takes a body of exactly 256 KiB and refuses one byte more', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const before = await footprint(client, opened.id);
      const token = client.staff.advisor.token;
      const bodyOf = (bytes: number) => {
        const shell = JSON.stringify({ type: 'no.such.event', pad: '' });
        return JSON.stringify({ type: 'no.such.event', pad: 'x'.repeat(bytes - shell.length) });
      };
      expect(Buffer.byteLength(bodyOf(LIMIT))).toBe(LIMIT);

      // At the limit the body passes the gate and is judged on what it says.
      expectError(await client.call('POST', `/api/cases/${opened.id}/events`, { token, raw: bodyOf(LIMIT) }), 400, 'VALIDATION_FAILED');
      expectError(await client.call('POST', `/api/cases/${opened.id}/events`, { token, raw: bodyOf(LIMIT + 1) }), 413, 'PAYLOAD_TOO_LARGE');
      // Multi-byte characters count as the bytes they take.
      const chinese = JSON.stringify({ type: 'no.such.event', pad: '粤'.repeat(LIMIT / 3) });
      expect(chinese.length).toBeLessThan(LIMIT);
      expectError(await client.call('POST', `/api/cases/${opened.id}/events`, { token, raw: chinese }), 413, 'PAYLOAD_TOO_LARGE');
      expect(await footprint(client, opened.id)).toEqual(before);
    });

    it('refuses a body that does not parse with 400 MALFORMED_JSON', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const before = await footprint(client, opened.id);
      const token = client.staff.advisor.token;

      for (const raw of ['{"type":', '', "{'type': 'requests.confirmed'}", '{"type":"requests.confirmed"}}']) {
        expectError(await client.call('POST', `/api/cases/${opened.id}/events`, { token, raw }), 400, 'MALFORMED_JSON');
      }
      expectError(await client.call('POST', '/api/cases', { token, raw: '{"type":"work-order",' }), 400, 'MALFORMED_JSON');
      expect(await footprint(client, opened.id)).toEqual(before);
    });

    it('checks the media type, then the size, then the syntax', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const before = await footprint(client, opened.id);
      const token = client.staff.advisor.token;
      const huge = `{"type": "${'x'.repeat(LIMIT)}`;

      expectError(await client.call('POST', `/api/cases/${opened.id}/events`, { token, raw: huge, headers: { 'Content-Type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectError(await client.call('POST', `/api/cases/${opened.id}/events`, { token, raw: huge }), 413, 'PAYLOAD_TOO_LARGE');
      expect(await footprint(client, opened.id)).toEqual(before);
    });

    it('answers the body gate before 404: malformed JSON to an unknown case is 400', async () => {
      const client = api.withClock();
      const token = client.staff.advisor.token;
      expectError(await client.call('POST', `/api/cases/${UNKNOWN_CASE}/events`, { token, raw: '{"type":' }), 400, 'MALFORMED_JSON');
      expectError(await client.call('POST', '/api/cases/not-a-uuid/events', { token, raw: '{}', headers: { 'Content-Type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('404 NOT_FOUND', () => {
    it('answers 404 for an unknown or malformed case id, an unknown route, and an unknown process', async () => {
      const client = api.withClock();
      const token = client.staff.qa.token;
      const paths: Array<[string, string, unknown?]> = [
        ['GET', `/api/cases/${UNKNOWN_CASE}`],
        ['GET', `/api/cases/${UNKNOWN_CASE}/events`],
        ['POST', `/api/cases/${UNKNOWN_CASE}/events`, events.requestsConfirmed()],
        ['GET', '/api/cases/not-a-uuid'],
        ['GET', '/api/cases/123/events'],
        ['POST', '/api/cases/not-a-uuid/events', events.requestsConfirmed()],
        ['GET', '/api/nothing-here'],
        ['GET', '/api/cases/x/y/z'],
        ['DELETE', `/api/cases/${UNKNOWN_CASE}`],
        ['GET', '/api/processes/invoice'],
        ['GET', '/api/processes/invoice/diagram.svg'],
        ['GET', '/no-such-page'],
      ];
      for (const [method, path, body] of paths) {
        expectError(await client.call(method, path, { token, body }), 404, 'NOT_FOUND');
      }
    });

    it('answers 404 for an unknown case before it looks at the event', async () => {
      const client = api.withClock();
      const token = client.staff.technician.token;
      const bad = await client.call('POST', `/api/cases/${UNKNOWN_CASE}/events`, { token, body: { type: 'inspection.recorded', coversFitted: 'yes' } });
      expectError(bad, 404, 'NOT_FOUND');
      const unknownType = await client.call('POST', `/api/cases/${UNKNOWN_CASE}/events`, { token, body: { type: 'no.such.event' } });
      expectError(unknownType, 404, 'NOT_FOUND');
      const staleAndKeyed = await client.call('POST', `/api/cases/not-a-uuid/events`, {
        token,
        body: { type: 'no.such.event' },
        headers: { 'If-Match': '"99"', 'Idempotency-Key': 'k-404' },
      });
      expectError(staleAndKeyed, 404, 'NOT_FOUND');
    });
  });

  describe('400 VALIDATION_FAILED', () => {
    it('refuses an unknown process type on creation and creates nothing', async () => {
      const client = api.withClock();
      const token = client.staff.advisor.token;
      const before = (await client.call('GET', '/api/cases?limit=200', { token })).body.items.length;
      for (const body of [{ type: 'invoice', input: workOrderInput() }, { input: workOrderInput() }, ['work-order'], 'work-order']) {
        const response = await client.call('POST', '/api/cases', { token, body });
        expectError(response, 400, 'VALIDATION_FAILED');
        expect(Array.isArray(response.body.error.details)).toBe(true);
        expect(response.body.error.details.length).toBeGreaterThan(0);
      }
      expect((await client.call('GET', '/api/cases?limit=200', { token })).body.items.length).toBe(before);
    });

    it('lists each field\'s problem of a bad creation input', async () => {
      const client = api.withClock();
      const token = client.staff.advisor.token;
      const response = await client.call('POST', '/api/cases', {
        token,
        body: {
          type: 'work-order',
          input: { customer: { name: '   ' }, vehicle: { plate: '粤A·12345', odometerKm: -5 }, requests: [], colour: 'red' },
        },
      });
      expectError(response, 400, 'VALIDATION_FAILED');
      const paths = response.body.error.details.map((d: { path: string }) => d.path);
      expect(paths).toEqual(
        expect.arrayContaining(['input.customer.name', 'input.customer.phone', 'input.vehicle.odometerKm', 'input.requests']),
      );
      for (const detail of response.body.error.details) expect(typeof detail.message).toBe('string');
    });

    it('refuses an event type the process does not have, including another process\'s events', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const before = await footprint(client, opened.id);
      for (const body of [{ type: 'no.such.event' }, events.investigationRecorded(true), {}, { type: 42 }, [events.requestsConfirmed()]]) {
        const response = await post(client, opened.id, 'advisor', body);
        expectError(response, 400, 'VALIDATION_FAILED');
        expect(await footprint(client, opened.id)).toEqual(before);
      }
      const complaint = await openCase(client, 'complaint');
      const wrongProcess = await post(client, complaint.id, 'manager', events.requestsConfirmed());
      expectError(wrongProcess, 400, 'VALIDATION_FAILED');
      expect(wrongProcess.body.error.details).toEqual([expect.objectContaining({ path: 'type' })]);
    });

    it('lists each field\'s problem of a bad event payload', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      await send(client, opened.id, 'advisor', events.requestsConfirmed());
      const before = await footprint(client, opened.id);

      const response = await post(client, opened.id, 'advisor', {
        type: 'inspection.recorded',
        coversFitted: 'yes',
        findings: [{ area: '' }],
        valuablesReminderGiven: true,
        customerSignature: { signedBy: 'Zhang' },
      });
      expectError(response, 400, 'VALIDATION_FAILED');
      const paths = response.body.error.details.map((d: { path: string }) => d.path);
      expect(paths).toEqual(
        expect.arrayContaining(['coversFitted', 'findings.0.area', 'findings.0.condition', 'belongings', 'customerSignature.strokes']),
      );
      expect(await footprint(client, opened.id)).toEqual(before);
    });

    it('refuses a signature that is a name alone, an empty drawing, a dot, a scribble too small, or drawn outside the box', async () => {
      const client = api.withClock();
      const atSign = await workOrderAtSign(client);
      const before = await footprint(client, atSign.id);
      const dot = [[[500, 200]]];
      const tiny = [Array.from({ length: 12 }, (_, i) => [500 + (i % 4) * 10, 200 + (i % 3) * 10])];
      const outside = [Array.from({ length: 12 }, (_, i) => [100 + i * 100, 200])];
      const attempts: unknown[] = [
        { signedBy: 'Zhang Xiaoming' },
        { signedBy: 'Zhang Xiaoming', strokes: [] },
        { signedBy: 'Zhang Xiaoming', strokes: dot },
        { signedBy: 'Zhang Xiaoming', strokes: tiny },
        { signedBy: 'Zhang Xiaoming', strokes: outside },
        { signedBy: 'Zhang Xiaoming', strokes: 'a squiggle' },
      ];
      for (const customerSignature of attempts) {
        const response = await post(client, atSign.id, 'advisor', { type: 'estimate.approved', revision: 1, customerSignature });
        expectError(response, 400, 'VALIDATION_FAILED');
        const paths: string[] = response.body.error.details.map((d: { path: string }) => d.path);
        expect(paths.some((path) => /^customerSignature\.strokes(\.|$)/.test(path)), JSON.stringify(customerSignature)).toBe(true);
      }
      expect(await footprint(client, atSign.id)).toEqual(before);
    });

    it('stamps a signature with the server’s time and refuses a time sent by the client', async () => {
      const client = api.withClock();
      const atSign = await workOrderAtSign(client);
      const drawn = events.estimateApproved().customerSignature;
      const backdated = await post(client, atSign.id, 'advisor', { type: 'estimate.approved', revision: 1, customerSignature: { ...drawn, at: '2020-01-01T00:00:00Z' } });
      expectError(backdated, 400, 'VALIDATION_FAILED');
      const signedAt = client.clock.advance(60_000).toISOString();
      const signed = await post(client, atSign.id, 'advisor', events.estimateApproved());
      expect(signed.status).toBe(200);
      expect(signed.body.context.approval.customerSignature).toEqual({ ...drawn, at: signedAt });
    });
  });

  describe('403 FORBIDDEN', () => {
    it('refuses a technician preparing an estimate and a cashier recording the inspection', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      await send(client, opened.id, 'advisor', events.requestsConfirmed());
      const inspectBefore = await footprint(client, opened.id);
      const byCashier = await post(client, opened.id, 'cashier', events.inspectionRecorded());
      expectError(byCashier, 403, 'FORBIDDEN');
      expect(await footprint(client, opened.id)).toEqual(inspectBefore);

      await send(client, opened.id, 'advisor', events.inspectionRecorded());
      const estimateBefore = await footprint(client, opened.id);
      const byTechnician = await post(client, opened.id, 'technician', events.estimatePrepared(new Date(client.clock.now().getTime() + DAY)));
      expectError(byTechnician, 403, 'FORBIDDEN');
      expect(await footprint(client, opened.id)).toEqual(estimateBefore);
    });

    it('tells the sender which roles may send the event, in words a person reads', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const byAdvisor = await post(client, opened.id, 'advisor', { type: 'payment.recorded', amountMinor: 35_000, method: 'cash' });
      expectError(byAdvisor, 403, 'FORBIDDEN');
      expect(byAdvisor.body.error.message).toBe('an advisor may not send "payment.recorded"');
      expect(byAdvisor.body.error.details.allowedRoles).toEqual(['cashier', 'manager']);
    });

    it('refuses every event to every role the contract excludes, and lets every role it names past the role check', async () => {
      const client = api.withClock();
      const samples = sampleEvents(client.clock.now());
      let refusals = 0;
      for (const type of ['work-order', 'complaint'] as const) {
        const opened = await openCase(client, type);
        const before = await footprint(client, opened.id);
        for (const [event, allowed] of Object.entries(contractRoles[type]!)) {
          for (const role of roles) {
            const label = `${event} by ${role}`;
            if (allowed.includes(role)) {
              // Past the role check, the payload is judged: an unknown field is refused there.
              const response = await post(client, opened.id, role, { ...samples[event], unexpectedField: true });
              expectError(response, 400, 'VALIDATION_FAILED');
            } else {
              expectError(await post(client, opened.id, role, samples[event]), 403, 'FORBIDDEN');
              refusals++;
            }
            expect(await footprint(client, opened.id), label).toEqual(before);
          }
        }
      }
      expect(refusals).toBeGreaterThan(50);
    });
  });

  describe('409 TRANSITION_NOT_ALLOWED', () => {
    it('refuses an event the state does not handle, with state, event, allowedEvents and reason', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const before = await footprint(client, opened.id);
      const response = await post(client, opened.id, 'technician', events.repairStarted());
      expectError(response, 409, 'TRANSITION_NOT_ALLOWED');
      expect(response.body.error.details).toEqual({
        state: 'greet',
        event: 'repair.started',
        allowedEvents: expect.arrayContaining(['requests.confirmed', 'order.cancelled']),
        reason: expect.stringContaining('greet'),
      });
      expect(response.body.error.details.allowedEvents).toHaveLength(2);
      expect(await footprint(client, opened.id)).toEqual(before);
    });

    it('refuses an event whose rule fails, with the rule\'s reason in words', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      await send(client, opened.id, 'advisor', events.requestsConfirmed());
      const before = await footprint(client, opened.id);
      const response = await post(client, opened.id, 'advisor', { ...events.inspectionRecorded(), coversFitted: false });
      expectError(response, 409, 'TRANSITION_NOT_ALLOWED');
      expect(response.body.error.details).toMatchObject({ state: 'inspect', event: 'inspection.recorded', allowedEvents: ['inspection.recorded', 'order.cancelled'] });
      expect(response.body.error.details.reason).toMatch(/covers/);
      expect(await footprint(client, opened.id)).toEqual(before);

      const estimating = await send(client, opened.id, 'advisor', events.inspectionRecorded());
      const past = await post(client, opened.id, 'advisor', events.estimatePrepared(new Date(client.clock.now().getTime() - 1)));
      expectError(past, 409, 'TRANSITION_NOT_ALLOWED');
      expect(past.body.error.details.reason).toMatch(/future/);
      expect((await footprint(client, opened.id)).version).toBe(estimating.version);
    });

    it('refuses any event to a finished case', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      await send(client, opened.id, 'advisor', events.orderCancelled());
      const before = await footprint(client, opened.id);
      const response = await post(client, opened.id, 'advisor', events.requestsConfirmed());
      expectError(response, 409, 'TRANSITION_NOT_ALLOWED');
      expect(response.body.error.details).toMatchObject({ state: 'cancelled', event: 'requests.confirmed', allowedEvents: [] });
      expect(await footprint(client, opened.id)).toEqual(before);
    });
  });

  describe('412 VERSION_MISMATCH and If-Match', () => {
    it('refuses a stale If-Match with the current version, and applies a matching one', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      await send(client, opened.id, 'advisor', events.requestsConfirmed());
      const before = await footprint(client, opened.id);
      expect(before.version).toBe(2);

      for (const ifMatch of ['"1"', '"3"', '1', 'W/"1"', '"abc"']) {
        const stale = await post(client, opened.id, 'advisor', events.inspectionRecorded(), { 'If-Match': ifMatch });
        expectError(stale, 412, 'VERSION_MISMATCH');
        expect(stale.body.error.details).toEqual({ currentVersion: 2 });
        expect(await footprint(client, opened.id)).toEqual(before);
      }

      const current = await post(client, opened.id, 'advisor', events.inspectionRecorded(), { 'If-Match': '"2"' });
      expect(current.status).toBe(200);
      expect(current.headers.get('ETag')).toBe('"3"');
      expect(current.body).toMatchObject({ version: 3, state: 'estimate' });
    });

    it('applies an event with If-Match: * whatever the version', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      await send(client, opened.id, 'advisor', events.requestsConfirmed());
      const response = await post(client, opened.id, 'advisor', events.inspectionRecorded(), { 'If-Match': '*' });
      expect(response.status).toBe(200);
      expect(response.body.version).toBe(3);
    });

    it('takes the ETag of a read as the If-Match of the next write', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const read = await client.call('GET', `/api/cases/${opened.id}`, { token: client.staff.advisor.token });
      const response = await post(client, opened.id, 'advisor', events.requestsConfirmed(), { 'If-Match': read.headers.get('ETag')! });
      expect(response.status).toBe(200);
    });
  });

  describe('409 IDEMPOTENCY_KEY_REUSED', () => {
    it('refuses the same key with a different body, on an event and on a creation', async () => {
      const client = api.withClock();
      const atSign = await workOrderAtSign(client);
      const headers = { 'Idempotency-Key': 'approve-once' };
      const first = await post(client, atSign.id, 'advisor', events.estimateApproved(1), headers);
      expect(first.status).toBe(200);
      const before = await footprint(client, atSign.id);

      const reused = await post(client, atSign.id, 'advisor', events.estimateDeclined(), headers);
      expectError(reused, 409, 'IDEMPOTENCY_KEY_REUSED');
      expect(await footprint(client, atSign.id)).toEqual(before);

      const token = client.staff.advisor.token;
      const created = await client.call('POST', '/api/cases', { token, body: { type: 'work-order', input: workOrderInput() }, headers: { 'Idempotency-Key': 'greet-1' } });
      expect(created.status).toBe(201);
      const count = (await client.call('GET', '/api/cases?limit=200', { token })).body.items.length;
      const other = await client.call('POST', '/api/cases', {
        token,
        body: { type: 'work-order', input: workOrderInput({ requests: ['Something else'] }) },
        headers: { 'Idempotency-Key': 'greet-1' },
      });
      expectError(other, 409, 'IDEMPOTENCY_KEY_REUSED');
      expect((await client.call('GET', '/api/cases?limit=200', { token })).body.items.length).toBe(count);
    });
  });

  describe('the order of the checks', () => {
    it('answers an idempotent replay before a stale If-Match, and a reused key before it too', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const headers = { 'Idempotency-Key': 'confirm', 'If-Match': '"1"' };
      const first = await post(client, opened.id, 'advisor', events.requestsConfirmed(), headers);
      expect(first.status).toBe(200);
      const before = await footprint(client, opened.id);

      const replay = await post(client, opened.id, 'advisor', events.requestsConfirmed(), headers);
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual(first.body);
      expect(await footprint(client, opened.id)).toEqual(before);

      const reused = await post(client, opened.id, 'advisor', events.orderCancelled(), headers);
      expectError(reused, 409, 'IDEMPOTENCY_KEY_REUSED');
      expect(await footprint(client, opened.id)).toEqual(before);
    });

    it('answers a stale If-Match before an unknown event type', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const before = await footprint(client, opened.id);
      const response = await post(client, opened.id, 'advisor', { type: 'no.such.event' }, { 'If-Match': '"7"' });
      expectError(response, 412, 'VERSION_MISMATCH');
      expect(response.body.error.details.currentVersion).toBe(1);
      expect(await footprint(client, opened.id)).toEqual(before);
    });

    it('answers a stale If-Match before a forbidden role, a bad payload or a refused transition', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const before = await footprint(client, opened.id);
      for (const [role, body] of [
        ['cashier', events.inspectionRecorded()],
        ['advisor', { type: 'inspection.recorded', coversFitted: 'yes' }],
        ['technician', events.repairCompleted()],
      ] as const) {
        expectError(await post(client, opened.id, role, body, { 'If-Match': '"2"' }), 412, 'VERSION_MISMATCH');
        expect(await footprint(client, opened.id)).toEqual(before);
      }
    });

    it('answers an unknown event type before the role: a technician sending one gets 400', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const before = await footprint(client, opened.id);
      for (const role of ['technician', 'cashier', 'qa'] as const) {
        const response = await post(client, opened.id, role, { type: 'estimate.rubberStamped', lines: 'all' });
        expectError(response, 400, 'VALIDATION_FAILED');
        expect(response.body.error.details).toEqual([expect.objectContaining({ path: 'type' })]);
        expect(await footprint(client, opened.id)).toEqual(before);
      }
    });

    it('answers a forbidden role before a bad payload', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      await send(client, opened.id, 'advisor', events.requestsConfirmed());
      await send(client, opened.id, 'advisor', events.inspectionRecorded());
      const before = await footprint(client, opened.id);
      const response = await post(client, opened.id, 'technician', { type: 'estimate.prepared', lines: 'everything', promisedAt: 'soon' });
      expectError(response, 403, 'FORBIDDEN');
      expect(await footprint(client, opened.id)).toEqual(before);
    });

    it('answers a forbidden role before a refused transition', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const before = await footprint(client, opened.id);
      const response = await post(client, opened.id, 'cashier', events.vehicleHandedOver());
      expectError(response, 403, 'FORBIDDEN');
      expect(await footprint(client, opened.id)).toEqual(before);
    });

    it('answers a bad payload before a transition the state does not allow', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const before = await footprint(client, opened.id);
      const response = await post(client, opened.id, 'advisor', { type: 'estimate.prepared', lines: 'everything', promisedAt: 'soon' });
      expectError(response, 400, 'VALIDATION_FAILED');
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['lines', 'promisedAt']));
      expect(await footprint(client, opened.id)).toEqual(before);
    });

    it('answers 404 before a reused idempotency key', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const headers = { 'Idempotency-Key': 'shared-key' };
      expect((await post(client, opened.id, 'advisor', events.requestsConfirmed(), headers)).status).toBe(200);
      // Keys are scoped to the case: the same key on an unknown case is simply not found.
      expectError(await post(client, UNKNOWN_CASE, 'advisor', events.orderCancelled(), headers), 404, 'NOT_FOUND');
    });
  });
});
