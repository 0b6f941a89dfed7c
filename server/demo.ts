/**
 * Demo cases for a newcomer's first start on the embedded database: a handful of work orders and
 * complaints spread over the steps, some of them past their time limit, so the board is not
 * empty. Every case is made by the engine itself, run on a clock set in the past, so its journal,
 * snapshot, state-entry time and due time agree exactly as if staff had done it.
 */
import { sampleSignature } from '../machines/signature.js';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/index.js';
import type { Actor, Role } from '../machines/index.js';
import type { TimeLimitOverrides } from './caseView.js';
import { createEngine } from './engine.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One case: who opens it, with what, and its events, each `ago` before now (oldest first). */
interface Script {
  type: 'work-order' | 'complaint';
  openedAgo: number;
  input: Record<string, unknown>;
  events: Array<{ ago: number; role: Role; event: Record<string, unknown> }>;
}

const signature = sampleSignature;

function workOrder(customer: string, phone: string, plate: string, odometerKm: number, model: string, requests: string[]) {
  return { customer: { name: customer, phone }, vehicle: { plate, odometerKm, model }, requests };
}

const inspection = (customer: string) => ({
  type: 'inspection.recorded',
  coversFitted: true,
  findings: [{ area: 'rear bumper', condition: 'light scratch', note: 'shown to the customer' }],
  belongings: ['umbrella'],
  valuablesReminderGiven: true,
  customerSignature: signature(customer),
});

const brakeLines = (padsInStock: boolean) => [
  { id: 'labour', kind: 'labour', description: 'replace front brake pads', quantity: 1, unitPriceMinor: 20000, labourHours: 1 },
  { id: 'pads', kind: 'part', description: 'front brake pads', quantity: 1, unitPriceMinor: 35000, inStock: padsInStock },
  { id: 'oil', kind: 'fluid', description: 'engine oil 4 L', quantity: 4, unitPriceMinor: 8000, inStock: true },
];

const estimate = (promisedAt: Date, padsInStock = true) => ({
  type: 'estimate.prepared',
  lines: brakeLines(padsInStock),
  promisedAt: promisedAt.toISOString(),
});

/** A work order walked from greet through the given number of steps, ending `endAgo` before now. */
function workOrderThrough(
  now: Date,
  who: ReturnType<typeof workOrder>,
  step: 'greet' | 'inspect' | 'estimate' | 'sign' | 'waitingParts' | 'ready' | 'inProgress' | 'awaitingPayment' | 'handover' | 'done',
  enteredAgo: number,
  promisedIn = DAY,
): Script {
  const order = ['greet', 'inspect', 'estimate', 'sign', 'repair', 'settle', 'handover', 'done'];
  const customer = who.customer.name;
  const events: Script['events'] = [];
  // Earlier steps took 10 minutes each, ending when the current step was entered.
  const plan: Array<{ role: Role; event: Record<string, unknown> }> = [];
  const reach = (target: string) => order.indexOf(target) <= order.indexOf(stepOf(step));
  if (reach('inspect')) plan.push({ role: 'advisor', event: { type: 'requests.confirmed' } });
  if (reach('estimate')) plan.push({ role: 'advisor', event: inspection(customer) });
  if (reach('sign')) plan.push({ role: 'advisor', event: estimate(new Date(now.getTime() + promisedIn), step !== 'waitingParts') });
  if (reach('repair')) plan.push({ role: 'advisor', event: { type: 'estimate.approved', revision: 1, customerSignature: signature(customer) } });
  if (step === 'inProgress' || reach('settle')) plan.push({ role: 'technician', event: { type: 'repair.started', technician: 'Demo Technician' } });
  if (reach('settle')) {
    for (const lineId of ['labour', 'pads', 'oil']) plan.push({ role: 'technician', event: { type: 'repair.lineCompleted', lineId } });
    plan.push({ role: 'technician', event: { type: 'repair.completed' } });
    plan.push({ role: 'advisor', event: { type: 'settlement.requestsReviewed', resolutions: who.requests.map((_, request) => ({ request, resolved: true })) } });
    plan.push({ role: 'advisor', event: { type: 'invoice.signed', customerSignature: signature(customer) } });
  }
  if (reach('handover')) plan.push({ role: 'cashier', event: { type: 'payment.recorded', amountMinor: 87000, method: 'card' } });
  if (reach('done')) plan.push({ role: 'advisor', event: { type: 'vehicle.handedOver', coversRemoved: true, nextService: { dueOdometerKm: who.vehicle.odometerKm + 5000 } } });
  plan.forEach((p, i) => events.push({ ago: enteredAgo + (plan.length - 1 - i) * 10 * MINUTE, ...p }));
  return { type: 'work-order', openedAgo: enteredAgo + plan.length * 10 * MINUTE, input: who, events };
}

