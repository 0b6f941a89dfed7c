import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/databases';
import {
  DAY,
  MINUTE,
  complaintInput,
  contractRoles,
  events,
  expectError,
  openCase,
  send,
  signature,
  startApi,
  walk,
  walkToDone,
  workOrderInput,
  type Api,
  type ApiClient,
} from './support/api';

const workOrderStates = [
  'greet',
  'inspect',
  'estimate',
  'sign',
  'repair.waitingParts',
  'repair.ready',
  'repair.inProgress',
  'repair.awaitingSupplement',
  'settle.reviewingRequests',
  'settle.awaitingInvoiceSignature',
  'settle.awaitingPayment',
  'handover',
  'done',
  'cancelled',
];
const complaintStates = ['received', 'investigated', 'corrected', 'answered', 'closed'];

interface CaseView {
  id: string;
  number: string;
  type: string;
  state: string;
  status: string;
  stuck: boolean;
  dueAt: string | null;
  stateEnteredAt: string;
  createdAt: string;
}

const BULK = 52;

/** The cases the list tests read; opened one minute apart. */
interface Seed {
  /** Every case id, newest first. */
  newestFirst: string[];
  zhang: CaseView;
  zhangComplaint: CaseView;
  atSign: CaseView;
  cancelled: CaseView;
  done: CaseView;
  closedComplaint: CaseView;
  answeredComplaint: CaseView;
  /** When the last case was opened. */
  seededAt: Date;
}

async function seedCases(client: ApiClient): Promise<Seed> {
  const ids: string[] = [];
  const open = async (type: 'work-order' | 'complaint', input: unknown) => {
    client.clock.advance(MINUTE);
    const view = await openCase(client, type, input);
    ids.unshift(view.id);
    return view;
  };
  const read = async (id: string) => (await client.call('GET', `/api/cases/${id}`, { token: client.staff.manager.token })).body as CaseView;

  for (let i = 1; i <= BULK; i++) {
    await open('work-order', workOrderInput({
      customer: { name: `Bulk Customer ${i}`, phone: `010 6000 ${String(i).padStart(4, '0')}` },
      vehicle: { plate: `京B·${String(i).padStart(5, '0')}`, odometerKm: 1000 * i },
    }));
  }
  const zhang = await open('work-order', workOrderInput());
  await walk(client, zhang.id, walkToDone(client.clock.now()).slice(0, 5));
  const atSign = await open('work-order', workOrderInput({ customer: { name: 'Li Lei', phone: '021 5555 0000' }, vehicle: { plate: '沪C·77777', odometerKm: 9_000 } }));
  await walk(client, atSign.id, walkToDone(client.clock.now()).slice(0, 3));
  const cancelled = await open('work-order', workOrderInput({ customer: { name: 'Wu Gang', phone: '0755 1234 5678' }, vehicle: { plate: '粤B·99_9%9', odometerKm: 1 } }));
  await send(client, cancelled.id, 'advisor', events.orderCancelled());
  const done = await open('work-order', workOrderInput({ customer: { name: 'Qian Yu', phone: '0571 8888 0000' }, vehicle: { plate: '浙A·55555', odometerKm: 77 } }));
  await walk(client, done.id, walkToDone(client.clock.now()));
  const zhangComplaint = await open('complaint', complaintInput({ customer: { name: 'ZHANG Xiaoming' }, workOrderId: zhang.id }));
  const closedComplaint = await open('complaint', complaintInput({ customer: { name: 'He Ping', phone: '028 1111 2222' } }));
  for (const event of [events.investigationRecorded(false), events.answerSent(), events.complaintClosed(true)]) {
    await send(client, closedComplaint.id, 'qa', event);
  }
  const answeredComplaint = await open('complaint', complaintInput({ customer: { name: 'Ma Lin', phone: '029 3333 4444' }, channel: 'letter' }));
  await send(client, answeredComplaint.id, 'qa', events.investigationRecorded(false));
  await send(client, answeredComplaint.id, 'qa', events.answerSent());

  return {
    newestFirst: ids,
    zhang: await read(zhang.id),
    zhangComplaint: await read(zhangComplaint.id),
    atSign: await read(atSign.id),
    cancelled: await read(cancelled.id),
    done: await read(done.id),
    closedComplaint: await read(closedComplaint.id),
    answeredComplaint: await read(answeredComplaint.id),
    seededAt: client.clock.now(),
  };
}

