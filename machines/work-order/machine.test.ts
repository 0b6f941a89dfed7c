import { sampleSignature } from '../signature.js';
import { describe, expect, it } from 'vitest';
import { statusOf } from '../process.js';
import { eventRoles, eventSchemas, handledEventTypes, iso, isTransient, openCase, referencedGuards, staff, stateNodes, type TestCase } from '../testing.js';
// Version 1 of the work order, kept for the cases opened on it: its rules are tested here as they
// were; what version 2 changes is tested in version2.test.ts.
import { workOrderEvents, workOrderVersion1 as workOrderProcess } from './index.js';

// ── Fixtures: one customer, two requests, a brake job ──────────────────────────────────────

const input = {
  customer: { name: 'Li Wei', phone: '138 0013 8000' },
  vehicle: { plate: '粤A·12345', odometerKm: 61_200 },
  requests: ['the brakes squeak when cold', 'oil change'],
};
const signature = sampleSignature('Li Wei');
const inspection = {
  coversFitted: true,
  findings: [{ area: 'rear bumper', condition: 'scratched' }],
  belongings: ['umbrella'],
  valuablesReminderGiven: true,
  customerSignature: signature,
};
const labour = { kind: 'labour', description: 'replace the front brake pads', quantity: 1.5, unitPriceMinor: 10_001, labourHours: 1.5 };
const pads = { kind: 'part', description: 'front brake pads', quantity: 1, unitPriceMinor: 30_000, partNumber: 'BP-100', inStock: true };
const missingPads = { ...pads, inStock: false };
const brakeFluid = { kind: 'fluid', description: 'brake fluid', quantity: 0.5, unitPriceMinor: 999, inStock: true };
const missingDisc = { kind: 'part', description: 'front brake disc', quantity: 2, unitPriceMinor: 45_000, inStock: false };
const reviewAll = { resolutions: [{ request: 0, resolved: true }, { request: 1, resolved: true }] };

const DAY = 24 * 60 * 60_000;
/** A promised delivery time two days after the case's clock. */
const promisedFrom = (c: TestCase) => iso(c.now + 2 * DAY);

function atEstimate(): TestCase {
  const c = openCase(workOrderProcess, input);
  c.send('requests.confirmed');
  c.send('inspection.recorded', inspection);
  expect(c.state).toBe('estimate');
  return c;
}

function atSign(lines: object[] = [labour, pads]): TestCase {
  const c = atEstimate();
  expect(c.send('estimate.prepared', { lines, promisedAt: promisedFrom(c) }).accepted).toBe(true);
  return c;
}

/** Estimate signed; lines L1, L2, … approved. */
function approved(lines: object[] = [labour, pads]): TestCase {
  const c = atSign(lines);
  expect(c.send('estimate.approved', { revision: 1, customerSignature: signature }).accepted).toBe(true);
  return c;
}

/** Work started on an approved estimate whose parts are all in stock. */
function working(lines: object[] = [labour, pads]): TestCase {
  const c = approved(lines);
  expect(c.send('repair.started', { technician: 'Wang Qiang' }).state).toBe('repair.inProgress');
  return c;
}

function completeAll(c: TestCase) {
  for (const line of c.context.estimate.lines) {
    if (line.approval === 'approved' && !line.done) c.send('repair.lineCompleted', { lineId: line.id });
  }
}

/** Repair finished on the brake job (total 15002 + 30000 = 45002): at the request review. */
function atSettle(lines: object[] = [labour, pads]): TestCase {
  const c = working(lines);
  completeAll(c);
  expect(c.send('repair.completed').state).toBe('settle.reviewingRequests');
  return c;
}

function atPayment(): TestCase {
  const c = atSettle();
  c.send('settlement.requestsReviewed', reviewAll);
  expect(c.send('invoice.signed', { customerSignature: signature }).state).toBe('settle.awaitingPayment');
  return c;
}

function atHandover(): TestCase {
  const c = atPayment();
  expect(c.send('payment.recorded', { amountMinor: 45_002, method: 'card' }).state).toBe('handover');
  return c;
}

// ── greet and inspect ───────────────────────────────────────────────────────────────────────

describe('greeting the customer', () => {
  it('lets any staff member confirm the read-back requests and moves the car to inspection', () => {
    expect(eventRoles(workOrderProcess)['requests.confirmed']).toEqual(['advisor', 'technician', 'cashier', 'qa', 'manager']);
    const c = openCase(workOrderProcess, input);
    expect(c.state).toBe('greet');
    expect(c.send('requests.confirmed', {}, { role: 'cashier' }).state).toBe('inspect');
    expect(c.context.requestsConfirmedAt).toBe('2026-11-26T10:00:00.000Z');
  });
});

