/**
 * How a complaint is shown: its form fields' names, what it is found by, its header and record
 * on the case page, and QA's list. Pages render these generically.
 */
import type { CaseSummary, Copy, FieldCopy, ListPage, Searchable } from '../process.js';
import type { ComplaintContext } from './machine.js';

export const complaintFields: Record<string, FieldCopy> = {
  customer: { label: { en: 'Customer', 'zh-Hans': '客户', 'zh-Hant': '客戶' } },
  name: { label: { en: 'Name', 'zh-Hans': '姓名', 'zh-Hant': '姓名' } },
  phone: { label: { en: 'Phone', 'zh-Hans': '电话', 'zh-Hant': '電話' } },
  channel: {
    label: { en: 'Channel', 'zh-Hans': '渠道', 'zh-Hant': '渠道' },
    options: {
      phone: { en: 'Phone', 'zh-Hans': '电话', 'zh-Hant': '電話' },
      visit: { en: 'Visit', 'zh-Hans': '来访', 'zh-Hant': '來訪' },
      letter: { en: 'Letter', 'zh-Hans': '信函', 'zh-Hant': '信函' },
      survey: { en: 'Survey', 'zh-Hans': '问卷调查', 'zh-Hant': '問卷調查' },
      meeting: { en: 'Customer meeting', 'zh-Hans': '客户座谈会', 'zh-Hant': '客戶座談會' },
      web: { en: 'Web', 'zh-Hans': '网络', 'zh-Hant': '網絡' },
    },
  },
  statement: { label: { en: 'What the customer said, verbatim', 'zh-Hans': '客户原话', 'zh-Hant': '客戶原話' } },
  severity: {
    label: { en: 'Severity', 'zh-Hans': '严重程度', 'zh-Hant': '嚴重程度' },
    options: {
      low: { en: 'Low', 'zh-Hans': '低', 'zh-Hant': '低' },
      medium: { en: 'Medium', 'zh-Hans': '中', 'zh-Hant': '中' },
      high: { en: 'High', 'zh-Hans': '高', 'zh-Hant': '高' },
    },
  },
  workOrderId: {
    label: { en: 'Work order number', 'zh-Hans': '相关工单编号', 'zh-Hant': '相關工單編號' },
    hint: { en: 'such as WO-000012', 'zh-Hans': '例如 WO-000012', 'zh-Hant': '例如 WO-000012' },
  },
  saleId: {
    label: { en: 'Device sale number', 'zh-Hans': '相关销售记录编号', 'zh-Hant': '相關銷售記錄編號' },
    hint: { en: 'such as DS-000003', 'zh-Hans': '例如 DS-000003', 'zh-Hant': '例如 DS-000003' },
  },
  returnId: {
    label: { en: 'Device return number', 'zh-Hans': '相关退货记录编号', 'zh-Hant': '相關退貨記錄編號' },
    hint: { en: 'such as DR-000002', 'zh-Hans': '例如 DR-000002', 'zh-Hant': '例如 DR-000002' },
  },
  cardId: {
    label: { en: 'Opinion card number', 'zh-Hans': '相关意见卡编号', 'zh-Hant': '相關意見卡編號' },
    hint: { en: 'such as OC-000004', 'zh-Hans': '例如 OC-000004', 'zh-Hant': '例如 OC-000004' },
  },
  lot: { label: { en: 'Lot', 'zh-Hans': '批号', 'zh-Hant': '批號' } },
  product: { label: { en: 'Product', 'zh-Hans': '产品', 'zh-Hant': '產品' } },
  model: { label: { en: 'Model', 'zh-Hans': '型号', 'zh-Hant': '型號' } },
  manufacturer: { label: { en: 'Manufacturer', 'zh-Hans': '制造商', 'zh-Hant': '製造商' } },
  serialNumber: { label: { en: 'Serial number', 'zh-Hans': '序号', 'zh-Hant': '序號' } },
  productionDate: { label: { en: 'Production date', 'zh-Hans': '生产日期', 'zh-Hant': '生產日期' } },
  findings: { label: { en: 'Findings', 'zh-Hans': '调查结果', 'zh-Hant': '調查結果' } },
  rootCause: { label: { en: 'Root cause', 'zh-Hans': '根本原因', 'zh-Hant': '根本原因' } },
  substantiated: { label: { en: 'Substantiated', 'zh-Hans': '投诉属实', 'zh-Hant': '投訴屬實' } },
  actions: { label: { en: 'Corrective actions', 'zh-Hans': '整改措施', 'zh-Hant': '整改措施' } },
  description: { label: { en: 'What', 'zh-Hans': '内容', 'zh-Hant': '內容' } },
  owner: { label: { en: 'Who', 'zh-Hans': '负责人', 'zh-Hant': '負責人' } },
  dueDate: { label: { en: 'By when', 'zh-Hans': '期限', 'zh-Hant': '期限' } },
  verifiedBy: { label: { en: 'Verified by', 'zh-Hans': '验证人', 'zh-Hant': '驗證人' } },
  message: { label: { en: 'Message', 'zh-Hans': '答复内容', 'zh-Hant': '答復內容' } },
  customerResponse: { label: { en: 'Customer\'s response', 'zh-Hans': '客户反馈', 'zh-Hant': '客戶反饋' } },
  satisfied: { label: { en: 'Customer satisfied', 'zh-Hans': '客户满意', 'zh-Hant': '客戶滿意' } },
  reason: { label: { en: 'Reason', 'zh-Hans': '原因', 'zh-Hant': '原因' } },
};

