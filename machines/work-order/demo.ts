/**
 * Demo work orders for a newcomer's first start: spread over the steps, some past their time
 * limit, so the board and the front desk have something to show.
 */
import { sampleSignature } from '../signature.js';
import type { DemoCase, StaffRole } from '../process.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Step = 'greet' | 'inspect' | 'estimate' | 'sign' | 'waitingParts' | 'ready' | 'inProgress' | 'awaitingPayment' | 'handover' | 'done';
type DemoEvent = DemoCase['events'][number]['event'];

const signature = sampleSignature;

function workOrder(customer: string, phone: string, plate: string, odometerKm: number, model: string, requests: string[]) {
  return { customer: { name: customer, phone }, vehicle: { plate, odometerKm, model }, requests };
}

const inspection = (customer: string, version: number): DemoEvent => ({
  type: 'inspection.recorded',
  coversFitted: true,
  findings: [{ area: 'rear bumper', condition: 'light scratch', note: 'shown to the customer' }],
  belongings: ['umbrella'],
  valuablesReminderGiven: true,
  customerSignature: signature(customer),
  ...(version >= 2
    ? {
        checklist: {
          windowGlass: { condition: 'intact' },
          powerWindows: { condition: 'all four work' },
          bodyPaint: { condition: 'light scratch on the rear bumper', note: 'shown to the customer' },
          trunk: { condition: 'spare wheel and jack present' },
        },
      }
    : {}),
});

const brakeLines = (padsInStock: boolean) => [
  { id: 'labour', kind: 'labour', description: 'replace front brake pads', quantity: 1, unitPriceMinor: 20000, labourHours: 1 },
  { id: 'pads', kind: 'part', description: 'front brake pads', quantity: 1, unitPriceMinor: 35000, inStock: padsInStock },
  { id: 'oil', kind: 'fluid', description: 'engine oil 4 L', quantity: 4, unitPriceMinor: 8000, inStock: true },
];

function stepOf(step: Step): string {
  if (step === 'waitingParts' || step === 'ready' || step === 'inProgress') return 'repair';
  if (step === 'awaitingPayment') return 'settle';
  return step;
}

/** A work order walked from greet to `step`, entered `enteredAgo` before now; earlier steps took 10 minutes each. */
function workOrderThrough(now: Date, who: ReturnType<typeof workOrder>, step: Step, enteredAgo: number, promisedIn = DAY, version = 2): DemoCase {
  const order = ['greet', 'inspect', 'estimate', 'sign', 'repair', 'settle', 'handover', 'done'];
  const customer = who.customer.name;
  const plan: Array<{ role: StaffRole; event: DemoEvent }> = [];
  const reach = (target: string) => order.indexOf(target) <= order.indexOf(stepOf(step));
  if (reach('inspect')) plan.push({ role: 'advisor', event: { type: 'requests.confirmed' } });
  if (reach('estimate')) plan.push({ role: 'advisor', event: inspection(customer, version) });
  if (reach('sign')) {
    const promisedAt = new Date(now.getTime() + promisedIn).toISOString();
    plan.push({ role: 'advisor', event: { type: 'estimate.prepared', lines: brakeLines(step !== 'waitingParts'), promisedAt } });
  }
  if (reach('repair')) plan.push({ role: 'advisor', event: { type: 'estimate.approved', revision: 1, customerSignature: signature(customer) } });
  if (step === 'inProgress' || reach('settle')) plan.push({ role: 'technician', event: { type: 'repair.started', technician: 'Demo Technician' } });
  if (reach('settle')) {
    for (const lineId of ['labour', 'pads', 'oil']) plan.push({ role: 'technician', event: { type: 'repair.lineCompleted', lineId } });
    plan.push({ role: 'technician', event: { type: 'repair.completed' } });
    const resolutions = who.requests.map((_, request) => ({ request, resolved: true }));
    const maintenanceConfirmation = [{ item: 'brake pads', result: 'replaced' }, { item: 'engine oil', result: 'changed, 4 L' }];
    plan.push({ role: 'advisor', event: { type: 'settlement.requestsReviewed', resolutions, ...(version >= 2 ? { maintenanceConfirmation } : {}) } });
    plan.push({ role: 'advisor', event: { type: 'invoice.signed', customerSignature: signature(customer) } });
  }
  if (reach('handover')) plan.push({ role: 'cashier', event: { type: 'payment.recorded', amountMinor: 87000, method: 'card' } });
  if (reach('done')) {
    plan.push({ role: 'advisor', event: { type: 'vehicle.handedOver', coversRemoved: true, nextService: { dueOdometerKm: who.vehicle.odometerKm + 5000 } } });
  }
  return {
    ...(version === 2 ? {} : { definitionVersion: version }),
    openedAgoMs: enteredAgo + plan.length * 10 * MINUTE,
    openedBy: 'advisor',
    input: who,
    events: plan.map((p, i) => ({ agoMs: enteredAgo + (plan.length - 1 - i) * 10 * MINUTE, ...p })),
  };
}