describe('inspecting the car with the customer', () => {
  it('refuses an inspection without the protective covers fitted', () => {
    const c = openCase(workOrderProcess, input);
    c.send('requests.confirmed');
    const outcome = c.send('inspection.recorded', { ...inspection, coversFitted: false });
    expect(outcome).toMatchObject({ accepted: false, state: 'inspect' });
    expect(outcome.reason).toMatch(/covers must be fitted/);
  });

  it('refuses an inspection when the customer was not reminded about valuables', () => {
    const c = openCase(workOrderProcess, input);
    c.send('requests.confirmed');
    const outcome = c.send('inspection.recorded', { ...inspection, valuablesReminderGiven: false });
    expect(outcome).toMatchObject({ accepted: false, state: 'inspect' });
    expect(outcome.reason).toMatch(/reminded to take their valuables/);
  });

  it('refuses an inspection the customer has not signed', () => {
    const c = openCase(workOrderProcess, input);
    c.send('requests.confirmed');
    const { customerSignature: _, ...unsigned } = inspection;
    const outcome = c.send('inspection.recorded', unsigned);
    expect(outcome).toMatchObject({ accepted: false, state: 'inspect' });
    expect(outcome.reason).toMatch(/must sign the inspection/);
  });

  it('records a complete inspection, an empty belongings list included, and moves to the estimate', () => {
    const c = openCase(workOrderProcess, input);
    c.send('requests.confirmed');
    expect(c.send('inspection.recorded', { ...inspection, belongings: [] }).state).toBe('estimate');
    expect(c.context.inspection).toMatchObject({
      coversFitted: true,
      belongings: [],
      customerSignature: { ...signature, at: '2026-11-26T10:01:00.000Z' },
      recordedBy: staff('advisor'),
    });
  });
});

// ── estimate ────────────────────────────────────────────────────────────────────────────────

