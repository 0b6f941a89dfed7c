/**
 * The complaint lifecycle (QA): received → investigated → corrected → answered → closed.
 * "Every matter accounted for, every case answered" (件件有交待,樁樁有答復): DOMAIN.md §2.
 */
import { assign, setup } from 'xstate';
import { firstFailure, guardsFrom, stateMetaOf as meta, type Actor, type Rule } from '../process.js';
import type { ComplaintEvent, ComplaintInput, ComplaintPayload, EventOf } from './events.js';

/** One pass from received to an answer; a reopened complaint starts a new round. */
export interface ComplaintRound {
  investigation: null | (ComplaintPayload<'investigation.recorded'> & { at: string; by: Actor });
  correction: null | (ComplaintPayload<'correction.recorded'> & { at: string; by: Actor });
  answer: null | (ComplaintPayload<'answer.sent'> & { at: string; by: Actor });
  reopened: null | { reason: string; at: string; by: Actor };
}

export interface ComplaintContext extends ComplaintInput {
  /** The current round. */
  round: ComplaintRound;
  /** Earlier rounds, oldest first, each ended by a reopening. */
  history: ComplaintRound[];
  closure: null | {
    customerResponse: string;
    satisfied: boolean;
    /** A dissatisfied customer's complaint closed anyway: the manager's decision, on record. */
    closedOverDissatisfactionBy: Actor | null;
    at: string;
    by: Actor;
  };
}

const emptyRound = (): ComplaintRound => ({ investigation: null, correction: null, answer: null, reopened: null });

export const complaintRules = {
  correctionIsWarranted: firstFailure<ComplaintContext, EventOf<'correction.recorded'>>(
    ({ context }) =>
      context.round.investigation?.substantiated
        ? null
        : 'the investigation found the complaint not substantiated: answer the customer instead of recording a correction',
    ({ event }) => (event.actions.length > 0 ? null : 'record at least one corrective action: what, who, and by when'),
  ),
  complaintIsNotSubstantiated: (({ context }) =>
    context.round.investigation?.substantiated === false
      ? null
      : 'the complaint was found substantiated: record the corrective actions and who verified them before answering') as Rule<
    ComplaintContext,
    any
  >,
  customerIsSatisfiedOrManagerCloses: (({ event }) =>
    event.satisfied || event.actor.role === 'manager'
      ? null
      : 'the customer is not satisfied: reopen the complaint, or a manager may decide to close it anyway') as Rule<
    ComplaintContext,
    EventOf<'complaint.closed'>
  >,
} satisfies Record<string, Rule<ComplaintContext, any>>;

const DAY = 24 * 60;

