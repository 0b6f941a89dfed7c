/**
 * The opinion card's input and its events: per event its payload schema, who may send it, its
 * name in three languages and its form's starting values. CONTRACT.md "Processes added in v2";
 * the key indicators of each touchpoint come from the source's second procedure.
 */
import { z } from 'zod';
import { isoDate, longText, text, type Copy, type EventDefinition, type StampedEvent, trilingual } from '../process.js';
import type { OpinionCardContext } from './machine.js';

export const touchpoints = ['media', 'firstVisit', 'purchaseDecision', 'signing', 'construction', 'handover', 'complaintHandling'] as const;
export type Touchpoint = (typeof touchpoints)[number];

/** The key service-quality indicators the source measures at each touchpoint. */
export const keyIndicators = {
  media: {
    mediaImpression: trilingual('How the advertising came across', '接触媒体广告时的感受', '接觸媒體廣告時的感受'),
    informationAccuracy: trilingual('Truthfulness of the information', '信息真实准确', '信息真實準確'),
  },
  firstVisit: {
    firstImpression: trilingual('First impression of the sales office', '到达现场时的第一印象', '到達現場時的第一印象'),
    reception: trilingual('How you were received', '接待态度', '接待態度'),
  },
  purchaseDecision: {
    decisionFeeling: trilingual('How you felt deciding whether to buy', '产生是否购买时的心理感受', '產生是否購買時的心理感受'),
    advice: trilingual('Quality of the advice', '置业顾问的建议', '置業顧問的建議'),
  },
  signing: {
    signingFeeling: trilingual('How signing the subscription and contract felt', '签定认购书和合约时的感受', '簽定認購書和合約時的感受'),
    termsExplained: trilingual('How clearly the terms were explained', '条款解释清楚', '條款解釋清楚'),
  },
  construction: {
    milestoneFeeling: trilingual('How you felt at the construction milestones (groundbreaking, above ground, topping out)', '重大施工阶段时的心理感受（动工、出地面、封顶）', '重大施工階段時的心理感受（動工、出地面、封頂）'),
    keptInformed: trilingual('How well you were kept informed', '工程进度通报及时', '工程進度通報及時'),
  },
  handover: {
    handoverFeeling: trilingual('How the handover of the home felt', '交楼时的心理感受', '交樓時的心理感受'),
    workmanship: trilingual('Workmanship of the home', '房屋质量', '房屋質量'),
  },
  complaintHandling: {
    complaintHandling: trilingual('How your complaint was handled', '处理客户抱怨时的感受', '處理客戶抱怨時的感受'),
    responseSpeed: trilingual('How quickly we responded', '响应速度', '響應速度'),
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

/** The indicators a card issued at `touchpoint` asks the customer to score. */
export const indicatorsOf = (touchpoint: Touchpoint) => Object.keys(keyIndicators[touchpoint]);

/** Declares one event, keeping its payload type for the machine. */
const event = <P extends z.ZodObject>(definition: EventDefinition<P, OpinionCardContext>) => definition;

export const opinionCardEvents = {
  'card.returned': event({
    schema: z.strictObject({
      scores: z.array(z.strictObject({ indicator: z.enum(indicatorNames), score: scoreSchema })).max(20),
      comments: longText().optional(),
    }),
    roles: ['advisor', 'manager'],
    label: trilingual('Card returned', '收回意见卡', '收回意見卡'),
    formDefaults: (ctx) => ({ scores: ctx.touchpoint ? indicatorsOf(ctx.touchpoint).map((indicator) => ({ indicator, score: 5 })) : [] }),
    example: (ctx) => ({ scores: indicatorsOf(ctx.touchpoint).map((indicator) => ({ indicator, score: 4 })), comments: 'Friendly and clear.' }),
  }),
  'card.reviewed': event({
    schema: z.strictObject({
      /** The manager's service-quality evaluation. */
      evaluation: longText(),
      improvements: longText().optional(),
    }),
    roles: ['manager'],
    label: trilingual('Card reviewed', '服务品质评估', '服務品質評估'),
    example: () => ({ evaluation: 'Good service; keep the follow-up calls.', improvements: 'Call back within two days.' }),
  }),
  'card.filed': event({
    schema: z.strictObject({ fileReference: text(100).optional() }),
    roles: ['manager'],
    label: trilingual('Card filed', '归档', '歸檔'),
    example: () => ({ fileReference: 'OPN-2026-11' }),
  }),
};

type Payloads = { [K in keyof typeof opinionCardEvents]: z.infer<(typeof opinionCardEvents)[K]['schema']> };
export type OpinionCardPayload<T extends keyof Payloads> = Payloads[T];
export type OpinionCardEvent = { [K in keyof Payloads]: StampedEvent<K, Payloads[K]> }[keyof Payloads];
