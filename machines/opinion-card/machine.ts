/**
 * Customer opinion card (客戶意見卡; the source's second procedure; DOMAIN.md §4):
 * issued → returned → reviewed → filed. A card is issued at one touchpoint, classified the way
 * the source classifies after-sales work (time, salesperson, unit type and garden, deal closed
 * or not, intent); it comes back with a 1–5 score on each key indicator of that touchpoint and
 * comments, a manager reviews it (the service-quality evaluation) and files it.
 */
import { assertEvent, assign, setup } from 'xstate';
import { guardsFrom, recordOf, trilingual, type Actor, type CaseFacts, type CaseToOpen, type Rule, type StampedEvent } from '../process.js';
import { indicatorsOf, type OpinionCardEvent, type OpinionCardInput, type OpinionCardPayload } from './events.js';

export interface OpinionCardContext extends OpinionCardInput {
  returned: null | (OpinionCardPayload<'card.returned'> & { at: string; by: Actor });
  review: null | (OpinionCardPayload<'card.reviewed'> & { at: string; by: Actor });
  filing: null | (OpinionCardPayload<'card.filed'> & { at: string; by: Actor });
}

const rules = {
  everyKeyIndicatorIsScored: (({ context, event }) => {
    const asked = indicatorsOf(context.touchpoint);
    const seen = new Set<string>();
    for (const { indicator } of event.scores) {
      if (!asked.includes(indicator)) return `"${indicator}" is not a key indicator of a ${context.touchpoint} card; it asks for: ${asked.join(', ')}`;
      if (seen.has(indicator)) return `"${indicator}" is scored twice`;
      seen.add(indicator);
    }
    const missing = asked.filter((i) => !seen.has(i));
    return missing.length === 0 ? null : `score every key indicator of the card; missing: ${missing.join(', ')}`;
  }) as Rule<OpinionCardContext, StampedEvent<'card.returned', OpinionCardPayload<'card.returned'>>>,
} satisfies Record<string, Rule<OpinionCardContext, any>>;

/** The complaint-handling score of a returned card, if it has one. */
export const complaintHandlingScore = (context: OpinionCardContext) =>
  context.returned?.scores.find((s) => s.indicator === 'complaintHandling')?.score;

/** A poor complaint-handling score (1 or 2) is itself a complaint, to be taken to a closed answer (DOMAIN.md §4). */
export const poorComplaintHandling = (context: OpinionCardContext) => {
  const score = complaintHandlingScore(context);
  return score !== undefined && score <= 2;
};

/** The complaint a returned card opens when its complaint-handling score is poor, linked to the card. */
export function complaintForPoorScore(
  before: CaseFacts<OpinionCardContext>,
  after: CaseFacts<OpinionCardContext>,
  event: { type: string },
): CaseToOpen[] {
  if (event.type !== 'card.returned' || !poorComplaintHandling(after.context)) return [];
  const { customer, returned, classification } = after.context;
  const score = complaintHandlingScore(after.context);
  return [
    {
      type: 'complaint',
      input: {
        channel: 'survey',
        customer: { name: customer.name, ...(customer.phone ? { phone: customer.phone } : {}) },
        statement: returned?.comments ?? `Opinion card ${before.number}: complaint handling scored ${score} of 5 (salesperson ${classification.salesperson}, ${classification.garden}).`,
        severity: score === 1 ? 'high' : 'medium',
        cardId: after.id,
      },
    },
  ];
}

const DAY = 24 * 60;

export const opinionCardStates = {
  issued: {
    label: trilingual('Issued', '已发卡', '已發卡'),
    guidance: trilingual(
      'Hand the card to the customer at this touchpoint and collect it back with a score on each key indicator and any comments.',
      '在此服务接触点向客户发放意见卡，收回时记录每项关键服务质量指标的评分及意见。',
      '在此服務接觸點向客戶發放意見卡，收回時記錄每項關鍵服務質量指標的評分及意見。',
    ),
    timeLimitMinutes: 14 * DAY,
  },
  returned: {
    label: trilingual('Returned', '已收回', '已收回'),
    guidance: trilingual(
      'A manager reviews the card: the service-quality evaluation, and what to improve.',
      '由经理审阅意见卡，进行服务品质评估，提出改进措施。',
      '由經理審閱意見卡，進行服務品質評估，提出改進措施。',
    ),
    timeLimitMinutes: 3 * DAY,
  },
  reviewed: {
    label: trilingual('Reviewed', '已评估', '已評估'),
    guidance: trilingual('File the card in the customer-opinion file.', '将意见卡归入客户意见征询档案。', '將意見卡歸入客戶意見徵詢檔案。'),
    timeLimitMinutes: 7 * DAY,
  },
  filed: {
    label: trilingual('Filed', '已归档', '已歸檔'),
    guidance: trilingual('Kept on file for analysis and improvement of the service.', '存档，供分析利用，改进服务。', '存檔，供分析利用，改進服務。'),
  },
} as const;

export const opinionCardMachine = setup({
  types: {
    context: {} as OpinionCardContext,
    events: {} as OpinionCardEvent,
    input: {} as OpinionCardInput,
  },
  guards: guardsFrom(rules as Record<keyof typeof rules, Rule<OpinionCardContext, any>>),
  actions: {
    recordReturn: assign({
      returned: ({ event }) => {
        assertEvent(event, 'card.returned');
        return recordOf(event);
      },
    }),
    recordReview: assign({
      review: ({ event }) => {
        assertEvent(event, 'card.reviewed');
        return recordOf(event);
      },
    }),
    recordFiling: assign({
      filing: ({ event }) => {
        assertEvent(event, 'card.filed');
        return recordOf(event);
      },
    }),
  },
}).createMachine({
  id: 'opinionCard',
  context: ({ input }) => ({
    ...(input ?? {
      touchpoint: 'media',
      customer: { name: '' },
      classification: { servedOn: '1970-01-01', salesperson: '', unitType: '', garden: '', dealClosed: false, intent: 'none' },
    }),
    returned: null,
    review: null,
    filing: null,
  }),
  initial: 'issued',
  states: {
    issued: {
      meta: opinionCardStates.issued,
      on: { 'card.returned': { guard: 'everyKeyIndicatorIsScored', target: 'returned', actions: 'recordReturn' } },
    },
    returned: { meta: opinionCardStates.returned, on: { 'card.reviewed': { target: 'reviewed', actions: 'recordReview' } } },
    reviewed: { meta: opinionCardStates.reviewed, on: { 'card.filed': { target: 'filed', actions: 'recordFiling' } } },
    filed: { type: 'final', meta: opinionCardStates.filed },
  },
});

export { rules as opinionCardRules };
