/**
 * The car-service front desk: greet → inspect → estimate → sign → repair → settle → handover.
 * The machine and its rules; hold this file next to DOMAIN.md §1 and CONTRACT.md "Work-order input
 * and events". The events themselves are declared in `events.ts`.
 */
import { assign, setup } from 'xstate';
import {
  firstFailure,
  guardsFrom,
  lineAmountMinor,
  stampSignature,
  stateMetaOf as meta,
  type Actor,
  type Copy,
  type Rule,
  type Signature,
} from '../process.js';
import type { EstimateLineInput, EventOf, WorkOrderEvent, WorkOrderInput, WorkOrderPayload } from './events.js';

// ── The case record ─────────────────────────────────────────────────────────────────────────

export interface EstimateLine extends Omit<EstimateLineInput, 'id'> {
  id: string;
  amountMinor: number;
  /** The revision that first showed this line to the customer. */
  addedInRevision: number;
  approval: 'pending' | 'approved' | 'declined';
  done: boolean;
  doneAt?: string;
  receivedAt?: string;
}

export interface Estimate {
  revision: number;
  lines: EstimateLine[];
  /** Sum of the lines that are not declined. */
  totalMinor: number;
  currency: string;
  promisedAt: string;
  preparedAt: string;
  preparedBy: Actor;
}

export interface Supplement {
  revision: number;
  note: string;
  lineIds: string[];
  foundAt: string;
  foundBy: Actor;
  status: 'pending' | 'approved' | 'declined';
  customerSignature?: Signature;
  declineReason?: string;
  decidedAt?: string;
}

export interface WorkOrderContext {
  customer: WorkOrderInput['customer'];
  vehicle: WorkOrderInput['vehicle'];
  requests: string[];
  currency: string;
  requestsConfirmedAt: string | null;
  inspection: null | {
    coversFitted: boolean;
    findings: WorkOrderPayload<'inspection.recorded'>['findings'];
    belongings: string[];
    valuablesReminderGiven: boolean;
    customerSignature: Signature;
    recordedAt: string;
    recordedBy: Actor;
  };
  /** The current revision; every revision ever shown is kept in `estimateRevisions`. */
  estimate: Estimate | null;
  estimateRevisions: Estimate[];
  approval: null | { revision: number; customerSignature: Signature };
  estimateDeclined: null | { reason: string; at: string; by: Actor };
  repair: { technician: string | null; startedAt: string | null; completedAt: string | null };
  supplements: Supplement[];
  resolutions: null | Array<{ request: number; resolved: boolean; note?: string }>;
  invoice: null | { totalMinor: number; currency: string; customerSignature: Signature };
  payments: Array<{ amountMinor: number; method: string; at: string; receivedBy: Actor }>;
  billing: null | { totalMinor: number; paidMinor: number; owedMinor: number };
  handover: null | { coversRemoved: boolean; nextService: WorkOrderPayload<'vehicle.handedOver'>['nextService']; at: string; by: Actor };
  cancellation: null | { reason: string; at: string; by: Actor };
}

function initialContext(input: WorkOrderInput | undefined): WorkOrderContext {
  return {
    customer: input?.customer ?? { name: '', phone: '' },
    vehicle: input?.vehicle ?? { plate: '', odometerKm: 0 },
    requests: input?.requests ?? [],
    currency: input?.currency ?? 'CNY',
    requestsConfirmedAt: null,
    inspection: null,
    estimate: null,
    estimateRevisions: [],
    approval: null,
    estimateDeclined: null,
    repair: { technician: null, startedAt: null, completedAt: null },
    supplements: [],
    resolutions: null,
    invoice: null,
    payments: [],
    billing: null,
    handover: null,
    cancellation: null,
  };
}

// ── Record-keeping helpers (pure) ───────────────────────────────────────────────────────────

