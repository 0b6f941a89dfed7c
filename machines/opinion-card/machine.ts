/**
 * Customer opinion card (客戶意見卡; the source's second procedure; DOMAIN.md §4):
 * issued → returned → reviewed → filed. A card is issued at one touchpoint, classified the way
 * the source classifies after-sales work (time, salesperson, unit type and garden, deal closed
 * or not, intent); it comes back with a 1–5 score on each key indicator of that touchpoint and
 * comments, a manager reviews it (the service-quality evaluation) and files it.
 */
import { assertEvent, assign, setup } from 'xstate';
import { z } from 'zod';
import { guardsFrom, isoDate, longText, text, type Actor, type Role, type Rule, type StampedEvent } from '../process.js';

export const touchpoints = ['media', 'firstVisit', 'purchaseDecision', 'signing', 'construction', 'handover', 'complaintHandling'] as const;
export type Touchpoint = (typeof touchpoints)[number];

type Copy = { en: string; 'zh-Hans': string; 'zh-Hant': string };
const copy = (en: string, hans: string, hant: string): Copy => ({ en, 'zh-Hans': hans, 'zh-Hant': hant });

/** The key service-quality indicators the source measures at each touchpoint. */
export const keyIndicators = {
  media: {
    mediaImpression: copy('How the advertising came across', '接触媒体广告时的感受', '接觸媒體廣告時的感受'),
    informationAccuracy: copy('Truthfulness of the information', '信息真实准确', '信息真實準確'),
  },
  firstVisit: {
    firstImpression: copy('First impression of the sales office', '到达现场时的第一印象', '到達現場時的第一印象'),
    reception: copy('How you were received', '接待态度', '接待態度'),
  },
  purchaseDecision: {
    decisionFeeling: copy('How you felt deciding whether to buy', '产生是否购买时的心理感受', '產生是否購買時的心理感受'),
    advice: copy('Quality of the advice', '置业顾问的建议', '置業顧問的建議'),
  },
  signing: {
    signingFeeling: copy('How signing the subscription and contract felt', '签定认购书和合约时的感受', '簽定認購書和合約時的感受'),
    termsExplained: copy('How clearly the terms were explained', '条款解释清楚', '條款解釋清楚'),
  },
  construction: {
    milestoneFeeling: copy('How you felt at the construction milestones (groundbreaking, above ground, topping out)', '重大施工阶段时的心理感受（动工、出地面、封顶）', '重大施工階段時的心理感受（動工、出地面、封頂）'),
    keptInformed: copy('How well you were kept informed', '工程进度通报及时', '工程進度通報及時'),
  },
  handover: {
    handoverFeeling: copy('How the handover of the home felt', '交楼时的心理感受', '交樓時的心理感受'),
    workmanship: copy('Workmanship of the home', '房屋质量', '房屋質量'),
  },
  complaintHandling: {
    complaintHandling: copy('How your complaint was handled', '处理客户抱怨时的感受', '處理客戶抱怨時的感受'),
    responseSpeed: copy('How quickly we responded', '响应速度', '響應速度'),
  },
} as const satisfies Record<Touchpoint, Record<string, Copy>>;

export const indicatorNames = Object.values(keyIndicators).flatMap((set) => Object.keys(set)) as [string, ...string[]];

export const intents = ['strong', 'considering', 'weak', 'none'] as const;

export const opinionCardInputSchema = z.strictObject({
  touchpoint: z.enum(touchpoints),
  customer: z.strictObject({ name: text(200), phone: text(50).optional() }),
  classification: z.strictObject({
    /** When the customer was served: the source classifies after-sales work by time. */
    servedOn: isoDate(),
    salesperson: text(200),
    unitType: text(200),
    garden: text(200),
    dealClosed: z.boolean(),
    intent: z.enum(intents),
  }),
});
export type OpinionCardInput = z.infer<typeof opinionCardInputSchema>;

export const scoreSchema = z.number().int().min(1).max(5);

