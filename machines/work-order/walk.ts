/**
 * Test support: the next event that moves a work order towards `done`, from any resting state,
 * on either version. The path it walks passes every resting state once (a part out of stock
 * holds the car; additional work is found once), so "walk until X" reaches any state.
 * Imported by tests only.
 */
import { sampleSignature } from '../signature.js';
import type { ProcessDefinition, StaffRole } from '../process.js';
import { openCase, type TestCase } from '../testing.js';

export interface Step {
  role: StaffRole;
  event: { type: string } & Record<string, unknown>;
}

const DAY = 24 * 3600_000;
const signature = sampleSignature;

export const walkInput = (n: number) => ({
  customer: { name: `Walk Customer ${n}`, phone: `+86 139 0000 ${String(n).padStart(4, '0')}` },
  vehicle: { plate: `粤W·${String(10_000 + n)}`, odometerKm: 20_000 + n },
  requests: ['service the brakes', 'check the air conditioning'],
});

/** Version 2's inspection asks for the source's named items, each with its condition. */
const checklist = {
  windowGlass: { condition: 'intact' },
  powerWindows: { condition: 'all four work' },
  bodyPaint: { condition: 'scratch on the rear bumper', note: 'shown to the customer' },
  trunk: { condition: 'empty, closes well' },
};

/** The event that moves a case resting in `state` with `context` on, on `version`, at `now`. */
export function nextStep(version: number, state: string, context: any, now: Date): Step {
  const customer = (context.customer?.name as string | undefined) ?? 'the customer';
  switch (state) {
    case 'greet':
      return { role: 'advisor', event: { type: 'requests.confirmed' } };
    case 'inspect':
      return {
        role: 'advisor',
        event: {
          type: 'inspection.recorded',
          coversFitted: true,
          findings: [{ area: 'windscreen', condition: 'small chip' }],
          belongings: ['umbrella'],
          valuablesReminderGiven: true,
          customerSignature: signature(customer),
          ...(version >= 2 ? { checklist } : {}),
        },
      };
    case 'estimate':
      return {
        role: 'advisor',
        event: {
          type: 'estimate.prepared',
          lines: [
            { kind: 'labour', description: 'replace the brake pads', quantity: 1, unitPriceMinor: 20_000, labourHours: 1 },
            { kind: 'part', description: 'brake pads', quantity: 1, unitPriceMinor: 35_000, inStock: false },
          ],
          promisedAt: new Date(now.getTime() + 3 * DAY).toISOString(),
        },
      };
    case 'sign':
      return { role: 'advisor', event: { type: 'estimate.approved', revision: context.estimate.revision, customerSignature: signature(customer) } };
    case 'repair.waitingParts':
      return {
        role: 'technician',
        event: { type: 'parts.received', lineIds: context.estimate.lines.filter((l: any) => l.approval === 'approved' && l.inStock === false).map((l: any) => l.id) },
      };
    case 'repair.ready':
      return { role: 'technician', event: { type: 'repair.started', technician: 'Walk Technician' } };
    case 'repair.inProgress': {
      if (context.supplements.length === 0) {
        return {
          role: 'technician',
          event: {
            type: 'repair.additionalWorkFound',
            lines: [{ kind: 'fluid', description: 'brake fluid', quantity: 1, unitPriceMinor: 5_000, inStock: true }],
            note: 'the brake fluid is dark',
          },
        };
      }
      const open = context.estimate.lines.find((l: any) => l.approval === 'approved' && !l.done);
      return open
        ? { role: 'technician', event: { type: 'repair.lineCompleted', lineId: open.id } }
        : { role: 'technician', event: { type: 'repair.completed' } };
    }
    case 'repair.awaitingSupplement':
      return { role: 'advisor', event: { type: 'supplement.approved', revision: context.estimate.revision, customerSignature: signature(customer) } };
    case 'settle.reviewingRequests':
      return {
        role: 'advisor',
        event: {
          type: 'settlement.requestsReviewed',
          resolutions: context.requests.map((_: string, request: number) => ({ request, resolved: true })),
          ...(version >= 2 ? { maintenanceConfirmation: [{ item: 'brake fluid level', result: 'topped up' }] } : {}),
        },
      };
    case 'settle.awaitingInvoiceSignature':
      return { role: 'advisor', event: { type: 'invoice.signed', customerSignature: signature(customer) } };
    case 'settle.awaitingPayment':
      return { role: 'cashier', event: { type: 'payment.recorded', amountMinor: context.billing.owedMinor, method: 'card' } };
    case 'handover':
      return { role: 'advisor', event: { type: 'vehicle.handedOver', coversRemoved: true, nextService: { dueOdometerKm: context.vehicle.odometerKm + 5_000 } } };
    default:
      throw new Error(`no step out of "${state}"`);
  }
}

/** A case of `definition` (a work-order version) walked, each step by the role it needs, until it rests in `state`. */
export function walkedTo(definition: ProcessDefinition, state: string, n = 1): TestCase {
  const c = openCase(definition, walkInput(n));
  while (c.state !== state) {
    const { role, event } = nextStep(definition.definitionVersion, c.state, c.context, new Date(c.now));
    const { type, ...payload } = event;
    const outcome = c.send(type, payload, { role });
    if (!outcome.accepted) throw new Error(`${type} refused in ${c.state}: ${outcome.reason}`);
  }
  return c;
}
