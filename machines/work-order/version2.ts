/**
 * Version 2 of the work order: the source's front desk (汽車銷售售后服務前臺工作標準) more to the
 * letter. Built on version 1, it says only what changes:
 * - the inspection checks the source's named items (電動玻璃, 電動窗, 車身漆面, 後尾箱; the engine
 *   by ear when needed), each with its condition, besides the free findings;
 * - the advisor who received the car explains the bill (誰接車誰說明): anyone else is refused, a
 *   manager may take over, and the takeover is recorded;
 * - the items checked on the maintenance confirmation list (保養確認單) are explained at
 *   settlement, with the requests;
 * - the phone greeting, the waiting phrase at handover and the second workshop phrase join the
 *   courtesy phrases.
 * Version 1 stays as it is for the cases opened on it; `migration.ts` moves open ones here.
 */
import { assign, createMachine } from 'xstate';
import { z } from 'zod';
import { firstFailure, guardsFrom, longText, text, type Actor, type Copy, type Rule, type Stamp } from '../process.js';
import { reviseStates } from '../versions.js';
import { workOrderEvents, type EventOf } from './events.js';
import { waitingPhrase, workOrderMachine, workOrderRules, type WorkOrderContext } from './machine.js';

// ── The inspection's named items, and the maintenance confirmation list ─────────────────────

/** The items the source names for the walk-around, in its order; the last only "when needed". */
export const inspectionItems = {
  windowGlass: { en: 'Power window glass', 'zh-Hans': '电动玻璃', 'zh-Hant': '電動玻璃' },
  powerWindows: { en: 'Power windows', 'zh-Hans': '电动窗', 'zh-Hant': '電動窗' },
  bodyPaint: { en: 'Body paint', 'zh-Hans': '车身漆面', 'zh-Hant': '車身漆面' },
  trunk: { en: 'Trunk', 'zh-Hans': '后尾箱', 'zh-Hant': '後尾箱' },
  engineNoise: { en: 'Engine started: any abnormal noise', 'zh-Hans': '起动发动机:有无异响', 'zh-Hant': '起動發動機:有無異響' },
} satisfies Record<string, Copy>;

const itemCheck = z.strictObject({ condition: text(500), note: longText().optional() });

export const inspectionChecklistSchema = z.strictObject({
  windowGlass: itemCheck,
  powerWindows: itemCheck,
  bodyPaint: itemCheck,
  trunk: itemCheck,
  /** Only when the engine was started to listen for noises (必要時). */
  engineNoise: itemCheck.optional(),
});
export type InspectionChecklist = z.infer<typeof inspectionChecklistSchema>;

/** One line of the maintenance confirmation list: what was checked, and what was found or done. */
export const maintenanceItemSchema = z.strictObject({ item: text(200), result: text(500), note: longText().optional() });
export type MaintenanceItem = z.infer<typeof maintenanceItemSchema>;

const inspection = workOrderEvents['inspection.recorded'];
const review = workOrderEvents['settlement.requestsReviewed'];

export const workOrderEventsV2 = {
  ...workOrderEvents,
  'inspection.recorded': {
    ...inspection,
    schema: inspection.schema.extend({ checklist: inspectionChecklistSchema }),
    example: (ctx: WorkOrderContext, on: { now: Date }) => ({
      ...inspection.example(ctx, on),
      checklist: {
        windowGlass: { condition: 'intact' },
        powerWindows: { condition: 'all four work' },
        bodyPaint: { condition: 'light scratch on the rear bumper' },
        trunk: { condition: 'spare wheel and jack present' },
      },
    }),
  },
  'settlement.requestsReviewed': {
    ...review,
    schema: review.schema.extend({ maintenanceConfirmation: z.array(maintenanceItemSchema).max(100) }),
    example: (ctx: WorkOrderContext, on: { now: Date }) => ({
      ...review.example(ctx, on),
      maintenanceConfirmation: [{ item: 'brake pads', result: 'replaced' }],
    }),
    formDefaults: (ctx: WorkOrderContext, on: Parameters<NonNullable<typeof review.formDefaults>>[1]) => ({
      ...review.formDefaults?.(ctx, on),
      maintenanceConfirmation: [],
    }),
  },
};

type ChecklistEvent = EventOf<'inspection.recorded'> & { checklist: InspectionChecklist };
type ReviewEvent = EventOf<'settlement.requestsReviewed'> & { maintenanceConfirmation: MaintenanceItem[] };

// ── The case record: what version 2 keeps besides version 1's ───────────────────────────────

export interface WorkOrderContextV2 extends Omit<WorkOrderContext, 'inspection'> {
  inspection: null | (NonNullable<WorkOrderContext['inspection']> & {
    /** The named items; null on an inspection recorded on version 1, before the list was kept. */
    checklist: InspectionChecklist | null;
  });
  /** Who received the car (recorded the inspection with the customer): the one who explains the bill. */
  receivedBy: Actor | null;
  /** The maintenance confirmation list explained at settlement; null before, or when settled on version 1. */
  maintenanceConfirmation: MaintenanceItem[] | null;
  /** Who explained the bill, and whose place they took when it was not the one who received the car. */
  explanation: null | { by: Actor; at: string; tookOverFrom: Actor | null };
}

