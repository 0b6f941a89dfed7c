/**
 * The source's other procedures over HTTP, on PGlite and PostgreSQL: device sales and the recall
 * that finds every unit sold, device returns (a quality problem opens a complaint), opinion
 * cards (a poor complaint-handling score opens one; the board averages the scores), and the links
 * between them (CONTRACT.md "Processes added in v2").
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCases } from '../server/read/verify';
import { backends } from './support/databases';
import { expectError, footprint, send, startApi, type Api, type ApiClient } from './support/api';

// The test clock starts on 2026-11-26.
const hospital = { kind: 'medicalInstitution', name: 'Guangzhou Third People\'s Hospital', phone: '020-8888 0000' };
const practiceLicence = (expiresOn = '2028-06-30') => ({ kind: 'practiceLicence', number: 'PDY-440100-0031', holder: hospital.name, expiresOn });
const oximeter = (serialNumber: string) => ({
  product: 'Pulse oximeter', manufacturer: 'Shenzhen Medtech', model: 'PX-200', productionDate: '2026-03-01', serialNumber, quantity: 1, serviceLifeYears: 5,
});
const syringes = (lot: string, quantity: number) => ({
  product: 'Sterile syringe 5 ml', manufacturer: 'Jiangxi Hongda', model: '5ml-LL', productionDate: '2026-09-01', lot, quantity, expiryDate: '2029-08-31',
});
const saleRecorded = (units: unknown[]) => ({
  type: 'sale.recorded', saleDate: '2026-11-25', handler: 'Wang Fang', invoiceNumber: 'INV 44010023', contractNumber: 'HT-2026-118', units,
});

async function open(client: ApiClient, type: string, input: unknown, role: keyof ApiClient['staff'] = 'advisor') {
  const response = await client.call('POST', '/api/cases', { token: client.staff[role].token, body: { type, input } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function recordedSale(client: ApiClient, buyer: unknown, units: unknown[]) {
  const sale = await open(client, 'device-sale', { buyer });
  await send(client, sale.id, 'advisor', { type: 'buyer.qualified', licences: [practiceLicence()] });
  return send(client, sale.id, 'advisor', saleRecorded(units));
}

const complaintsLinkedTo = async (client: ApiClient, field: string, id: string) => {
  const list = await client.call('GET', '/api/cases?type=complaint&limit=200', { token: client.staff.qa.token });
  return (list.body.items as any[]).filter((c) => c.context[field] === id);
};

describe.each(backends)('the source\'s other procedures on %s', (kind) => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi(kind);
  });
  afterAll(async () => {
    await api?.stop();
  });

  describe('a device sale', () => {
    it('is numbered DS-, qualifies the buyer, then keeps every unit with its retention date', async () => {
      const sale = await open(api, 'device-sale', { buyer: hospital });
      expect(sale.number).toMatch(/^DS-\d{6}$/);
      expect(sale.state).toBe('qualifying');
      expect(sale.allowedEvents.sort()).toEqual(['buyer.qualified', 'sale.cancelled']);
      await send(api, sale.id, 'advisor', { type: 'buyer.qualified', licences: [practiceLicence()] });
      const done = await send(api, sale.id, 'manager', saleRecorded([oximeter('PX200-9001'), syringes('L-API-1', 100)]));
      expect(done).toMatchObject({ state: 'done', status: 'done', context: { retainUntil: '2032-03-01' } });
      expect(done.context.sale.units.map((u: any) => u.retainUntil)).toEqual(['2032-03-01', '2030-08-31']);
    });

    it('refuses a buyer whose licence has expired, with the reason, and changes nothing', async () => {
      const sale = await open(api, 'device-sale', { buyer: hospital });
      const before = await footprint(api, sale.id);
      const refused = await api.call('POST', `/api/cases/${sale.id}/events`, {
        token: api.staff.advisor.token,
        body: { type: 'buyer.qualified', licences: [practiceLicence('2026-11-01')] },
      });
      expectError(refused, 409, 'TRANSITION_NOT_ALLOWED');
      expect(refused.body.error.details.reason).toMatch(/expired on 2026-11-01: a buyer with an expired licence cannot be sold to/);
      expect(await footprint(api, sale.id)).toEqual(before);
    });

    it('is recorded by advisors and managers only', async () => {
      const sale = await open(api, 'device-sale', { buyer: hospital });
      for (const role of ['technician', 'cashier', 'qa'] as const) {
        const refused = await api.call('POST', `/api/cases/${sale.id}/events`, {
          token: api.staff[role].token,
          body: { type: 'buyer.qualified', licences: [practiceLicence()] },
        });
        expectError(refused, 403, 'FORBIDDEN');
      }
    });

    it('keeps the units sold in the database until their retention date: no change, no removal', async () => {
      const sale = await recordedSale(api, hospital, [oximeter('PX200-9101')]);
      await expect(api.database.db.execute(sql`DELETE FROM traced_units WHERE case_id = ${sale.id}`)).rejects.toThrow();
      await expect(api.database.db.execute(sql`UPDATE traced_units SET party = 'someone else' WHERE case_id = ${sale.id}`)).rejects.toThrow();
      await expect(api.database.db.execute(sql`DELETE FROM cases WHERE id = ${sale.id}`)).rejects.toThrow();
      const recall = await api.call('GET', '/api/recall?serial=PX200-9101', { token: api.staff.qa.token });
      expect(recall.body.items).toHaveLength(1);
    });

    it('is checked by verify: a unit slipped into the table that the sale never recorded is reported', async () => {
      const sale = await recordedSale(api, hospital, [oximeter('PX200-9201')]);
      expect((await verifyCases(api.database.db)).discrepancies).toEqual([]);
      await api.database.db.execute(sql`
        INSERT INTO traced_units (case_id, line, product, quantity, party, traded_on, recorded_at, retain_until)
        VALUES (${sale.id}, 1, 'Forged unit', 1, 'nobody', '2026-11-25', now(), '2030-01-01')`);
      const report = await verifyCases(api.database.db);
      expect(report.discrepancies).toEqual([{ caseId: sale.id, number: sale.number, problems: ['traced_units holds 2 units, the case declares 1'] }]);
    });
  });

  describe('a recall', () => {
    it('finds every unit sold of a lot, across sales, with the buyers', async () => {
      const first = await recordedSale(api, hospital, [syringes('L-RECALL-7', 2000), oximeter('PX200-7001')]);
      const dealer = { kind: 'individual', name: 'Chen Jing', phone: '139 0000 2222' };
      const second = await open(api, 'device-sale', { buyer: dealer });
      await send(api, second.id, 'advisor', { type: 'buyer.qualified', licences: [] });
      await send(api, second.id, 'advisor', saleRecorded([syringes('L-RECALL-7', 50)]));
      await recordedSale(api, hospital, [syringes('L-OTHER', 10)]);

      const response = await api.call('GET', '/api/recall?lot=l-recall-7', { token: api.staff.qa.token });
      expect(response.status).toBe(200);
      const items = response.body.items as any[];
      expect(items.map((i) => [i.saleNumber, i.buyer, i.quantity]).sort()).toEqual(
        [[first.number, hospital.name, 2000], [second.number, 'Chen Jing', 50]].sort(),
      );
      expect(items.find((i) => i.saleId === first.id)).toEqual({
        saleId: first.id,
        saleNumber: first.number,
        buyer: hospital.name,
        product: 'Sterile syringe 5 ml',
        manufacturer: 'Jiangxi Hongda',
        model: '5ml-LL',
        serial: null,
        lot: 'L-RECALL-7',
        quantity: 2000,
        productionDate: '2026-09-01',
        saleDate: '2026-11-25',
        soldAt: expect.stringMatching(/^2026-11-26T/),
        retainUntil: '2030-08-31',
      });
    });

    it('finds one unit by serial, and units by product and model together', async () => {
      await recordedSale(api, hospital, [oximeter('PX200-SER-1'), oximeter('PX200-SER-2')]);
      const bySerial = await api.call('GET', '/api/recall?serial=PX200-SER-2', { token: api.staff.manager.token });
      expect(bySerial.body.items.map((i: any) => i.serial)).toEqual(['PX200-SER-2']);
      const byModel = await api.call('GET', `/api/recall?product=${encodeURIComponent('Pulse oximeter')}&model=PX-200`, { token: api.staff.qa.token });
      expect(byModel.body.items.map((i: any) => i.serial)).toEqual(expect.arrayContaining(['PX200-SER-1', 'PX200-SER-2']));
      const none = await api.call('GET', '/api/recall?lot=NO-SUCH-LOT', { token: api.staff.qa.token });
      expect(none.body).toEqual({ items: [] });
    });

    it('is documented in the OpenAPI document with its parameters, as are the customer file routes', async () => {
      const document = (await api.call('GET', '/openapi.json')).body;
      const recall = document.paths['/api/recall'].get;
      expect(recall.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['lot', 'model', 'product', 'serial']);
      expect(Object.keys(recall.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
      expect(document.paths['/api/customers'].get.parameters.map((p: { name: string }) => p.name)).toContain('q');
      expect(document.paths['/api/customers/{id}'].get.responses['404']).toBeDefined();
    });

    it('is for QA and managers: 403 for other roles, 400 without any parameter', async () => {
      for (const role of ['advisor', 'technician', 'cashier'] as const) {
        expectError(await api.call('GET', '/api/recall?lot=L1', { token: api.staff[role].token }), 403, 'FORBIDDEN');
      }
      expectError(await api.call('GET', '/api/recall', { token: api.staff.qa.token }), 400, 'VALIDATION_FAILED');
      expectError(await api.call('GET', '/api/recall?lot=', { token: api.staff.qa.token }), 400, 'VALIDATION_FAILED');
      expectError(await api.call('GET', '/api/recall?batch=L1', { token: api.staff.qa.token }), 400, 'VALIDATION_FAILED');
      expectError(await api.call('GET', '/api/recall?lot=L1'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('a device return', () => {
    const returned = (overrides: Record<string, unknown> = {}) => ({
      returningParty: { name: hospital.name, phone: hospital.phone },
      returnedOn: '2026-11-25',
      product: { name: 'Pulse oximeter', manufacturer: 'Shenzhen Medtech', model: 'PX-200', productionDate: '2026-03-01' },
      serialNumber: 'PX200-9001',
      quantity: 1,
      reason: { kind: 'qualityProblem', description: 'Reads 10 % low against the hospital reference.' },
      ...overrides,
    });

    it('with a quality problem opens a complaint for QA at once, linked to the return and the sale, by the system', async () => {
      const sale = await recordedSale(api, hospital, [oximeter('PX200-RET-1')]);
      const ret = await open(api, 'device-return', returned({ saleId: sale.id, serialNumber: 'PX200-RET-1' }));
      expect(ret.number).toMatch(/^DR-\d{6}$/);
      const [complaint, ...more] = await complaintsLinkedTo(api, 'returnId', ret.id);
      expect(more).toEqual([]);
      expect(complaint).toMatchObject({
        state: 'received',
        context: {
          saleId: sale.id,
          customer: { name: hospital.name, phone: hospital.phone },
          statement: 'Reads 10 % low against the hospital reference.',
          product: { name: 'Pulse oximeter', serialNumber: 'PX200-RET-1' },
        },
      });
      const journal = await api.call('GET', `/api/cases/${complaint.id}/events`, { token: api.staff.qa.token });
      expect(journal.body[0]).toMatchObject({ type: 'case.created', actor: { id: 'system', role: 'system' } });
    });

    it('for any other reason opens no complaint', async () => {
      const ret = await open(api, 'device-return', returned({ reason: { kind: 'notNeeded', description: 'surplus' } }));
      expect(await complaintsLinkedTo(api, 'returnId', ret.id)).toEqual([]);
    });

    it('refuses a saleId that names no device sale, and opens nothing', async () => {
      const workOrder = await open(api, 'work-order', {
        customer: { name: 'Li Wei', phone: '138 0000 0001' }, vehicle: { plate: '粤A·00001', odometerKm: 1 }, requests: ['oil'],
      });
      const before = (await api.call('GET', '/api/cases?type=device-return&limit=200', { token: api.staff.qa.token })).body.items.length;
      const refused = await api.call('POST', '/api/cases', {
        token: api.staff.advisor.token,
        body: { type: 'device-return', input: returned({ saleId: workOrder.id }) },
      });
      expectError(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.error.details).toEqual([{ path: 'input.saleId', message: expect.stringMatching(/no such device sale/) }]);
      expect((await api.call('GET', '/api/cases?type=device-return&limit=200', { token: api.staff.qa.token })).body.items.length).toBe(before);
    });

    it('is inspected and dispositioned by QA and closed: nonconforming units never go back to stock', async () => {
      const ret = await open(api, 'device-return', returned({ reason: { kind: 'damagedInTransit', description: 'cracked' } }));
      expectError(
        await api.call('POST', `/api/cases/${ret.id}/events`, { token: api.staff.advisor.token, body: { type: 'return.inspected', findings: 'x', conforming: true } }),
        403,
        'FORBIDDEN',
      );
      await send(api, ret.id, 'qa', { type: 'return.inspected', findings: 'Display cracked.', conforming: false });
      const refused = await api.call('POST', `/api/cases/${ret.id}/events`, { token: api.staff.qa.token, body: { type: 'return.dispositioned', disposition: 'restock' } });
      expectError(refused, 409, 'TRANSITION_NOT_ALLOWED');
      expect(refused.body.error.details.reason).toMatch(/cannot go back into stock/);
      await send(api, ret.id, 'qa', { type: 'return.dispositioned', disposition: 'returnToMaker', note: 'RMA 7781' });
      expect(await send(api, ret.id, 'manager', { type: 'return.closed' })).toMatchObject({ state: 'closed', status: 'done' });
    });
  });

  describe('a complaint about a device sale', () => {
    it('names the sale, and a saleId that is no device sale is refused', async () => {
      const sale = await recordedSale(api, hospital, [oximeter('PX200-CP-1')]);
      const complaint = await open(api, 'complaint', {
        channel: 'phone', customer: { name: hospital.name }, statement: 'The oximeter reads low.', severity: 'high', saleId: sale.id,
      });
      expect(complaint.context.saleId).toBe(sale.id);
      const refused = await api.call('POST', '/api/cases', {
        token: api.staff.qa.token,
        body: { type: 'complaint', input: { channel: 'phone', customer: { name: 'x' }, statement: 'y', severity: 'low', saleId: complaint.id } },
      });
      expectError(refused, 400, 'VALIDATION_FAILED');
    });
  });

  describe('an opinion card', () => {
    const card = (touchpoint: string) => ({
      touchpoint,
      customer: { name: 'Liang Wei', phone: '137 1111 2222' },
      classification: { servedOn: '2026-11-20', salesperson: 'Huang Min', unitType: '3-bed 110 m²', garden: 'Lychee Garden', dealClosed: true, intent: 'strong' },
    });

    it('is returned, reviewed and filed, and only a manager reviews it', async () => {
      const opened = await open(api, 'opinion-card', card('signing'));
      expect(opened.number).toMatch(/^OC-\d{6}$/);
      await send(api, opened.id, 'advisor', { type: 'card.returned', scores: [{ indicator: 'signingFeeling', score: 4 }, { indicator: 'termsExplained', score: 5 }] });
      expectError(await api.call('POST', `/api/cases/${opened.id}/events`, { token: api.staff.advisor.token, body: { type: 'card.reviewed', evaluation: 'x' } }), 403, 'FORBIDDEN');
      await send(api, opened.id, 'manager', { type: 'card.reviewed', evaluation: 'Good.' });
      expect(await send(api, opened.id, 'manager', { type: 'card.filed', fileReference: 'OPN-1' })).toMatchObject({ state: 'filed', status: 'done' });
    });

    it('with a complaint-handling score of 1 or 2 opens a complaint linked to the card; 3 does not', async () => {
      const poor = await open(api, 'opinion-card', card('complaintHandling'));
      await send(api, poor.id, 'advisor', {
        type: 'card.returned', scores: [{ indicator: 'complaintHandling', score: 2 }, { indicator: 'responseSpeed', score: 1 }], comments: 'Nobody called me back.',
      });
      const [complaint] = await complaintsLinkedTo(api, 'cardId', poor.id);
      expect(complaint).toMatchObject({ state: 'received', context: { channel: 'survey', statement: 'Nobody called me back.', customer: { name: 'Liang Wei' } } });

      const fair = await open(api, 'opinion-card', card('complaintHandling'));
      await send(api, fair.id, 'advisor', { type: 'card.returned', scores: [{ indicator: 'complaintHandling', score: 3 }, { indicator: 'responseSpeed', score: 1 }] });
      expect(await complaintsLinkedTo(api, 'cardId', fair.id)).toEqual([]);
    });

    it('shows on the board the average score of each touchpoint', async () => {
      const client = api;
      for (const score of [1, 4]) {
        const media = await open(client, 'opinion-card', card('media'));
        await send(client, media.id, 'advisor', { type: 'card.returned', scores: [{ indicator: 'mediaImpression', score }, { indicator: 'informationAccuracy', score: 5 }] });
      }
      const board = await client.call('GET', '/api/board?type=opinion-card', { token: client.staff.manager.token });
      expect(board.status).toBe(200);
      const media = board.body.scores.find((s: any) => s.dimension === 'media');
      expect(media).toMatchObject({ average: 3.75, cases: 2, label: { en: 'Media and advertising' } });
      expect(board.body.scores.map((s: any) => s.dimension)).toEqual(['media', 'firstVisit', 'purchaseDecision', 'signing', 'construction', 'handover', 'complaintHandling']);
      expect(board.body.scores.find((s: any) => s.dimension === 'construction')).toMatchObject({ average: null, cases: 0 });
    });
  });

  it('lists every new process with its states, and numbers each in its own sequence', async () => {
    const processes = await api.call('GET', '/api/processes', { token: api.staff.advisor.token });
    const byType = Object.fromEntries((processes.body as any[]).map((p) => [p.type, p.states.map((s: any) => s.path)]));
    expect(byType['device-sale']).toEqual(['qualifying', 'recording', 'done', 'cancelled']);
    expect(byType['device-return']).toEqual(['received', 'inspected', 'dispositioned', 'closed']);
    expect(byType['opinion-card']).toEqual(['issued', 'returned', 'reviewed', 'filed']);
  });
});
