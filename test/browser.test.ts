/**
 * The screens in a real headless Chromium (Debian's `chromium`, driven by playwright-core): the
 * app served on a port over an embedded database that holds the demo cases (some back-dated past
 * their limits). Writes the README's screenshots to docs/.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRow, drawSignature, fillForm, freshPage, loggedIn as loggedInOn, startStage, type Stage } from './support/browser';

const docs = fileURLToPath(new URL('../docs/', import.meta.url));

let stage: Stage;
let base: string;

beforeAll(async () => {
  stage = await startStage();
  base = stage.base;
  await mkdir(docs, { recursive: true });
});

afterAll(async () => {
  await stage?.stop();
});

const loggedIn = (role: string) => loggedInOn(stage, role);
const problemsOf = (page: Page & { problems?: string[] }) => page.problems ?? [];

async function signCount(page: Page): Promise<{ open: number; stuck: number }> {
  await page.goto(`${base}/board?process=work-order`);
  const counts = page.locator('section[data-process="work-order"] g.state[data-state="sign"] text.counts');
  return { open: Number(await counts.getAttribute('data-open')), stuck: Number(await counts.getAttribute('data-stuck')) };
}

/** Version 2's inspection: a condition for each of the source's named items, as the advisor types it. */
async function checkNamedItems(page: Page, form: string) {
  const conditions = { windowGlass: 'no chips', powerWindows: 'all four work', bodyPaint: 'scratch on the rear bumper', trunk: 'closes well' };
  for (const [item, condition] of Object.entries(conditions)) await page.fill(`${form} [name="checklist.${item}.condition"]`, condition);
}

const eventForm = (event: string) => `details[data-event="${event}"] form`;

/** Submits an event's form and waits for the page that answers: the case again, or the refusal. */
async function send(page: Page, event: string, outcome: 'recorded' | 'refused' = 'recorded') {
  const answered = (url: URL) => (outcome === 'recorded' ? url.searchParams.get('done') === event : url.pathname.endsWith('/events'));
  await Promise.all([page.waitForURL(answered), page.click(`${eventForm(event)} button[type=submit]`)]).catch(async (error) => {
    await page.screenshot({ path: "/tmp/caseflow-browser-failure.png", fullPage: true }).catch(() => undefined);
    throw error;
  });
}

const state = (page: Page) => page.locator('[data-testid="state-label"]').getAttribute('data-state');