// ── Rules ───────────────────────────────────────────────────────────────────────────────────

const theAdvisorWhoReceivedTheCarExplains: Rule<WorkOrderContextV2, Stamp> = ({ context, event }) => {
  const receiver = context.receivedBy;
  if (!receiver || event.actor.id === receiver.id || event.actor.role === 'manager') return null;
  return `${receiver.name} received the car and explains the bill; a manager may take over`;
};

export const workOrderRulesV2 = {
  ...workOrderRules,
  receiverExplainsEveryRequest: firstFailure<WorkOrderContextV2, any>(
    theAdvisorWhoReceivedTheCarExplains,
    workOrderRules.everyRequestHasAResolution as Rule<WorkOrderContextV2, any>,
  ),
};

// ── Courtesy phrases the source gives that version 1 left out ───────────────────────────────

const phoneGreeting: Copy = {
  en: 'On the phone: "Hello, Guangzhou Honda Dejia, how can I help you?"',
  'zh-Hans': '接电话时:您好,广州本田得佳店,有什么可以帮到您?',
  'zh-Hant': '接電話時:您好,廣州本田得佳店,有什麼可以幫到您?',
};
const workshopDisturbs: Copy = {
  en: 'Sorry, talking with you keeps us from servicing your car: please ask at the front desk.',
  'zh-Hans': '对不起先生/小姐,跟您讲话会影响到保养/修理好您的爱车。请您到前台咨询。',
  'zh-Hant': '對不起先生/小姐,跟您講話會影響到保養/修理好您的愛車。請您到前臺咨詢。',
};

// ── The machine: version 1's chart with these changes ──────────────────────────────────────

type Node = Record<string, any>;
const withPhrases = (phrases: (say: readonly Copy[]) => readonly Copy[]) => (node: Node) => ({
  ...node,
  meta: { ...node.meta, say: phrases(node.meta.say ?? []) },
});
const withTransition = (event: string, change: Node) => (node: Node) => ({
  ...node,
  on: { ...node.on, [event]: { ...node.on[event], ...change } },
});

const version1 = workOrderMachine.config;
const version1Context = version1.context as (args: { input: unknown }) => WorkOrderContext;

export const workOrderMachineV2 = createMachine(
  reviseStates(
    {
      ...version1,
      context: ({ input }: { input: unknown }): WorkOrderContextV2 => ({
        ...version1Context({ input }),
        inspection: null,
        receivedBy: null,
        maintenanceConfirmation: null,
        explanation: null,
      }),
    } as Node,
    {
      greet: withPhrases((say) => [...say, phoneGreeting]),
      inspect: withTransition('inspection.recorded', { actions: ['recordInspection', 'recordChecklist'] }),
      repair: withPhrases((say) => [...say, workshopDisturbs]),
      settle: (node) => ({
        ...node,
        meta: {
          ...node.meta,
          guidance: {
            en: `${node.meta.guidance.en} The items checked on the maintenance confirmation list are explained too.`,
            'zh-Hans': `${node.meta.guidance['zh-Hans']}保养确认单上所检查的项目也一并说明。`,
            'zh-Hant': `${node.meta.guidance['zh-Hant']}保養確認單上所檢查的項目也一併說明。`,
          },
        },
      }),
      'settle.reviewingRequests': (node) =>
        withTransition('settlement.requestsReviewed', {
          guard: 'receiverExplainsEveryRequest',
          actions: ['recordResolutions', 'recordExplanation'],
        })({
          ...node,
          meta: {
            ...node.meta,
            guidance: {
              en: 'The advisor who received the car checks the inquiry sheet with the customer: a resolution for every original request, and the items of the maintenance confirmation list. A manager may take over.',
              'zh-Hans': '谁接车谁说明:接车的前台人员与顾客核对问诊单,逐项确认要求是否解决,并说明保养确认单上所检查的项目;主管可以接手。',
              'zh-Hant': '誰接車誰說明:接車的前臺人員與顧客核對問診單,逐項確認要求是否解決,並說明保養確認單上所檢查的項目;主管可以接手。',
            },
          },
        }),
      handover: withPhrases((say) => [waitingPhrase, ...say]),
    },
  ) as never,
  {
    guards: { ...workOrderMachine.implementations.guards, ...guardsFrom(workOrderRulesV2 as Record<string, Rule<any, any>>) } as never,
    actions: {
      ...workOrderMachine.implementations.actions,
      recordChecklist: assign(({ context, event }: { context: WorkOrderContextV2; event: ChecklistEvent }) => ({
        inspection: { ...context.inspection!, checklist: event.checklist },
        receivedBy: event.actor,
      })),
      recordExplanation: assign(({ context, event }: { context: WorkOrderContextV2; event: ReviewEvent }) => {
        const receiver = context.receivedBy;
        return {
          maintenanceConfirmation: event.maintenanceConfirmation,
          explanation: { by: event.actor, at: event.at, tookOverFrom: receiver && receiver.id !== event.actor.id ? receiver : null },
        };
      }),
    } as never,
  },
);
