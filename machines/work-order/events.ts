/**
 * The work order's input and its events: per event its payload schema, who may send it, its
 * name in three languages and its form's starting values. CONTRACT.md "Work-order input and events".
 */
import { z } from 'zod';
import {
  anyStaff,
  currencySchema,
  isoDate,
  isoDateTime,
  longText,
  quantitySchema,
  sampleSignature,
  signatureSchema,
  text,
  type EventDefinition,
  type ActorRole,
  type StaffRole,
  type PayloadsOf,
  type StampedEventsOf,
} from '../process.js';
import { estimateDocument, estimateTitle, invoiceDocument, lineName, supplementDocument } from './documents.js';
import type { WorkOrderContext } from './machine.js';

export const workOrderInputSchema = z.strictObject({
  customer: z.strictObject({ name: text(200), phone: text(50) }),
  vehicle: z.strictObject({
    plate: text(50),
    odometerKm: z.number().int().min(0).max(10_000_000),
    vin: text(50).optional(),
    model: text(200).optional(),
  }),
  requests: z.array(text(2000)).min(1).max(100),
  currency: currencySchema.optional(),
});
export type WorkOrderInput = z.infer<typeof workOrderInputSchema>;

const lineKind = z.enum(['labour', 'part', 'fluid']);
export const estimateLineSchema = z.strictObject({
  id: text(64).optional(),
  kind: lineKind,
  description: text(500),
  quantity: quantitySchema,
  // Bounded so that amounts and totals stay exact in double precision (2e15 < 2^53 at 200 lines).
  unitPriceMinor: z.number().int().min(0).max(1_000_000_000),
  labourHours: z.number().positive().max(10_000).optional(),
  partNumber: text(100).optional(),
  inStock: z.boolean().optional(),
});
export type EstimateLineInput = z.infer<typeof estimateLineSchema>;

const reason = z.strictObject({ reason: longText() });
const signed = z.strictObject({ revision: z.number().int().min(1), customerSignature: signatureSchema });

const advisor: readonly StaffRole[] = ['advisor', 'manager'];
/** Signed in front of the advisor, or by the customer on their own phone through a link. */
const customerSigns: readonly ActorRole[] = [...advisor, 'customer'];
const technician: readonly StaffRole[] = ['technician', 'manager'];

const DAY = 24 * 3600_000;
/** Tomorrow at 17:00 (server time): a plausible promised delivery. */
function tomorrowAfternoon(now: Date): string {
  const d = new Date(now.getTime() + DAY);
  d.setHours(17, 0, 0, 0);
  return d.toISOString();
}
/** The revision a signature is for is the one shown above it: given, not chosen. */
const fixedRevision = (ctx: WorkOrderContext) => ({
  fixed: true,
  options: ctx.estimate ? [{ value: ctx.estimate.revision, label: { copy: estimateTitle(ctx.estimate.revision) } }] : [],
});
const signer = (ctx: WorkOrderContext) => (ctx.customer?.name ? { signedBy: ctx.customer.name } : undefined);
const approvedLines = (ctx: WorkOrderContext) => ctx.estimate?.lines.filter((l) => l.approval === 'approved') ?? [];

/** Declares one event, keeping its payload type for the machine. */
const event = <P extends z.ZodObject>(definition: EventDefinition<P, WorkOrderContext>) => definition;

