import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/databases';
import {
  events,
  expectError,
  footprint,
  labourLines,
  openCase,
  send,
  startApi,
  workOrderAtSign,
  workOrderInProgress,
  workOrderInput,
  type Api,
  type ApiResponse,
} from './support/api';

const journalOf = async (api: Api, caseId: string) =>
  (await api.call('GET', `/api/cases/${caseId}/events`, { token: api.staff.manager.token })).body as Array<{ seq: number; type: string; payload: any }>;

const statuses = (responses: ApiResponse[]) => responses.map((r) => r.status).sort((a, b) => a - b);

describe.each(backends)('idempotent retries and concurrent requests on %s', (kind) => {
  let api: Api;

  beforeAll(async () => {
    api = await startApi(kind);
  });

  afterAll(async () => {
    await api?.stop();
  });

  describe('Idempotency-Key', () => {
    it('answers a retried event with the first response, and applies it once', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const request = { token: client.staff.advisor.token, body: events.requestsConfirmed(), headers: { 'Idempotency-Key': 'confirm-requests' } };

      const first = await client.call('POST', `/api/cases/${opened.id}/events`, request);
      expect(first.status).toBe(200);
      const after = await footprint(client, opened.id);

      client.clock.advance(60_000);
      const retry = await client.call('POST', `/api/cases/${opened.id}/events`, request);
      expect(retry.status).toBe(first.status);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('ETag')).toBe(first.headers.get('ETag'));
      expect(await footprint(client, opened.id)).toEqual(after);
      expect((await journalOf(api, opened.id)).map((e) => e.type)).toEqual(['case.created', 'requests.confirmed']);
    });

    it('recognises a retry whose JSON lists the same fields in another order', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      await send(client, opened.id, 'advisor', events.requestsConfirmed());
      const token = client.staff.advisor.token;
      const headers = { 'Idempotency-Key': 'inspection' };
      const inspection = events.inspectionRecorded();
      const reordered = Object.fromEntries(Object.entries(inspection).reverse());

      const first = await client.call('POST', `/api/cases/${opened.id}/events`, { token, body: inspection, headers });
      const retry = await client.call('POST', `/api/cases/${opened.id}/events`, { token, body: reordered, headers });
      expect(first.status).toBe(200);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      expect((await footprint(client, opened.id)).version).toBe(3);
    });

    it('answers a retried creation with the same case, and a key is the member\'s own', async () => {
      const client = api.withClock();
      const body = { type: 'work-order', input: workOrderInput({ customer: { name: 'Retry Customer', phone: '010 5555 0101' } }) };
      const headers = { 'Idempotency-Key': 'front-desk-greet-0001' };
      const countCases = async () => (await client.call('GET', '/api/cases?limit=200&q=retry%20customer', { token: client.staff.manager.token })).body.items.length;

      const first = await client.call('POST', '/api/cases', { token: client.staff.advisor.token, body, headers });
      expect(first.status).toBe(201);
      client.clock.advance(60_000);
      const retry = await client.call('POST', '/api/cases', { token: client.staff.advisor.token, body, headers });
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('ETag')).toBe(first.headers.get('ETag'));
      expect(retry.headers.get('Location')).toBe(first.headers.get('Location'));
      expect(await countCases()).toBe(1);
      expect(await journalOf(api, first.body.id)).toHaveLength(1);

      const colleague = await api.addMember('advisor', 'Another Advisor');
      const theirs = await client.call('POST', '/api/cases', { token: colleague.token, body, headers });
      expect(theirs.status).toBe(201);
      expect(theirs.body.id).not.toBe(first.body.id);
      expect(theirs.body.number).not.toBe(first.body.number);
      const technicians = await client.call('POST', '/api/cases', { token: client.staff.technician.token, body, headers });
      expect(technicians.status).toBe(201);
      expect(new Set([first.body.id, theirs.body.id, technicians.body.id]).size).toBe(3);
      expect(await countCases()).toBe(3);
    });

    it('scopes event keys to the case: the same key on another case applies there', async () => {
      const client = api.withClock();
      const one = await openCase(client, 'work-order');
      const two = await openCase(client, 'work-order');
      const request = { token: client.staff.advisor.token, body: events.requestsConfirmed(), headers: { 'Idempotency-Key': 'same-key' } };
      const first = await client.call('POST', `/api/cases/${one.id}/events`, request);
      const second = await client.call('POST', `/api/cases/${two.id}/events`, request);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.body.id).toBe(two.id);
      expect((await footprint(client, two.id)).version).toBe(2);
    });

    it('refuses the same key with a different body, changing nothing', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const token = client.staff.advisor.token;
      const headers = { 'Idempotency-Key': 'one-thing' };
      expect((await client.call('POST', `/api/cases/${opened.id}/events`, { token, body: events.requestsConfirmed(), headers })).status).toBe(200);
      const before = await footprint(client, opened.id);
      const other = await client.call('POST', `/api/cases/${opened.id}/events`, { token, body: events.orderCancelled(), headers });
      expectError(other, 409, 'IDEMPOTENCY_KEY_REUSED');
      expect(await footprint(client, opened.id)).toEqual(before);
    });

    it('keeps only successful answers: a refused request does not use up its key', async () => {
      const client = api.withClock();
      const atSign = await workOrderAtSign(client);
      const path = `/api/cases/${atSign.id}/events`;
      const headers = { 'Idempotency-Key': 'approval' };

      const forbidden = await client.call('POST', path, { token: client.staff.technician.token, body: events.estimateApproved(1), headers });
      expectError(forbidden, 403, 'FORBIDDEN');
      const wrongRevision = await client.call('POST', path, { token: client.staff.advisor.token, body: events.estimateApproved(5), headers });
      expectError(wrongRevision, 409, 'TRANSITION_NOT_ALLOWED');
      const stale = await client.call('POST', path, { token: client.staff.advisor.token, body: events.estimateApproved(1), headers: { ...headers, 'If-Match': '"1"' } });
      expectError(stale, 412, 'VERSION_MISMATCH');
      expect((await footprint(client, atSign.id)).version).toBe(atSign.version);

      const applied = await client.call('POST', path, { token: client.staff.advisor.token, body: events.estimateApproved(1), headers });
      expect(applied.status).toBe(200);
      expect(applied.body).toMatchObject({ state: 'repair.ready', version: atSign.version + 1 });

      const token = client.staff.advisor.token;
      const creationHeaders = { 'Idempotency-Key': 'creation-after-refusal' };
      const invalid = await client.call('POST', '/api/cases', { token, body: { type: 'work-order', input: workOrderInput({ requests: [] }) }, headers: creationHeaders });
      expectError(invalid, 400, 'VALIDATION_FAILED');
      const valid = await client.call('POST', '/api/cases', { token, body: { type: 'work-order', input: workOrderInput() }, headers: creationHeaders });
      expect(valid.status).toBe(201);
    });
  });

  describe('concurrent events on one case', () => {
    it('applies exactly one of 20 events sent at once with the same If-Match; the rest get 412', async () => {
      const client = api.withClock();
      const inProgress = await workOrderInProgress(client, labourLines(20));
      const before = await footprint(client, inProgress.id);

      const responses = await Promise.all(
        labourLines(20).map((line) =>
          client.call('POST', `/api/cases/${inProgress.id}/events`, {
            token: client.staff.technician.token,
            body: events.lineCompleted(line.id!),
            headers: { 'If-Match': `"${before.version}"` },
          }),
        ),
      );

      expect(statuses(responses)).toEqual([200, ...Array<number>(19).fill(412)]);
      for (const refused of responses.filter((r) => r.status !== 200)) {
        expectError(refused, 412, 'VERSION_MISMATCH');
        expect(typeof refused.body.error.details.currentVersion).toBe('number');
        expect(refused.body.error.details.currentVersion).toBeGreaterThan(before.version);
      }
      const winner = responses.find((r) => r.status === 200)!;
      expect(winner.body.version).toBe(before.version + 1);
      expect(await footprint(client, inProgress.id)).toEqual({ ...before, version: before.version + 1, journalLength: before.journalLength + 1 });
      const done = winner.body.context.estimate.lines.filter((l: { done: boolean }) => l.done);
      expect(done).toHaveLength(1);
    });

    it('applies 20 events sent at once without If-Match one at a time, losing none', async () => {
      const client = api.withClock();
      const inProgress = await workOrderInProgress(client, labourLines(20));
      const before = await footprint(client, inProgress.id);

      const responses = await Promise.all(
        labourLines(20).map((line) =>
          client.call('POST', `/api/cases/${inProgress.id}/events`, { token: client.staff.technician.token, body: events.lineCompleted(line.id!) }),
        ),
      );

      expect(statuses(responses), JSON.stringify(responses.filter((r) => r.status !== 200).map((r) => r.body))).toEqual(Array(20).fill(200));
      // Each answer describes the case after its own event, applied on top of all the ones before it.
      const versions = responses.map((r) => r.body.version).sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => before.version + 1 + i));
      for (const response of responses) {
        const doneCount = response.body.context.estimate.lines.filter((l: { done: boolean }) => l.done).length;
        expect(doneCount).toBe(response.body.version - before.version);
      }

      const after = await footprint(client, inProgress.id);
      expect(after).toEqual({ state: 'repair.inProgress', version: before.version + 20, journalLength: before.journalLength + 20 });
      const journal = await journalOf(api, inProgress.id);
      expect(journal.map((e) => e.seq)).toEqual(Array.from({ length: after.version }, (_, i) => i + 1));
      expect(journal.slice(-20).map((e) => e.payload.lineId).sort()).toEqual(labourLines(20).map((l) => l.id).sort());

      const completed = await send(client, inProgress.id, 'technician', events.repairCompleted());
      expect(completed.state).toBe('settle.reviewingRequests');
    });

    it('applies 10 concurrent retries with one key once, and answers all of them alike', async () => {
      const client = api.withClock();
      const opened = await openCase(client, 'work-order');
      const before = await footprint(client, opened.id);

      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          client.call('POST', `/api/cases/${opened.id}/events`, {
            token: client.staff.advisor.token,
            body: events.requestsConfirmed(),
            headers: { 'Idempotency-Key': 'double-clicked' },
          }),
        ),
      );

      expect(statuses(responses), JSON.stringify(responses.filter((r) => r.status !== 200).map((r) => r.body))).toEqual(Array(10).fill(200));
      for (const response of responses) {
        expect(response.body).toEqual(responses[0]!.body);
        expect(response.headers.get('ETag')).toBe(`"${before.version + 1}"`);
      }
      expect(await footprint(client, opened.id)).toEqual({ state: 'inspect', version: before.version + 1, journalLength: before.journalLength + 1 });
    });
  });
});