describe('preparing the estimate', () => {
  it('refuses an estimate with no lines', () => {
    const c = atEstimate();
    const outcome = c.send('estimate.prepared', { lines: [], promisedAt: promisedFrom(c) });
    expect(outcome).toMatchObject({ accepted: false, state: 'estimate' });
    expect(outcome.reason).toMatch(/at least one line/);
  });

  it('refuses a labour line without its labour hours', () => {
    const c = atEstimate();
    const { labourHours: _, ...noHours } = labour;
    const outcome = c.send('estimate.prepared', { lines: [noHours], promisedAt: promisedFrom(c) });
    expect(outcome).toMatchObject({ accepted: false, state: 'estimate' });
    expect(outcome.reason).toMatch(/needs its labour hours/);
  });

  it.each([
    ['part', pads],
    ['fluid', brakeFluid],
  ])('refuses a %s line that does not say whether it is in stock', (_, line) => {
    const c = atEstimate();
    const { inStock: __, ...unknownStock } = line;
    const outcome = c.send('estimate.prepared', { lines: [labour, unknownStock], promisedAt: promisedFrom(c) });
    expect(outcome).toMatchObject({ accepted: false, state: 'estimate' });
    expect(outcome.reason).toMatch(/must say whether it is in stock/);
  });

  it('refuses a promised delivery time that is not in the future', () => {
    const c = atEstimate();
    const outcome = c.send('estimate.prepared', { lines: [labour], promisedAt: iso(c.now - 60_000) });
    expect(outcome).toMatchObject({ accepted: false, state: 'estimate' });
    expect(outcome.reason).toMatch(/promised delivery time must be in the future/);
  });

  it('refuses two lines with the same id', () => {
    const c = atEstimate();
    const outcome = c.send('estimate.prepared', { lines: [{ ...labour, id: 'A' }, { ...pads, id: 'A' }], promisedAt: promisedFrom(c) });
    expect(outcome).toMatchObject({ accepted: false, state: 'estimate' });
    expect(outcome.reason).toMatch(/"A" is used twice/);
  });

  it('records revision 1 with each line priced, the total, the currency and the promised time', () => {
    const c = atEstimate();
    const promisedAt = promisedFrom(c);
    expect(c.send('estimate.prepared', { lines: [labour, pads], promisedAt }).state).toBe('sign');
    expect(c.context.estimate).toMatchObject({
      revision: 1,
      totalMinor: 45_002,
      currency: 'CNY',
      promisedAt,
      lines: [
        { id: 'L1', kind: 'labour', amountMinor: 15_002, approval: 'pending', done: false },
        { id: 'L2', kind: 'part', amountMinor: 30_000, inStock: true, approval: 'pending', done: false },
      ],
    });
  });

  it.each([
    [1.5, 10_001, 15_002],
    [0.33, 5, 2],
    [0.5, 5, 3],
    [0.29, 100, 29],
    [2.25, 2, 5],
    [0.01, 49, 0],
    [3, 0, 0],
  ])('prices %d × %d at %d (half-up to a whole minor unit)', (quantity, unitPriceMinor, amountMinor) => {
    const c = atEstimate();
    c.send('estimate.prepared', { lines: [{ ...labour, quantity, unitPriceMinor }], promisedAt: promisedFrom(c) });
    expect(c.context.estimate.lines[0].amountMinor).toBe(amountMinor);
    expect(c.context.estimate.totalMinor).toBe(amountMinor);
  });

  it.each([1.005, 0.001, 2.675, 1 / 3, 1.000000001, 1e-9])('rejects the quantity %d (more than two decimals) in the payload schema', (quantity) => {
    const result = workOrderEvents['estimate.prepared'].schema.safeParse({ lines: [{ ...labour, quantity }], promisedAt: iso(Date.now() + DAY) });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['lines', 0, 'quantity']);
    expect(result.error!.issues[0]!.message).toMatch(/at most 2 decimals/);
  });

  it.each([0.01, 0.29, 1.1, 2.5, 1_234.56, 9_999.99])('accepts the quantity %d (at most two decimals)', (quantity) => {
    const result = workOrderEvents['estimate.prepared'].schema.safeParse({ lines: [{ ...labour, quantity }], promisedAt: iso(Date.now() + DAY) });
    expect(result.success).toBe(true);
  });

  it.each([0, -1])('rejects the quantity %d (not positive) in the payload schema', (quantity) => {
    const result = workOrderEvents['estimate.prepared'].schema.safeParse({ lines: [{ ...labour, quantity }], promisedAt: iso(Date.now() + DAY) });
    expect(result.success).toBe(false);
  });

  it('keeps the biggest estimate exact: quantity and unit price are bounded so 200 lines stay below 2^53', () => {
    const parse = (line: object) => workOrderEvents['estimate.prepared'].schema.safeParse({ lines: [{ ...labour, ...line }], promisedAt: iso(Date.now() + DAY) });
    expect(parse({ quantity: 10_000 }).success).toBe(false);
    expect(parse({ unitPriceMinor: 1_000_000_001 }).success).toBe(false);
    const c = atEstimate();
    const line = { ...labour, quantity: 9_999.99, unitPriceMinor: 1_000_000_000 };
    c.send('estimate.prepared', { lines: Array.from({ length: 200 }, () => line), promisedAt: promisedFrom(c) });
    expect(c.context.estimate.lines[0].amountMinor).toBe(9_999_990_000_000);
    expect(c.context.estimate.totalMinor).toBe(200 * 9_999_990_000_000);
    expect(Number.isSafeInteger(c.context.estimate.totalMinor)).toBe(true);
  });

  it('keeps the line ids it is given and numbers the others L1, L2, … without colliding', () => {
    const c = atEstimate();
    c.send('estimate.prepared', {
      lines: [{ ...labour, id: 'brake-job' }, pads, { ...brakeFluid, id: 'L1' }, { ...missingDisc }],
      promisedAt: promisedFrom(c),
    });
    expect(c.context.estimate.lines.map((l: { id: string }) => l.id)).toEqual(['brake-job', 'L2', 'L1', 'L3']);
  });
});

// ── sign ────────────────────────────────────────────────────────────────────────────────────

