/**
 * The screens without a browser, on both databases: sessions and CSRF, forms that do what the API
 * would (and refuse what it would refuse), the board's stuck list and colours, the diagram over
 * HTTP, and the demo cases. The browser walks are in browser.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/index';
import { describeProcess } from '../machines/describe';
import { processes } from '../machines/index';
import { createBoard } from '../server/read/board';
import { diagramLayout, drawDiagram, wrap } from '../server/read/diagram';
import { seedDemoCases } from '../server/boot/demo';
import { createQueries } from '../server/read/queries';
import { seedDemoStaff } from '../server/core/staff';
import {
  DAY,
  events,
  footprint,
  MINUTE,
  openCase,
  send,
  signature,
  startApi,
  walk,
  walkToDone,
  workOrderInput,
  T0,
  workOrderAtSign,
  type Api,
  type ApiClient,
} from './support/api';
import { backends, createTestDatabase } from './support/databases';
import { cookieOf, cookieValue, csrfIn, form, logIn } from './support/pages';
import { TEST_WEBHOOK_SECRET } from './support/receiver';
import { killAll, startServer } from './support/servers';

type App = ApiClient['app'];

/** Posts a form as a logged-in member. */
function post(app: App, session: { cookie: string }, path: string, fields: Record<string, string>) {
  const request = form(fields);
  return app.request(path, { ...request, headers: { ...request.headers, Cookie: session.cookie } });
}

describe('the state diagram', () => {
  it.each(processes.map((p) => p.type))('lays out every resting state of %s without overlaps, draws each transition once, and is computed once', async (type) => {
    const info = describeProcess(processes.find((p) => p.type === type)!);
    const layout = (await diagramLayout(type))!;
    expect(diagramLayout(type)).toBe(diagramLayout(type));
    const boxes = info.states.map((s) => layout.nodes.get(s.path)!);
    expect(boxes.every(Boolean)).toBe(true);
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart).toBe(true);
      }
    }
    const pairs = new Set(info.states.flatMap((s) => s.transitions.flatMap((t) => t.targets.filter((to) => to !== s.path).map((to) => `${s.path}>${to}`))));
    expect(new Set(layout.edges.filter((e) => e.events.length > 0).map((e) => `${e.source}>${e.target}`))).toEqual(pairs);
    expect(layout.edges.every((e) => e.points.length >= 2)).toBe(true);

    const svg = drawDiagram(type, layout, [], { lang: 'en', limits: {} });
    expect(svg.match(/<g class="state"/g)).toHaveLength(info.states.length);
    expect(svg).not.toMatch(/<[^>]*[<]/); // no unescaped text inside a tag
  });

  it('wraps labels at spaces, and between Chinese characters, and cuts what does not fit', () => {
    const english = "Awaiting the customer's approval of additional work";
    const lines = wrap(english, 130, 13);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(english);
    const chinese = '追加項目待客戶簽字追加項目待客戶簽字';
    const rows = wrap(chinese, 130, 13);
    expect(rows.join('')).toBe(chinese);
    expect(rows.every((row) => [...row].length <= 10)).toBe(true);
    expect(wrap('one two three four five six seven', 40, 13, 2)).toEqual(['one', 'tw…']);
  });
});