export const opinionCardEventSchemas = {
  'card.returned': z.strictObject({
    scores: z.array(z.strictObject({ indicator: z.enum(indicatorNames), score: scoreSchema })).max(20),
    comments: longText().optional(),
  }),
  'card.reviewed': z.strictObject({
    /** The manager's service-quality evaluation. */
    evaluation: longText(),
    improvements: longText().optional(),
  }),
  'card.filed': z.strictObject({ fileReference: text(100).optional() }),
} satisfies Record<string, z.ZodObject>;

type Payloads = { [K in keyof typeof opinionCardEventSchemas]: z.infer<(typeof opinionCardEventSchemas)[K]> };
export type OpinionCardEvent = { [K in keyof Payloads]: StampedEvent<K, Payloads[K]> }[keyof Payloads];

export const opinionCardEventRoles: Record<OpinionCardEvent['type'], readonly Role[]> = {
  'card.returned': ['advisor', 'manager'],
  'card.reviewed': ['manager'],
  'card.filed': ['manager'],
};

export interface OpinionCardContext extends OpinionCardInput {
  returned: null | (Payloads['card.returned'] & { at: string; by: Actor });
  review: null | (Payloads['card.reviewed'] & { at: string; by: Actor });
  filing: null | (Payloads['card.filed'] & { at: string; by: Actor });
}

/** The indicators a card issued at `touchpoint` asks the customer to score. */
export const indicatorsOf = (touchpoint: Touchpoint) => Object.keys(keyIndicators[touchpoint]);

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
  }) as Rule<OpinionCardContext, StampedEvent<'card.returned', Payloads['card.returned']>>,
} satisfies Record<string, Rule<OpinionCardContext, any>>;

/** The complaint-handling score of a returned card, if it has one. */
export const complaintHandlingScore = (context: OpinionCardContext) =>
  context.returned?.scores.find((s) => s.indicator === 'complaintHandling')?.score;

/** A poor complaint-handling score (1 or 2) is itself a complaint, to be taken to a closed answer. */
export const poorComplaintHandling = (context: OpinionCardContext) => {
  const score = complaintHandlingScore(context);
  return score !== undefined && score <= 2;
};

const DAY = 24 * 60;

export const opinionCardStates = {
  issued: {
    label: copy('Issued', '已发卡', '已發卡'),
    guidance: copy(
      'Hand the card to the customer at this touchpoint and collect it back with a score on each key indicator and any comments.',
      '在此服务接触点向客户发放意见卡，收回时记录每项关键服务质量指标的评分及意见。',
      '在此服務接觸點向客戶發放意見卡，收回時記錄每項關鍵服務質量指標的評分及意見。',
    ),
    timeLimitMinutes: 14 * DAY,
  },
  returned: {
    label: copy('Returned', '已收回', '已收回'),
    guidance: copy(
      'A manager reviews the card: the service-quality evaluation, and what to improve.',
      '由经理审阅意见卡，进行服务品质评估，提出改进措施。',
      '由經理審閱意見卡，進行服務品質評估，提出改進措施。',
    ),
    timeLimitMinutes: 3 * DAY,
  },
  reviewed: {
    label: copy('Reviewed', '已评估', '已評估'),
    guidance: copy('File the card in the customer-opinion file.', '将意见卡归入客户意见征询档案。', '將意見卡歸入客戶意見徵詢檔案。'),
    timeLimitMinutes: 7 * DAY,
  },
  filed: {
    label: copy('Filed', '已归档', '已歸檔'),
    guidance: copy('Kept on file for analysis and improvement of the service.', '存档，供分析利用，改进服务。', '存檔，供分析利用，改進服務。'),
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
        const { type, actor, at, ...payload } = event;
        return { ...payload, at, by: actor };
      },
    }),
    recordReview: assign({
      review: ({ event }) => {
        assertEvent(event, 'card.reviewed');
        const { type, actor, at, ...payload } = event;
        return { ...payload, at, by: actor };
      },
    }),
    recordFiling: assign({
      filing: ({ event }) => {
        assertEvent(event, 'card.filed');
        const { type, actor, at, ...payload } = event;
        return { ...payload, at, by: actor };
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