describe('the customer signing the estimate', () => {
  it('shows a re-prepared estimate as revision 2 and keeps revision 1 on record', () => {
    const c = atSign();
    expect(c.send('estimate.prepared', { lines: [labour, missingPads], promisedAt: promisedFrom(c) }).state).toBe('sign');
    expect(c.context.estimate.revision).toBe(2);
    expect(c.context.estimateRevisions.map((e: { revision: number }) => e.revision)).toEqual([1, 2]);
  });

  it('refuses a signature on a stale revision and names both revisions', () => {
    const c = atSign();
    c.send('estimate.prepared', { lines: [labour], promisedAt: promisedFrom(c) });
    const outcome = c.send('estimate.approved', { revision: 1, customerSignature: signature });
    expect(outcome).toMatchObject({ accepted: false, state: 'sign' });
    expect(outcome.reason).toMatch(/revision 2 .*not revision 1/);
    expect(c.context.approval).toBeNull();
  });

  it('starts repair when the customer signs the current revision, with every line approved', () => {
    const c = atSign();
    c.send('estimate.prepared', { lines: [labour, pads], promisedAt: promisedFrom(c) });
    const outcome = c.send('estimate.approved', { revision: 2, customerSignature: signature });
    expect(outcome).toMatchObject({ accepted: true, state: 'repair.ready' });
    expect(c.context.approval).toEqual({ revision: 2, customerSignature: { ...signature, at: expect.any(String) } });
    expect(c.context.estimate.lines.every((l: { approval: string }) => l.approval === 'approved')).toBe(true);
  });

  it('holds the car in waiting-for-parts when an approved part is not in stock', () => {
    const c = atSign([labour, missingPads]);
    expect(c.send('estimate.approved', { revision: 1, customerSignature: signature }).state).toBe('repair.waitingParts');
    expect(c.allowed).toEqual(['parts.received']);
  });

  it('sends a declined estimate to settlement with nothing owed, and a signed invoice straight to handover', () => {
    const c = atSign();
    expect(c.send('estimate.declined', { reason: 'too expensive' }).state).toBe('settle.reviewingRequests');
    expect(c.context.estimateDeclined).toMatchObject({ reason: 'too expensive', by: staff('advisor') });
    expect(c.context.billing).toEqual({ totalMinor: 0, paidMinor: 0, owedMinor: 0 });
    c.send('settlement.requestsReviewed', {
      resolutions: [
        { request: 0, resolved: false, note: 'customer declined the estimate' },
        { request: 1, resolved: false, note: 'customer declined the estimate' },
      ],
    });
    expect(c.send('invoice.signed', { customerSignature: signature }).state).toBe('handover');
    expect(c.context.invoice.totalMinor).toBe(0);
    expect(c.send('vehicle.handedOver', { coversRemoved: true, nextService: { dueOdometerKm: 66_200 } }).state).toBe('done');
    expect(c.context.repair.startedAt).toBeNull();
  });

  it('hands over a warranty job priced at 0 straight after the invoice is signed', () => {
    const c = atSettle([{ ...labour, unitPriceMinor: 0 }]);
    expect(c.context.billing).toEqual({ totalMinor: 0, paidMinor: 0, owedMinor: 0 });
    c.send('settlement.requestsReviewed', reviewAll);
    expect(c.send('invoice.signed', { customerSignature: signature }).state).toBe('handover');
  });
});

describe('cancelling an order', () => {
  const before: Array<[string, () => TestCase]> = [
    ['greet', () => openCase(workOrderProcess, input)],
    ['inspect', () => {
      const c = openCase(workOrderProcess, input);
      c.send('requests.confirmed');
      return c;
    }],
    ['estimate', atEstimate],
    ['sign', () => atSign()],
  ];
  it.each(before)('may cancel in %s, which ends the order', (state, reach) => {
    const c = reach();
    expect(c.state).toBe(state);
    expect(c.send('order.cancelled', { reason: 'customer left' }).state).toBe('cancelled');
    expect(statusOf(c.snapshot)).toBe('cancelled');
    expect(c.context.cancellation).toMatchObject({ reason: 'customer left', by: staff('advisor') });
    expect(c.allowed).toEqual([]);
  });

  const after: Array<[string, () => TestCase]> = [
    ['repair.waitingParts', () => approved([labour, missingPads])],
    ['repair.ready', () => approved()],
    ['repair.inProgress', () => working()],
    ['repair.awaitingSupplement', () => {
      const c = working();
      c.send('repair.additionalWorkFound', { lines: [brakeFluid], note: 'fluid is dark' });
      return c;
    }],
    ['settle.reviewingRequests', () => atSettle()],
    ['settle.awaitingPayment', atPayment],
    ['handover', atHandover],
  ];
  it.each(after)('may not cancel once repair has begun (%s)', (state, reach) => {
    const c = reach();
    expect(c.state).toBe(state);
    expect(c.allowed).not.toContain('order.cancelled');
    const outcome = c.send('order.cancelled', { reason: 'customer left' });
    expect(outcome).toMatchObject({ accepted: false, state });
    expect(outcome.reason).toMatch(/cannot happen while the case is in/);
  });
});

// ── repair ──────────────────────────────────────────────────────────────────────────────────