const isGoods = (line: { kind: string }) => line.kind === 'part' || line.kind === 'fluid';
const sumMinor = (lines: EstimateLine[]) => lines.reduce((sum, l) => sum + l.amountMinor, 0);
const approvedLines = (ctx: WorkOrderContext) => ctx.estimate?.lines.filter((l) => l.approval === 'approved') ?? [];

/** Gives each new line an id (kept when given), deterministically: L1, L2, … skipping taken ones. */
function pricedLines(inputs: EstimateLineInput[], revision: number, taken: Set<string>): EstimateLine[] {
  const used = new Set([...taken, ...inputs.flatMap((l) => (l.id ? [l.id] : []))]);
  let next = 1;
  return inputs.map(({ id, ...line }) => {
    let lineId = id;
    if (!lineId) {
      while (used.has(`L${next}`)) next++;
      lineId = `L${next}`;
      used.add(lineId);
    }
    return {
      ...line,
      id: lineId,
      amountMinor: lineAmountMinor(line.quantity, line.unitPriceMinor),
      addedInRevision: revision,
      approval: 'pending' as const,
      done: false,
    };
  });
}

function revise(ctx: WorkOrderContext, lines: EstimateLine[], promisedAt: string, event: WorkOrderEvent): Estimate {
  return {
    revision: (ctx.estimate?.revision ?? 0) + 1,
    lines,
    totalMinor: sumMinor(lines.filter((l) => l.approval !== 'declined')),
    currency: ctx.currency,
    promisedAt,
    preparedAt: event.at,
    preparedBy: event.actor,
  };
}

function billingOf(ctx: WorkOrderContext) {
  const totalMinor = sumMinor(approvedLines(ctx));
  const paidMinor = ctx.payments.reduce((sum, p) => sum + p.amountMinor, 0);
  return { totalMinor, paidMinor, owedMinor: totalMinor - paidMinor };
}

// ── Rules: each guard, and the sentence staff read when it refuses ──────────────────────────

type Args<T extends WorkOrderEvent['type']> = { context: WorkOrderContext; event: EventOf<T> };
type AnyRule = Rule<WorkOrderContext, any>;

function linesAreComplete(lines: EstimateLineInput[], taken: Set<string>): string | null {
  if (lines.length === 0) return 'the estimate needs at least one line';
  const ids = new Set<string>();
  for (const line of lines) {
    if (line.kind === 'labour' && line.labourHours === undefined) {
      return `the labour line "${line.description}" needs its labour hours`;
    }
    if (isGoods(line) && line.inStock === undefined) {
      return `the ${line.kind} line "${line.description}" must say whether it is in stock`;
    }
    if (line.id !== undefined && (ids.has(line.id) || taken.has(line.id))) {
      return `the line id "${line.id}" is used twice`;
    }
    if (line.id !== undefined) ids.add(line.id);
  }
  return null;
}