export const workOrderEvents = {
  'requests.confirmed': event({
    schema: z.strictObject({}),
    roles: anyStaff,
    label: { en: 'Requests confirmed', 'zh-Hans': '确认客户要求', 'zh-Hant': '確認客戶要求' },
    example: () => ({}),
  }),
  'inspection.recorded': event({
    schema: z.strictObject({
      coversFitted: z.boolean(),
      findings: z.array(z.strictObject({ area: text(200), condition: text(500), note: longText().optional() })).max(200),
      belongings: z.array(text(500)).max(200),
      valuablesReminderGiven: z.boolean(),
      customerSignature: signatureSchema.optional(),
    }),
    roles: advisor,
    label: { en: 'Inspection recorded', 'zh-Hans': '记录检查结果', 'zh-Hant': '記錄檢查結果' },
    example: (ctx) => ({
      coversFitted: true,
      findings: [{ area: 'rear bumper', condition: 'light scratch' }],
      belongings: ['umbrella'],
      valuablesReminderGiven: true,
      customerSignature: sampleSignature(ctx.customer.name),
    }),
    formDefaults: (ctx) => ({ findings: [], belongings: [], customerSignature: signer(ctx) }),
  }),
  'estimate.prepared': event({
    schema: z.strictObject({ lines: z.array(estimateLineSchema).max(200), promisedAt: isoDateTime() }),
    roles: advisor,
    label: { en: 'Estimate prepared', 'zh-Hans': '编制估价单', 'zh-Hant': '編製估價單' },
    example: (_, { now }) => ({
      lines: [
        { kind: 'labour', description: 'replace front brake pads', quantity: 1, unitPriceMinor: 20000, labourHours: 1 },
        { kind: 'part', description: 'front brake pads', quantity: 1, unitPriceMinor: 35000, inStock: true },
      ],
      promisedAt: tomorrowAfternoon(now),
    }),
    // A new revision starts from the lines the customer was shown, never from a template.
    formDefaults: (ctx, { now }) => ({
      lines: (ctx.estimate?.lines ?? []).map(({ id, kind, description, quantity, unitPriceMinor, labourHours, partNumber, inStock }) => ({
        id,
        kind,
        description,
        quantity,
        unitPriceMinor,
        labourHours,
        partNumber,
        inStock,
      })),
      promisedAt: ctx.estimate?.promisedAt ?? tomorrowAfternoon(now),
    }),
    confirm: (ctx) =>
      ctx.estimate
        ? {
            en: `This replaces revision ${ctx.estimate.revision} of the estimate; the customer must then sign the new revision.`,
            'zh-Hans': `这将替换第 ${ctx.estimate.revision} 版估价单,客户须重新签字确认新版本。`,
            'zh-Hant': `這將替換第 ${ctx.estimate.revision} 版估價單,客戶須重新簽字確認新版本。`,
          }
        : undefined,
  }),
  'estimate.approved': event({
    schema: signed,
    roles: customerSigns,
    label: { en: 'Estimate signed', 'zh-Hans': '客户签字确认估价', 'zh-Hant': '客戶簽字確認估價' },
    example: (ctx) => ({ revision: ctx.estimate?.revision ?? 1, customerSignature: sampleSignature(ctx.customer.name) }),
    formDefaults: (ctx) => ({ revision: ctx.estimate?.revision, customerSignature: signer(ctx) }),
    choices: (ctx) => ({ revision: fixedRevision(ctx) }),
    document: (ctx) => (ctx.estimate ? estimateDocument(ctx.estimate) : []),
  }),
  'estimate.declined': event({
    schema: reason,
    roles: advisor,
    label: { en: 'Estimate declined', 'zh-Hans': '客户拒绝估价', 'zh-Hant': '客戶拒絕估價' },
    example: () => ({ reason: 'The customer will have it done elsewhere.' }),
    turnsAway: true,
    confirm: () => ({
      en: 'The customer declines the estimate: nothing will be repaired and the order goes to settlement.',
      'zh-Hans': '客户拒绝估价:不进行任何维修,工单转入结算。',
      'zh-Hant': '客戶拒絕估價:不進行任何維修,工單轉入結算。',
    }),
  }),
  'parts.received': event({
    schema: z.strictObject({ lineIds: z.array(text(64)).min(1).max(200) }),
    roles: ['technician', 'advisor', 'manager'],
    label: { en: 'Parts received', 'zh-Hans': '零件到货', 'zh-Hant': '零件到貨' },
    example: (ctx) => ({ lineIds: approvedLines(ctx).filter((l) => l.kind !== 'labour' && l.inStock === false).map((l) => l.id) }),
    formDefaults: (ctx) => ({
      lineIds: approvedLines(ctx).filter((l) => l.kind !== 'labour' && l.inStock === false).map((l) => l.id),
    }),
    choices: (ctx) => ({
      lineIds: { options: approvedLines(ctx).filter((l) => l.kind !== 'labour' && l.inStock === false).map((l) => ({ value: l.id, label: lineName(l) })) },
    }),
  }),
  'repair.started': event({
    schema: z.strictObject({ technician: text(200) }),
    roles: technician,
    label: { en: 'Repair started', 'zh-Hans': '开工', 'zh-Hant': '開工' },
    example: () => ({ technician: 'Zhang Wei' }),
    formDefaults: (_, { actor }) => ({ technician: actor.name }),
  }),
  'repair.lineCompleted': event({
    schema: z.strictObject({ lineId: text(64) }),
    roles: technician,
    label: { en: 'Line done', 'zh-Hans': '项目完工', 'zh-Hant': '項目完工' },
    example: (ctx) => ({ lineId: approvedLines(ctx).find((l) => !l.done)?.id ?? 'L1' }),
    formDefaults: (ctx) => ({ lineId: approvedLines(ctx).find((l) => !l.done)?.id }),
    choices: (ctx) => ({ lineId: { options: approvedLines(ctx).filter((l) => !l.done).map((l) => ({ value: l.id, label: lineName(l) })) } }),
    isNextStep: (ctx) => approvedLines(ctx).some((l) => !l.done),
  }),
  'repair.additionalWorkFound': event({
    schema: z.strictObject({ lines: z.array(estimateLineSchema).max(200), note: longText() }),
    roles: technician,
    label: { en: 'Additional work found', 'zh-Hans': '发现追加项目', 'zh-Hant': '發現追加項目' },
    isNextStep: () => false,
    example: () => ({
      lines: [{ kind: 'fluid', description: 'brake fluid', quantity: 1, unitPriceMinor: 6000, inStock: true }],
      note: 'The brake fluid is dark.',
    }),
    formDefaults: () => ({ lines: [] }),
  }),
  'supplement.approved': event({
    schema: signed,
    roles: customerSigns,
    label: { en: 'Additional work signed', 'zh-Hans': '客户签字确认追加', 'zh-Hant': '客戶簽字確認追加' },
    example: (ctx) => ({ revision: ctx.estimate?.revision ?? 1, customerSignature: sampleSignature(ctx.customer.name) }),
    formDefaults: (ctx) => ({ revision: ctx.estimate?.revision, customerSignature: signer(ctx) }),
    choices: (ctx) => ({ revision: fixedRevision(ctx) }),
    document: supplementDocument,
  }),
  'supplement.declined': event({
    schema: reason,
    roles: advisor,
    label: { en: 'Additional work declined', 'zh-Hans': '客户拒绝追加', 'zh-Hant': '客戶拒絕追加' },
    example: () => ({ reason: 'Next time.' }),
    turnsAway: true,
  }),
  'repair.completed': event({
    schema: z.strictObject({}),
    roles: technician,
    label: { en: 'Repair completed', 'zh-Hans': '维修完工', 'zh-Hant': '維修完工' },
    isNextStep: (ctx) => approvedLines(ctx).every((l) => l.done),
    example: () => ({}),
  }),
  'settlement.requestsReviewed': event({
    schema: z.strictObject({
      resolutions: z
        .array(z.strictObject({ request: z.number().int().min(0), resolved: z.boolean(), note: longText().optional() }))
        .max(100),
    }),
    roles: advisor,
    label: { en: 'Requests reviewed', 'zh-Hans': '核对问诊单', 'zh-Hant': '核對問診單' },
    example: (ctx) => ({ resolutions: ctx.requests.map((_, request) => ({ request, resolved: true })) }),
    formDefaults: (ctx) => ({ resolutions: (ctx.requests ?? []).map((_, request) => ({ request, resolved: true })) }),
    // One resolution per original request, shown beside it.
    choices: (ctx) => ({ request: { fixed: true, options: (ctx.requests ?? []).map((text, request) => ({ value: request, label: { quote: text } })) } }),
  }),
  'invoice.signed': event({
    schema: z.strictObject({ customerSignature: signatureSchema }),
    roles: customerSigns,
    label: { en: 'Invoice signed', 'zh-Hans': '客户签字确认账单', 'zh-Hant': '客戶簽字確認帳單' },
    example: (ctx) => ({ customerSignature: sampleSignature(ctx.customer.name) }),
    formDefaults: (ctx) => ({ customerSignature: signer(ctx) }),
    document: invoiceDocument,
  }),
  'payment.recorded': event({
    schema: z.strictObject({
      amountMinor: z.number().int().min(-1_000_000_000_000).max(1_000_000_000_000),
      method: z.enum(['cash', 'card', 'transfer', 'other']),
    }),
    roles: ['cashier', 'manager'],
    label: { en: 'Payment recorded', 'zh-Hans': '收款', 'zh-Hant': '收款' },
    example: (ctx) => ({ amountMinor: ctx.billing?.owedMinor ?? 1, method: 'card' }),
    formDefaults: (ctx) => ({ amountMinor: ctx.billing?.owedMinor, method: 'card' }),
  }),
  'vehicle.handedOver': event({
    schema: z.strictObject({
      coversRemoved: z.boolean(),
      nextService: z.strictObject({ dueDate: isoDate().optional(), dueOdometerKm: z.number().int().min(0).max(10_000_000).optional() }),
    }),
    roles: advisor,
    label: { en: 'Vehicle handed over', 'zh-Hans': '交车', 'zh-Hant': '交車' },
    example: (ctx) => ({ coversRemoved: true, nextService: { dueOdometerKm: ctx.vehicle.odometerKm + 5000 } }),
    formDefaults: (ctx) => ({
      nextService: { dueOdometerKm: ctx.vehicle?.odometerKm !== undefined ? ctx.vehicle.odometerKm + 5000 : undefined },
    }),
  }),
  'order.cancelled': event({
    schema: reason,
    roles: advisor,
    label: { en: 'Order cancelled', 'zh-Hans': '取消工单', 'zh-Hant': '取消工單' },
    example: () => ({ reason: 'The customer left.' }),
    turnsAway: true,
    confirm: (ctx) => ({
      en: `Cancel ${ctx.vehicle?.plate ?? 'this order'} for good? A cancelled order cannot be reopened.`,
      'zh-Hans': `确定取消 ${ctx.vehicle?.plate ?? '此工单'}?取消后无法恢复。`,
      'zh-Hant': `確定取消 ${ctx.vehicle?.plate ?? '此工單'}?取消後無法恢復。`,
    }),
  }),
};

export type WorkOrderPayload<T extends keyof typeof workOrderEvents> = PayloadsOf<typeof workOrderEvents>[T];
export type WorkOrderEvent = StampedEventsOf<typeof workOrderEvents>;
export type EventOf<T extends WorkOrderEvent['type']> = Extract<WorkOrderEvent, { type: T }>;
