/**
 * The opinion-card process module: a customer opinion card (客戶意見卡) issued at a touchpoint,
 * returned with scores, reviewed by a manager and filed (DOMAIN.md §4). A poor complaint-handling
 * score opens a complaint. `events.ts` (input, touchpoints and key indicators, events, roles,
 * names), `machine.ts` (the machine, its rule, each state's copy and time limit, the complaint it
 * opens), `views.ts` (fields, search, case page, list), `demo.ts`.
 */
import { defineProcess } from '../process.js';
import { opinionCardDemo } from './demo.js';
import { opinionCardEvents, opinionCardInputSchema } from './events.js';
import { complaintForPoorScore, opinionCardMachine, opinionCardRules, type OpinionCardContext } from './machine.js';
import { opinionCardFields, opinionCardList, opinionCardSearch, opinionCardSummary, touchpointCopy } from './views.js';

export const opinionCardProcess = defineProcess<OpinionCardContext>({
  type: 'opinion-card',
  definitionVersion: 1,
  numberPrefix: 'OC-',
  title: { en: 'Opinion card', 'zh-Hans': '客户意见卡', 'zh-Hant': '客戶意見卡' },
  machine: opinionCardMachine,
  inputSchema: opinionCardInputSchema,
  exampleInput: (now) => ({
    touchpoint: 'signing',
    customer: { name: 'Liang Wei', phone: '137 1111 2222' },
    classification: { servedOn: now.toISOString().slice(0, 10), salesperson: 'Huang Min', unitType: '3-bed 110 m²', garden: 'Lychee Garden', dealClosed: true, intent: 'strong' },
  }),
  events: opinionCardEvents,
  rules: opinionCardRules,
  fields: opinionCardFields,
  links: {},
  search: opinionCardSearch,
  dueMoments: () => ({}),
  summary: opinionCardSummary,
  list: opinionCardList,
  demo: opinionCardDemo,
  opens: complaintForPoorScore,
  party: (input) => (input.customer.phone ? { customer: { name: input.customer.name, phone: input.customer.phone } } : null),
  scores: (ctx) => (ctx.returned?.scores ?? []).map((s) => ({ dimension: ctx.touchpoint, indicator: s.indicator, score: s.score })),
  scoreDimensions: touchpointCopy,
});

export * from './events.js';
export * from './machine.js';
