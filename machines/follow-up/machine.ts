/**
 * The follow-up call after a handover (DOMAIN.md §5): due → called → closed. The server opens it
 * itself a few days after a work order's handover; an advisor calls the customer and records
 * whether they were reached and whether all is well. A call nobody answered keeps it due.
 */
import { assign, setup } from 'xstate';
import { guardsFrom, stateMetaOf as meta, type Actor, type Rule } from '../process.js';
import type { EventOf, FollowUpEvent, FollowUpInput } from './events.js';

export interface FollowUpCall {
  reached: boolean;
  /** null when the customer was not reached. */
  satisfied: boolean | null;
  notes: string;
  at: string;
  by: Actor;
}

export interface FollowUpContext extends FollowUpInput {
  /** Every call, the unanswered ones too, oldest first. */
  calls: FollowUpCall[];
  closure: null | { note: string | null; at: string; by: Actor };
}

export const followUpRules = {
  customerWasReached: (({ event }) =>
    event.reached ? null : 'the customer was not reached: the call is recorded, and the follow-up stays due') as Rule<FollowUpContext, EventOf<'call.made'>>,
  customerWasCalled: (({ context }) =>
    context.calls.length > 0 ? null : 'call the customer at least once before closing the follow-up') as Rule<FollowUpContext, EventOf<'follow-up.closed'>>,
} satisfies Record<string, Rule<FollowUpContext, any>>;

const DAY = 24 * 60;

export const followUpMachine = setup({
  types: { context: {} as FollowUpContext, events: {} as FollowUpEvent, input: {} as FollowUpInput },
  guards: guardsFrom(followUpRules as Record<keyof typeof followUpRules, Rule<FollowUpContext, any>>),
  actions: {
    recordCall: assign({
      calls: ({ context, event }) => {
        const e = event as EventOf<'call.made'>;
        return [...context.calls, { reached: e.reached, satisfied: e.satisfied ?? null, notes: e.notes, at: e.at, by: e.actor }];
      },
    }),
    recordClosure: assign({
      closure: ({ event }) => {
        const e = event as EventOf<'follow-up.closed'>;
        return { note: e.note ?? null, at: e.at, by: e.actor };
      },
    }),
  },
}).createMachine({
  id: 'followUp',
  context: ({ input }) => ({
    ...(input ?? { workOrderId: '', workOrderNumber: '', customer: { name: '', phone: '' }, vehicle: { plate: '' }, handedOverAt: '' }),
    calls: [],
    closure: null,
  }),
  initial: 'due',
  states: {
    due: {
      meta: meta({
        label: { en: 'Call due', 'zh-Hans': '待回访', 'zh-Hant': '待回訪' },
        guidance: {
          en: 'Call the customer: is the car running well, was every request resolved, are they satisfied with the service? Record what they say. If nobody answers, record the attempt and call again.',
          'zh-Hans': '致电客户:车辆使用是否正常、所提要求是否都已解决、对服务是否满意?记录客户所说。无人接听时记录此次致电,稍后再拨。',
          'zh-Hant': '致電客戶:車輛使用是否正常、所提要求是否都已解決、對服務是否滿意?記錄客戶所說。無人接聽時記錄此次致電,稍後再撥。',
        },
        say: [
          {
            en: 'Hello, this is … from the service desk. We serviced your car a few days ago: is everything all right?',
            'zh-Hans': '您好,我是服务站的***。您的爱车前几天在我们这里保养,请问一切都好吗?',
            'zh-Hant': '您好,我是服務站的***。您的愛車前幾天在我們這裡保養,請問一切都好嗎?',
          },
        ],
        timeLimitMinutes: DAY,
      }),
      on: {
        'call.made': [{ guard: 'customerWasReached', target: 'called', actions: 'recordCall' }, { actions: 'recordCall' }],
        'follow-up.closed': { guard: 'customerWasCalled', target: 'closed', actions: 'recordClosure' },
      },
    },
    called: {
      meta: meta({
        label: { en: 'Called', 'zh-Hans': '已回访', 'zh-Hant': '已回訪' },
        guidance: {
          en: "The customer was reached. A dissatisfied customer's words went to QA as a complaint; close the follow-up.",
          'zh-Hans': '已联系上客户。客户不满意时,其意见已转为投诉交质管员处理;结束回访。',
          'zh-Hant': '已聯繫上客戶。客戶不滿意時,其意見已轉為投訴交質管員處理;結束回訪。',
        },
        timeLimitMinutes: DAY,
      }),
      on: { 'follow-up.closed': { target: 'closed', actions: 'recordClosure' } },
    },
    closed: {
      type: 'final',
      meta: meta({
        label: { en: 'Closed', 'zh-Hans': '已结束', 'zh-Hant': '已結束' },
        guidance: { en: 'The follow-up is on file.', 'zh-Hans': '回访已存档。', 'zh-Hant': '回訪已存檔。' },
      }),
    },
  },
});