describe.each(backends)('concurrent creations on %s', (kind) => {
  let api: Api;

  beforeAll(async () => {
    api = await startApi(kind);
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('numbers 20 work orders opened at once 1 to 20, each once, and opens a retried one only once', async () => {
    const client = api.withClock();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.call('POST', '/api/cases', {
          token: client.staff.advisor.token,
          body: { type: 'work-order', input: workOrderInput({ customer: { name: `Customer ${i + 1}`, phone: `1380000${String(i).padStart(4, '0')}` } }) },
        }),
      ),
    );
    expect(statuses(responses), JSON.stringify(responses.filter((r) => r.status !== 201).map((r) => r.body))).toEqual(Array(20).fill(201));
    const numbers = responses.map((r) => r.body.number).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `WO-${String(i + 1).padStart(6, '0')}`));

    const retries = await Promise.all(
      Array.from({ length: 10 }, () =>
        client.call('POST', '/api/cases', {
          token: client.staff.qa.token,
          body: { type: 'complaint', input: { channel: 'web', customer: { name: 'Double Clicker' }, statement: 'Clicked twice.', severity: 'low' } },
          headers: { 'Idempotency-Key': 'complaint-form-submit' },
        }),
      ),
    );
    expect(statuses(retries)).toEqual(Array(10).fill(201));
    expect(new Set(retries.map((r) => r.body.id)).size).toBe(1);
    expect(retries[0]!.body.number).toBe('CP-000001');

    const next = await openCase(client, 'complaint');
    expect(next.number).toBe('CP-000002');
  });
});