describe('waiting for parts', () => {
  it('refuses to receive a part that was never missing', () => {
    const c = approved([labour, missingPads, brakeFluid]);
    const outcome = c.send('parts.received', { lineIds: ['L3'] }, { role: 'technician' });
    expect(outcome).toMatchObject({ accepted: false, state: 'repair.waitingParts' });
    expect(outcome.reason).toMatch(/part for line "L3" is not missing/);
  });

  it('refuses to receive a labour line or an unknown line as a part', () => {
    const c = approved([labour, missingPads]);
    expect(c.send('parts.received', { lineIds: ['L1'] }).reason).toMatch(/"L1" is not an approved part or fluid line/);
    expect(c.send('parts.received', { lineIds: ['L9'] }).reason).toMatch(/"L9" is not an approved part or fluid line/);
    expect(c.state).toBe('repair.waitingParts');
  });

  it('keeps waiting until every missing part is in, then the car is ready for the workshop', () => {
    const c = approved([labour, missingPads, missingDisc]);
    expect(c.send('parts.received', { lineIds: ['L2'] }).state).toBe('repair.waitingParts');
    expect(c.context.estimate.lines[1]).toMatchObject({ inStock: true, receivedAt: expect.any(String) });
    expect(c.send('parts.received', { lineIds: ['L3'] }).state).toBe('repair.ready');
  });

  it('returns to work in progress when the missing part of a supplement arrives after work had started', () => {
    const c = working();
    c.send('repair.additionalWorkFound', { lines: [missingDisc], note: 'disc worn below minimum' });
    expect(c.send('supplement.approved', { revision: 2, customerSignature: signature }).state).toBe('repair.waitingParts');
    expect(c.send('parts.received', { lineIds: ['L3'] }).state).toBe('repair.inProgress');
  });
});

describe('working the approved lines', () => {
  it('records the technician when work starts', () => {
    const c = approved();
    expect(c.send('repair.started', { technician: 'Wang Qiang' }).state).toBe('repair.inProgress');
    expect(c.context.repair).toMatchObject({ technician: 'Wang Qiang', startedAt: expect.any(String) });
  });

  it('marks an approved line done and stays in progress', () => {
    const c = working();
    expect(c.send('repair.lineCompleted', { lineId: 'L1' }).state).toBe('repair.inProgress');
    expect(c.context.estimate.lines[0]).toMatchObject({ done: true, doneAt: expect.any(String) });
  });

  it('refuses to complete a line that is not on the order', () => {
    const c = working();
    const outcome = c.send('repair.lineCompleted', { lineId: 'L7' });
    expect(outcome).toMatchObject({ accepted: false, state: 'repair.inProgress' });
    expect(outcome.reason).toMatch(/there is no line "L7"/);
  });

  it('refuses to complete a line twice', () => {
    const c = working();
    c.send('repair.lineCompleted', { lineId: 'L1' });
    const outcome = c.send('repair.lineCompleted', { lineId: 'L1' });
    expect(outcome.accepted).toBe(false);
    expect(outcome.reason).toMatch(/"L1" is already done/);
  });

  it('refuses to complete a line the customer has not approved', () => {
    const c = working();
    c.send('repair.additionalWorkFound', { lines: [brakeFluid], note: 'fluid is dark' });
    c.send('supplement.declined', { reason: 'next time' });
    const outcome = c.send('repair.lineCompleted', { lineId: 'L3' });
    expect(outcome).toMatchObject({ accepted: false, state: 'repair.inProgress' });
    expect(outcome.reason).toMatch(/has not been approved by the customer/);
  });

  it('refuses to finish the repair while approved lines are open', () => {
    const c = working();
    c.send('repair.lineCompleted', { lineId: 'L2' });
    const outcome = c.send('repair.completed');
    expect(outcome).toMatchObject({ accepted: false, state: 'repair.inProgress' });
    expect(outcome.reason).toMatch(/not done yet: L1$/);
  });

  it('finishes the repair when every approved line is done and opens the bill', () => {
    const c = working();
    completeAll(c);
    expect(c.send('repair.completed').state).toBe('settle.reviewingRequests');
    expect(c.context.repair.completedAt).toEqual(expect.any(String));
    expect(c.context.billing).toEqual({ totalMinor: 45_002, paidMinor: 0, owedMinor: 45_002 });
  });
});

