/**
 * The screens of the source's other procedures, without a browser, on both databases: the recall
 * list QA prints, the customer file and a returning customer's history on the case page, a
 * complaint showing the traceability data of the sale it names, and the board's average scores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/databases';
import { logIn, MINUTE, openCase, send, startApi, workOrderInput, type Api } from './support/api';

const hospital = { kind: 'medicalInstitution', name: 'Foshan Maternity Hospital', phone: '0757-8888 1111' };
const practiceLicence = { kind: 'practiceLicence', number: 'PDY-440600-0007', holder: hospital.name, expiresOn: '2028-06-30' };

describe.each(backends)('the screens of the other procedures on %s', (kind) => {
  let api: Api;
  const cookies = {} as Record<'advisor' | 'qa' | 'manager', string>;
  const page = async (role: keyof typeof cookies, path: string) => {
    const response = await api.app.request(path, { headers: { Cookie: cookies[role] } });
    return { status: response.status, html: await response.text() };
  };

  let sale: { id: string; number: string };
  beforeAll(async () => {
    api = await startApi(kind);
    for (const role of ['advisor', 'qa', 'manager'] as const) cookies[role] = await logIn(api, api.staff[role].token);
    sale = await openCase(api, 'device-sale' as never, { buyer: hospital });
    await send(api, sale.id, 'advisor', { type: 'buyer.qualified', licences: [practiceLicence] });
    await send(api, sale.id, 'advisor', {
      type: 'sale.recorded', saleDate: '2026-11-25', handler: 'Wang Fang', invoiceNumber: 'INV 7', contractNumber: 'HT 7',
      units: [
        { product: 'Infusion pump', manufacturer: 'Bench Medical', model: 'IP-7', productionDate: '2026-01-05', serialNumber: 'IP7-SCREEN-01', quantity: 1, serviceLifeYears: 8 },
        { product: 'Giving set', manufacturer: 'Bench Medical', model: 'GS-2', productionDate: '2026-06-01', lot: 'GS-LOT-SCREEN', quantity: 500, expiryDate: '2029-05-31' },
      ],
    });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('lets QA type a lot and get every unit sold of it, with the buyer, ready to print', async () => {
    const { status, html } = await page('qa', '/recall?lot=gs-lot-screen');
    expect(status).toBe(200);
    expect(html).toContain(sale.number);
    expect(html).toContain(hospital.name);
    expect(html).toContain('GS-LOT-SCREEN');
    expect(html).toMatch(/<td class="num">500<\/td>/);
    expect(html).toContain('data-print');
    expect(html).not.toContain('IP7-SCREEN-01');
  });

  it('shows the recall form empty at first, and keeps it from advisors', async () => {
    const first = await page('manager', '/recall');
    expect(first.status).toBe(200);
    expect(first.html).toContain('name="lot"');
    expect(first.html).not.toContain('recall-list');
    expect((await page('advisor', '/recall?lot=GS-LOT-SCREEN')).status).toBe(403);
  });

  it('shows a returning customer\'s earlier cases on the new work order, and a first visit as new', async () => {
    const input = workOrderInput({ customer: { name: 'Tang Li', phone: '139 5555 0001' }, vehicle: { plate: '粤F·55501', odometerKm: 10_000 } });
    const first = await openCase(api, 'work-order', input);
    const firstPage = await page('advisor', `/cases/${first.id}`);
    expect(firstPage.html).toContain('data-testid="customer-history"');
    expect(firstPage.html).toContain('First visit');
    api.clock.advance(MINUTE);
    const again = await openCase(api, 'work-order', input);
    const { html } = await page('advisor', `/cases/${again.id}`);
    expect(html).toContain('Returning customer');
    expect(html).toContain(`>${first.number}<`);

    const customers = await page('advisor', '/customers?q=tang');
    expect(customers.html).toContain('Tang Li');
    const id = customers.html.match(/href="\/customers\/([0-9a-f-]{36})"/)![1]!;
    const file = await page('advisor', `/customers/${id}`);
    expect(file.status).toBe(200);
    expect(file.html).toContain('粤F·55501');
    expect(file.html.indexOf(`>${again.number}<`)).toBeLessThan(file.html.indexOf(`>${first.number}<`));
  });

  it('shows on a complaint about a sale the sale\'s traceability data', async () => {
    const complaint = await openCase(api, 'complaint', { channel: 'phone', customer: { name: hospital.name }, statement: 'The pump alarms for no reason.', severity: 'high', saleId: sale.id }, 'qa');
    const { html } = await page('qa', `/cases/${complaint.id}`);
    expect(html).toContain('data-testid="linked-cases"');
    expect(html).toContain(sale.number);
    expect(html).toContain('IP7-SCREEN-01');
    expect(html).toContain('GS-LOT-SCREEN');
    // And the sale's page names the complaint.
    const salePage = await page('qa', `/cases/${sale.id}`);
    expect(salePage.html).toContain('data-testid="naming-cases"');
    expect(salePage.html).toContain(`>${complaint.number}</a>`);
  });

  it('names the buyer\'s licences in words on the sale\'s record, never by their codes', async () => {
    const { html } = await page('advisor', `/cases/${sale.id}`);
    expect(html).toContain('Medical institution practice licence');
    expect(html).not.toMatch(/>practiceLicence</);
  });

  it('shows the average score of each touchpoint on the board', async () => {
    const card = await openCase(api, 'opinion-card' as never, {
      touchpoint: 'firstVisit',
      customer: { name: 'Su Fang' },
      classification: { servedOn: '2026-11-20', salesperson: 'Huang Min', unitType: '2-bed', garden: 'Lychee Garden', dealClosed: false, intent: 'considering' },
    });
    await send(api, card.id, 'advisor', { type: 'card.returned', scores: [{ indicator: 'firstImpression', score: 5 }, { indicator: 'reception', score: 4 }] });
    const { html } = await page('manager', '/board?process=opinion-card');
    expect(html).toContain('data-testid="score-averages"');
    expect(html).toMatch(/First visit to the sales office<\/th><td class="num"><strong>4\.50<\/strong>/);
  });
});
