/**
 * The customer file over HTTP, on PGlite and PostgreSQL: a work order's customer and vehicle are
 * matched by phone and plate when it opens (created when new), other cases about the same phone
 * join the file, and `GET /api/customers` / `GET /api/customers/:id` list them (CONTRACT.md v2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/databases';
import { MINUTE, complaintInput, expectError, openCase, send, startApi, workOrderInput, type Api } from './support/api';

describe.each(backends)('the customer file on %s', (kind) => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi(kind);
  });
  afterAll(async () => {
    await api?.stop();
  });

  const get = (path: string) => api.call('GET', path, { token: api.staff.advisor.token });

  it('files a first visit under a new customer and vehicle, and a return visit under the same ones', async () => {
    const first = await openCase(api, 'work-order', workOrderInput({
      customer: { name: 'Lin Hai', phone: '+86 135 0000 1001' },
      vehicle: { plate: '粤B·10001', odometerKm: 30_000, model: 'Honda Accord' },
    }));
    await send(api, first.id, 'advisor', { type: 'order.cancelled', reason: 'came back another day' });
    api.clock.advance(MINUTE);
    // The same phone and plate, typed differently: the same customer and vehicle.
    const second = await openCase(api, 'work-order', workOrderInput({
      customer: { name: 'Lin Hai', phone: '+86 13500001001' },
      vehicle: { plate: '粤b 10001', odometerKm: 31_500 },
    }));
    api.clock.advance(MINUTE);
    const complaint = await openCase(api, 'complaint', complaintInput({ customer: { name: 'Lin Hai', phone: '135-0000-1001' } }), 'qa');

    const found = await get(`/api/customers?q=${encodeURIComponent('粤B10001')}`);
    expect(found.status).toBe(200);
    expect(found.body.items).toHaveLength(1);
    const [customer] = found.body.items;
    expect(customer).toMatchObject({ name: 'Lin Hai', plates: ['粤b 10001'], caseCount: 3 });

    const file = await get(`/api/customers/${customer.id}`);
    expect(file.status).toBe(200);
    expect(file.body).toMatchObject({ id: customer.id, name: 'Lin Hai', phone: '135-0000-1001' });
    expect(file.body.vehicles).toEqual([{ id: expect.any(String), plate: '粤b 10001', model: 'Honda Accord', vin: null }]);
    // Every case, open or closed, newest first.
    expect(file.body.cases.map((c: any) => [c.number, c.status])).toEqual([
      [complaint.number, 'active'],
      [second.number, 'active'],
      [first.number, 'cancelled'],
    ]);
  });

  it('finds customers by name and by phone digits, and keeps different phones apart', async () => {
    await openCase(api, 'work-order', workOrderInput({ customer: { name: 'Qiu Yan', phone: '136 0000 2002' }, vehicle: { plate: '粤C·20002', odometerKm: 1 } }));
    await openCase(api, 'work-order', workOrderInput({ customer: { name: 'Qiu Yan', phone: '136 0000 2003' }, vehicle: { plate: '粤C·20003', odometerKm: 1 } }));
    const byName = await get('/api/customers?q=qiu%20yan');
    expect(byName.body.items.map((c: any) => c.phone).sort()).toEqual(['136 0000 2002', '136 0000 2003']);
    const byPhone = await get(`/api/customers?q=${encodeURIComponent('136-0000-2003')}`);
    expect(byPhone.body.items.map((c: any) => c.plates)).toEqual([['粤C·20003']]);
  });

  it('moves a vehicle to the customer who brings it in now', async () => {
    await openCase(api, 'work-order', workOrderInput({ customer: { name: 'Old Owner', phone: '137 0000 3003' }, vehicle: { plate: '粤D·30003', odometerKm: 1 } }));
    await openCase(api, 'work-order', workOrderInput({ customer: { name: 'New Owner', phone: '137 0000 3004' }, vehicle: { plate: '粤D·30003', odometerKm: 2 } }));
    const [oldOwner] = (await get('/api/customers?q=old%20owner')).body.items;
    const [newOwner] = (await get('/api/customers?q=new%20owner')).body.items;
    expect((await get(`/api/customers/${newOwner.id}`)).body.vehicles.map((v: any) => v.plate)).toEqual(['粤D·30003']);
    const oldFile = (await get(`/api/customers/${oldOwner.id}`)).body;
    expect(oldFile.vehicles).toEqual([]);
    expect(oldFile.cases).toHaveLength(1);
  });

  it('answers 404 for an unknown customer, 400 for a bad query, 401 without a token', async () => {
    expectError(await get('/api/customers/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    expectError(await get('/api/customers/not-a-uuid'), 404, 'NOT_FOUND');
    expectError(await get('/api/customers?limit=0'), 400, 'VALIDATION_FAILED');
    expectError(await get('/api/customers?colour=red'), 400, 'VALIDATION_FAILED');
    expectError(await api.call('GET', '/api/customers'), 401, 'UNAUTHENTICATED');
  });

  it('files a customer once when two of their cases open at the same moment', async () => {
    const phone = '138 0000 4004';
    await Promise.all([
      openCase(api, 'work-order', workOrderInput({ customer: { name: 'Twin', phone }, vehicle: { plate: '粤E·40004', odometerKm: 1 } })),
      openCase(api, 'complaint', complaintInput({ customer: { name: 'Twin', phone } }), 'qa'),
    ]);
    const found = (await get('/api/customers?q=13800004004')).body.items;
    expect(found).toHaveLength(1);
    expect(found[0].caseCount).toBe(2);
  });
});