describe('additional work found during repair', () => {
  it('moves the estimate to its next revision and waits for the customer', () => {
    const c = working();
    const outcome = c.send('repair.additionalWorkFound', { lines: [brakeFluid], note: 'fluid is dark' });
    expect(outcome.state).toBe('repair.awaitingSupplement');
    expect(c.context.estimate.revision).toBe(2);
    expect(c.context.estimate.lines[2]).toMatchObject({ id: 'L3', approval: 'pending', addedInRevision: 2, amountMinor: 500 });
    expect(c.context.supplements).toEqual([
      expect.objectContaining({ revision: 2, lineIds: ['L3'], status: 'pending', note: 'fluid is dark', foundBy: staff('technician') }),
    ]);
    expect(c.allowed.sort()).toEqual(['supplement.approved', 'supplement.declined']);
  });

  it('refuses additional work with no lines', () => {
    const c = working();
    const outcome = c.send('repair.additionalWorkFound', { lines: [], note: 'nothing really' });
    expect(outcome).toMatchObject({ accepted: false, state: 'repair.inProgress' });
    expect(outcome.reason).toMatch(/at least one line/);
  });

  it('refuses additional work that reuses the id of a line already on the order', () => {
    const c = working();
    const outcome = c.send('repair.additionalWorkFound', { lines: [{ ...brakeFluid, id: 'L1' }], note: 'fluid is dark' });
    expect(outcome.accepted).toBe(false);
    expect(outcome.reason).toMatch(/"L1" is used twice/);
  });

  it('lets no line be worked until the customer signs the supplement', () => {
    const c = working();
    c.send('repair.additionalWorkFound', { lines: [brakeFluid], note: 'fluid is dark' });
    const outcome = c.send('repair.lineCompleted', { lineId: 'L1' });
    expect(outcome).toMatchObject({ accepted: false, state: 'repair.awaitingSupplement' });
    expect(outcome.reason).toMatch(/cannot happen while the case is in "repair.awaitingSupplement"/);
  });

  it('refuses a supplement signed on the previous revision', () => {
    const c = working();
    c.send('repair.additionalWorkFound', { lines: [brakeFluid], note: 'fluid is dark' });
    const outcome = c.send('supplement.approved', { revision: 1, customerSignature: signature });
    expect(outcome).toMatchObject({ accepted: false, state: 'repair.awaitingSupplement' });
    expect(outcome.reason).toMatch(/revision 2 .*not revision 1/);
  });

  it('approves the supplement signed on the current revision: its lines can be worked and are billed', () => {
    const c = working();
    c.send('repair.additionalWorkFound', { lines: [brakeFluid], note: 'fluid is dark' });
    expect(c.send('supplement.approved', { revision: 2, customerSignature: signature }).state).toBe('repair.inProgress');
    expect(c.context.supplements[0]).toMatchObject({ status: 'approved', customerSignature: { ...signature, at: expect.any(String) } });
    expect(c.send('repair.lineCompleted', { lineId: 'L3' }).accepted).toBe(true);
    completeAll(c);
    c.send('repair.completed');
    expect(c.context.billing).toEqual({ totalMinor: 45_502, paidMinor: 0, owedMinor: 45_502 });
  });

  it('keeps declined lines on record, never works or bills them, and gives the next supplement the next revision', () => {
    const c = working();
    c.send('repair.additionalWorkFound', { lines: [brakeFluid], note: 'fluid is dark' });
    expect(c.send('supplement.declined', { reason: 'next service' }).state).toBe('repair.inProgress');
    expect(c.context.estimate.revision).toBe(2);
    expect(c.context.estimate.lines[2]).toMatchObject({ id: 'L3', approval: 'declined', done: false });
    expect(c.context.estimate.totalMinor).toBe(45_002);
    expect(c.context.supplements[0]).toMatchObject({ status: 'declined', declineReason: 'next service' });

    c.send('repair.additionalWorkFound', { lines: [{ ...brakeFluid, description: 'coolant' }], note: 'coolant low' });
    expect(c.context.estimate.revision).toBe(3);
    expect(c.context.supplements[1]).toMatchObject({ revision: 3, lineIds: ['L4'] });
    expect(c.send('supplement.approved', { revision: 3, customerSignature: signature }).state).toBe('repair.inProgress');

    completeAll(c);
    expect(c.send('repair.completed').state).toBe('settle.reviewingRequests');
    expect(c.context.estimate.lines[2]).toMatchObject({ approval: 'declined', done: false });
    expect(c.context.billing.totalMinor).toBe(45_002 + 500);
  });
});

// ── settle ──────────────────────────────────────────────────────────────────────────────────

