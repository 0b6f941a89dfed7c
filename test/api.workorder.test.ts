import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/databases';
import {
  DAY,
  HOUR,
  MINUTE,
  complaintInput,
  estimateLineAmounts,
  estimateLines,
  estimateTotal,
  events,
  expectError,
  footprint,
  openCase,
  send,
  startApi,
  walkToDone,
  workOrderAtSign,
  workOrderInProgress,
  workOrderInput,
  type Api,
} from './support/api';

describe.each(backends)('work orders and complaints over HTTP on %s', (kind) => {
  let api: Api;

  beforeAll(async () => {
    api = await startApi(kind);
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('walks a work order from greet to done, each step by its role, with the view, ETag and journal kept in step', async () => {
    const client = api.withClock();
    const { staff, call, clock } = client;
    const opened = await call('POST', '/api/cases', { token: staff.advisor.token, body: { type: 'work-order', input: workOrderInput() } });

    expect(opened.status).toBe(201);
    expect(opened.headers.get('ETag')).toBe('"1"');
    expect(opened.headers.get('Location')).toBe(`/api/cases/${opened.body.id}`);
    expect(opened.body).toMatchObject({
      type: 'work-order',
      definitionVersion: 2,
      state: 'greet',
      step: 'greet',
      status: 'active',
      version: 1,
      stuck: false,
      createdAt: clock.now().toISOString(),
      updatedAt: clock.now().toISOString(),
      stateEnteredAt: clock.now().toISOString(),
    });
    expect(Object.keys(opened.body).sort()).toEqual(
      ['allowedEvents', 'context', 'createdAt', 'definitionVersion', 'dueAt', 'id', 'number', 'state', 'stateEnteredAt', 'status', 'step', 'stuck', 'type', 'updatedAt', 'version'],
    );
    expect(opened.body.number).toMatch(/^WO-\d{6}$/);
    expect(opened.body.allowedEvents.sort()).toEqual(['order.cancelled', 'requests.confirmed']);
    expect(opened.body.context.customer).toEqual(workOrderInput().customer);
    const id: string = opened.body.id;

    const steps = walkToDone(clock.now());
    const expectedAllowed: Record<string, string[]> = {
      inspect: ['inspection.recorded', 'order.cancelled'],
      estimate: ['estimate.prepared', 'order.cancelled'],
      sign: ['estimate.approved', 'estimate.declined', 'estimate.prepared', 'order.cancelled'],
      'repair.ready': ['repair.started'],
      'repair.inProgress': ['repair.additionalWorkFound', 'repair.completed', 'repair.lineCompleted'],
      'settle.reviewingRequests': ['settlement.requestsReviewed'],
      'settle.awaitingInvoiceSignature': ['invoice.signed'],
      'settle.awaitingPayment': ['payment.recorded'],
      handover: ['vehicle.handedOver'],
      done: [],
    };
    for (const [index, step] of steps.entries()) {
      clock.advance(MINUTE);
      const response = await call('POST', `/api/cases/${id}/events`, { token: staff[step.role].token, body: step.event });
      const label = `${step.event.type} by ${step.role}`;
      expect(response.status, `${label}: ${JSON.stringify(response.body)}`).toBe(200);
      const version = index + 2;
      expect(response.headers.get('ETag'), label).toBe(`"${version}"`);
      expect(response.body, label).toMatchObject({
        id,
        state: step.state,
        step: step.state.split('.')[0],
        status: step.state === 'done' ? 'done' : 'active',
        version,
        updatedAt: clock.now().toISOString(),
      });
      expect([...response.body.allowedEvents].sort(), label).toEqual(expectedAllowed[step.state]);

      const read = await call('GET', `/api/cases/${id}`, { token: staff.cashier.token });
      expect(read.status).toBe(200);
      expect(read.headers.get('ETag'), label).toBe(`"${version}"`);
      expect(read.body, label).toEqual(response.body);

      if (step.event.type === 'estimate.prepared') {
        const estimate = response.body.context.estimate;
        expect(estimate.revision).toBe(1);
        expect(estimate.lines.map((l: { amountMinor: number }) => l.amountMinor)).toEqual(estimateLineAmounts);
        expect(estimate.lines.map((l: { id: string }) => l.id)).toEqual(['L1', 'L2', 'L3']);
        expect(estimate.totalMinor).toBe(estimateTotal);
        expect(estimate.currency).toBe('CNY');
        expect(estimate.promisedAt).toBe(step.event.promisedAt);
      }
      if (step.state === 'settle.reviewingRequests') {
        expect(response.body.context.billing).toEqual({ totalMinor: estimateTotal, paidMinor: 0, owedMinor: estimateTotal });
      }
      if (step.event.type === 'payment.recorded' && step.state === 'settle.awaitingPayment') {
        expect(response.body.context.billing).toEqual({ totalMinor: estimateTotal, paidMinor: 50_000, owedMinor: estimateTotal - 50_000 });
      }
      if (step.state === 'handover') {
        expect(response.body.context.billing).toEqual({ totalMinor: estimateTotal, paidMinor: estimateTotal, owedMinor: 0 });
        expect(response.body.context.payments.map((p: { amountMinor: number; method: string }) => [p.amountMinor, p.method])).toEqual([
          [50_000, 'card'],
          [estimateTotal - 50_000, 'cash'],
        ]);
      }
    }
    const done = await call('GET', `/api/cases/${id}`, { token: staff.advisor.token });
    expect(done.body).toMatchObject({ status: 'done', state: 'done', allowedEvents: [], dueAt: null, stuck: false });

    const journal = await call('GET', `/api/cases/${id}/events`, { token: staff.qa.token });
    expect(journal.status).toBe(200);
    expect(journal.body).toHaveLength(steps.length + 1);
    expect(journal.body[0]).toMatchObject({
      seq: 1,
      type: 'case.created',
      from: null,
      to: 'greet',
      actor: { id: staff.advisor.id, name: staff.advisor.name, role: 'advisor' },
      payload: workOrderInput(),
    });
    const states = ['greet', ...steps.map((s) => s.state)];
    steps.forEach((step, index) => {
      const entry = journal.body[index + 1];
      expect(entry, step.event.type).toMatchObject({
        seq: index + 2,
        type: step.event.type,
        from: states[index],
        to: states[index + 1],
        actor: { id: staff[step.role].id, name: staff[step.role].name, role: step.role },
      });
    });
    const times = journal.body.map((e: { at: string }) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('numbers each revision of the estimate, keeps given line ids, and needs the current revision signed', async () => {
    const client = api.withClock();
    const atSign = await workOrderAtSign(client);
    expect(atSign.context.estimate.revision).toBe(1);

    const lines = [
      { id: 'brake-job', kind: 'labour' as const, description: 'Replace pads and discs', quantity: 2.25, unitPriceMinor: 12_001, labourHours: 2.25 },
      { kind: 'part' as const, description: 'Brake discs (pair)', quantity: 1, unitPriceMinor: 80_000, inStock: true },
    ];
    const revised = await send(client, atSign.id, 'advisor', events.estimatePrepared(new Date(client.clock.now().getTime() + DAY), lines));
    expect(revised.state).toBe('sign');
    expect(revised.context.estimate.revision).toBe(2);
    // 2.25 × 120.01 = 270.0225 → 270.02
    expect(revised.context.estimate.lines.map((l: { id: string; amountMinor: number }) => [l.id, l.amountMinor])).toEqual([
      ['brake-job', 27_002],
      ['L1', 80_000],
    ]);
    expect(revised.context.estimate.totalMinor).toBe(107_002);

    const before = await footprint(client, atSign.id);
    const stale = await client.call('POST', `/api/cases/${atSign.id}/events`, { token: client.staff.advisor.token, body: events.estimateApproved(1) });
    expectError(stale, 409, 'TRANSITION_NOT_ALLOWED');
    expect(stale.body.error.details.reason).toMatch(/revision 2/);
    expect(await footprint(client, atSign.id)).toEqual(before);

    const approved = await send(client, atSign.id, 'advisor', events.estimateApproved(2));
    expect(approved.state).toBe('repair.ready');
  });

  it('holds the car in repair.waitingParts until every missing approved part has arrived', async () => {
    const client = api.withClock();
    const lines = estimateLines().map((line) => (line.kind === 'labour' ? line : { ...line, inStock: false }));
    const atSign = await workOrderAtSign(client, lines);

    const approved = await send(client, atSign.id, 'advisor', events.estimateApproved(1));
    expect(approved).toMatchObject({ state: 'repair.waitingParts', allowedEvents: ['parts.received'] });
    const partly = await send(client, atSign.id, 'technician', events.partsReceived(['L2']));
    expect(partly.state).toBe('repair.waitingParts');
    const all = await send(client, atSign.id, 'advisor', events.partsReceived(['L3']));
    expect(all.state).toBe('repair.ready');
  });

  it('bills only the approved lines when the customer declines the additional work', async () => {
    const client = api.withClock();
    const inProgress = await workOrderInProgress(client);
    const found = await send(client, inProgress.id, 'technician', events.additionalWorkFound([
      { kind: 'part', description: 'Brake disc', quantity: 2, unitPriceMinor: 40_000, inStock: true },
    ]));
    expect(found.state).toBe('repair.awaitingSupplement');
    expect(found.context.estimate.revision).toBe(2);
    expect(found.context.estimate.totalMinor).toBe(estimateTotal + 80_000);

    const declined = await send(client, inProgress.id, 'advisor', events.supplementDeclined());
    expect(declined.state).toBe('repair.inProgress');
    expect(declined.context.estimate.revision).toBe(2);
    expect(declined.context.estimate.totalMinor).toBe(estimateTotal);
    for (const lineId of ['L1', 'L2', 'L3']) await send(client, inProgress.id, 'technician', events.lineCompleted(lineId));
    const settling = await send(client, inProgress.id, 'technician', events.repairCompleted());
    expect(settling.context.billing).toEqual({ totalMinor: estimateTotal, paidMinor: 0, owedMinor: estimateTotal });
  });

  it('waits for a missing part of approved additional work, then goes back to the work in progress', async () => {
    const client = api.withClock();
    const inProgress = await workOrderInProgress(client);
    const found = await send(client, inProgress.id, 'technician', events.additionalWorkFound([
      { kind: 'labour', description: 'Replace brake discs', quantity: 1, unitPriceMinor: 15_000, labourHours: 1 },
      { kind: 'part', description: 'Brake discs (pair)', quantity: 1, unitPriceMinor: 80_000, inStock: false },
    ]));
    expect(found.context.estimate.lines.map((l: { id: string }) => l.id)).toEqual(['L1', 'L2', 'L3', 'L4', 'L5']);

    // None of the new lines may be worked before the customer signs the new revision.
    const before = await footprint(client, inProgress.id);
    const early = await client.call('POST', `/api/cases/${inProgress.id}/events`, { token: client.staff.technician.token, body: events.lineCompleted('L4') });
    expectError(early, 409, 'TRANSITION_NOT_ALLOWED');
    expect(early.body.error.details).toMatchObject({ state: 'repair.awaitingSupplement', allowedEvents: ['supplement.approved', 'supplement.declined'] });
    expect(await footprint(client, inProgress.id)).toEqual(before);

    const approved = await send(client, inProgress.id, 'advisor', events.supplementApproved(2));
    expect(approved).toMatchObject({ state: 'repair.waitingParts', allowedEvents: ['parts.received'] });
    expect(approved.context.estimate.totalMinor).toBe(estimateTotal + 95_000);
    const back = await send(client, inProgress.id, 'technician', events.partsReceived(['L5']));
    expect(back.state).toBe('repair.inProgress');
    expect((await send(client, inProgress.id, 'technician', events.lineCompleted('L4'))).state).toBe('repair.inProgress');
  });

  it('refuses work on a declined line of additional work', async () => {
    const client = api.withClock();
    const inProgress = await workOrderInProgress(client);
    await send(client, inProgress.id, 'technician', events.additionalWorkFound([
      { id: 'disc', kind: 'labour', description: 'Replace brake discs', quantity: 1, unitPriceMinor: 15_000, labourHours: 1 },
    ]));
    await send(client, inProgress.id, 'advisor', events.supplementDeclined());
    const before = await footprint(client, inProgress.id);
    const refused = await client.call('POST', `/api/cases/${inProgress.id}/events`, { token: client.staff.technician.token, body: events.lineCompleted('disc') });
    expectError(refused, 409, 'TRANSITION_NOT_ALLOWED');
    expect(refused.body.error.details.reason).toMatch(/disc/);
    expect(await footprint(client, inProgress.id)).toEqual(before);
  });

  it('sends a declined estimate through settle straight to handover once the invoice is signed, nothing being owed', async () => {
    const client = api.withClock();
    const atSign = await workOrderAtSign(client);
    const settling = await send(client, atSign.id, 'advisor', events.estimateDeclined());
    expect(settling.state).toBe('settle.reviewingRequests');
    expect(settling.context.billing).toEqual({ totalMinor: 0, paidMinor: 0, owedMinor: 0 });

    const before = await footprint(client, atSign.id);
    const unexplained = await client.call('POST', `/api/cases/${atSign.id}/events`, {
      token: client.staff.advisor.token,
      body: { ...events.requestsReviewed(), resolutions: [{ request: 0, resolved: false }, { request: 1, resolved: true }] },
    });
    expectError(unexplained, 409, 'TRANSITION_NOT_ALLOWED');
    expect(unexplained.body.error.details.reason).toMatch(/note/);
    expect(await footprint(client, atSign.id)).toEqual(before);

    await send(client, atSign.id, 'advisor', {
      ...events.requestsReviewed(),
      resolutions: [{ request: 0, resolved: false, note: 'Estimate declined' }, { request: 1, resolved: false, note: 'Estimate declined' }],
    });
    const signed = await send(client, atSign.id, 'advisor', events.invoiceSigned());
    expect(signed.state).toBe('handover');
    expect((await send(client, atSign.id, 'manager', events.vehicleHandedOver())).status).toBe('done');
  });

  it('refuses a payment over what is owed, naming the amount still owed', async () => {
    const client = api.withClock();
    const inProgress = await workOrderInProgress(client);
    for (const lineId of ['L1', 'L2', 'L3']) await send(client, inProgress.id, 'technician', events.lineCompleted(lineId));
    await send(client, inProgress.id, 'technician', events.repairCompleted());
    await send(client, inProgress.id, 'advisor', events.requestsReviewed());
    await send(client, inProgress.id, 'advisor', events.invoiceSigned());

    const before = await footprint(client, inProgress.id);
    const over = await client.call('POST', `/api/cases/${inProgress.id}/events`, {
      token: client.staff.cashier.token,
      body: events.paymentRecorded(estimateTotal + 1),
    });
    expectError(over, 409, 'TRANSITION_NOT_ALLOWED');
    expect(over.body.error.details.reason).toContain(String(estimateTotal));
    expect(await footprint(client, inProgress.id)).toEqual(before);
  });

  it('walks a complaint to closed, and only a manager closes it over the customer\'s dissatisfaction', async () => {
    const client = api.withClock();
    const { staff, call } = client;
    // Any member of staff takes down a complaint.
    const complaint = await openCase(client, 'complaint', complaintInput(), 'cashier');
    expect(complaint).toMatchObject({ type: 'complaint', state: 'received', step: 'received', status: 'active', version: 1 });
    expect(complaint.number).toMatch(/^CP-\d{6}$/);
    expect(complaint.allowedEvents).toEqual(['investigation.recorded']);

    const investigated = await send(client, complaint.id, 'qa', events.investigationRecorded(true));
    expect(investigated.state).toBe('investigated');
    expect([...investigated.allowedEvents].sort()).toEqual(['answer.sent', 'correction.recorded']);
    expect((await send(client, complaint.id, 'qa', events.correctionRecorded())).state).toBe('corrected');
    const answered = await send(client, complaint.id, 'qa', events.answerSent());
    expect(answered.state).toBe('answered');
    expect([...answered.allowedEvents].sort()).toEqual(['complaint.closed', 'complaint.reopened']);

    const before = await footprint(client, complaint.id);
    const byQa = await call('POST', `/api/cases/${complaint.id}/events`, { token: staff.qa.token, body: events.complaintClosed(false) });
    expectError(byQa, 409, 'TRANSITION_NOT_ALLOWED');
    expect(byQa.body.error.details).toMatchObject({ state: 'answered', event: 'complaint.closed' });
    expect(byQa.body.error.details.reason).toMatch(/manager/);
    expect(await footprint(client, complaint.id)).toEqual(before);

    const byManager = await send(client, complaint.id, 'manager', events.complaintClosed(false));
    expect(byManager).toMatchObject({ state: 'closed', status: 'done', allowedEvents: [], dueAt: null, version: 5 });
    expect(byManager.context.closure).toMatchObject({ satisfied: false, closedOverDissatisfactionBy: { id: staff.manager.id, role: 'manager' } });

    const journal = await call('GET', `/api/cases/${complaint.id}/events`, { token: staff.qa.token });
    expect(journal.body.map((e: { type: string; from: string | null; to: string }) => [e.type, e.from, e.to])).toEqual([
      ['case.created', null, 'received'],
      ['investigation.recorded', 'received', 'investigated'],
      ['correction.recorded', 'investigated', 'corrected'],
      ['answer.sent', 'corrected', 'answered'],
      ['complaint.closed', 'answered', 'closed'],
    ]);
    expect(journal.body[0].actor.role).toBe('cashier');
  });

  it('closes a complaint the customer is satisfied with when qa closes it', async () => {
    const client = api.withClock();
    const complaint = await openCase(client, 'complaint');
    await send(client, complaint.id, 'qa', events.investigationRecorded(false));
    await send(client, complaint.id, 'qa', events.answerSent());
    const closed = await send(client, complaint.id, 'qa', events.complaintClosed(true));
    expect(closed).toMatchObject({ state: 'closed', status: 'done' });
  });

  it('reopens an answered complaint into a new round, keeping the earlier round in its history', async () => {
    const client = api.withClock();
    const complaint = await openCase(client, 'complaint');
    await send(client, complaint.id, 'qa', events.investigationRecorded(false));
    client.clock.advance(HOUR);
    const answered = await send(client, complaint.id, 'manager', events.answerSent());
    expect(answered.state).toBe('answered');

    client.clock.advance(HOUR);
    const reopened = await send(client, complaint.id, 'qa', events.complaintReopened());
    expect(reopened).toMatchObject({ state: 'received', status: 'active', version: 4, stateEnteredAt: client.clock.now().toISOString() });
    expect(reopened.context.history).toHaveLength(1);
    expect(reopened.context.history[0].investigation.substantiated).toBe(false);
    expect(reopened.context.history[0].reopened.reason).toBe(events.complaintReopened().reason);
    expect(reopened.context.round).toEqual({ investigation: null, correction: null, answer: null, reopened: null });

    const investigatedAgain = await send(client, complaint.id, 'qa', events.investigationRecorded(true));
    expect(investigatedAgain.state).toBe('investigated');
  });

  it('links a complaint to a work order, and refuses a workOrderId that names no work order', async () => {
    const client = api.withClock();
    const workOrder = await openCase(client, 'work-order');
    const linked = await openCase(client, 'complaint', complaintInput({ workOrderId: workOrder.id }), 'technician');
    expect(linked.context.workOrderId).toBe(workOrder.id);

    const countBefore = (await client.call('GET', '/api/cases?limit=200', { token: client.staff.manager.token })).body.items.length;
    for (const workOrderId of ['00000000-0000-4000-8000-000000000000', linked.id]) {
      const refused = await client.call('POST', '/api/cases', {
        token: client.staff.advisor.token,
        body: { type: 'complaint', input: complaintInput({ workOrderId }) },
      });
      expectError(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'input.workOrderId' })]);
    }
    const countAfter = (await client.call('GET', '/api/cases?limit=200', { token: client.staff.manager.token })).body.items.length;
    expect(countAfter).toBe(countBefore);
  });

  it('keeps stateEnteredAt while the state stays, and dates dueAt from it (in repair: the promised time)', async () => {
    const client = api.withClock();
    const opened = await openCase(client, 'work-order');
    expect(opened.dueAt).toBe(new Date(Date.parse(opened.stateEnteredAt) + 15 * MINUTE).toISOString());

    client.clock.advance(5 * MINUTE);
    const inspect = await send(client, opened.id, 'advisor', events.requestsConfirmed());
    expect(inspect.stateEnteredAt).toBe(client.clock.now().toISOString());
    expect(inspect.dueAt).toBe(new Date(client.clock.now().getTime() + 20 * MINUTE).toISOString());

    client.clock.advance(5 * MINUTE);
    const estimate = await send(client, opened.id, 'advisor', events.inspectionRecorded());
    expect(estimate.dueAt).toBe(new Date(client.clock.now().getTime() + 30 * MINUTE).toISOString());

    client.clock.advance(5 * MINUTE);
    const promisedAt = new Date(client.clock.now().getTime() + 6 * HOUR);
    const sign = await send(client, opened.id, 'advisor', events.estimatePrepared(promisedAt));
    const signEnteredAt = client.clock.now().toISOString();
    expect(sign.dueAt).toBe(new Date(client.clock.now().getTime() + 60 * MINUTE).toISOString());

    // A new revision keeps the case in sign: the clock of the state does not restart.
    client.clock.advance(10 * MINUTE);
    const revised = await send(client, opened.id, 'advisor', events.estimatePrepared(promisedAt));
    expect(revised).toMatchObject({ state: 'sign', stateEnteredAt: signEnteredAt, dueAt: sign.dueAt });

    client.clock.advance(MINUTE);
    const ready = await send(client, opened.id, 'advisor', events.estimateApproved(2));
    expect(ready).toMatchObject({ state: 'repair.ready', stateEnteredAt: client.clock.now().toISOString(), dueAt: promisedAt.toISOString() });

    client.clock.advance(MINUTE);
    const started = await send(client, opened.id, 'technician', events.repairStarted());
    const startedAt = client.clock.now().toISOString();
    expect(started).toMatchObject({ state: 'repair.inProgress', stateEnteredAt: startedAt, dueAt: promisedAt.toISOString() });

    client.clock.advance(20 * MINUTE);
    const lineDone = await send(client, opened.id, 'technician', events.lineCompleted('L1'));
    expect(lineDone).toMatchObject({ state: 'repair.inProgress', stateEnteredAt: startedAt, dueAt: promisedAt.toISOString() });
    expect(lineDone.updatedAt).toBe(client.clock.now().toISOString());
    expect(lineDone.version).toBe(started.version + 1);

    const journal = await client.call('GET', `/api/cases/${opened.id}/events`, { token: client.staff.advisor.token });
    expect(journal.body.at(-1)).toMatchObject({ type: 'repair.lineCompleted', from: 'repair.inProgress', to: 'repair.inProgress' });
  });

  it('shows a case as stuck once the clock passes its dueAt, and lists it under stuck=true', async () => {
    const client = api.withClock(new Date('2026-12-01T08:00:00.000Z'));
    const token = client.staff.manager.token;
    const opened = await openCase(client, 'work-order', workOrderInput({ customer: { name: 'Stuck Customer', phone: '020 1234 5678' } }));
    const dueAt = Date.parse(opened.dueAt);
    const stuckIds = async () => {
      const page = await client.call('GET', '/api/cases?stuck=true&limit=200', { token });
      expect(page.status).toBe(200);
      return page.body.items.map((c: { id: string }) => c.id);
    };

    client.clock.set(new Date(dueAt));
    expect((await client.call('GET', `/api/cases/${opened.id}`, { token })).body.stuck).toBe(false);
    expect(await stuckIds()).not.toContain(opened.id);

    client.clock.set(new Date(dueAt + 1));
    const late = await client.call('GET', `/api/cases/${opened.id}`, { token });
    expect(late.body).toMatchObject({ stuck: true, version: 1 });
    expect(await stuckIds()).toContain(opened.id);

    // Moving on restarts the state's clock: no longer stuck.
    const moved = await send(client, opened.id, 'advisor', events.requestsConfirmed());
    expect(moved.stuck).toBe(false);
    expect(await stuckIds()).not.toContain(opened.id);
  });

  it('does not count a finished case as stuck, however late', async () => {
    const client = api.withClock();
    const opened = await openCase(client, 'work-order');
    await send(client, opened.id, 'manager', events.orderCancelled());
    client.clock.advance(30 * DAY);
    const read = await client.call('GET', `/api/cases/${opened.id}`, { token: client.staff.advisor.token });
    expect(read.body).toMatchObject({ status: 'cancelled', state: 'cancelled', stuck: false, dueAt: null });
  });
});

describe.each(backends)('case numbers on %s', (kind) => {
  let api: Api;

  beforeAll(async () => {
    api = await startApi(kind);
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('numbers cases per process, gap-free, even after refused creations', async () => {
    const client = api.withClock();
    const token = client.staff.advisor.token;
    const first = await openCase(client, 'work-order');
    expect(first.number).toBe('WO-000001');

    const refusedInput = await client.call('POST', '/api/cases', { token, body: { type: 'work-order', input: workOrderInput({ requests: [] }) } });
    expectError(refusedInput, 400, 'VALIDATION_FAILED');
    const refusedLink = await client.call('POST', '/api/cases', {
      token,
      body: { type: 'complaint', input: complaintInput({ workOrderId: '00000000-0000-4000-8000-000000000000' }) },
    });
    expectError(refusedLink, 400, 'VALIDATION_FAILED');

    const complaint = await openCase(client, 'complaint');
    expect(complaint.number).toBe('CP-000001');
    const second = await openCase(client, 'work-order', undefined, 'qa');
    expect(second.number).toBe('WO-000002');
  });
});
