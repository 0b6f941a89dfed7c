/**
 * One work order walked from greet to done, as a client sends it over HTTP: the opening POST and
 * the twelve events, each with the role that may send it. Used by the load generator, by the
 * floor's capture of the engine's SQL, and by the journal-depth measurement.
 */
import { sampleSignature } from '../machines/signature.js';

export type BenchRole = 'advisor' | 'technician' | 'cashier';

export interface WalkStep {
  /** `open` is `POST /api/cases`; an event is `POST /api/cases/:id/events`. */
  kind: 'open' | 'event';
  role: BenchRole;
  body: unknown;
}

const signature = sampleSignature;

/** Labour 1 × 20,000 + part 2 × 7,500: the invoice is 35,000 minor units. */
const LINES = [
  { kind: 'labour', description: 'Replace front brake pads', quantity: 1, unitPriceMinor: 20_000, labourHours: 1 },
  { kind: 'part', description: 'Brake pad set', quantity: 2, unitPriceMinor: 7_500, inStock: true, partNumber: 'BP-4411' },
];
const TOTAL_MINOR = 35_000;

/** A plate of the kind the bench seeds and searches for: `粤A·` and five characters. */
export function benchPlate(n: number): string {
  return `粤A·${n.toString(36).toUpperCase().padStart(5, '0').slice(-5)}`;
}

/** The input of a work order, numbered so plates and phones differ from case to case. */
export function workOrderInput(n: number) {
  return {
    customer: { name: `Customer ${n}`, phone: `138${String(n % 100_000_000).padStart(8, '0')}` },
    vehicle: { plate: benchPlate(n), odometerKm: 40_000 + (n % 50_000), model: 'Sagitar 1.4T' },
    requests: ['Brakes squeak when stopping', 'Oil change'],
  };
}

/** The twelve events that take a fresh work order from greet to done, in order. */
export function walkEvents(now = Date.now()): WalkStep[] {
  const promisedAt = new Date(now + 2 * 24 * 3600_000).toISOString();
  const event = (role: BenchRole, body: Record<string, unknown>): WalkStep => ({ kind: 'event', role, body });
  return [
    event('advisor', { type: 'requests.confirmed' }),
    event('advisor', {
      type: 'inspection.recorded',
      coversFitted: true,
      checklist: {
        windowGlass: { condition: 'intact' },
        powerWindows: { condition: 'all four work' },
        bodyPaint: { condition: 'scratched rear bumper', note: 'shown to the customer' },
        trunk: { condition: 'closes well' },
      },
      findings: [{ area: 'rear bumper', condition: 'scratched', note: 'shown to the customer' }],
      belongings: ['umbrella'],
      valuablesReminderGiven: true,
      customerSignature: signature('Customer'),
    }),
    event('advisor', { type: 'estimate.prepared', lines: LINES, promisedAt }),
    event('advisor', { type: 'estimate.approved', revision: 1, customerSignature: signature('Customer') }),
    event('technician', { type: 'repair.started', technician: 'Wang Gong' }),
    event('technician', { type: 'repair.lineCompleted', lineId: 'L1' }),
    event('technician', { type: 'repair.lineCompleted', lineId: 'L2' }),
    event('technician', { type: 'repair.completed' }),
    event('advisor', {
      type: 'settlement.requestsReviewed',
      resolutions: [
        { request: 0, resolved: true },
        { request: 1, resolved: true },
      ],
      maintenanceConfirmation: [{ item: 'brake pads', result: 'replaced' }],
    }),
    event('advisor', { type: 'invoice.signed', customerSignature: signature('Customer') }),
    event('cashier', { type: 'payment.recorded', amountMinor: TOTAL_MINOR, method: 'card' }),
    event('advisor', { type: 'vehicle.handedOver', coversRemoved: true, nextService: { dueOdometerKm: 50_000 } }),
  ];
}

/** The whole walk of work order number `n`: open, then every event. */
export function walk(n: number, now = Date.now()): WalkStep[] {
  return [{ kind: 'open', role: 'advisor', body: { type: 'work-order', input: workOrderInput(n) } }, ...walkEvents(now)];
}