describe('the screens in Chromium', () => {
  it('walks a work order from greet to done through the forms on a tablet, money typed in yuan, every signature drawn, the estimate signed on the customer’s phone', async () => {
    const advisor = await loggedInOn(stage, 'advisor', 'tablet');
    expect(new URL(advisor.url()).pathname).toBe('/desk');
    const before = await signCount(advisor);

    await advisor.goto(`${base}/desk`);
    const form = '#new-work-order';
    await fillForm(advisor, form, {
      'customer.name': 'Lin Tao',
      'customer.phone': '13700137000',
      'vehicle.plate': '粤A·12345',
      'vehicle.odometerKm': '42000',
      requests: 'brakes squeak when cold\noil change',
    });
    await Promise.all([advisor.waitForURL(/\/cases\/[0-9a-f-]+\?created/), advisor.click(`${form} button[type=submit]`)]);
    const caseUrl = advisor.url().split('?')[0]!;
    const number = await advisor.locator('article.case').getAttribute('data-case');
    expect(number).toMatch(/^WO-\d{6}$/);
    expect(await state(advisor)).toBe('greet');
    // The next step is the open form; nothing else is.
    expect(await advisor.locator('details.event.primary[open]').getAttribute('data-event')).toBe('requests.confirmed');
    expect(await advisor.locator('details.event:not(.primary)[open]').count()).toBe(0);

    await send(advisor, 'requests.confirmed');
    expect(await state(advisor)).toBe('inspect');
    const journalBefore = await advisor.locator('.timeline li').count();

    // Refused: the covers were not fitted. The server's reason is shown and nothing changes.
    const inspection = eventForm('inspection.recorded');
    await checkNamedItems(advisor, inspection);
    await advisor.check(`${inspection} [name="valuablesReminderGiven"]`);
    await drawSignature(advisor, inspection);
    await send(advisor, 'inspection.recorded', 'refused');
    expect(await advisor.locator('.notice.error .reason').textContent()).toContain('covers must be fitted');
    expect(await state(advisor)).toBe('inspect');
    expect(await advisor.locator('.timeline li').count()).toBe(journalBefore);

    await checkNamedItems(advisor, inspection);
    await advisor.check(`${inspection} [name="coversFitted"]`);
    await advisor.check(`${inspection} [name="valuablesReminderGiven"]`);
    await fillForm(advisor, inspection, { 'findings.0.area': 'rear bumper', 'findings.0.condition': 'light scratch', belongings: 'umbrella' });
    await drawSignature(advisor, inspection);
    await send(advisor, 'inspection.recorded');
    expect(await state(advisor)).toBe('estimate');
    const drawing = advisor.locator('.timeline li[data-event="inspection.recorded"] svg.signature-drawing path');
    expect((await drawing.getAttribute('d'))!.match(/\d+(\.\d)? \d+/g)!.length).toBeGreaterThanOrEqual(10);

    // The estimate, typed as a front desk does: rows, prices in yuan, the totals as they are typed.
    const estimate = eventForm('estimate.prepared');
    await fillForm(advisor, estimate, {
      'lines.0.kind': 'Labour',
      'lines.0.description': 'Replace front brake pads',
      'lines.0.quantity': '1.5',
      'lines.0.unitPriceMinor': '1,200.00',
      'lines.0.labourHours': '1.5',
    });
    const part = await addRow(advisor, estimate, 'lines');
    await fillForm(advisor, estimate, {
      [`${part}.kind`]: 'Part',
      [`${part}.description`]: 'Front brake pads',
      [`${part}.quantity`]: '2',
      [`${part}.unitPriceMinor`]: '135.50',
      [`${part}.inStock`]: 'In stock',
    });
    expect(await advisor.locator(`${estimate} [data-rows-total]`).textContent()).toBe('¥2,071.00');
    await send(advisor, 'estimate.prepared');
    expect(await state(advisor)).toBe('sign');
    expect(await advisor.locator('.notice.ok').textContent()).toContain('Estimate prepared');
    // The customer signs right under what they sign: the revision, its total, the promised time.
    const signing = eventForm('estimate.approved');
    expect(await advisor.locator(`${signing} .document`).textContent()).toContain('¥2,071.00');
    await advisor.screenshot({ path: `${docs}case.png`, fullPage: true });

    const after = await signCount(advisor);
    expect(after.open).toBe(before.open + 1);

    // The customer signs on their own phone: a link (and its QR code) from the case page.
    await advisor.goto(caseUrl);
    await Promise.all([advisor.waitForURL(/link=/), advisor.click('#customer-link button[type=submit]')]);
    expect(await advisor.locator('#customer-link svg.qr').count()).toBe(1);
    const url = (await advisor.locator('#customer-link a.signing-url').getAttribute('href'))!;
    const phone = await freshPage(stage, 'phone');
    await phone.goto(url);
    expect(await phone.locator('.document').textContent()).toContain('¥2,071.00');
    await drawSignature(phone, 'form.sign-form');
    await phone.click('form.sign-form button[type=submit]');
    await expect.poll(() => phone.locator('[data-sign-outcome].ok').count()).toBe(1);
    await phone.screenshot({ path: `${docs}phone.png`, fullPage: true });
    await advisor.goto(caseUrl);
    expect(await state(advisor)).toBe('repair.ready');
    expect(await advisor.locator('.timeline li[data-event="estimate.approved"] .who').textContent()).toContain('Lin Tao');

    // The technician: starts, finds additional work (priced in yuan), which the customer signs on the pad.
    const technician = await loggedInOn(stage, 'technician', 'tablet');
    await technician.goto(caseUrl);
    await send(technician, 'repair.started');
    const extra = eventForm('repair.additionalWorkFound');
    await technician.locator('details[data-event="repair.additionalWorkFound"]').evaluate((details) => ((details as unknown as { open: boolean }).open = true));
    await fillForm(technician, extra, {
      'lines.0.kind': 'Fluid',
      'lines.0.description': 'Brake fluid',
      'lines.0.quantity': '1',
      'lines.0.unitPriceMinor': '80',
      'lines.0.inStock': 'In stock',
      note: 'The brake fluid is dark.',
    });
    await send(technician, 'repair.additionalWorkFound');
    expect(await state(technician)).toBe('repair.awaitingSupplement');
    await advisor.goto(caseUrl);
    const supplement = eventForm('supplement.approved');
    expect(await advisor.locator(`${supplement} .document`).textContent()).toContain('Brake fluid');
    await drawSignature(advisor, supplement);
    await send(advisor, 'supplement.approved');
    await technician.goto(caseUrl);
    for (let i = 0; i < 3; i++) await send(technician, 'repair.lineCompleted');
    await send(technician, 'repair.completed');
    expect(await state(technician)).toBe('settle.reviewingRequests');

    // Settle: one resolution per request, shown beside it; the invoice signed under its lines.
    await advisor.goto(caseUrl);
    expect(await advisor.locator(`${eventForm('settlement.requestsReviewed')} .fixed-value`).allTextContents()).toEqual(['“brakes squeak when cold”', '“oil change”']);
    await send(advisor, 'settlement.requestsReviewed');
    const invoice = eventForm('invoice.signed');
    expect(await advisor.locator(`${invoice} .document`).textContent()).toContain('¥2,151.00');
    await drawSignature(advisor, invoice);
    await send(advisor, 'invoice.signed');
    expect(await state(advisor)).toBe('settle.awaitingPayment');

    // The cashier lands on the cars to collect payment for, and types yuan.
    const cashier = await loggedInOn(stage, 'cashier', 'tablet');
    expect(await cashier.locator(`tr[data-case="${number}"]`).count()).toBe(1);
    await cashier.goto(caseUrl);
    await fillForm(cashier, eventForm('payment.recorded'), { amountMinor: '1,000.00', method: 'Cash' });
    await send(cashier, 'payment.recorded');
    await fillForm(cashier, eventForm('payment.recorded'), { amountMinor: '1151', method: 'Card' });
    await send(cashier, 'payment.recorded');
    expect(await state(cashier)).toBe('handover');

    await advisor.goto(caseUrl);
    await advisor.check(`${eventForm('vehicle.handedOver')} [name="coversRemoved"]`);
    await send(advisor, 'vehicle.handedOver');
    expect(await state(advisor)).toBe('done');
    expect(await advisor.locator('.record').textContent()).toContain('¥2,151.00');

    // The A4 print of the order: inspection record, estimate and invoice, each signature drawn back.
    await advisor.goto(`${caseUrl}/print`);
    await advisor.emulateMedia({ media: 'print' });
    expect(await advisor.locator('.print-sheet svg.signature-drawing').count()).toBe(4);
    expect(await advisor.locator('header.top').isVisible()).toBe(false);
    await advisor.screenshot({ path: `${docs}print.png`, fullPage: true });
    await advisor.emulateMedia({ media: 'screen' });

    for (const page of [advisor, technician, cashier, phone]) expect(problemsOf(page)).toEqual([]);
  }, 240_000);

  it('takes a complaint from received to closed through the forms, naming its work order by number', async () => {
    const qa = await loggedInOn(stage, 'qa', 'tablet');
    expect(new URL(qa.url()).pathname).toBe('/qa');
    const form = '#new-complaint';
    await fillForm(qa, form, {
      channel: 'Phone',
      'customer.name': 'Ke Le',
      statement: 'The squeak came back two days later.',
      severity: 'Medium',
      workOrderId: 'WO-000001',
    });
    await Promise.all([qa.waitForURL(/\/cases\/[0-9a-f-]+\?created/), qa.click(`${form} button[type=submit]`)]);
    expect(await qa.locator('.timeline').textContent()).toContain('WO-000001');
    expect(await qa.locator('body').textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await fillForm(qa, eventForm('investigation.recorded'), { findings: 'Shims missing.', substantiated: true });
    await send(qa, 'investigation.recorded');
    await fillForm(qa, eventForm('correction.recorded'), { 'actions.0.description': 'Fit the shims', 'actions.0.owner': 'Workshop lead' });
    await send(qa, 'correction.recorded');
    await fillForm(qa, eventForm('answer.sent'), { channel: 'Phone', message: 'We fitted the shims at no charge.' });
    await send(qa, 'answer.sent');
    await fillForm(qa, eventForm('complaint.closed'), { customerResponse: 'Quiet now.', satisfied: true });
    await send(qa, 'complaint.closed');
    expect(await state(qa)).toBe('closed');
    expect(problemsOf(qa)).toEqual([]);
  }, 120_000);

  it('fits a tablet: no page or board diagram scrolls sideways, diagram text is at least 12 px, and a case shows the way it took through its process', async () => {
    const manager = await loggedInOn(stage, 'manager', 'tablet');
    const { items } = (await (await manager.request.get(`${base}/api/cases?type=work-order&state=sign`, { headers: { Authorization: `Bearer ${stage.tokens.manager}` } })).json()) as { items: Array<{ id: string }> };
    const smallestText = () =>
      manager.locator('svg.diagram text').evaluateAll((texts) => Math.min(...texts.map((t) => (t as unknown as { getBoundingClientRect(): { height: number } }).getBoundingClientRect().height)));
    for (const path of ['/board', '/desk', '/qa', '/jobs', '/cashier', `/cases/${items[0]!.id}`, `/cases/${items[0]!.id}/print`]) {
      await manager.goto(`${base}${path}`);
      const [scrollWidth, clientWidth] = await manager.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]') as [number, number];
      expect(scrollWidth, path).toBeLessThanOrEqual(clientWidth);
      if (await manager.locator('svg.diagram').count()) expect(await smallestText(), path).toBeGreaterThanOrEqual(12);
    }
    // On the board, every process's diagram is seen whole across: none hides states off to the side.
    await manager.goto(`${base}/board`);
    const boxes = (await manager.locator('figure.diagram-box').evaluateAll((figures) =>
      figures.map((f) => [f.getAttribute('aria-label'), f.scrollWidth, f.clientWidth]),
    )) as Array<[string, number, number]>;
    expect(boxes.length).toBeGreaterThanOrEqual(6);
    for (const [label, scrollWidth, clientWidth] of boxes) expect(scrollWidth, label).toBeLessThanOrEqual(clientWidth);
    await manager.goto(`${base}/cases/${items[0]!.id}`);
    const map = manager.locator('.process-map svg.diagram');
    expect(await map.locator('g.state[data-current="true"]').getAttribute('data-state')).toBe('sign');
    expect(await map.locator('g.state[data-visited="true"]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-state')))).toEqual(expect.arrayContaining(['greet', 'inspect', 'estimate']));
    expect(await map.locator('path.taken').count()).toBeGreaterThanOrEqual(3);
    await manager.goto(`${base}/lang/zh-Hans?back=/cases/${items[0]!.id}`);
    await manager.screenshot({ path: `${docs}case-zh-Hans.png`, fullPage: true });
    expect(problemsOf(manager)).toEqual([]);
  }, 120_000);

  it('shows a manager the diagram with counts and the back-dated cases in the stuck table, most overdue first', async () => {
    const page = await loggedIn('manager');
    expect(new URL(page.url()).pathname).toBe('/board');
    const diagram = page.locator('section[data-process="work-order"] svg.diagram');
    expect(await diagram.locator('g.state').count()).toBeGreaterThanOrEqual(13);

    // WO-000004 was left in estimate (limit 30 min) for 110 minutes: the most overdue work order.
    const rows = page.locator('table.stuck[data-process="work-order"] tbody tr');
    expect(await rows.first().getAttribute('data-case')).toBe('WO-000004');
    const row = rows.first();
    expect(await row.locator('td').nth(2).textContent()).toBe('Estimate');
    expect(await row.locator('.overdue').textContent()).toMatch(/overdue by 1 h 2\d min/);
    expect(await row.locator('td').nth(5).textContent()).toBe('Demo Advisor (advisor)');
    expect(await diagram.locator('g.state[data-state="estimate"]').getAttribute('data-level')).toBe('veryLate');
    const dues = await rows.locator('time').evaluateAll((times) => times.map((t) => Date.parse(t.getAttribute('datetime')!)));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));

    await page.screenshot({ path: `${docs}board.png`, fullPage: true });

    // Filtering by a state (a click on it in the diagram) keeps only its cases.
    await Promise.all([page.waitForURL(/state=greet/), diagram.locator('a:has(g.state[data-state="greet"])').click()]);
    const greet = await page.locator('table.stuck tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case')));
    expect(greet).toEqual(['WO-000002']);
    expect(await page.locator('section.board-section').count()).toBe(1);
    expect(problemsOf(page)).toEqual([]);
  });
});
