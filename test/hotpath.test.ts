/**
 * What the fast paths must not change: a body read straight from Node's request is refused and
 * accepted exactly as through `app.request`; a kept token stops working when its window ends;
 * and an event on a case this process wrote last is still decided against the database's case
 * when someone else changed it since.
 */
import { request as httpRequest, Agent } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/index';
import { createApp } from '../server/app';
import { BODY_LIMIT_BYTES } from '../server/api/http';
import { addStaff, cachedAuthentication, revokeStaff } from '../server/core/staff';
import { DAY, events, openCase, send, startApi, workOrderAtSign, workOrderInput, type Api } from './support/api';
import { backends, createTestDatabase, type TestDatabase } from './support/databases';

interface RawAnswer {
  status: number;
  body: any;
}

describe('bodies read from Node’s own request (the server as `npm start` runs it)', () => {
  let database: TestDatabase;
  let server: ServerType;
  let port: number;
  let token: string;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });

  /** One request on the kept-alive connection, the body written in the given chunks (chunked if no length). */
  function post(path: string, chunks: Buffer[], headers: Record<string, string | number>): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ agent, host: '127.0.0.1', port, method: 'POST', path, headers: { Authorization: `Bearer ${token}`, ...headers } }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(parts).toString() || 'null') }));
      });
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    token = (await addStaff(database.db, 'Wang Fang', 'advisor')).token;
    const { app } = createApp({ database });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        port = info.port;
        resolve();
      });
    });
  });

  afterAll(async () => {
    agent.destroy();
    await new Promise((resolve) => server?.close(resolve));
    await database?.drop();
  });

  it('opens a case from a body that arrives in pieces, a character split between two of them', async () => {
    const body = Buffer.from(JSON.stringify({ type: 'work-order', input: workOrderInput() }));
    const split = body.indexOf(Buffer.from('粤')) + 1; // inside the character's three bytes
    const answer = await post('/api/cases', [body.subarray(0, split), body.subarray(split)], { 'Content-Type': 'application/json' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body.context.vehicle.plate).toBe('粤A·12345');
  });

  it('refuses a body declared over the limit, and one sent over it without a length, and the connection goes on', async () => {
    const big = Buffer.alloc(BODY_LIMIT_BYTES + 1, 0x20);
    const declared = await post('/api/cases', [big], { 'Content-Type': 'application/json', 'Content-Length': big.length });
    expect([declared.status, declared.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const streamed = await post('/api/cases', [big.subarray(0, 100_000), big.subarray(100_000)], { 'Content-Type': 'application/json' });
    expect([streamed.status, streamed.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const after = await post('/api/cases', [Buffer.from(JSON.stringify({ type: 'work-order', input: workOrderInput() }))], { 'Content-Type': 'application/json' });
    expect(after.status).toBe(201);
  });

  it('answers 400 to malformed JSON and 415 to text, as through app.request', async () => {
    const malformed = await post('/api/cases', [Buffer.from('{"type": ')], { 'Content-Type': 'application/json' });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'MALFORMED_JSON']);
    const text = await post('/api/cases', [Buffer.from('hello')], { 'Content-Type': 'text/plain' });
    expect([text.status, text.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });
});

describe('a kept token', () => {
  it('keeps answering for its window after revocation, then stops; an unknown token is never kept', async () => {
    const database = await createTestDatabase('pglite');
    try {
      let now = 1_000_000;
      const authenticate = cachedAuthentication(database.db, 1000, () => now);
      const { member, token } = await addStaff(database.db, 'Liu Qiang', 'technician');
      expect(await authenticate(token)).toEqual(member);
      await revokeStaff(database.db, member.id);
      now += 999;
      expect(await authenticate(token)).toEqual(member);
      now += 1;
      expect(await authenticate(token)).toBeUndefined();
      expect(await authenticate('cf_not-a-token')).toBeUndefined();
    } finally {
      await database.drop();
    }
  });
});

describe.each(backends)('an event on a case this process wrote last, on %s', (kind) => {
  let api: Api;

  beforeAll(async () => {
    api = await startApi(kind);
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('is decided against the case as another process left it', async () => {
    const here = api.withClock();
    const elsewhere = api.withClock();
    const opened = await openCase(here, 'work-order');
    await send(elsewhere, opened.id, 'advisor', events.requestsConfirmed());

    // This process last saw greet; the case is in inspect now.
    const inspected = await send(here, opened.id, 'advisor', events.inspectionRecorded());
    expect([inspected.state, inspected.version]).toEqual(['estimate', 3]);

    // An event both states accept is applied once, from the state the database has.
    await send(elsewhere, opened.id, 'advisor', events.estimatePrepared(new Date(elsewhere.clock.now().getTime() + DAY)));
    const cancelled = await send(here, opened.id, 'advisor', events.orderCancelled());
    expect([cancelled.state, cancelled.version]).toEqual(['cancelled', 5]);
    const journal = (await here.call('GET', `/api/cases/${opened.id}/events`, { token: here.staff.advisor.token })).body;
    expect(journal.map((e: any) => [e.seq, e.from, e.to])).toEqual([
      [1, null, 'greet'],
      [2, 'greet', 'inspect'],
      [3, 'inspect', 'estimate'],
      [4, 'estimate', 'sign'],
      [5, 'sign', 'cancelled'],
    ]);
  });

  it('keeps a state entry time changed in the database since, not its own copy', async () => {
    const client = api.withClock();
    const atSign = await workOrderAtSign(client);
    const earlier = new Date(new Date(atSign.stateEnteredAt).getTime() - 3600_000).toISOString();
    await api.database.db.execute(sql`UPDATE cases SET state_entered_at = ${earlier}::timestamptz WHERE id = ${atSign.id}`);

    // A new revision keeps the case in sign: its entry time stays the database's.
    const revised = await send(client, atSign.id, 'advisor', events.estimatePrepared(new Date(client.clock.now().getTime() + DAY)));
    expect([revised.state, revised.version, revised.stateEnteredAt]).toEqual(['sign', atSign.version + 1, earlier]);
    const [stored] = await queryRows<{ state_entered_at: string }>(api.database.db, sql`SELECT state_entered_at FROM cases WHERE id = ${atSign.id}`);
    expect(new Date(stored!.state_entered_at).toISOString()).toBe(earlier);
  });
});