describe('reviewing the requests at settlement', () => {
  it('refuses a review that leaves an original request out', () => {
    const c = atSettle();
    const outcome = c.send('settlement.requestsReviewed', { resolutions: [{ request: 0, resolved: true }] });
    expect(outcome).toMatchObject({ accepted: false, state: 'settle.reviewingRequests' });
    expect(outcome.reason).toMatch(/missing: 1 \("oil change"\)/);
  });

  it('refuses an unresolved request without a note saying why', () => {
    const c = atSettle();
    const outcome = c.send('settlement.requestsReviewed', { resolutions: [{ request: 0, resolved: true }, { request: 1, resolved: false }] });
    expect(outcome.accepted).toBe(false);
    expect(outcome.reason).toMatch(/request 1 is not resolved: say why in a note/);
  });

  it('refuses a resolution for a request number that is not on the inquiry sheet', () => {
    const c = atSettle();
    const outcome = c.send('settlement.requestsReviewed', { resolutions: [...reviewAll.resolutions, { request: 2, resolved: true }] });
    expect(outcome.accepted).toBe(false);
    expect(outcome.reason).toMatch(/no request number 2/);
  });

  it('refuses two resolutions for the same request', () => {
    const c = atSettle();
    const outcome = c.send('settlement.requestsReviewed', { resolutions: [...reviewAll.resolutions, { request: 1, resolved: true }] });
    expect(outcome.accepted).toBe(false);
    expect(outcome.reason).toMatch(/request 1 has two resolutions/);
  });

  it('accepts an unresolved request with a note and asks for the invoice signature', () => {
    const c = atSettle();
    const outcome = c.send('settlement.requestsReviewed', {
      resolutions: [{ request: 1, resolved: false, note: 'oil change booked for next week' }, { request: 0, resolved: true }],
    });
    expect(outcome.state).toBe('settle.awaitingInvoiceSignature');
    expect(c.context.resolutions.map((r: { request: number }) => r.request)).toEqual([0, 1]);
  });

  it('does not take the invoice signature before the review', () => {
    const c = atSettle();
    expect(c.allowed).toEqual(['settlement.requestsReviewed']);
    const outcome = c.send('invoice.signed', { customerSignature: signature });
    expect(outcome).toMatchObject({ accepted: false, state: 'settle.reviewingRequests' });
    expect(outcome.reason).toMatch(/"invoice.signed" cannot happen while the case is in "settle.reviewingRequests"/);
  });

  it('does not take a payment before the invoice is signed', () => {
    const c = atSettle();
    c.send('settlement.requestsReviewed', reviewAll);
    const outcome = c.send('payment.recorded', { amountMinor: 45_002, method: 'cash' });
    expect(outcome).toMatchObject({ accepted: false, state: 'settle.awaitingInvoiceSignature' });
  });
});

describe('taking payment', () => {
  it('records the signed invoice with its total', () => {
    const c = atPayment();
    expect(c.context.invoice).toMatchObject({ totalMinor: 45_002, currency: 'CNY', customerSignature: { ...signature, at: expect.any(String) } });
  });

  it('takes split payments and hands over only once the bill is paid in full', () => {
    const c = atPayment();
    expect(c.send('payment.recorded', { amountMinor: 20_000, method: 'cash' }).state).toBe('settle.awaitingPayment');
    expect(c.context.billing).toEqual({ totalMinor: 45_002, paidMinor: 20_000, owedMinor: 25_002 });
    expect(c.send('payment.recorded', { amountMinor: 25_001, method: 'card' }).state).toBe('settle.awaitingPayment');
    expect(c.context.billing).toEqual({ totalMinor: 45_002, paidMinor: 45_001, owedMinor: 1 });
    expect(c.send('payment.recorded', { amountMinor: 1, method: 'other' }).state).toBe('handover');
    expect(c.context.billing).toEqual({ totalMinor: 45_002, paidMinor: 45_002, owedMinor: 0 });
    expect(c.context.payments.map((p: { method: string }) => p.method)).toEqual(['cash', 'card', 'other']);
    expect(c.context.payments[0].receivedBy).toEqual(staff('cashier'));
  });

  it('refuses a payment of more than is owed, and says how much is owed', () => {
    const c = atPayment();
    c.send('payment.recorded', { amountMinor: 40_000, method: 'cash' });
    const outcome = c.send('payment.recorded', { amountMinor: 5_003, method: 'card' });
    expect(outcome).toMatchObject({ accepted: false, state: 'settle.awaitingPayment' });
    expect(outcome.reason).toMatch(/payment of 5003 is more than the 5002 still owed/);
    expect(c.context.billing.paidMinor).toBe(40_000);
  });

  it.each([0, -100])('refuses a payment of %d', (amountMinor) => {
    const c = atPayment();
    const outcome = c.send('payment.recorded', { amountMinor, method: 'cash' });
    expect(outcome).toMatchObject({ accepted: false, state: 'settle.awaitingPayment' });
    expect(outcome.reason).toMatch(/at least 1 minor unit/);
  });
});

