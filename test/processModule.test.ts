/**
 * A process is one module: two processes defined only in a test fixture, once registered, appear
 * in the API and its document, the board, the diagrams, search, the lists, the case pages with
 * their forms, and the demo; links between processes are checked and consequences opened by the
 * engine, generically; and they pass the conformance suite every process passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeConformance } from '../machines/conformance';
import { processes, registerProcess } from '../machines/index';
import { verifyCases } from '../server/read/verify';
import { seedDemoCases } from '../server/boot/demo';
import { loanCarProcess, loanDamageProcess } from './fixtures/loanCar';
import { backends } from './support/databases';
import { expectError, logIn, openCase, startApi, workOrderInput, type Api } from './support/api';

const unregister = [registerProcess(loanCarProcess), registerProcess(loanDamageProcess)];
afterAll(() => unregister.forEach((remove) => remove()));

describeConformance(loanCarProcess);
describeConformance(loanDamageProcess);

const loanInput = { customer: { name: 'Qian Yu', phone: '13700137000' }, car: '粤A·LOAN9' };

describe.each(backends)('a process defined only in a fixture, on %s', (kind) => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi(kind);
  });
  afterAll(() => api?.stop());

  const call = (method: string, path: string, role: 'advisor' | 'qa' | 'manager', body?: unknown) =>
    api.call(method, path, { token: api.staff[role].token, body });

  it('is listed with its states, time limits and roles, and documented in the OpenAPI document', async () => {
    const listed = await call('GET', '/api/processes', 'advisor');
    const loan = listed.body.find((p: { type: string }) => p.type === 'loan-car');
    expect(loan.states.map((s: { path: string }) => s.path)).toEqual(['requested', 'out', 'returned', 'cancelled']);
    expect(loan.states[1]).toMatchObject({ label: { en: 'Out with the customer', 'zh-Hans': '客户使用中', zh: '客戶使用中' }, timeLimitMinutes: 4320 });
    expect(loan.states[1].say).toHaveLength(2);
    expect(loan.states[0].transitions).toContainEqual(expect.objectContaining({ event: 'car.handedOut', roles: ['advisor', 'manager'] }));
    const document = JSON.stringify((await api.call('GET', '/openapi.json')).body);
    expect(document).toContain('car.handedOut');
    expect(document).toContain('loan-damage');
  });

  it('opens, numbers, finds and moves its cases; a damaged return opens a linked damage report as the system', async () => {
    const loan = await openCase(api, 'loan-car' as never, loanInput);
    expect(loan.number).toBe('LC-000001');
    const found = await call('GET', `/api/cases?q=${encodeURIComponent('loan9')}`, 'advisor');
    expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([loan.id]);

    expect((await call('POST', `/api/cases/${loan.id}/events`, 'advisor', { type: 'car.handedOut', odometerKm: 100 })).status).toBe(200);
    const refused = await call('POST', `/api/cases/${loan.id}/events`, 'advisor', { type: 'car.returned', odometerKm: 50 });
    expectError(refused, 409, 'TRANSITION_NOT_ALLOWED');
    expect(refused.body.error.details.reason).toBe('the odometer cannot read less than when the car went out');
    expectError(await call('POST', `/api/cases/${loan.id}/events`, 'qa', { type: 'car.returned', odometerKm: 150 }), 403, 'FORBIDDEN');

    const returned = await call('POST', `/api/cases/${loan.id}/events`, 'advisor', { type: 'car.returned', odometerKm: 150, damage: 'dented bumper' });
    expect(returned.body).toMatchObject({ state: 'returned', status: 'done' });
    const reports = await call('GET', '/api/cases?type=loan-damage', 'qa');
    expect(reports.body.items).toHaveLength(1);
    const report = reports.body.items[0];
    expect(report).toMatchObject({ number: 'LD-000001', state: 'reported', context: { loanId: loan.id, description: 'dented bumper' } });
    const journal = await call('GET', `/api/cases/${report.id}/events`, 'qa');
    expect(journal.body).toEqual([expect.objectContaining({ seq: 1, type: 'case.created', actor: { id: 'system', name: 'caseflow', role: 'system' } })]);
    // A return without damage opens nothing.
    const clean = await openCase(api, 'loan-car' as never, loanInput);
    await call('POST', `/api/cases/${clean.id}/events`, 'advisor', { type: 'car.handedOut', odometerKm: 1 });
    await call('POST', `/api/cases/${clean.id}/events`, 'advisor', { type: 'car.returned', odometerKm: 2 });
    expect((await call('GET', '/api/cases?type=loan-damage', 'qa')).body.items).toHaveLength(1);
    expect((await verifyCases(api.database.db)).discrepancies).toEqual([]);
  });

  it('checks its links generically: a loanId must name a courtesy-car case', async () => {
    const workOrder = await openCase(api, 'work-order', workOrderInput());
    for (const loanId of ['00000000-0000-4000-8000-000000000000', workOrder.id]) {
      const refused = await call('POST', '/api/cases', 'qa', { type: 'loan-damage', input: { loanId, description: 'x' } });
      expectError(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.error.details).toEqual([{ path: 'input.loanId', message: 'no such courtesy car' }]);
    }
    const bad = await call('POST', '/api/cases', 'advisor', { type: 'loan-car', input: { ...loanInput, workOrderId: '00000000-0000-4000-8000-000000000000' } });
    expectError(bad, 400, 'VALIDATION_FAILED');
    const linked = await call('POST', '/api/cases', 'advisor', { type: 'loan-car', input: { ...loanInput, workOrderId: workOrder.id } });
    expect(linked.status).toBe(201);
  });

  it('is on the board and drawn as a diagram with its counts', async () => {
    const board = await call('GET', '/api/board?type=loan-car', 'manager');
    expect(board.body.states.map((s: { state: string }) => s.state)).toEqual(['requested', 'out', 'returned', 'cancelled']);
    expect(board.body.states[0].open).toBeGreaterThanOrEqual(1);
    const svg = await call('GET', '/api/processes/loan-car/diagram.svg?lang=zh', 'manager');
    expect(svg.status).toBe(200);
    expect(svg.body).toContain('客戶使用中');
    const cookie = await logIn(api, api.staff.manager.token);
    const page = await (await api.app.request('/board?process=loan-car', { headers: { Cookie: cookie } })).text();
    expect(page).toContain('data-process="loan-car"');
  });

  it('has its list screen, and a case page with its record, guidance, phrases and the forms of its events', async () => {
    const loan = await openCase(api, 'loan-car' as never, { ...loanInput, car: '粤A·PAGE1' });
    await call('POST', `/api/cases/${loan.id}/events`, 'advisor', { type: 'car.handedOut', odometerKm: 10 });
    const cookie = await logIn(api, api.staff.advisor.token);
    const list = await (await api.app.request('/loans', { headers: { Cookie: cookie } })).text();
    expect(list).toContain('Cars out on loan');
    expect(list).toContain(loan.number);
    expect(list).toContain('粤A·PAGE1');
    expect(list).toContain('name="car"');
    expect(list).toContain('href="/loans"');
    const page = await (await api.app.request(`/cases/${loan.id}`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('Courtesy car');
    expect(page).toContain('Wait for the car to come back.');
    expect(page).toContain('Drive safely!');
    expect(page).toContain('Call us any time.');
    expect(page).toContain('data-event="car.returned"');
    expect(page).toContain('name="odometerKm"');
    expect(page).toContain('Car handed out');
  });

  it('has a further list, of the cars out only, where technicians land and which only they see in their navigation', async () => {
    const waiting = await openCase(api, 'loan-car' as never, { ...loanInput, car: '粤A·WAIT1' });
    const out = await openCase(api, 'loan-car' as never, { ...loanInput, car: '粤A·OUT01' });
    await call('POST', `/api/cases/${out.id}/events`, 'advisor', { type: 'car.handedOut', odometerKm: 10 });
    const technician = await logIn(api, api.staff.technician.token);
    // Technicians land on the first list made for them (the work order's jobs, registered first) and see this one beside it.
    const home = await api.app.request('/', { headers: { Cookie: technician } });
    expect(home.headers.get('Location')).toBe('/jobs');
    const list = await (await api.app.request('/loans-out', { headers: { Cookie: technician } })).text();
    expect(list).toContain('href="/loans-out"');
    expect(list).toContain('Cars out now');
    expect(list).toContain(out.number);
    expect(list).not.toContain(waiting.number);
    const advisor = await logIn(api, api.staff.advisor.token);
    const desk = await (await api.app.request('/loans', { headers: { Cookie: advisor } })).text();
    expect(desk).toContain(waiting.number);
    expect(desk).not.toContain('href="/loans-out"');
  });

  it('seeds its demo cases on a first start, consequences included', async () => {
    const fresh = await startApi(kind);
    try {
      const staff = Object.values(fresh.staff);
      const made = await seedDemoCases(fresh.database.db, staff);
      expect(made).toBe(processes.reduce((n, p) => n + p.demo(new Date()).length, 0));
      const loans = await fresh.call('GET', '/api/cases?type=loan-car', { token: fresh.staff.manager.token });
      expect(loans.body.items).toHaveLength(3);
      const damage = await fresh.call('GET', '/api/cases?type=loan-damage', { token: fresh.staff.manager.token });
      expect(damage.body.items).toHaveLength(1);
    } finally {
      await fresh.stop();
    }
  });
});