export function workOrderDemo(now: Date): DemoCase[] {
  return [
    workOrderThrough(now, workOrder('Wang Fang', '13800138001', '粤A·3K721', 42_150, 'Camry 2.0', ['brakes squeak when cold']), 'greet', 6 * MINUTE),
    workOrderThrough(now, workOrder('Li Lei', '13800138002', '粤B·88Q20', 87_400, 'Accord', ['oil change', 'check the air conditioning']), 'greet', 48 * MINUTE),
    workOrderThrough(now, workOrder('Zhao Min', '13800138003', '粤A·5D118', 23_900, 'Corolla', ['warning light on the dashboard']), 'inspect', 12 * MINUTE),
    workOrderThrough(now, workOrder('Chen Jie', '13800138004', '粤C·2F556', 130_200, 'Sylphy', ['rattle from the front left wheel']), 'estimate', 110 * MINUTE),
    workOrderThrough(now, workOrder('Liu Yang', '13800138005', '粤A·7H903', 61_000, 'Civic', ['60,000 km service']), 'sign', 20 * MINUTE),
    workOrderThrough(now, workOrder('Huang Wei', '13800138006', '粤E·1M442', 98_750, 'Lavida', ['brakes pull to the right']), 'sign', 95 * MINUTE),
    workOrderThrough(now, workOrder('Zhou Xin', '13800138007', '粤A·9P310', 54_320, 'CR-V', ['replace brake pads']), 'waitingParts', 5 * HOUR, 2 * DAY),
    workOrderThrough(now, workOrder('Wu Hao', '13800138008', '粤B·4T675', 76_010, 'Passat', ['brake noise', 'oil change']), 'inProgress', 6 * HOUR, -45 * MINUTE),
    workOrderThrough(now, workOrder('Sun Li', '13800138009', '粤A·6R284', 33_480, 'RAV4', ['front pads worn']), 'ready', 30 * MINUTE, DAY),
    workOrderThrough(now, workOrder('Ma Jun', '13800138010', '粤D·3W519', 120_900, 'Lacrosse', ['squeal when braking']), 'awaitingPayment', 65 * MINUTE, 4 * HOUR),
    workOrderThrough(now, workOrder('Xu Ming', '13800138011', '粤A·8N067', 45_600, 'Sagitar', ['oil change']), 'done', DAY, 4 * HOUR),
    // Opened before the shop moved to version 2 of the work order: `npm run cli -- migrate` moves them.
    workOrderThrough(now, workOrder('Qian Bo', '13800138012', '粤A·2C845', 71_300, 'Bora', ['clunk over bumps']), 'inspect', 25 * MINUTE, DAY, 1),
    workOrderThrough(now, workOrder('Tang Lin', '13800138013', '粤B·6K302', 58_900, 'Tiguan', ['brake pedal feels soft']), 'sign', 40 * MINUTE, DAY, 1),
    workOrderThrough(now, workOrder('Gao Ya', '13800138014', '粤A·1V776', 102_450, 'Elantra', ['front pads worn', 'oil change']), 'inProgress', 3 * HOUR, 5 * HOUR, 1),
    workOrderThrough(now, workOrder('Lin Tao', '13800138015', '粤C·9S210', 39_800, 'Fit', ['brakes squeal']), 'awaitingPayment', 50 * MINUTE, 3 * HOUR, 1),
  ];
}
