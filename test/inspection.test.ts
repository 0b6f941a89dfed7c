/**
 * Live inspection (INSPECT_PORT, server/boot/inspection.ts): what a developer watching Stately's
 * inspector receives through the bridge, read here as its page reads it, from the bridge's
 * WebSocket. Cases appear as actors of their machines, each committed event with the state it
 * led to; a refused event shows nothing; no customer's name, phone or signature is sent.
 */
import { createServer, type AddressInfo } from 'node:net';
import { createWebSocketReceiver, type StatelyInspectionEvent } from '@statelyai/inspect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInspection, type Inspection } from '../server/boot/inspection';
import { events, startApi, workOrderInput, type Api } from './support/api';
import { backends } from './support/databases';

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

describe.each(backends)('live inspection of cases on %s', (kind) => {
  let api: Api;
  let inspection: Inspection;
  const received: StatelyInspectionEvent[] = [];

  beforeAll(async () => {
    const port = await freePort();
    inspection = await startInspection(port);
    api = await startApi(kind, undefined, { onTransition: inspection.observe });
    createWebSocketReceiver({ server: `ws://127.0.0.1:${port}` }).subscribe((event) => void received.push(event));
  });

  afterAll(async () => {
    inspection?.stop();
    await api?.stop();
  });

  const arrived = async (count: (events: StatelyInspectionEvent[]) => boolean) => {
    for (let waited = 0; !count(received) && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    return received;
  };

  it('shows each opened case as an actor of its machine, then each committed event and the state it led to, and nothing of a refused one', async () => {
    const { call, staff } = api;
    const opened = await call('POST', '/api/cases', { token: staff.advisor.token, body: { type: 'work-order', input: workOrderInput() } });
    const number: string = opened.body.number;
    const byCase = (type: string) => (list: StatelyInspectionEvent[]) => list.filter((event) => event.sessionId === number && event.type === type);

    const refused = await call('POST', `/api/cases/${opened.body.id}/events`, { token: staff.advisor.token, body: events.inspectionRecorded() });
    expect(refused.status).toBe(409);
    for (const event of [events.requestsConfirmed(), events.inspectionRecorded()]) {
      expect((await call('POST', `/api/cases/${opened.body.id}/events`, { token: staff.advisor.token, body: event })).status).toBe(200);
    }
    await arrived((list) => byCase('@xstate.snapshot')(list).length >= 2);

    const [actor, ...moreActors] = byCase('@xstate.actor')(received) as Array<StatelyInspectionEvent & { type: '@xstate.actor' }>;
    expect(moreActors).toEqual([]);
    expect(actor!.name).toBe('workOrder');
    expect(JSON.parse(actor!.definition!)).toMatchObject({ id: 'workOrder', initial: 'greet' });
    expect(actor!.snapshot).toMatchObject({ value: 'greet', status: 'active' });

    expect(byCase('@xstate.event')(received).map((event) => (event as { event: { type: string } }).event.type)).toEqual(['requests.confirmed', 'inspection.recorded']);
    expect(byCase('@xstate.snapshot')(received).map((event) => (event as { snapshot: { value: unknown } }).snapshot.value)).toEqual(['inspect', 'estimate']);

    const sent = JSON.stringify(received.filter((event) => event.sessionId === number));
    const { customer } = workOrderInput() as { customer: { name: string; phone: string } };
    expect(sent).not.toContain(customer.name);
    expect(sent).not.toContain(customer.phone);
    expect(sent).not.toContain('strokes');
    expect(sent).toContain('[left out]');
  });
});