export const workOrderRules = {
  inspectionIsComplete: firstFailure<WorkOrderContext, EventOf<'inspection.recorded'>>(
    ({ event }) => (event.coversFitted ? null : 'the seat, steering-wheel and floor covers must be fitted in front of the customer'),
    ({ event }) => (event.valuablesReminderGiven ? null : 'the customer must be reminded to take their valuables'),
    ({ event }) => (event.customerSignature ? null : 'the customer must sign the inspection record'),
  ),
  estimateIsComplete: firstFailure<WorkOrderContext, EventOf<'estimate.prepared'>>(
    ({ event }) => linesAreComplete(event.lines, new Set()),
    ({ event }) =>
      Date.parse(event.promisedAt) > Date.parse(event.at)
        ? null
        : 'the promised delivery time must be in the future',
  ),
  revisionIsCurrent: (({ context, event }: Args<'estimate.approved' | 'supplement.approved'>) => {
    const current = context.estimate?.revision;
    return event.revision === current
      ? null
      : `the customer must sign revision ${current} of the estimate, not revision ${event.revision}`;
  }) as AnyRule,
  supplementIsComplete: (({ context, event }: Args<'repair.additionalWorkFound'>) =>
    linesAreComplete(event.lines, new Set(context.estimate?.lines.map((l) => l.id)))) as AnyRule,
  linesAwaitParts: (({ context, event }: Args<'parts.received'>) => {
    for (const id of event.lineIds) {
      const line = approvedLines(context).find((l) => l.id === id);
      if (!line || !isGoods(line)) return `"${id}" is not an approved part or fluid line of this order`;
      if (line.inStock !== false) return `the part for line "${id}" is not missing`;
    }
    return null;
  }) as AnyRule,
  anApprovedPartIsMissing: (({ context }) =>
    approvedLines(context).some((l) => isGoods(l) && l.inStock === false) ? null : 'no approved part is missing') as AnyRule,
  workHasStarted: (({ context }) => (context.repair.startedAt ? null : 'work has not started yet')) as AnyRule,
  lineIsApprovedAndNotDone: (({ context, event }: Args<'repair.lineCompleted'>) => {
    const line = context.estimate?.lines.find((l) => l.id === event.lineId);
    if (!line) return `there is no line "${event.lineId}" on this order`;
    if (line.approval !== 'approved') return `line "${event.lineId}" has not been approved by the customer and may not be worked`;
    if (line.done) return `line "${event.lineId}" is already done`;
    return null;
  }) as AnyRule,
  everyApprovedLineIsDone: (({ context }) => {
    const open = approvedLines(context).filter((l) => !l.done);
    return open.length === 0 ? null : `approved lines are not done yet: ${open.map((l) => l.id).join(', ')}`;
  }) as AnyRule,
  everyRequestHasAResolution: (({ context, event }: Args<'settlement.requestsReviewed'>) => {
    const seen = new Set<number>();
    for (const r of event.resolutions) {
      if (r.request >= context.requests.length) return `there is no request number ${r.request} on the inquiry sheet`;
      if (seen.has(r.request)) return `request ${r.request} has two resolutions`;
      seen.add(r.request);
      if (!r.resolved && !r.note) return `request ${r.request} is not resolved: say why in a note`;
    }
    const missing = context.requests.map((_, i) => i).filter((i) => !seen.has(i));
    return missing.length === 0
      ? null
      : `every request on the inquiry sheet must be accounted for; missing: ${missing.map((i) => `${i} ("${context.requests[i]}")`).join(', ')}`;
  }) as AnyRule,
  paymentIsWithinWhatIsOwed: (({ context, event }: Args<'payment.recorded'>) => {
    const owed = billingOf(context).owedMinor;
    if (event.amountMinor < 1) return 'a payment must be at least 1 minor unit';
    return event.amountMinor <= owed ? null : `the payment of ${event.amountMinor} is more than the ${owed} still owed`;
  }) as AnyRule,
  nothingIsOwed: (({ context }) => {
    const owed = billingOf(context).owedMinor;
    return owed === 0 ? null : `${owed} is still owed`;
  }) as AnyRule,
  handoverIsComplete: firstFailure<WorkOrderContext, EventOf<'vehicle.handedOver'>>(
    ({ event }) => (event.coversRemoved ? null : 'the protective covers must be removed in front of the customer'),
    ({ event }) =>
      event.nextService.dueDate !== undefined || event.nextService.dueOdometerKm !== undefined
        ? null
        : 'remind the customer of the next service: give a date, an odometer reading, or both',
  ) as AnyRule,
} satisfies Record<string, AnyRule>;

// ── State metadata: labels, guidance, standard phrases, time limits ─────────────────────────

export const waitingPhrase: Copy = { en: 'Sorry to have kept you waiting, Mr/Ms …!', 'zh-Hans': '不好意思,**先生/小姐,让您久等了!', 'zh-Hant': '不好意思,**先生/小姐,讓您久等了!' };

// ── The machine ─────────────────────────────────────────────────────────────────────────────

const cancel = { target: '#workOrder.cancelled', actions: 'recordCancellation' } as const;