describe.each(backends)('the screens on %s', (kind) => {
  let api: Api;

  beforeAll(async () => {
    api = await startApi(kind);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('keeps the session in an httpOnly SameSite=Strict cookie, and sends each role to its own screen', async () => {
    const client = api.withClock();
    const advisor = await logIn(client.app, client.staff.advisor.token);
    expect(advisor.response.status).toBe(303);
    expect(advisor.response.headers.get('Location')).toBe('/desk');
    expect(advisor.setCookie).toMatch(/HttpOnly/);
    expect(advisor.setCookie).toMatch(/SameSite=Strict/);
    expect(advisor.setCookie).toMatch(/Path=\//);
    const manager = await logIn(client.app, client.staff.manager.token);
    expect(manager.response.headers.get('Location')).toBe('/board');
    const qa = await logIn(client.app, client.staff.qa.token);
    expect(qa.response.headers.get('Location')).toBe('/qa');

    const anonymous = await client.app.request('/board?process=complaint');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('Location')).toBe('/login?next=%2Fboard%3Fprocess%3Dcomplaint');

    const logout = await post(client.app, advisor, '/logout', { _csrf: advisor.csrf });
    expect(logout.status).toBe(303);
    expect(cookieOf(logout, 'cf_session')).toMatch(/Max-Age=0/);
  });

  it('refuses a wrong token and a login form posted without its own cookie', async () => {
    const client = api.withClock();
    const page = await client.app.request('/login');
    const csrf = csrfIn(await page.text())!;
    const cookie = `cf_login=${cookieValue(cookieOf(page, 'cf_login'))}`;
    const wrong = await client.app.request('/login', { ...form({ _csrf: csrf, token: 'cf_not-a-token' }), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie } });
    expect(wrong.status).toBe(401);
    expect(cookieOf(wrong, 'cf_session')).toBeUndefined();
    expect(await wrong.text()).toContain('That token is not valid');
    const forged = await client.app.request('/login', form({ _csrf: csrf, token: client.staff.advisor.token }));
    expect(forged.status).toBe(403);
    expect(cookieOf(forged, 'cf_session')).toBeUndefined();
  });

  it('serves pages under a Content-Security-Policy with no inline script', async () => {
    const client = api.withClock();
    const session = await logIn(client.app, client.staff.manager.token);
    const board = await client.app.request('/board', { headers: { Cookie: session.cookie } });
    expect(board.status).toBe(200);
    expect(board.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    const html = await board.text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\son[a-z]+="/);
    const script = await client.app.request('/static/app.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('Content-Type')).toMatch(/javascript/);
  });

  it('records an event sent from a case page, and changes nothing for a form without the session token', async () => {
    const client = api.withClock();
    const created = await openCase(client, 'work-order');
    const session = await logIn(client.app, client.staff.advisor.token);
    const path = `/cases/${created.id}/events`;

    const forged = await post(client.app, session, path, { _event: 'requests.confirmed', _version: '1' });
    expect(forged.status).toBe(403);
    const wrongToken = await post(client.app, session, path, { _csrf: 'x'.repeat(43), _event: 'requests.confirmed', _version: '1' });
    expect(wrongToken.status).toBe(403);
    expect(await footprint(client, created.id)).toEqual({ version: 1, state: 'greet', journalLength: 1 });

    const sent = await post(client.app, session, path, { _csrf: session.csrf, _event: 'requests.confirmed', _version: '1' });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('Location')).toBe(`/cases/${created.id}?done=requests.confirmed`);
    expect(await footprint(client, created.id)).toEqual({ version: 2, state: 'inspect', journalLength: 2 });

    // The same form again, from the page as it was: the case has moved on, and nothing is applied twice.
    const stale = await post(client.app, session, path, { _csrf: session.csrf, _event: 'requests.confirmed', _version: '1' });
    expect(stale.status).toBe(412);
    expect(await stale.text()).toContain('The case changed since this page was opened');
    expect(await footprint(client, created.id)).toEqual({ version: 2, state: 'inspect', journalLength: 2 });
  });

  it('shows the server’s reason when an event is refused, keeps what was typed, and changes nothing', async () => {
    const client = api.withClock();
    const atSign = await workOrderAtSign(client);
    const advisor = await logIn(client.app, client.staff.advisor.token);
    const before = await footprint(client, atSign.id);
    const refused = await post(client.app, advisor, `/cases/${atSign.id}/events`, {
      _csrf: advisor.csrf,
      _event: 'estimate.approved',
      _version: String(atSign.version),
      revision: '7',
      'customerSignature.signedBy': 'Zhang Xiaoming',
      'customerSignature.strokes': JSON.stringify(signature().strokes),
    });
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain('the customer must sign revision 1 of the estimate, not revision 7');
    expect(html).toMatch(/name="revision" value="7"/);
    expect(await footprint(client, atSign.id)).toEqual(before);

    const technician = await logIn(client.app, client.staff.technician.token);
    const forbidden = await post(client.app, technician, `/cases/${atSign.id}/events`, {
      _csrf: technician.csrf,
      _event: 'estimate.prepared',
      _version: String(atSign.version),
      lines: '[]',
      promisedAt: '2030-01-01T10:00',
    });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toContain('a technician may not send');
    expect(await footprint(client, atSign.id)).toEqual(before);
  });

  it('refuses a signature pad left blank, with the reason in words, and changes nothing', async () => {
    const client = api.withClock();
    const atSign = await workOrderAtSign(client);
    const advisor = await logIn(client.app, client.staff.advisor.token);
    const before = await footprint(client, atSign.id);
    const blank = await post(client.app, advisor, `/cases/${atSign.id}/events`, {
      _csrf: advisor.csrf,
      _event: 'estimate.approved',
      _version: String(atSign.version),
      revision: '1',
      'customerSignature.signedBy': 'Zhang Xiaoming',
      'customerSignature.strokes': '',
    });
    expect(blank.status).toBe(400);
    expect(await blank.text()).toContain('the customer must sign by drawing');
    expect(await footprint(client, atSign.id)).toEqual(before);

    const signed = await post(client.app, advisor, `/cases/${atSign.id}/events`, {
      _csrf: advisor.csrf,
      _event: 'estimate.approved',
      _version: String(atSign.version),
      revision: '1',
      'customerSignature.signedBy': 'Zhang Xiaoming',
      'customerSignature.strokes': JSON.stringify(signature().strokes),
    });
    expect(signed.status).toBe(303);
    const page = await (await client.app.request(`/cases/${atSign.id}`, { headers: { Cookie: advisor.cookie } })).text();
    expect(page).toMatch(/<svg class="signature-drawing"[^>]*aria-label="Signature of Zhang Xiaoming"[\s\S]*?<path d="M80 200L115 243/);
  });

  it('takes an estimate typed as rows with prices in yuan (1,200.00 is 120,000 fen), leaves a blank row out, and refuses a third decimal in words', async () => {
    const client = api.withClock();
    const opened = await openCase(client, 'work-order');
    await walk(client, opened.id, walkToDone(client.clock.now()).slice(0, 2));
    const advisor = await logIn(client.app, client.staff.advisor.token);
    const estimatePage = await (await client.app.request(`/cases/${opened.id}`, { headers: { Cookie: advisor.cookie } })).text();
    expect(estimatePage).not.toMatch(/JSON|<pre|\[\s*\{|[Mm]inor</);
    expect(estimatePage).toMatch(/name="lines\.0\.unitPriceMinor"/);
    const promisedAt = new Date(client.clock.now().getTime() + DAY).toISOString();
    const sent = await post(client.app, advisor, `/cases/${opened.id}/events`, {
      _csrf: advisor.csrf,
      _event: 'estimate.prepared',
      _version: '3',
      'lines.0.kind': 'labour',
      'lines.0.description': 'Replace front brake pads',
      'lines.0.quantity': '1.5',
      'lines.0.unitPriceMinor': '1,200.00',
      'lines.0.labourHours': '1.5',
      'lines.3.kind': 'part',
      'lines.3.description': 'Front brake pads',
      'lines.3.quantity': '2',
      'lines.3.unitPriceMinor': '¥ 135.5',
      'lines.3.inStock': 'true',
      'lines.7.kind': '',
      'lines.7.description': '',
      'lines.7.inStock': '',
      promisedAt: promisedAt.slice(0, 16),
      'promisedAt.iso': promisedAt,
    });
    expect(sent.status, await sent.clone().text()).toBe(303);
    const estimate = (await client.call('GET', `/api/cases/${opened.id}`, { token: client.staff.advisor.token })).body.context.estimate;
    expect(estimate.lines.map((l: any) => [l.kind, l.quantity, l.unitPriceMinor, l.amountMinor, l.inStock])).toEqual([
      ['labour', 1.5, 120_000, 180_000, undefined],
      ['part', 2, 13_550, 27_100, true],
    ]);
    expect(estimate.totalMinor).toBe(207_100);

    const page = await (await client.app.request(`/cases/${opened.id}`, { headers: { Cookie: advisor.cookie } })).text();
    expect(page).toContain('2,071.00');

    const badAmount = await post(client.app, advisor, `/cases/${opened.id}/events`, {
      _csrf: advisor.csrf,
      _event: 'estimate.prepared',
      _version: '4',
      _confirmed: 'yes',
      'lines.0.kind': 'labour',
      'lines.0.description': 'Labour',
      'lines.0.quantity': '1',
      'lines.0.unitPriceMinor': '12.345',
      'lines.0.labourHours': '1',
      promisedAt: promisedAt.slice(0, 16),
      'promisedAt.iso': promisedAt,
    });
    expect(badAmount.status).toBe(400);
    expect(await badAmount.text()).toContain('an amount has at most two decimals');
    expect((await footprint(client, opened.id)).version).toBe(4);
  });

  it('offers each role only the forms of the events it may send in the case’s state', async () => {
    const client = api.withClock();
    const atSign = await workOrderAtSign(client);
    const formsFor = async (token: string) => {
      const session = await logIn(client.app, token);
      const html = await (await client.app.request(`/cases/${atSign.id}`, { headers: { Cookie: session.cookie } })).text();
      return [...html.matchAll(/<details class="event[^"]*" data-event="([^"]+)"/g)].map((m) => m[1]);
    };
    expect(await formsFor(client.staff.advisor.token)).toEqual(['estimate.approved', 'estimate.prepared', 'estimate.declined', 'order.cancelled']);
    expect(await formsFor(client.staff.technician.token)).toEqual([]);
    expect(await formsFor(client.staff.cashier.token)).toEqual([]);
    const manager = await formsFor(client.staff.manager.token);
    expect(manager.sort()).toEqual(['estimate.approved', 'estimate.declined', 'estimate.prepared', 'order.cancelled']);
  });

  it('opens a work order and a complaint from the lists’ forms, built from the input schemas', async () => {
    const client = api.withClock();
    const advisor = await logIn(client.app, client.staff.advisor.token);
    const deskPage = await (await client.app.request('/desk', { headers: { Cookie: advisor.cookie } })).text();
    for (const name of ['customer.name', 'customer.phone', 'vehicle.plate', 'vehicle.odometerKm', 'requests']) {
      expect(deskPage).toContain(`name="${name}"`);
    }
    const opened = await post(client.app, advisor, '/cases', {
      _csrf: advisor.csrf,
      _type: 'work-order',
      'customer.name': 'Ou Yang',
      'customer.phone': '13600136000',
      'vehicle.plate': '粤Z·PAGE1',
      'vehicle.odometerKm': '1234',
      requests: 'first request\n\n  second request  ',
    });
    expect(opened.status).toBe(303);
    const id = opened.headers.get('Location')!.match(/\/cases\/([0-9a-f-]+)/)![1]!;
    const view = (await client.call('GET', `/api/cases/${id}`, { token: client.staff.advisor.token })).body;
    expect(view.context.requests).toEqual(['first request', 'second request']);
    expect(view.context.vehicle).toEqual({ plate: '粤Z·PAGE1', odometerKm: 1234 });
    const found = await (await client.app.request('/desk?q=z%C2%B7page1', { headers: { Cookie: advisor.cookie } })).text();
    expect(found).toContain(view.number);

    const missing = await post(client.app, advisor, '/cases', { _csrf: advisor.csrf, _type: 'work-order', 'customer.name': 'Ou Yang' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('Customer, Phone: required');

    const qa = await logIn(client.app, client.staff.qa.token);
    const complaint = await post(client.app, qa, '/cases', {
      _csrf: qa.csrf,
      _type: 'complaint',
      channel: 'visit',
      'customer.name': 'Ke Le',
      statement: 'The radio lost its presets.',
      severity: 'low',
      'product.name': '',
    });
    expect(complaint.status).toBe(303);
    const qaPage = await (await client.app.request('/qa', { headers: { Cookie: qa.cookie } })).text();
    expect(qaPage).toContain('Ke Le');
  });

  it('speaks English, Simplified Chinese (for a plain zh browser) and Traditional Chinese, and search finds closed cases too', async () => {
    const client = api.withClock();
    const advisor = await logIn(client.app, client.staff.advisor.token);
    const desk = async (headers: Record<string, string>) => (await client.app.request('/desk', { headers: { Cookie: advisor.cookie, ...headers } })).text();
    expect(await desk({ 'Accept-Language': 'zh-CN,zh;q=0.9' })).toMatch(/<html lang="zh-Hans">[\s\S]*新建工单/);
    expect(await desk({ 'Accept-Language': 'zh' })).toContain('<html lang="zh-Hans">');
    expect(await desk({ 'Accept-Language': 'zh-TW' })).toMatch(/<html lang="zh-Hant">[\s\S]*新建工單/);
    expect(await desk({ 'Accept-Language': 'en-GB' })).toContain('New work order');
    const chosen = await client.app.request('/lang/zh-Hant?back=/desk', { headers: { Cookie: advisor.cookie } });
    expect(chosen.headers.get('Set-Cookie')).toContain('cf_lang=zh-Hant');

    const cancelled = await openCase(client, 'work-order', workOrderInput({ customer: { name: 'Closed Case', phone: '1' } }));
    await send(client, cancelled.id, 'advisor', events.orderCancelled());
    expect(await desk({})).not.toContain(cancelled.number);
    expect(await (await client.app.request('/desk?q=closed%20case', { headers: { Cookie: advisor.cookie } })).text()).toContain(cancelled.number);
  });

  it('draws the diagram over the API with the board’s counts, in either language', async () => {
    const client = api.withClock();
    const token = client.staff.manager.token;
    const svg = await client.call('GET', '/api/processes/work-order/diagram.svg', { token });
    expect(svg.status).toBe(200);
    expect(svg.headers.get('Content-Type')).toMatch(/^image\/svg\+xml/);
    const board = (await client.call('GET', '/api/board?type=work-order', { token })).body;
    for (const state of board.states) {
      if (state.final) continue;
      const node = (svg.body as string).match(new RegExp(`data-state="${state.state}"[\\s\\S]*?data-open="(\\d+)" data-stuck="(\\d+)"`));
      expect(node?.slice(1).map(Number), state.state).toEqual([state.open, state.stuck]);
    }
    const zh = await client.call('GET', '/api/processes/work-order/diagram.svg?lang=zh', { token });
    expect(zh.body).toContain('簽字確認');
    expect(zh.body).toContain('時限 15 分鐘');
    expect((await client.call('GET', '/api/processes/invoice/diagram.svg', { token })).status).toBe(404);
    expect((await client.call('GET', '/api/processes/work-order/diagram.svg')).status).toBe(401);
  });
});

describe.each(backends)('the board’s stuck cases on %s', (kind) => {
  let api: Api;

  beforeAll(async () => {
    api = await startApi(kind, new Date(T0.getTime() - 3 * DAY));
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('lists the cases past their limit, most overdue first, filtered by process, state and age, and colours each state', async () => {
    const client = api.withClock(new Date(T0.getTime() - 3 * DAY));
    // A complaint received three days ago (limit 2 d), a work order in greet for 40 min (limit
    // 15 min), one in greet for 18 min, one in greet for 5 min (on time), one in inspect for 25 min (limit 20 min).
    const complaint = await openCase(client, 'complaint', undefined, 'qa');
    client.clock.set(new Date(T0.getTime() - 40 * MINUTE));
    const greet40 = await openCase(client, 'work-order');
    client.clock.set(new Date(T0.getTime() - 18 * MINUTE));
    const greet20 = await openCase(client, 'work-order');
    client.clock.set(new Date(T0.getTime() - 45 * MINUTE));
    const inspect = await openCase(client, 'work-order');
    client.clock.set(new Date(T0.getTime() - 25 * MINUTE));
    await send(client, inspect.id, 'advisor', events.requestsConfirmed());
    client.clock.set(new Date(T0.getTime() - 5 * MINUTE));
    await openCase(client, 'work-order');

    const queries = createQueries(api.database.db, () => T0);
    const board = createBoard(api.database.db, () => T0, queries, {});
    const all = await board.stuckCases();
    expect(all.cases.map((c) => c.number)).toEqual([complaint.number, greet40.number, inspect.number, greet20.number]);
    expect(all.total).toBe(4);
    expect(all.cases[1]).toMatchObject({ state: 'greet', customerName: 'Zhang Xiaoming', plate: '粤A·12345', lastActor: { role: 'advisor' } });
    expect(all.cases[1]!.dueAt).toBe(new Date(T0.getTime() - 25 * MINUTE).toISOString());

    expect((await board.stuckCases({ type: 'work-order', state: 'greet' })).cases.map((c) => c.number)).toEqual([greet40.number, greet20.number]);
    expect((await board.stuckCases({ type: 'work-order', minAgeMinutes: 30 })).cases.map((c) => c.number)).toEqual([greet40.number]);
    expect((await board.stuckCases({ type: 'work-order', limit: 1 })).total).toBe(3);

    const loads = Object.fromEntries((await board.stateLoads('work-order'))!.map((l) => [l.state, l]));
    // greet: the worst is 25 min past a 15 min limit (5/3 of it): late; inspect: 5 min past 20 (1/4): overdue.
    expect(loads.greet).toEqual({ state: 'greet', open: 3, stuck: 2, level: 'late' });
    expect(loads.inspect).toEqual({ state: 'inspect', open: 1, stuck: 1, level: 'overdue' });
    expect(loads.estimate).toEqual({ state: 'estimate', open: 0, stuck: 0, level: 'idle' });
    const complaintLoads = Object.fromEntries((await board.stateLoads('complaint'))!.map((l) => [l.state, l]));
    // received three days ago with a two-day limit: a day late, half its limit again.
    expect(complaintLoads.received!.level).toBe('late');

    // A deployment's own limit changes who is stuck from the next state entry on.
    const strict = createBoard(api.database.db, () => T0, queries, { 'work-order': { greet: 60 } });
    expect((await strict.diagram('work-order'))!).toContain('limit 1 h');
  });
});

describe.each(backends)('what the server did by itself, on the screens, on %s', (kind) => {
  let api: Api;

  beforeAll(async () => {
    // A receiver nobody listens on (the discard port): every delivery fails at its one attempt.
    api = await startApi(kind, T0, {
      webhooks: { endpoints: ['http://127.0.0.1:9/hooks?token=secret'], secret: TEST_WEBHOOK_SECRET, maxAttempts: 1, timeoutMs: 2_000 },
    });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('marks escalated cases on the board and shows managers, and only them, the deliveries that failed', async () => {
    const client = api.withClock(T0);
    const late = await openCase(client, 'work-order');
    client.clock.advance(16 * MINUTE);
    const onTime = await openCase(client, 'work-order');
    await client.built.timers.runOnce();
    await client.built.deliveries!.runOnce();
    await client.built.deliveries!.runOnce();

    const manager = await logIn(client.app, client.staff.manager.token);
    const board = await (await client.app.request('/board?process=work-order', { headers: { Cookie: manager.cookie } })).text();
    const row = (number: string) => board.match(new RegExp(`<tr data-case="${number}"[\\s\\S]*?</tr>`))?.[0] ?? '';
    expect(row(late.number)).toContain('class="escalated"');
    expect(row(onTime.number)).toBe('');
    expect(board).toContain('class="failed-deliveries"');
    expect(board).toContain(`data-delivery="${late.id}:1"`);
    expect(board).toContain(`data-delivery="${late.id}:2"`);
    expect(board).toContain('http://127.0.0.1:9/hooks');
    expect(board).not.toContain('token=secret');

    const advisor = await logIn(client.app, client.staff.advisor.token);
    const advisorBoard = await (await client.app.request('/board', { headers: { Cookie: advisor.cookie } })).text();
    expect(advisorBoard).not.toContain('class="failed-deliveries"');

    // The escalation reads as words in the journal, in the page's language.
    const casePage = async (lang: string) =>
      (await client.app.request(`/cases/${late.id}`, { headers: { Cookie: advisor.cookie, 'Accept-Language': lang } })).text();
    expect(await casePage('en')).toContain('Overdue: escalated by the server');
    expect(await casePage('zh-Hans')).toContain('逾期：系统已升级');
  });

  it('lists the follow-up calls due on their own screen, without a form to open one by hand', async () => {
    const client = api.withClock(T0);
    const opened = await openCase(client, 'work-order');
    let view = opened;
    for (const step of walkToDone(client.clock.now())) view = await send(client, opened.id, step.role, step.event);
    client.clock.set(new Date(Date.parse(view.updatedAt) + 3 * DAY + MINUTE));
    await client.built.timers.runOnce();

    const advisor = await logIn(client.app, client.staff.advisor.token);
    const calls = await (await client.app.request('/calls', { headers: { Cookie: advisor.cookie } })).text();
    const [followUp] = await queryRows<{ number: string }>(
      api.database.db,
      sql`SELECT number FROM cases WHERE process_type = 'follow-up' AND snapshot->'context'->>'workOrderId' = ${opened.id}`,
    );
    expect(calls).toContain(followUp!.number);
    expect(calls).toContain(opened.number);
    expect(calls).not.toContain('name="_type" value="follow-up"');
  });
});

describe.each(backends)('the demo cases on %s', (kind) => {
  it('spreads a handful of cases over the steps, some past their limit, each agreeing with its journal, and only once', async () => {
    const database = await createTestDatabase(kind);
    try {
      const staff = (await seedDemoStaff(database.db))!;
      const now = new Date();
      const demoCases = processes.reduce((n, p) => n + p.demo(now).length, 0);
      expect(await seedDemoCases(database.db, staff.map((s) => s.member), { now })).toBe(demoCases);
      expect(await seedDemoCases(database.db, staff.map((s) => s.member), { now })).toBe(0);

      const queries = createQueries(database.db, () => now);
      const { items } = (await queries.listCases({ limit: 200 }))!;
      // Each demo case, and the complaints some of them open as their consequence (a quality-problem return, a poor score).
      expect(items).toHaveLength(demoCases + 2);
      // Four work orders were opened before the shop moved to version 2: migrate has work to show.
      expect(items.filter((c) => c.type === 'work-order' && c.definitionVersion === 1).map((c) => c.number).sort()).toEqual(['WO-000012', 'WO-000013', 'WO-000014', 'WO-000015']);
      expect(new Set(items.map((c) => c.step)).size).toBeGreaterThanOrEqual(9);
      expect(items.filter((c) => c.stuck).length).toBeGreaterThanOrEqual(5);
      for (const view of items) {
        const journal = (await queries.journalOf(view.id))!;
        const entered = journal.filter((e) => e.from !== e.to).at(-1)!;
        expect(entered.to, view.number).toBe(view.state);
        expect(entered.at, view.number).toBe(view.stateEnteredAt);
        expect(journal.length, view.number).toBe(view.version);
        expect(Date.parse(journal.at(-1)!.at)).toBeLessThanOrEqual(now.getTime());
      }
      const board = createBoard(database.db, () => now, queries, {});
      const stuck = await board.stuckCases({ type: 'work-order' });
      expect(stuck.cases[0]).toMatchObject({ number: 'WO-000004', state: 'estimate' });
    } finally {
      await database.drop();
    }
  });
});


describe('npm start', () => {
  afterAll(killAll);

  it('seeds the demo cases on the first start on an embedded database, none with --no-demo, and none on a server database', async () => {
    const withDemo = await mkdtemp(join(tmpdir(), 'caseflow-demo-'));
    const without = await mkdtemp(join(tmpdir(), 'caseflow-nodemo-'));
    const postgres = await createTestDatabase('postgres');
    try {
      const stuckOn = async (url: string, output: string) => {
        const token = output.match(/manager\s+Demo Manager\s+(cf_\S+)/)?.[1];
        expect(token, output).toBeDefined();
        const boards = (await (await fetch(`${url}/api/board`, { headers: { Authorization: `Bearer ${token}` } })).json()) as Array<{ states: Array<{ open: number; stuck: number }> }>;
        const states = boards.flatMap((b) => b.states);
        return { open: states.reduce((n, s) => n + s.open, 0), stuck: states.reduce((n, s) => n + s.stuck, 0) };
      };
      const [demo, bare, server] = await Promise.all([
        startServer(`pglite:${withDemo}`),
        startServer(`pglite:${without}`, {}, ['--no-demo']),
        startServer(postgres.url),
      ]);
      expect(demo.output()).toContain(`${processes.reduce((n, p) => n + p.demo(new Date()).length, 0)} demo cases`);
      const seeded = await stuckOn(demo.url, demo.output());
      // All but those walked to an end (a work order handed over, two sales recorded, one
      // cancelled, a return closed, a card filed), and the two complaints demo cases open.
      expect(seeded.open).toBe(29);
      expect(seeded.stuck).toBeGreaterThanOrEqual(5);
      expect(await stuckOn(bare.url, bare.output())).toEqual({ open: 0, stuck: 0 });
      await Promise.all([demo.stop(), bare.stop(), server.stop()]);
      const [counts] = await queryRows<{ staff: number; cases: number }>(
        postgres.db,
        sql`SELECT (SELECT count(*) FROM staff)::int AS staff, (SELECT count(*) FROM cases)::int AS cases`,
      );
      expect(counts).toEqual({ staff: 0, cases: 0 });
    } finally {
      await killAll();
      await Promise.all([rm(withDemo, { recursive: true, force: true }), rm(without, { recursive: true, force: true }), postgres.drop()]);
    }
  }, 150_000);
});