export const complaintSearch = (ctx: ComplaintContext): Searchable => ({
  plate: null,
  customerName: ctx.customer.name,
  customerPhone: ctx.customer.phone ?? null,
});

const words = {
  customer: { en: 'Customer', 'zh-Hans': '客户', 'zh-Hant': '客戶' },
  severity: { en: 'Severity', 'zh-Hans': '严重程度', 'zh-Hant': '嚴重程度' },
  channel: { en: 'Channel', 'zh-Hans': '渠道', 'zh-Hant': '渠道' },
  statement: { en: 'Statement (verbatim)', 'zh-Hans': '客户原话', 'zh-Hant': '客戶原話' },
  received: { en: 'Received', 'zh-Hans': '受理', 'zh-Hant': '受理' },
  product: { en: 'Product', 'zh-Hans': '产品', 'zh-Hant': '產品' },
  investigation: { en: 'Investigation', 'zh-Hans': '调查结果', 'zh-Hant': '調查結果' },
  rootCause: { en: 'Root cause', 'zh-Hans': '根本原因', 'zh-Hant': '根本原因' },
  actions: { en: 'Corrective actions', 'zh-Hans': '整改措施', 'zh-Hant': '整改措施' },
  verifiedBy: { en: 'Verified by', 'zh-Hans': '验证人', 'zh-Hant': '驗證人' },
  answer: { en: 'Our answer', 'zh-Hans': '答复', 'zh-Hant': '答復' },
  sentOn: { en: 'Sent', 'zh-Hans': '发送时间', 'zh-Hant': '發送時間' },
  response: { en: 'Customer\'s response', 'zh-Hans': '客户反馈', 'zh-Hant': '客戶反饋' },
} satisfies Record<string, Copy>;

const severity = (value: string | undefined) => ({ text: value ?? '', class: `severity ${value ?? ''}` });

export const complaintSummary: CaseSummary<ComplaintContext> = {
  // The complaint's answer as sent: what the customer said, what was found and done, the answer.
  print: (c) => [
    { kind: 'line', parts: [{ label: words.severity, value: severity(c.severity) }, { label: words.channel, value: c.channel }] },
    { kind: 'quote', title: words.statement, text: c.statement },
    ...(c.round.investigation
      ? [
          { kind: 'quote' as const, title: words.investigation, text: c.round.investigation.findings },
          ...(c.round.investigation.rootCause ? [{ kind: 'quote' as const, title: words.rootCause, text: c.round.investigation.rootCause }] : []),
        ]
      : []),
    ...(c.round.correction
      ? [
          { kind: 'table' as const, title: words.actions, rows: c.round.correction.actions.map((a) => ({ cells: [a.description, a.owner, { date: a.dueDate }] })) },
          { kind: 'line' as const, parts: [{ label: words.verifiedBy, value: c.round.correction.verifiedBy }] },
        ]
      : []),
    ...(c.round.answer
      ? [
          { kind: 'quote' as const, title: words.answer, text: c.round.answer.message },
          { kind: 'line' as const, parts: [{ label: words.channel, value: c.round.answer.channel }, { label: words.sentOn, value: { moment: c.round.answer.at } }] },
        ]
      : []),
    ...(c.closure ? [{ kind: 'quote' as const, title: words.response, text: c.closure.customerResponse }] : []),
  ],
  headline: (c) => [{ label: words.customer, value: [c.customer.name, c.customer.phone].filter(Boolean).join(' · ') }],
  record: (c) => [
    { kind: 'line', parts: [{ label: words.severity, value: severity(c.severity) }, { label: words.channel, value: c.channel }] },
    { kind: 'quote', title: words.statement, text: c.statement },
    ...(c.product
      ? [{ kind: 'line' as const, title: words.product, parts: [c.product.name, c.product.manufacturer, c.product.model, c.product.serialNumber, c.product.lot] }]
      : []),
    ...(c.round?.investigation
      ? [{ kind: 'line' as const, parts: [{ label: words.investigation, value: c.round.investigation.findings }] }]
      : []),
  ],
};

export const complaintList: ListPage<ComplaintContext> = {
  path: '/qa',
  nav: { en: 'Complaints', 'zh-Hans': '客户投诉', 'zh-Hant': '客戶投訴' },
  heading: { en: 'Open complaints', 'zh-Hans': '在办投诉', 'zh-Hant': '在辦投訴' },
  explain: { en: 'Overdue first, then the oldest.', 'zh-Hans': '逾期的在前,其次按受理时间。', 'zh-Hant': '逾期的在前,其次按受理時間。' },
  newCase: { en: 'New complaint', 'zh-Hans': '新建投诉', 'zh-Hant': '新建投訴' },
  homeFor: ['qa'],
  groupBy: 'none',
  order: 'overdueFirst',
  columns: [
    { label: words.customer, value: ({ context }) => context.customer?.name },
    { label: words.severity, value: ({ context }) => severity(context.severity) },
    { label: words.channel, value: ({ context }) => context.channel },
    { label: words.received, value: ({ createdAt }) => ({ moment: createdAt }) },
  ],
};