export const complaintMachine = setup({
  types: {
    context: {} as ComplaintContext,
    events: {} as ComplaintEvent,
    input: {} as ComplaintInput,
  },
  guards: guardsFrom(complaintRules as Record<keyof typeof complaintRules, Rule<ComplaintContext, any>>),
  actions: {
    recordInvestigation: assign({
      round: ({ context, event }) => {
        const { type, actor, at, ...payload } = event as EventOf<'investigation.recorded'>;
        return { ...context.round, investigation: { ...payload, at, by: actor } };
      },
    }),
    recordCorrection: assign({
      round: ({ context, event }) => {
        const { type, actor, at, ...payload } = event as EventOf<'correction.recorded'>;
        return { ...context.round, correction: { ...payload, at, by: actor } };
      },
    }),
    recordAnswer: assign({
      round: ({ context, event }) => {
        const { type, actor, at, ...payload } = event as EventOf<'answer.sent'>;
        return { ...context.round, answer: { ...payload, at, by: actor } };
      },
    }),
    recordClosure: assign({
      closure: ({ event }) => {
        const e = event as EventOf<'complaint.closed'>;
        return {
          customerResponse: e.customerResponse,
          satisfied: e.satisfied,
          closedOverDissatisfactionBy: e.satisfied ? null : e.actor,
          at: e.at,
          by: e.actor,
        };
      },
    }),
    startNewRound: assign(({ context, event }) => {
      const e = event as EventOf<'complaint.reopened'>;
      const ended = { ...context.round, reopened: { reason: e.reason, at: e.at, by: e.actor } };
      return { history: [...context.history, ended], round: emptyRound() };
    }),
  },
}).createMachine({
  id: 'complaint',
  context: ({ input }) => ({
    ...(input ?? { channel: 'phone', customer: { name: '' }, statement: '', severity: 'low' }),
    round: emptyRound(),
    history: [],
    closure: null,
  }),
  initial: 'received',
  states: {
    received: {
      meta: meta({
        label: { en: 'Received', 'zh-Hans': '已受理', 'zh-Hant': '已受理' },
        guidance: {
          en: 'The salesperson passes every quality complaint to the quality officer. Record what the customer said verbatim and trace the product or work order it concerns; then investigate.',
          'zh-Hans': '业务员将顾客的质量查询、投诉信息及时反馈给质管员。如实记录顾客原话,追查相关产品或工单,然后展开调查。',
          'zh-Hant': '業務員將顧客的質量查詢、投訴信息及時反饋給質管員。如實記錄顧客原話,追查相關產品或工單,然後展開調查。',
        },
        timeLimitMinutes: 2 * DAY,
      }),
      on: { 'investigation.recorded': { target: 'investigated', actions: 'recordInvestigation' } },
    },
    investigated: {
      meta: meta({
        label: { en: 'Investigated', 'zh-Hans': '已调查', 'zh-Hant': '已調查' },
        guidance: {
          en: 'A substantiated complaint needs corrective measures, agreed and carried out (what, who, by when) and verified. One found not substantiated is answered directly.',
          'zh-Hans': '投诉属实者须研究整改措施并落实(内容、负责人、期限)及验证;经查不属实者可直接答复顾客。',
          'zh-Hant': '投訴屬實者須研究整改措施並落實(內容、負責人、期限)及驗證;經查不屬實者可直接答復顧客。',
        },
        timeLimitMinutes: 5 * DAY,
      }),
      on: {
        'correction.recorded': { guard: 'correctionIsWarranted', target: 'corrected', actions: 'recordCorrection' },
        'answer.sent': { guard: 'complaintIsNotSubstantiated', target: 'answered', actions: 'recordAnswer' },
      },
    },
    corrected: {
      meta: meta({
        label: { en: 'Corrected', 'zh-Hans': '已整改', 'zh-Hant': '已整改' },
        guidance: { en: 'The corrective actions are verified: answer the customer.', 'zh-Hans': '整改已验证,答复顾客。', 'zh-Hant': '整改已驗證,答復顧客。' },
        timeLimitMinutes: 2 * DAY,
      }),
      on: { 'answer.sent': { target: 'answered', actions: 'recordAnswer' } },
    },
    answered: {
      meta: meta({
        label: { en: 'Answered', 'zh-Hans': '已答复', 'zh-Hant': '已答復' },
        guidance: {
          en: 'Record the customer\'s response. A dissatisfied customer\'s complaint is reopened, unless a manager decides to close it anyway.',
          'zh-Hans': '记录顾客的反馈。顾客不满意的投诉应重新处理,除非经理决定结案。',
          'zh-Hant': '記錄顧客的反饋。顧客不滿意的投訴應重新處理,除非經理決定結案。',
        },
        timeLimitMinutes: 7 * DAY,
      }),
      on: {
        'complaint.closed': { guard: 'customerIsSatisfiedOrManagerCloses', target: 'closed', actions: 'recordClosure' },
        'complaint.reopened': { target: 'received', actions: 'startNewRound' },
      },
    },
    closed: {
      type: 'final',
      meta: meta({
        label: { en: 'Closed', 'zh-Hans': '已结案', 'zh-Hant': '已結案' },
        guidance: { en: 'Every matter accounted for, every case answered; kept on file.', 'zh-Hans': '件件有交待,桩桩有答复;存档备查。', 'zh-Hant': '件件有交待,樁樁有答復;存檔備查。' },
      }),
    },
  },
});