// ── handover ────────────────────────────────────────────────────────────────────────────────

describe('handing the car over', () => {
  it('refuses a handover with the protective covers still on', () => {
    const c = atHandover();
    const outcome = c.send('vehicle.handedOver', { coversRemoved: false, nextService: { dueOdometerKm: 66_200 } });
    expect(outcome).toMatchObject({ accepted: false, state: 'handover' });
    expect(outcome.reason).toMatch(/covers must be removed/);
  });

  it('refuses a handover without a next-service date or odometer reading', () => {
    const c = atHandover();
    const outcome = c.send('vehicle.handedOver', { coversRemoved: true, nextService: {} });
    expect(outcome).toMatchObject({ accepted: false, state: 'handover' });
    expect(outcome.reason).toMatch(/next service: give a date, an odometer reading, or both/);
  });

  it.each([
    ['a date', { dueDate: '2027-05-26' }],
    ['an odometer reading', { dueOdometerKm: 66_200 }],
    ['both', { dueDate: '2027-05-26', dueOdometerKm: 66_200 }],
  ])('completes the order with the next service due by %s', (_, nextService) => {
    const c = atHandover();
    expect(c.send('vehicle.handedOver', { coversRemoved: true, nextService }).state).toBe('done');
    expect(statusOf(c.snapshot)).toBe('done');
    expect(c.context.handover).toMatchObject({ coversRemoved: true, nextService, by: staff('advisor') });
    expect(c.allowed).toEqual([]);
  });
});

// ── the definition as data ──────────────────────────────────────────────────────────────────

describe('the work-order definition', () => {
  const vocabulary = Object.keys(eventSchemas(workOrderProcess));

  it('gives every event a payload schema, the roles that may send it, and a state that handles it', () => {
    expect(vocabulary.sort()).toEqual(Object.keys(eventRoles(workOrderProcess)).sort());
    expect([...handledEventTypes(workOrderProcess)].sort()).toEqual(vocabulary.sort());
    for (const type of vocabulary) expect(eventRoles(workOrderProcess)[type]!.length, type).toBeGreaterThan(0);
  });

  it('gives the roles of the contract to each event, and lets the customer sign the estimate, the supplement and the invoice through a link', () => {
    const advisor = ['advisor', 'manager'];
    const signed = [...advisor, 'customer'];
    const technician = ['technician', 'manager'];
    expect(eventRoles(workOrderProcess)).toEqual({
      'requests.confirmed': ['advisor', 'technician', 'cashier', 'qa', 'manager'],
      'inspection.recorded': advisor,
      'estimate.prepared': advisor,
      'estimate.approved': signed,
      'estimate.declined': advisor,
      'parts.received': ['technician', 'advisor', 'manager'],
      'repair.started': technician,
      'repair.lineCompleted': technician,
      'repair.additionalWorkFound': technician,
      'supplement.approved': signed,
      'supplement.declined': advisor,
      'repair.completed': technician,
      'settlement.requestsReviewed': advisor,
      'invoice.signed': signed,
      'payment.recorded': ['cashier', 'manager'],
      'vehicle.handedOver': advisor,
      'order.cancelled': advisor,
    });
  });

  it('labels every state in English and Chinese and tells staff what to do there', () => {
    const resting = stateNodes(workOrderProcess).filter(({ node }) => !isTransient(node));
    expect(resting.map((s) => s.path)).toContain('repair.waitingParts');
    for (const { path, node } of resting) {
      expect(node.meta?.label?.en, path).toEqual(expect.stringMatching(/\S/));
      expect(node.meta?.label?.['zh-Hant'], path).toEqual(expect.stringMatching(/\S/));
      expect(node.meta?.guidance?.en, path).toEqual(expect.stringMatching(/\S/));
      expect(node.meta?.guidance?.['zh-Hant'], path).toEqual(expect.stringMatching(/\S/));
    }
  });

  it('has a rule, with its refusal sentence, for every guard the machine uses', () => {
    const guards = [...referencedGuards(workOrderProcess)];
    expect(guards.length).toBeGreaterThan(5);
    for (const guard of guards) expect(workOrderProcess.rules[guard], guard).toBeTypeOf('function');
  });
});
