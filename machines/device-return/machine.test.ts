import { describe, expect, it } from 'vitest';
import { statusOf } from '../process.js';
import { eventRoles, handledEventTypes, openCase, staff, type TestCase } from '../testing.js';
import { complaintForReturn, deviceReturnInputSchema, deviceReturnProcess as definition } from './index.js';

const input = {
  returningParty: { name: 'Kangjian Medical Supplies Ltd', phone: '020-3333 4444' },
  returnedOn: '2026-11-24',
  product: { name: 'Pulse oximeter', manufacturer: 'Shenzhen Medtech', model: 'PX-200', productionDate: '2026-03-01' },
  serialNumber: 'PX200-0001',
  quantity: 1,
  reason: { kind: 'qualityProblem', description: 'Reads 10 % low against the hospital reference.' },
};

function inspected(conforming: boolean): TestCase {
  const c = openCase(definition, input);
  expect(c.send('return.inspected', { findings: conforming ? 'within spec' : 'sensor drift', conforming }).state).toBe('inspected');
  return c;
}

describe('a device return', () => {
  it('is inspected, dispositioned and closed by QA, each step on record', () => {
    const c = inspected(false);
    expect(c.context.inspection).toMatchObject({ findings: 'sensor drift', conforming: false, by: staff('qa') });
    expect(c.send('return.dispositioned', { disposition: 'returnToMaker', note: 'RMA 7781' }).state).toBe('dispositioned');
    expect(c.context.disposition).toMatchObject({ disposition: 'returnToMaker', note: 'RMA 7781', by: staff('qa') });
    expect(c.send('return.closed', {}, { role: 'manager' }).state).toBe('closed');
    expect(statusOf(c.snapshot)).toBe('done');
    expect(c.context.closure).toMatchObject({ by: staff('manager') });
  });

  it('refuses to put nonconforming units back into stock, and lets conforming ones go back', () => {
    const outcome = inspected(false).send('return.dispositioned', { disposition: 'restock' });
    expect(outcome).toMatchObject({ accepted: false, state: 'inspected' });
    expect(outcome.reason).toMatch(/nonconforming: they cannot go back into stock/);
    expect(inspected(true).send('return.dispositioned', { disposition: 'restock' }).state).toBe('dispositioned');
  });

  it.each(['repair', 'scrap', 'returnToMaker'])('accepts %s for nonconforming units', (disposition) => {
    expect(inspected(false).send('return.dispositioned', { disposition }).state).toBe('dispositioned');
  });

  it('cannot be dispositioned before it is inspected, nor closed before it is dispositioned', () => {
    const c = openCase(definition, input);
    expect(c.send('return.dispositioned', { disposition: 'scrap' }).accepted).toBe(false);
    expect(c.send('return.closed', {}).accepted).toBe(false);
    c.send('return.inspected', { findings: 'x', conforming: false });
    expect(c.send('return.closed', {}).accepted).toBe(false);
  });

  it('needs the serial number or the lot of what comes back', () => {
    const { serialNumber: _, ...untraceable } = input;
    const parsed = deviceReturnInputSchema.safeParse(untraceable);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['serialNumber'], message: expect.stringMatching(/serial number or the lot/) });
    expect(deviceReturnInputSchema.safeParse({ ...untraceable, lot: 'L2026-03' }).success).toBe(true);
  });
});

describe('a return with a quality problem', () => {
  it('becomes a complaint for QA naming the return, the product and the returning party', () => {
    const c = openCase(definition, input);
    const [complaint, ...more] = complaintForReturn({ id: 'return-id', number: 'DR-000001', state: c.state, context: c.context });
    expect(more).toEqual([]);
    expect(complaint).toEqual({
      type: 'complaint',
      input: {
        channel: 'visit',
        customer: { name: 'Kangjian Medical Supplies Ltd', phone: '020-3333 4444' },
        statement: 'Reads 10 % low against the hospital reference.',
        severity: 'medium',
        returnId: 'return-id',
        product: { name: 'Pulse oximeter', manufacturer: 'Shenzhen Medtech', model: 'PX-200', serialNumber: 'PX200-0001', productionDate: '2026-03-01' },
      },
    });
  });

  it('is the only kind of return that opens a complaint', () => {
    const c = openCase(definition, { ...input, reason: { kind: 'notNeeded', description: 'ordered too many' } });
    expect(complaintForReturn({ id: 'return-id', number: 'DR-000001', state: c.state, context: c.context })).toEqual([]);
  });
});

describe('the device-return definition', () => {
  it('lets QA inspect and disposition, and QA or a manager close', () => {
    expect([...handledEventTypes(definition)].sort()).toEqual(Object.keys(definition.events).sort());
    expect(eventRoles(definition)).toEqual({ 'return.inspected': ['qa'], 'return.dispositioned': ['qa'], 'return.closed': ['qa', 'manager'] });
  });
});