describe.each(backends)('reading cases, processes and the service on %s', (kind) => {
  let api: Api;
  let seed: Seed;

  beforeAll(async () => {
    api = await startApi(kind);
    seed = await seedCases(api.withClock());
  });

  afterAll(async () => {
    await api?.stop();
  });

  /** A reader whose clock stands `offset` after the last case was opened. */
  const reader = (offset = 0) => api.withClock(new Date(seed.seededAt.getTime() + offset));
  const list = async (client: ApiClient, query: string) => {
    const response = await client.call('GET', `/api/cases${query}`, { token: client.staff.cashier.token });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as { items: CaseView[]; nextCursor: string | null };
  };
  const idsOf = (page: { items: CaseView[] }) => page.items.map((c) => c.id);

  describe('GET /api/cases', () => {
    it('lists the newest cases first, 50 to a page by default', async () => {
      const page = await list(reader(), '');
      expect(page.items).toHaveLength(50);
      expect(typeof page.nextCursor).toBe('string');
      expect(idsOf(page)).toEqual(seed.newestFirst.slice(0, 50));
      const created = page.items.map((c) => Date.parse(c.createdAt));
      expect(created).toEqual([...created].sort((a, b) => b - a));
    });

    it('gives up to 200 a page, and refuses a limit above 200 or below 1', async () => {
      const client = reader();
      const all = await list(client, '?limit=200');
      expect(idsOf(all)).toEqual(seed.newestFirst);
      expect(all.nextCursor).toBeNull();
      expect(idsOf(await list(client, '?limit=3'))).toEqual(seed.newestFirst.slice(0, 3));

      for (const limit of ['201', '0', '-1', 'ten', '2.5']) {
        const response = await client.call('GET', `/api/cases?limit=${limit}`, { token: client.staff.cashier.token });
        expectError(response, 400, 'VALIDATION_FAILED');
        expect(response.body.error.details).toEqual([expect.objectContaining({ path: 'limit' })]);
      }
    });

    it('walks every case exactly once, in order, by following nextCursor', async () => {
      const client = reader();
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await list(client, `?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(7);
        seen.push(...idsOf(page));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 50);
      expect(seen).toEqual(seed.newestFirst);
      expect(new Set(seen).size).toBe(seen.length);
      expect(pages).toBe(Math.ceil(seed.newestFirst.length / 7));
    });

    it('pages through a filtered list without mixing in other cases', async () => {
      const client = reader();
      const expected = idsOf(await list(client, '?type=work-order&status=active&limit=200'));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list(client, `?type=work-order&status=active&limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        seen.push(...idsOf(page));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(expected);
      expect(seen).toHaveLength(BULK + 2);
    });

    it('refuses a cursor it did not give out', async () => {
      const client = reader();
      const forged = [
        'garbage',
        Buffer.from('not a cursor').toString('base64url'),
        Buffer.from(`${new Date().toISOString()}|not-a-uuid`).toString('base64url'),
        Buffer.from('yesterday|3f1c9a52-7d4e-4b8a-9c21-5e6f7a8b9c0d').toString('base64url'),
        'x'.repeat(300),
      ];
      for (const cursor of forged) {
        const response = await client.call('GET', `/api/cases?cursor=${encodeURIComponent(cursor)}`, { token: client.staff.cashier.token });
        expectError(response, 400, 'VALIDATION_FAILED');
      }
    });

    it('filters by process type', async () => {
      const client = reader();
      const complaints = await list(client, '?type=complaint');
      expect(idsOf(complaints)).toEqual([seed.answeredComplaint.id, seed.closedComplaint.id, seed.zhangComplaint.id]);
      const workOrders = await list(client, '?type=work-order&limit=200');
      expect(workOrders.items).toHaveLength(BULK + 4);
      expect(workOrders.items.every((c) => c.type === 'work-order')).toBe(true);
    });

    it('filters by full state path, or by step for every state under it', async () => {
      const client = reader();
      expect(idsOf(await list(client, '?state=repair.inProgress'))).toEqual([seed.zhang.id]);
      expect(idsOf(await list(client, '?state=repair'))).toEqual([seed.zhang.id]);
      expect(idsOf(await list(client, '?state=repair.ready'))).toEqual([]);
      expect(idsOf(await list(client, '?state=sign'))).toEqual([seed.atSign.id]);
      expect(idsOf(await list(client, '?state=answered&type=complaint'))).toEqual([seed.answeredComplaint.id]);
      const greet = await list(client, '?state=greet&limit=200');
      expect(greet.items).toHaveLength(BULK);
      expect(greet.items.every((c) => c.state === 'greet')).toBe(true);
    });

    it('filters by status', async () => {
      const client = reader();
      expect(idsOf(await list(client, '?status=done'))).toEqual([seed.closedComplaint.id, seed.done.id]);
      expect(idsOf(await list(client, '?status=cancelled'))).toEqual([seed.cancelled.id]);
      const active = await list(client, '?status=active&limit=200');
      expect(active.items).toHaveLength(seed.newestFirst.length - 3);
      expectError(await client.call('GET', '/api/cases?status=paused', { token: client.staff.cashier.token }), 400, 'VALIDATION_FAILED');
    });

    it('lists under stuck=true exactly the active cases past their dueAt, as the clock moves', async () => {
      for (const offset of [0, 3 * DAY, 10 * DAY]) {
        const client = reader(offset);
        const now = client.clock.now().getTime();
        const all = (await list(client, '?limit=200')).items;
        const expected = all.filter((c) => c.status === 'active' && c.dueAt !== null && Date.parse(c.dueAt) < now).map((c) => c.id);
        expect(all.filter((c) => c.stuck).map((c) => c.id)).toEqual(expected);

        const stuck = await list(client, '?stuck=true&limit=200');
        expect(idsOf(stuck)).toEqual(expected);
        expect(stuck.items.every((c) => c.stuck)).toBe(true);
      }
      // Opened just now: within its 2 days; 3 days later: stuck. The closed one never is.
      expect(idsOf(await list(reader(), '?stuck=true&type=complaint'))).not.toContain(seed.answeredComplaint.id);
      expect(idsOf(await list(reader(8 * DAY), '?stuck=true&type=complaint'))).toEqual([seed.answeredComplaint.id, seed.zhangComplaint.id]);
      // The repair is due at the promised time, a day after the estimate.
      expect(idsOf(await list(reader(), '?stuck=true&state=repair'))).toEqual([]);
      expect(idsOf(await list(reader(2 * DAY), '?stuck=true&state=repair'))).toEqual([seed.zhang.id]);
    });

    it('finds cases by a case-insensitive piece of number, plate, customer name or phone', async () => {
      const client = reader();
      const search = async (q: string) => idsOf(await list(client, `?limit=200&q=${encodeURIComponent(q)}`));

      expect(await search('粤A·12345')).toEqual([seed.zhang.id]);
      expect(await search('a·123')).toEqual([seed.zhang.id]);
      expect(await search('沪c·777')).toEqual([seed.atSign.id]);
      expect(await search(seed.atSign.number)).toEqual([seed.atSign.id]);
      expect(await search(seed.atSign.number.toLowerCase())).toEqual([seed.atSign.id]);
      expect(await search('cp-00000')).toEqual([seed.answeredComplaint.id, seed.closedComplaint.id, seed.zhangComplaint.id]);
      expect(await search('zhang XIAOMING')).toEqual([seed.zhangComplaint.id, seed.zhang.id]);
      expect(await search('+86 138 0013')).toEqual([seed.zhang.id]);
      expect(await search('5555 0000')).toEqual([seed.atSign.id]);
      expect(await search('bulk customer')).toHaveLength(BULK);
      expect(await search('nobody by this name')).toEqual([]);
    });

    it('matches % and _ in q literally', async () => {
      const client = reader();
      const search = async (q: string) => idsOf(await list(client, `?limit=200&q=${encodeURIComponent(q)}`));
      expect(await search('99_9%9')).toEqual([seed.cancelled.id]);
      expect(await search('%')).toEqual([seed.cancelled.id]);
      expect(await search('_9%')).toEqual([seed.cancelled.id]);
      expect(await search('b·0000_')).toEqual([]);
    });

    it('combines filters', async () => {
      const client = reader();
      expect(idsOf(await list(client, `?type=complaint&status=active&q=${encodeURIComponent('zhang')}`))).toEqual([seed.zhangComplaint.id]);
      expect(idsOf(await list(client, '?type=work-order&state=greet&q=bulk%20customer%2052'))).toHaveLength(1);
    });
  });

  describe('GET /api/cases/:id and its journal', () => {
    it('reads one case with its version as ETag, and its journal oldest first', async () => {
      const client = reader();
      const response = await client.call('GET', `/api/cases/${seed.zhang.id}`, { token: client.staff.qa.token });
      expect(response.status).toBe(200);
      expect(response.headers.get('ETag')).toBe('"6"');
      expect(response.body).toMatchObject({ id: seed.zhang.id, number: seed.zhang.number, state: 'repair.inProgress', step: 'repair', version: 6 });

      const journal = await client.call('GET', `/api/cases/${seed.zhang.id}/events`, { token: client.staff.qa.token });
      expect(journal.status).toBe(200);
      expect(journal.body.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(journal.body.map((e: { type: string }) => e.type)).toEqual([
        'case.created',
        'requests.confirmed',
        'inspection.recorded',
        'estimate.prepared',
        'estimate.approved',
        'repair.started',
      ]);
      for (const entry of journal.body) {
        expect(Object.keys(entry).sort()).toEqual(['actor', 'at', 'from', 'payload', 'seq', 'to', 'type']);
        expect(new Date(entry.at).toISOString()).toBe(entry.at);
      }
      expect(journal.body[4].payload).toEqual({ revision: 1, customerSignature: signature() });
    });
  });

  describe('GET /api/board', () => {
    it('shows every resting state of a process, empty ones too, with open, stuck and the oldest entry', async () => {
      const client = reader(30 * MINUTE);
      const now = client.clock.now().getTime();
      const board = await client.call('GET', '/api/board?type=work-order', { token: client.staff.technician.token });
      expect(board.status).toBe(200);
      expect(board.body.type).toBe('work-order');
      expect(board.body.states.map((s: { state: string }) => s.state)).toEqual(workOrderStates);

      const active = (await list(client, '?type=work-order&status=active&limit=200')).items;
      for (const row of board.body.states) {
        const here = active.filter((c) => c.state === row.state);
        const oldest = here.length ? new Date(Math.min(...here.map((c) => Date.parse(c.stateEnteredAt)))).toISOString() : null;
        expect(row, row.state).toMatchObject({
          open: here.length,
          stuck: here.filter((c) => c.dueAt !== null && Date.parse(c.dueAt) < now).length,
          oldestStateEnteredAt: oldest,
        });
        expect(typeof row.label.en).toBe('string');
        expect(typeof row.label.zh).toBe('string');
      }
      const byState = Object.fromEntries(board.body.states.map((s: { state: string }) => [s.state, s]));
      expect(byState.greet).toMatchObject({ open: BULK, stuck: BULK });
      expect(byState['repair.inProgress']).toMatchObject({ open: 1, stuck: 0 });
      expect(byState.inspect).toEqual(expect.objectContaining({ open: 0, stuck: 0, oldestStateEnteredAt: null }));
      expect(byState.done).toMatchObject({ open: 0, final: true });
      expect(byState.cancelled).toMatchObject({ open: 0, final: true });
    });

    it('shows the complaint board, every board without a type, and refuses an unknown process', async () => {
      const client = reader();
      const token = client.staff.qa.token;
      const complaints = await client.call('GET', '/api/board?type=complaint', { token });
      expect(complaints.body.states.map((s: { state: string; open: number }) => [s.state, s.open])).toEqual([
        ['received', 1],
        ['investigated', 0],
        ['corrected', 0],
        ['answered', 1],
        ['closed', 0],
      ]);
      const all = await client.call('GET', '/api/board', { token });
      expect(all.status).toBe(200);
      expect(all.body.map((b: { type: string }) => b.type)).toEqual(['work-order', 'complaint', 'device-sale', 'device-return', 'opinion-card', 'follow-up']);
      expectError(await client.call('GET', '/api/board?type=invoice', { token }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('health, processes and the OpenAPI document', () => {
    it('answers /health without a token, naming the database in use', async () => {
      const client = api.withClock();
      const response = await client.call('GET', '/health');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok', database: kind });
      const withBadToken = await client.call('GET', '/health', { headers: { Authorization: 'Bearer nope' } });
      expect(withBadToken.status).toBe(200);
    });

    it('describes each process: states with labels in English and Chinese, guidance, time limits, transitions and roles', async () => {
      const client = api.withClock();
      const token = client.staff.cashier.token;
      const all = await client.call('GET', '/api/processes', { token });
      expect(all.status).toBe(200);
      expect(all.body.map((p: { type: string }) => p.type)).toEqual(['work-order', 'complaint', 'device-sale', 'device-return', 'opinion-card', 'follow-up']);

      const workOrder = await client.call('GET', '/api/processes/work-order', { token });
      expect(workOrder.status).toBe(200);
      expect(workOrder.body).toEqual(all.body[0]);
      expect(workOrder.body).toMatchObject({ type: 'work-order', initial: 'greet' });
      const states = workOrder.body.states as Array<{
        path: string;
        label: { en: string; zh: string };
        guidance: { en: string; zh: string };
        timeLimitMinutes: number | null;
        transitions: Array<{ event: string; targets: string[]; roles: string[] }>;
      }>;
      expect(states.map((s) => s.path)).toEqual(workOrderStates);
      for (const state of states) {
        for (const text of [state.label.en, state.label.zh, state.guidance.en, state.guidance.zh]) {
          expect(typeof text, state.path).toBe('string');
          expect(text.length, state.path).toBeGreaterThan(0);
        }
        expect(state).toHaveProperty('timeLimitMinutes');
      }
      expect(Object.fromEntries(states.map((s) => [s.path, s.timeLimitMinutes]))).toEqual({
        greet: 15,
        inspect: 20,
        estimate: 30,
        sign: 60,
        'repair.waitingParts': null,
        'repair.ready': null,
        'repair.inProgress': null,
        'repair.awaitingSupplement': null,
        'settle.reviewingRequests': 30,
        'settle.awaitingInvoiceSignature': 30,
        'settle.awaitingPayment': 30,
        handover: 30,
        done: null,
        cancelled: null,
      });
      expect(states.find((s) => s.path === 'greet')!.label.zh).toBe('接待');

      const transitionsOf = (path: string) => states.find((s) => s.path === path)!.transitions;
      const targets = (path: string, event: string) => transitionsOf(path).filter((t) => t.event === event).flatMap((t) => t.targets).sort();
      expect(targets('greet', 'requests.confirmed')).toEqual(['inspect']);
      expect(targets('sign', 'estimate.approved')).toEqual(expect.arrayContaining(['repair.ready', 'repair.waitingParts']));
      expect(targets('sign', 'estimate.prepared')).toEqual(['sign']);
      expect(targets('repair.inProgress', 'repair.lineCompleted')).toEqual(['repair.inProgress']);
      expect(targets('repair.inProgress', 'repair.completed')).toEqual(['settle.reviewingRequests']);
      expect(targets('settle.awaitingPayment', 'payment.recorded')).toEqual(expect.arrayContaining(['handover', 'settle.awaitingPayment']));
      expect(targets('handover', 'vehicle.handedOver')).toEqual(['done']);
      const cancellable = states.filter((s) => s.transitions.some((t) => t.event === 'order.cancelled')).map((s) => s.path);
      expect(cancellable).toEqual(['greet', 'inspect', 'estimate', 'sign']);
      expect(transitionsOf('done')).toEqual([]);

      const complaint = await client.call('GET', '/api/processes/complaint', { token });
      expect(complaint.body.states.map((s: { path: string }) => s.path)).toEqual(complaintStates);
      const answered = complaint.body.states.find((s: { path: string }) => s.path === 'answered');
      expect(answered.transitions.map((t: { event: string; targets: string[] }) => [t.event, t.targets])).toEqual([
        ['complaint.closed', ['closed']],
        ['complaint.reopened', ['received']],
      ]);

      // Every event of the contract's tables, with exactly the roles the contract gives it.
      for (const [type, process] of [['work-order', workOrder.body], ['complaint', complaint.body]] as const) {
        const roles: Record<string, string[]> = {};
        for (const state of process.states) {
          for (const t of state.transitions) roles[t.event] = [...t.roles].sort();
        }
        const expected = Object.fromEntries(Object.entries(contractRoles[type]).map(([event, r]) => [event, [...r].sort()]));
        expect(roles, type).toEqual(expected);
      }
    });

    it('publishes an OpenAPI 3.1 document, without a token, with every path and every event of the contract', async () => {
      const client = api.withClock();
      const response = await client.call('GET', '/openapi.json');
      expect(response.status).toBe(200);
      const document = response.body;
      expect(document.openapi).toMatch(/^3\.1\./);
      expect(document.info.title).toBeTruthy();

      const operations: Record<string, string[]> = {
        '/health': ['get'],
        '/api/cases': ['get', 'post'],
        '/api/cases/{id}': ['get'],
        '/api/cases/{id}/events': ['get', 'post'],
        '/api/processes': ['get'],
        '/api/processes/{type}': ['get'],
        '/api/processes/{type}/diagram.svg': ['get'],
        '/api/board': ['get'],
      };
      for (const [path, methods] of Object.entries(operations)) {
        expect(document.paths[path], path).toBeDefined();
        expect(Object.keys(document.paths[path]).sort(), path).toEqual(expect.arrayContaining(methods));
        if (path.startsWith('/api/')) {
          for (const method of methods) expect(Object.keys(document.paths[path][method].responses), `${method} ${path}`).toContain('401');
        }
      }
      expect(Object.keys(document.paths['/api/cases/{id}/events'].post.responses).sort()).toEqual(
        expect.arrayContaining(['200', '400', '401', '403', '404', '409', '412', '413', '415']),
      );

      /** Every string a schema pins with `enum` or `const`, anywhere below it. */
      const pinned = (schema: unknown, found = new Set<string>()): Set<string> => {
        if (Array.isArray(schema)) schema.forEach((s) => pinned(s, found));
        else if (schema && typeof schema === 'object') {
          const { enum: values, const: constant } = schema as { enum?: unknown[]; const?: unknown };
          if (typeof constant === 'string') found.add(constant);
          values?.forEach((v) => typeof v === 'string' && found.add(v));
          Object.values(schema).forEach((s) => pinned(s, found));
        }
        return found;
      };
      const eventTypes = pinned(document.paths['/api/cases/{id}/events'].post.requestBody);
      for (const type of [...Object.keys(contractRoles['work-order']), ...Object.keys(contractRoles.complaint)]) {
        expect(eventTypes.has(type), type).toBe(true);
      }
      const creation = pinned(document.paths['/api/cases'].post.requestBody);
      expect(creation.has('work-order') && creation.has('complaint')).toBe(true);
    });

    it('answers 404 for a process it does not have', async () => {
      const client = api.withClock();
      expectError(await client.call('GET', '/api/processes/invoice', { token: client.staff.advisor.token }), 404, 'NOT_FOUND');
    });
  });
});
