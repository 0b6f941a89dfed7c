/**
 * How an opinion card is shown: its form fields' names, what it is found by, its header and
 * record on the case page (scores labelled by indicator), and the cards list. Pages render these generically.
 */
import { inLang, trilingual, type CaseSummary, type Copy, type FieldCopy, type ListPage, type Searchable } from '../process.js';
import { keyIndicators, type Touchpoint } from './events.js';
import type { OpinionCardContext } from './machine.js';

export const touchpointCopy: Record<Touchpoint, Copy> = {
  media: trilingual('Media and advertising', '媒体广告', '媒體廣告'),
  firstVisit: trilingual('First visit to the sales office', '首次到访现场', '首次到訪現場'),
  purchaseDecision: trilingual('Purchase decision', '购买决策', '購買決策'),
  signing: trilingual('Subscription and contract signing', '签定认购书及合约', '簽定認購書及合約'),
  construction: trilingual('Construction milestones', '重大施工阶段', '重大施工階段'),
  handover: trilingual('Handover of the home', '交楼', '交樓'),
  complaintHandling: trilingual('Complaint handling', '处理客户抱怨', '處理客戶抱怨'),
};

export const opinionCardFields: Record<string, FieldCopy> = {
  touchpoint: { label: trilingual('Touchpoint', '服务接触点', '服務接觸點') },
  customer: { label: trilingual('Customer', '客户', '客戶') },
  name: { label: trilingual('Name', '姓名', '姓名') },
  phone: { label: trilingual('Phone', '电话', '電話') },
  classification: { label: trilingual('Classification', '售后服务分类', '售後服務分類') },
  servedOn: { label: trilingual('Served on', '服务日期', '服務日期') },
  salesperson: { label: trilingual('Salesperson', '服务人员', '服務人員') },
  unitType: { label: trilingual('Unit type', '户型', '戶型') },
  garden: { label: trilingual('Garden', '花园名称', '花園名稱') },
  dealClosed: { label: trilingual('Deal closed', '已成交', '已成交') },
  intent: { label: trilingual('Customer\'s intent', '客户意向', '客戶意向') },
  scores: { label: trilingual('Scores (1–5)', '评分（1–5）', '評分（1–5）'), hint: trilingual('5 is best.', '5 分为最好。', '5 分為最好。') },
  indicator: { label: trilingual('Key indicator', '关键指标', '關鍵指標') },
  score: { label: trilingual('Score', '分数', '分數') },
  comments: { label: trilingual('Comments', '意见及建议', '意見及建議') },
  evaluation: { label: trilingual('Service-quality evaluation', '服务品质评估', '服務品質評估') },
  improvements: { label: trilingual('Improvements', '改进措施', '改進措施') },
  fileReference: { label: trilingual('File reference', '档案编号', '檔案編號') },
};

export const opinionCardSearch = (ctx: OpinionCardContext): Searchable => ({
  plate: null,
  customerName: ctx.customer.name,
  customerPhone: ctx.customer.phone ?? null,
});

const words = {
  customer: trilingual('Customer', '客户', '客戶'),
  touchpoint: trilingual('Touchpoint', '服务接触点', '服務接觸點'),
  classification: trilingual('Classification', '分类', '分類'),
  scores: trilingual('Scores', '评分', '評分'),
  comments: trilingual('Comments', '意见及建议', '意見及建議'),
  evaluation: trilingual('Evaluation', '服务品质评估', '服務品質評估'),
  closed: trilingual('deal closed', '已成交', '已成交'),
  open: trilingual('no deal yet', '未成交', '未成交'),
  served: trilingual('Served', '服务日期', '服務日期'),
} satisfies Record<string, Copy>;

const indicatorCopy = (touchpoint: Touchpoint, indicator: string): Copy =>
  (keyIndicators[touchpoint] as Record<string, Copy>)[indicator] ?? trilingual(indicator, indicator, indicator);

export const opinionCardSummary: CaseSummary<OpinionCardContext> = {
  headline: (c) => [
    { label: words.customer, value: [c.customer.name, c.customer.phone].filter(Boolean).join(' · ') },
    { label: words.touchpoint, value: { copy: touchpointCopy[c.touchpoint] } },
  ],
  record: (c) => [
    {
      kind: 'line',
      title: words.classification,
      parts: [
        { label: words.served, value: { date: c.classification.servedOn } },
        c.classification.salesperson,
        c.classification.unitType,
        c.classification.garden,
        { copy: c.classification.dealClosed ? words.closed : words.open },
        c.classification.intent,
      ],
    },
    ...(c.returned
      ? [
          {
            kind: 'table' as const,
            title: words.scores,
            rows: c.returned.scores.map((s) => ({
              class: s.score <= 2 ? 'poor-score' : undefined,
              cells: [{ copy: indicatorCopy(c.touchpoint, s.indicator) }, { strong: `${s.score} / 5` }],
            })),
          },
          ...(c.returned.comments ? [{ kind: 'quote' as const, title: words.comments, text: c.returned.comments }] : []),
        ]
      : []),
    ...(c.review ? [{ kind: 'quote' as const, title: words.evaluation, text: c.review.evaluation }] : []),
  ],
};

export const opinionCardList: ListPage<OpinionCardContext> = {
  path: '/cards',
  nav: trilingual('Opinion cards', '客户意见卡', '客戶意見卡'),
  heading: trilingual('Opinion cards in progress', '在办客户意见卡', '在辦客戶意見卡'),
  explain: trilingual('Issued cards wait for the customer; returned ones for a manager\'s review.', '已发卡等待客户交回；已收回的等待经理评估。', '已發卡等待客戶交回；已收回的等待經理評估。'),
  newCase: trilingual('Issue a card', '发放意见卡', '發放意見卡'),
  homeFor: [],
  groupBy: 'step',
  order: 'longestInState',
  columns: [
    { label: words.customer, value: ({ context }) => context.customer?.name },
    { label: words.touchpoint, value: ({ context }) => (context.touchpoint ? { copy: touchpointCopy[context.touchpoint] } : '') },
    { label: trilingual('Salesperson', '服务人员', '服務人員'), value: ({ context }) => context.classification?.salesperson },
  ],
};

/** The label of a score dimension (a touchpoint) on the board. */
export const touchpointLabel = (touchpoint: string, lang: 'en' | 'zh-Hans' | 'zh-Hant') =>
  touchpoint in touchpointCopy ? inLang(touchpointCopy[touchpoint as Touchpoint], lang) : touchpoint;