function stepOf(step: string): string {
  if (step === 'waitingParts' || step === 'ready' || step === 'inProgress') return 'repair';
  if (step === 'awaitingPayment') return 'settle';
  return step;
}

function scripts(now: Date): Script[] {
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
    complaint(2 * DAY + 22 * HOUR, [], { channel: 'phone', customer: { name: 'Guo Qiang', phone: '13900139001' }, severity: 'high', statement: 'The brakes still squeak a week after the repair.' }),
    complaint(3 * HOUR, [], { channel: 'web', customer: { name: 'He Ping' }, severity: 'low', statement: 'Nobody offered me tea while I waited.' }),
    complaint(4 * DAY, [
      { ago: 3 * DAY + 20 * HOUR, role: 'qa', event: { type: 'investigation.recorded', findings: 'Invoice listed oil that was not used.', rootCause: 'The estimate was not revised after the customer dropped the oil change.', substantiated: true } },
      { ago: 3 * DAY, role: 'qa', event: { type: 'correction.recorded', actions: [{ description: 'Refund the oil and re-train on revisions', owner: 'Service manager', dueDate: isoDay(new Date(now.getTime() + 7 * DAY)) }], verifiedBy: 'Demo QA' } },
    ], { channel: 'letter', customer: { name: 'Deng Hui', phone: '13900139003' }, severity: 'medium', statement: 'I was charged for oil I did not ask for.' }),
    complaint(2 * DAY, [
      { ago: DAY + 20 * HOUR, role: 'qa', event: { type: 'investigation.recorded', findings: 'The car was washed as agreed; the spot is tree sap.', substantiated: false } },
      { ago: DAY, role: 'qa', event: { type: 'answer.sent', channel: 'phone', message: 'Explained the sap and offered a free wash.' } },
    ], { channel: 'visit', customer: { name: 'Feng Yu' }, severity: 'low', statement: 'The car came back dirty.' }),
  ];
}

function complaint(openedAgo: number, events: Script['events'], input: Record<string, unknown>): Script {
  return { type: 'complaint', openedAgo, input, events };
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Opens the demo cases, unless the database already has a case. Answers how many were made.
 * `staff` should hold one member per role (the demo staff); a missing role's steps are taken
 * by a manager.
 */
export async function seedDemoCases(db: Db, staff: readonly Actor[], options: { now?: Date; timeLimits?: TimeLimitOverrides } = {}): Promise<number> {
  const [existing] = await queryRows(db, sql`SELECT 1 FROM cases LIMIT 1`);
  if (existing) return 0;
  const byRole = (role: Role) => staff.find((m) => m.role === role) ?? staff.find((m) => m.role === 'manager');
  const now = options.now ?? new Date();
  let current = now;
  const engine = createEngine({ db, clock: () => current, timeLimits: options.timeLimits });
  let made = 0;
  for (const script of scripts(now)) {
    const opener = byRole(script.type === 'complaint' ? 'qa' : 'advisor');
    if (!opener) return made;
    current = new Date(now.getTime() - script.openedAgo);
    const opened = await engine.openCase(opener, { type: script.type, input: script.input });
    if (!opened.ok) throw new Error(`demo ${script.type} could not be opened: ${opened.refusal.message}`);
    for (const step of script.events) {
      current = new Date(now.getTime() - step.ago);
      const sent = await engine.sendEvent(byRole(step.role)!, opened.value.body.id, step.event);
      if (!sent.ok) throw new Error(`demo ${opened.value.body.number} refused ${String(step.event.type)}: ${sent.refusal.message}`);
    }
    made += 1;
  }
  return made;
}