export const workOrderMachine = setup({
  types: {
    context: {} as WorkOrderContext,
    events: {} as WorkOrderEvent,
    input: {} as WorkOrderInput,
  },
  guards: guardsFrom(workOrderRules as Record<keyof typeof workOrderRules, AnyRule>),
  actions: {
    recordInspection: assign({
      inspection: ({ event }) => {
        const e = event as EventOf<'inspection.recorded'>;
        return {
          coversFitted: e.coversFitted,
          findings: e.findings,
          belongings: e.belongings,
          valuablesReminderGiven: e.valuablesReminderGiven,
          customerSignature: stampSignature(e.customerSignature!, e.at),
          recordedAt: e.at,
          recordedBy: e.actor,
        };
      },
    }),
    recordEstimate: assign(({ context, event }) => {
      const e = event as EventOf<'estimate.prepared'>;
      const revision = (context.estimate?.revision ?? 0) + 1;
      const estimate = revise(context, pricedLines(e.lines, revision, new Set()), e.promisedAt, e);
      return { estimate, estimateRevisions: [...context.estimateRevisions, estimate] };
    }),
    approveEstimate: assign(({ context, event }) => {
      const e = event as EventOf<'estimate.approved'>;
      const estimate = { ...context.estimate!, lines: context.estimate!.lines.map((l) => ({ ...l, approval: 'approved' as const })) };
      return { estimate, approval: { revision: e.revision, customerSignature: stampSignature(e.customerSignature, e.at) } };
    }),
    declineEstimate: assign({
      estimateDeclined: ({ event }) => {
        const e = event as EventOf<'estimate.declined'>;
        return { reason: e.reason, at: e.at, by: e.actor };
      },
    }),
    receiveParts: assign({
      estimate: ({ context, event }) => {
        const e = event as EventOf<'parts.received'>;
        const lines = context.estimate!.lines.map((l) =>
          e.lineIds.includes(l.id) ? { ...l, inStock: true, receivedAt: e.at } : l,
        );
        return { ...context.estimate!, lines };
      },
    }),
    startRepair: assign({
      repair: ({ context, event }) => {
        const e = event as EventOf<'repair.started'>;
        return { ...context.repair, technician: e.technician, startedAt: e.at };
      },
    }),
    completeLine: assign({
      estimate: ({ context, event }) => {
        const e = event as EventOf<'repair.lineCompleted'>;
        const lines = context.estimate!.lines.map((l) => (l.id === e.lineId ? { ...l, done: true, doneAt: e.at } : l));
        return { ...context.estimate!, lines };
      },
    }),
    proposeSupplement: assign(({ context, event }) => {
      const e = event as EventOf<'repair.additionalWorkFound'>;
      const current = context.estimate!;
      const revision = current.revision + 1;
      const added = pricedLines(e.lines, revision, new Set(current.lines.map((l) => l.id)));
      const estimate = revise(context, [...current.lines, ...added], current.promisedAt, e);
      const supplement: Supplement = {
        revision,
        note: e.note,
        lineIds: added.map((l) => l.id),
        foundAt: e.at,
        foundBy: e.actor,
        status: 'pending',
      };
      return {
        estimate,
        estimateRevisions: [...context.estimateRevisions, estimate],
        supplements: [...context.supplements, supplement],
      };
    }),
    decideSupplement: assign(({ context, event }) => {
      const e = event as EventOf<'supplement.approved' | 'supplement.declined'>;
      const approved = e.type === 'supplement.approved';
      const pending = context.supplements.at(-1)!;
      const lines = context.estimate!.lines.map((l) =>
        pending.lineIds.includes(l.id) ? { ...l, approval: approved ? ('approved' as const) : ('declined' as const) } : l,
      );
      const estimate = { ...context.estimate!, lines, totalMinor: sumMinor(lines.filter((l) => l.approval !== 'declined')) };
      const decided: Supplement = approved
        ? { ...pending, status: 'approved', customerSignature: stampSignature(e.customerSignature, e.at), decidedAt: e.at }
        : { ...pending, status: 'declined', declineReason: e.reason, decidedAt: e.at };
      return { estimate, supplements: [...context.supplements.slice(0, -1), decided] };
    }),
    completeRepair: assign({
      repair: ({ context, event }) => ({ ...context.repair, completedAt: event.at }),
    }),
    openBilling: assign({ billing: ({ context }) => billingOf(context) }),
    recordResolutions: assign({
      resolutions: ({ event }) =>
        [...(event as EventOf<'settlement.requestsReviewed'>).resolutions].sort((a, b) => a.request - b.request),
    }),
    recordInvoiceSignature: assign({
      invoice: ({ context, event }) => {
        const e = event as EventOf<'invoice.signed'>;
        const { totalMinor } = billingOf(context);
        return { totalMinor, currency: context.currency, customerSignature: stampSignature(e.customerSignature, e.at) };
      },
    }),
    recordPayment: assign(({ context, event }) => {
      const e = event as EventOf<'payment.recorded'>;
      const payments = [...context.payments, { amountMinor: e.amountMinor, method: e.method, at: e.at, receivedBy: e.actor }];
      return { payments, billing: billingOf({ ...context, payments }) };
    }),
    recordCancellation: assign({
      cancellation: ({ event }) => {
        const e = event as EventOf<'order.cancelled'>;
        return { reason: e.reason, at: e.at, by: e.actor };
      },
    }),
    recordHandover: assign({
      handover: ({ event }) => {
        const e = event as EventOf<'vehicle.handedOver'>;
        return { coversRemoved: e.coversRemoved, nextService: e.nextService, at: e.at, by: e.actor };
      },
    }),
  },
}).createMachine({
  id: 'workOrder',
  context: ({ input }) => initialContext(input),
  initial: 'greet',
  states: {
    greet: {
      meta: meta({
        label: { en: 'Greet', 'zh-Hans': '接待', 'zh-Hant': '接待' },
        guidance: {
          en: 'Meet the customer before the car stops; seat them and offer tea. Record plate, name, phone and odometer, and the requests in the customer\'s own words on the inquiry sheet. Read the requests back and have the customer confirm them.',
          'zh-Hans': '在客户停车前出迎,安顿客户并倒上茶水。记录车牌号、姓名、联系电话、公里数,在问诊单上尽可能用顾客原话记下要求,然后向顾客复述确认。',
          'zh-Hant': '在客戶停車前出迎,安頓客戶並倒上茶水。記錄車牌號、姓名、聯系電話、公里數,在問診單上盡可能用顧客原話記下要求,然後向顧客復述確認。',
        },
        say: [{ en: 'Hello, I am …, glad to be of service!', 'zh-Hans': '您好,我是***,很高兴为您服务!', 'zh-Hant': '您好,我是***,很高興為您服務!' }],
        timeLimitMinutes: 15,
      }),
      on: {
        'requests.confirmed': {
          target: 'inspect',
          actions: assign({ requestsConfirmedAt: ({ event }) => event.at }),
        },
        'order.cancelled': cancel,
      },
    },
    inspect: {
      meta: meta({
        label: { en: 'Inspect', 'zh-Hans': '外观功能件检查', 'zh-Hant': '外觀功能件檢查' },
        guidance: {
          en: 'With the customer present, fit the seat, steering-wheel and floor covers in front of them. Check the exterior and functional parts (power windows, paint, trunk …) and record each finding. List the belongings left in the car, remind the customer about valuables before entering the car, start the engine to listen for noises if needed, and have the customer sign.',
          'zh-Hans': '当着顾客的面安装三件套;检查外观和功能件(电动玻璃、电动窗、车身漆面、后尾箱等)并记录;详尽记录随车物品;进车内前进行贵重物品提示,必要时起动发动机检查有无异响;然后让客户签字确认。',
          'zh-Hant': '當著顧客的面安裝三件套;檢查外觀和功能件(電動玻璃、電動窗、車身漆面、後尾箱等)並記錄;詳盡記錄隨車物品;進車內前進行貴重物品提示,必要時起動發動機檢查有無異響;然後讓客戶簽字確認。',
        },
        timeLimitMinutes: 20,
      }),
      on: {
        'inspection.recorded': { guard: 'inspectionIsComplete', target: 'estimate', actions: 'recordInspection' },
        'order.cancelled': cancel,
      },
    },
    estimate: {
      meta: meta({
        label: { en: 'Estimate', 'zh-Hans': '估价/估时', 'zh-Hant': '估價/估時' },
        guidance: {
          en: 'Decide the job items; list parts and fluids; estimate labour hours and working time. Ask when the customer wants the car back and set the promised delivery time. Check parts stock, compute the amount and explain it plainly.',
          'zh-Hans': '确定作业项目;列出需用的零部件、油脂类,估算工时及作业时间;了解用户要求的取车时间,设定交车预定日期和时间;确认零部件库存;计算估价金额,并简明扼要地向用户说明。',
          'zh-Hant': '確定作業項目;列出需用的零部件、油脂類,估算工時及作業時間;了解用戶要求的取車時間,設定交車預定日期和時間;確認零部件庫存;計算估價金額,並簡明扼要地向用戶說明。',
        },
        say: [waitingPhrase],
        timeLimitMinutes: 30,
      }),
      on: {
        'estimate.prepared': { guard: 'estimateIsComplete', target: 'sign', actions: 'recordEstimate' },
        'order.cancelled': cancel,
      },
    },
    sign: {
      meta: meta({
        label: { en: 'Customer signs', 'zh-Hans': '签字确认', 'zh-Hant': '簽字確認' },
        guidance: {
          en: 'Ask the customer to agree to the amount and the delivery time, and to sign the estimate shown. No work starts without the signature. The customer may also decline.',
          'zh-Hans': '针对报价金额、交车日期和时间征求用户意见,请顾客签字确认。没有签字不得开工;顾客也可以拒绝。',
          'zh-Hant': '針對報價金額、交車日期和時間征求用戶意見,請顧客簽字確認。沒有簽字不得開工;顧客也可以拒絕。',
        },
        timeLimitMinutes: 60,
      }),
      on: {
        'estimate.prepared': { guard: 'estimateIsComplete', target: 'sign', actions: 'recordEstimate' },
        'estimate.approved': { guard: 'revisionIsCurrent', target: 'repair', actions: 'approveEstimate' },
        'estimate.declined': { target: 'settle', actions: 'declineEstimate' },
        'order.cancelled': cancel,
      },
    },
    repair: {
      meta: meta({
        label: { en: 'Repair', 'zh-Hans': '维修', 'zh-Hant': '維修' },
        guidance: {
          en: 'The repair order goes with the car to the workshop, with the inquiry sheet; tell the workshop the jobs and parts. Additional work found during repair needs a new estimate and the customer\'s signature before it is done. Keep customers out of the workshop.',
          'zh-Hans': '修理单同问诊单随客户车辆移至维修车间,并详尽地向车间说明作业内容和涉及的零部件。维修中发现的追加项目须重新估价并经客户签字后方可施工。尽可能避免顾客进入修理车间。',
          'zh-Hant': '修理單同問診單隨客戶車輛移至維修車間,並詳盡地向車間說明作業內容和涉及的零部件。維修中發現的追加項目須重新估價並經客戶簽字後方可施工。盡可能避免顧客進入修理車間。',
        },
        say: [{ en: 'Sorry, the workshop is dangerous: please wait in the lounge.', 'zh-Hans': '对不起!**先生/小姐,车间危险,请您到休息室休息。', 'zh-Hant': '對不起!**先生/小姐,車間危險,請您到休息室休息。' }],
        dueFrom: 'promisedDelivery',
      }),
      initial: 'checkingParts',
      states: {
        // Transient: an approval or a delivery of parts decides where the car waits.
        checkingParts: {
          always: [
            { guard: 'anApprovedPartIsMissing', target: 'waitingParts' },
            { guard: 'workHasStarted', target: 'inProgress' },
            { target: 'ready' },
          ],
        },
        waitingParts: {
          meta: meta({
            label: { en: 'Waiting for parts', 'zh-Hans': '等待零件', 'zh-Hant': '等待零件' },
            guidance: { en: 'An approved part is not in stock: the car waits until it arrives. Record each part as it is received.', 'zh-Hans': '已批准的零件缺货,车辆待料;零件到货后逐项登记。', 'zh-Hant': '已批准的零件缺貨,車輛待料;零件到貨後逐項登記。' },
          }),
          on: { 'parts.received': { guard: 'linesAwaitParts', target: 'checkingParts', actions: 'receiveParts' } },
        },
        ready: {
          meta: meta({
            label: { en: 'Ready for the workshop', 'zh-Hans': '待派工', 'zh-Hant': '待派工' },
            guidance: { en: 'Every approved part is here: assign a technician and start the work.', 'zh-Hans': '零件齐备,指派技师开工。', 'zh-Hant': '零件齊備,指派技師開工。' },
          }),
          on: { 'repair.started': { target: 'inProgress', actions: 'startRepair' } },
        },
        inProgress: {
          meta: meta({
            label: { en: 'In progress', 'zh-Hans': '维修中', 'zh-Hant': '維修中' },
            guidance: { en: 'Work the approved lines and mark each one done. Report additional work before doing it.', 'zh-Hans': '按已批准项目施工,逐项完工登记;发现追加项目先报告,不得先做。', 'zh-Hant': '按已批准項目施工,逐項完工登記;發現追加項目先報告,不得先做。' },
          }),
          on: {
            'repair.lineCompleted': { guard: 'lineIsApprovedAndNotDone', actions: 'completeLine' },
            'repair.additionalWorkFound': { guard: 'supplementIsComplete', target: 'awaitingSupplement', actions: 'proposeSupplement' },
            'repair.completed': { guard: 'everyApprovedLineIsDone', target: '#workOrder.settle', actions: 'completeRepair' },
          },
        },
        awaitingSupplement: {
          meta: meta({
            label: { en: 'Awaiting the customer\'s approval of additional work', 'zh-Hans': '追加项目待客户签字', 'zh-Hant': '追加項目待客戶簽字' },
            guidance: { en: 'Explain the additional work and its price to the customer and ask them to sign the new revision, or record that they decline it.', 'zh-Hans': '向客户说明追加项目及费用,请客户在新版估价单上签字,或记录客户拒绝。', 'zh-Hant': '向客戶說明追加項目及費用,請客戶在新版估價單上簽字,或記錄客戶拒絕。' },
          }),
          on: {
            'supplement.approved': { guard: 'revisionIsCurrent', target: 'checkingParts', actions: 'decideSupplement' },
            'supplement.declined': { target: 'checkingParts', actions: 'decideSupplement' },
          },
        },
      },
    },
    settle: {
      meta: meta({
        label: { en: 'Settle', 'zh-Hans': '结算', 'zh-Hant': '結算' },
        guidance: {
          en: 'The advisor who received the car explains the invoice line by line, after checking the inquiry sheet: every original request must have been addressed. The customer signs the invoice and is walked to the cashier, who takes payment and leaves explanations to the advisor.',
          'zh-Hans': '谁接车谁说明:说明前核对问诊单,查看顾客的要求是否都得到解决;根据结算单说明作业项目和费用;请顾客在账票上签字,然后引导顾客至收银处付款。收银员不解释费用构成,留给前台人员。',
          'zh-Hant': '誰接車誰說明:說明前核對問診單,查看顧客的要求是否都得到解決;根據結算單說明作業項目和費用;請顧客在帳票上簽字,然後引導顧客至收銀處付款。收銀員不解釋費用構成,留給前臺人員。',
        },
        say: [waitingPhrase],
        timeLimitMinutes: 30,
      }),
      entry: 'openBilling',
      initial: 'reviewingRequests',
      states: {
        reviewingRequests: {
          meta: meta({
            label: { en: 'Review the requests', 'zh-Hans': '核对问诊单', 'zh-Hant': '核對問診單' },
            guidance: { en: 'Check the inquiry sheet: give every original request a resolution.', 'zh-Hans': '核对问诊单,逐项确认顾客的要求是否解决。', 'zh-Hant': '核對問診單,逐項確認顧客的要求是否解決。' },
          }),
          on: {
            'settlement.requestsReviewed': { guard: 'everyRequestHasAResolution', target: 'awaitingInvoiceSignature', actions: 'recordResolutions' },
          },
        },
        awaitingInvoiceSignature: {
          meta: meta({
            label: { en: 'Invoice to sign', 'zh-Hans': '账票签字', 'zh-Hant': '帳票簽字' },
            guidance: { en: 'Explain the invoice line by line and have the customer sign it.', 'zh-Hans': '逐项说明结算单,请顾客签字确认。', 'zh-Hant': '逐項說明結算單,請顧客簽字確認。' },
          }),
          on: { 'invoice.signed': { target: 'checkingBalance', actions: 'recordInvoiceSignature' } },
        },
        // Transient: a signed invoice or a payment decides whether the customer still owes money.
        checkingBalance: {
          always: [{ guard: 'nothingIsOwed', target: '#workOrder.handover' }, { target: 'awaitingPayment' }],
        },
        awaitingPayment: {
          meta: meta({
            label: { en: 'Payment at the cashier', 'zh-Hans': '收银', 'zh-Hant': '收銀' },
            guidance: { en: 'Walk the customer to the cashier. The cashier checks and takes payment quickly (split payments allowed), thanks the customer, and leaves questions about the charges to the advisor.', 'zh-Hans': '引导顾客至收银处。收银员快速核对并收取费用(可分次付款),对顾客表示感谢,费用构成的疑问留给前台人员解释。', 'zh-Hant': '引導顧客至收銀處。收銀員快速核對並收取費用(可分次付款),對顧客表示感謝,費用構成的疑問留給前臺人員解釋。' },
          }),
          on: { 'payment.recorded': { guard: 'paymentIsWithinWhatIsOwed', target: 'checkingBalance', actions: 'recordPayment' } },
        },
      },
    },
    handover: {
      meta: meta({
        label: { en: 'Handover', 'zh-Hans': '交车', 'zh-Hant': '交車' },
        guidance: {
          en: 'Thank the customer and give them your business card. Walk them to the delivery bay, remove the protective covers in front of them, and remind them of the next service, by date or by odometer.',
          'zh-Hans': '对顾客来店表示感谢,递上名片;引导顾客到交车车位,当着顾客的面取下三件套;提醒顾客下次保养时间(基于时间或公里数)。',
          'zh-Hant': '對顧客來店表示感謝,遞上名片;引導顧客到交車車位,當著顧客的面取下三件套;提醒顧客下次保養時間(基於時間或公里數)。',
        },
        say: [{ en: 'Thank you for visiting us, and have a pleasant drive!', 'zh-Hans': '感谢您光临得佳店,祝您驾车愉快!', 'zh-Hant': '感謝您光臨得佳店,祝您駕車愉快!' }],
        timeLimitMinutes: 30,
      }),
      on: { 'vehicle.handedOver': { guard: 'handoverIsComplete', target: 'done', actions: 'recordHandover' } },
    },
    done: {
      type: 'final',
      meta: meta({ label: { en: 'Done', 'zh-Hans': '完成', 'zh-Hant': '完成' }, guidance: { en: 'The car has been handed over.', 'zh-Hans': '已交车。', 'zh-Hant': '已交車。' } }),
    },
    cancelled: {
      type: 'final',
      meta: meta({ label: { en: 'Cancelled', 'zh-Hans': '已取消', 'zh-Hant': '已取消' }, guidance: { en: 'The order was cancelled before repair began.', 'zh-Hans': '维修开始前已取消。', 'zh-Hant': '維修開始前已取消。' } }),
    },
  },
});
