/**
 * Time limits that act, on both databases, with the clock in the test's hand (no waiting): a case
 * past its due time gets one `case.overdue` entry per visit of a state; a handed-over work order
 * gets its follow-up call FOLLOW_UP_DAYS later and a `service.due` entry on its next-service date;
 * each fires once, however many workers look.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/index';
import { verifyCases } from '../server/read/verify';
import { DAY, events, journalOf, MINUTE, openCase, send, startApi, walk, walkToDone, type Api, type ApiClient } from './support/api';
import { backends } from './support/databases';

const SYSTEM = { id: 'system', name: 'caseflow', role: 'system' };

describe.each(backends)('timers on %s', (kind) => {
  let api: Api;

  beforeAll(async () => {
    api = await startApi(kind, undefined, { timerSettings: { followUpDays: 3 } });
  });

  afterAll(async () => {
    await api?.stop();
  });

  const viewOf = async (client: ApiClient, caseId: string) =>
    (await client.call('GET', `/api/cases/${caseId}`, { token: client.staff.manager.token })).body;

  it('appends one case.overdue entry by the system within 60 s of dueAt, once per visit of a state, leaving the state as it was', async () => {
    const client = api.withClock(new Date('2026-12-01T09:00:00.000Z'));
    const opened = await openCase(client, 'work-order');
    expect(opened.dueAt).toBe('2026-12-01T09:15:00.000Z');

    client.clock.set(new Date('2026-12-01T09:14:59.000Z'));
    await client.built.timers.runOnce();
    expect((await journalOf(client, opened.id)).map((e) => e.type)).toEqual(['case.created']);

    client.clock.set(new Date('2026-12-01T09:15:30.000Z'));
    await client.built.timers.runOnce();
    client.clock.set(new Date('2026-12-01T10:30:00.000Z'));
    await client.built.timers.runOnce();
    const journal = await journalOf(client, opened.id);
    expect(journal.map((e) => e.type)).toEqual(['case.created', 'case.overdue']);
    expect(journal[1]).toMatchObject({
      seq: 2,
      from: 'greet',
      to: 'greet',
      at: '2026-12-01T09:15:30.000Z',
      actor: SYSTEM,
      payload: { state: 'greet', dueAt: '2026-12-01T09:15:00.000Z' },
    });
    const view = await viewOf(client, opened.id);
    expect(view).toMatchObject({ state: 'greet', version: 2, stateEnteredAt: opened.stateEnteredAt, stuck: true });

    // A client still holding version 1 learns that the case moved on.
    const stale = await client.call('POST', `/api/cases/${opened.id}/events`, {
      token: client.staff.advisor.token,
      body: events.requestsConfirmed(),
      headers: { 'If-Match': '"1"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error.details.currentVersion).toBe(2);

    // The next visit of a state has its own escalation.
    const inspecting = await send(client, opened.id, 'advisor', events.requestsConfirmed());
    expect(inspecting.version).toBe(3);
    client.clock.set(new Date(Date.parse(inspecting.dueAt) + 10_000));
    await client.built.timers.runOnce();
    await client.built.timers.runOnce();
    expect((await journalOf(client, opened.id)).map((e) => `${e.seq} ${e.type} ${e.to}`)).toEqual([
      '1 case.created greet',
      '2 case.overdue greet',
      '3 requests.confirmed inspect',
      '4 case.overdue inspect',
    ]);
    expect((await verifyCases(api.database.db)).discrepancies).toEqual([]);
  });

  it('sets no escalation for a case that moves on before its due time', async () => {
    const client = api.withClock(new Date('2026-12-02T09:00:00.000Z'));
    const opened = await openCase(client, 'work-order');
    client.clock.advance(10 * MINUTE);
    await send(client, opened.id, 'advisor', events.requestsConfirmed());
    client.clock.set(new Date('2026-12-02T09:16:00.000Z'));
    await client.built.timers.runOnce();
    expect((await journalOf(client, opened.id)).map((e) => e.type)).toEqual(['case.created', 'requests.confirmed']);
  });

  it('opens the follow-up call FOLLOW_UP_DAYS after the handover and appends service.due on the next-service date, once each', async () => {
    const client = api.withClock(new Date('2026-12-03T09:00:00.000Z'));
    const opened = await openCase(client, 'work-order');
    const done = await walk(client, opened.id, walkToDone(client.clock.now()));
    expect(done.state).toBe('done');
    const handedOverAt = done.updatedAt as string;
    const followUps = async () =>
      queryRows<{ id: string; number: string; snapshot: any; state: string }>(
        api.database.db,
        sql`SELECT id, number, snapshot, state FROM cases WHERE process_type = 'follow-up' AND snapshot->'context'->>'workOrderId' = ${opened.id}`,
      );

    client.clock.set(new Date(Date.parse(handedOverAt) + 3 * DAY - MINUTE));
    await client.built.timers.runOnce();
    expect(await followUps()).toEqual([]);

    client.clock.set(new Date(Date.parse(handedOverAt) + 3 * DAY + 30_000));
    await client.built.timers.runOnce();
    await client.built.timers.runOnce();
    const [followUp, ...more] = await followUps();
    expect(more).toEqual([]);
    expect(followUp!.number).toMatch(/^FU-\d{6}$/);
    expect(followUp!.state).toBe('due');
    expect(followUp!.snapshot.context).toMatchObject({
      workOrderId: opened.id,
      workOrderNumber: opened.number,
      customer: opened.context.customer,
      vehicle: { plate: opened.context.vehicle.plate },
      handedOverAt,
    });
    const [created] = await journalOf(client, followUp!.id);
    expect(created).toMatchObject({ seq: 1, type: 'case.created', actor: SYSTEM, to: 'due' });

    // The next service was agreed for 2027-05-26: the reminder goes on the work order that morning.
    client.clock.set(new Date('2027-05-25T23:59:00.000Z'));
    await client.built.timers.runOnce();
    expect((await journalOf(client, opened.id)).at(-1)!.type).toBe('vehicle.handedOver');
    client.clock.set(new Date('2027-05-26T00:00:30.000Z'));
    await client.built.timers.runOnce();
    client.clock.set(new Date('2027-06-30T00:00:00.000Z'));
    await client.built.timers.runOnce();
    const journal = await journalOf(client, opened.id);
    expect(journal.slice(-2).map((e) => e.type)).toEqual(['vehicle.handedOver', 'service.due']);
    expect(journal.at(-1)).toMatchObject({ from: 'done', to: 'done', actor: SYSTEM, payload: { dueDate: '2027-05-26', dueOdometerKm: 47_000 } });
    expect(await viewOf(client, opened.id)).toMatchObject({ state: 'done', status: 'done', version: journal.length });
    expect(await followUps()).toHaveLength(1);
    expect((await verifyCases(api.database.db)).discrepancies).toEqual([]);
  });

  it('turns a dissatisfied follow-up answer into a complaint linked to the work order, opened by the system', async () => {
    const client = api.withClock(new Date('2026-12-04T09:00:00.000Z'));
    const opened = await openCase(client, 'work-order');
    const done = await walk(client, opened.id, walkToDone(client.clock.now()));
    client.clock.set(new Date(Date.parse(done.updatedAt) + 3 * DAY + MINUTE));
    await client.built.timers.runOnce();
    const [followUp] = await queryRows<{ id: string }>(
      api.database.db,
      sql`SELECT id FROM cases WHERE process_type = 'follow-up' AND snapshot->'context'->>'workOrderId' = ${opened.id}`,
    );

    const unanswered = await send(client, followUp!.id, 'advisor', { type: 'call.made', reached: false, notes: 'No answer.' });
    expect(unanswered.state).toBe('due');
    const called = await send(client, followUp!.id, 'advisor', { type: 'call.made', reached: true, satisfied: false, notes: 'The squeak came back on the second day.' });
    expect(called.state).toBe('called');

    const complaints = await client.call('GET', `/api/cases?type=complaint&q=${encodeURIComponent(opened.context.customer.name)}`, { token: client.staff.qa.token });
    const complaint = complaints.body.items.find((c: any) => c.context.workOrderId === opened.id);
    expect(complaint).toMatchObject({
      state: 'received',
      context: { channel: 'phone', statement: 'The squeak came back on the second day.', workOrderId: opened.id, customer: opened.context.customer },
    });
    expect((await journalOf(client, complaint.id))[0]).toMatchObject({ type: 'case.created', actor: SYSTEM });
    expect(await send(client, followUp!.id, 'advisor', { type: 'follow-up.closed' })).toMatchObject({ state: 'closed', status: 'done' });
  });

  it('refuses to let staff open a follow-up call by hand: the server opens it after a handover', async () => {
    const client = api.withClock();
    const opened = await openCase(client, 'work-order');
    const input = { workOrderId: opened.id, workOrderNumber: opened.number, customer: opened.context.customer, vehicle: { plate: 'x' }, handedOverAt: client.clock.now().toISOString() };
    const refused = await client.call('POST', '/api/cases', { token: client.staff.manager.token, body: { type: 'follow-up', input } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
  });

  it('fires each timer once when several workers over one database race for them', async () => {
    const start = new Date('2026-12-05T09:00:00.000Z');
    const workers = [api.withClock(start), api.withClock(start), api.withClock(start)];
    const cases = [];
    for (let i = 0; i < 12; i++) cases.push(await openCase(workers[i % 3]!, i % 2 ? 'complaint' : 'work-order'));
    for (const worker of workers) worker.clock.set(new Date('2026-12-08T09:00:00.000Z'));
    await Promise.all(workers.flatMap((worker) => [worker.built.timers.runOnce(), worker.built.timers.runOnce()]));
    for (const opened of cases) {
      const journal = await journalOf(workers[0]!, opened.id);
      expect(journal.map((e) => e.type), opened.number).toEqual(['case.created', 'case.overdue']);
    }
  });
});
