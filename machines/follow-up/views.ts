/**
 * How a follow-up call is shown: its form fields' names, what it is found by, its header and
 * record on the case page, and the advisors' list of calls to make. Pages render these generically.
 */
import type { CaseSummary, Copy, FieldCopy, ListPage, Searchable } from '../process.js';
import type { FollowUpContext } from './machine.js';

export const followUpFields: Record<string, FieldCopy> = {
  reached: { label: { en: 'Customer reached', 'zh-Hans': '已联系上客户', 'zh-Hant': '已聯繫上客戶' } },
  satisfied: {
    label: { en: 'Customer satisfied', 'zh-Hans': '客户满意', 'zh-Hant': '客戶滿意' },
    hint: {
      en: 'Only when the customer was reached. "No" opens a complaint for QA.',
      'zh-Hans': '仅在联系上客户时填写。选"否"将转为投诉交质管员。',
      'zh-Hant': '僅在聯繫上客戶時填寫。選「否」將轉為投訴交質管員。',
    },
  },
  notes: { label: { en: 'What the customer said', 'zh-Hans': '客户所说', 'zh-Hant': '客戶所說' } },
  note: { label: { en: 'Note', 'zh-Hans': '备注', 'zh-Hant': '備註' } },
};

export const followUpSearch = (ctx: FollowUpContext): Searchable => ({
  plate: ctx.vehicle.plate,
  customerName: ctx.customer.name,
  customerPhone: ctx.customer.phone,
});

const words = {
  customer: { en: 'Customer', 'zh-Hans': '客户', 'zh-Hant': '客戶' },
  plate: { en: 'Plate', 'zh-Hans': '车牌', 'zh-Hant': '車牌' },
  workOrder: { en: 'Work order', 'zh-Hans': '维修工单', 'zh-Hant': '維修工單' },
  handedOver: { en: 'Handed over', 'zh-Hans': '交车', 'zh-Hant': '交車' },
  calls: { en: 'Calls', 'zh-Hans': '回访记录', 'zh-Hant': '回訪記錄' },
  reached: { en: 'reached', 'zh-Hans': '已接通', 'zh-Hant': '已接通' },
  notReached: { en: 'not reached', 'zh-Hans': '未接通', 'zh-Hant': '未接通' },
  satisfied: { en: 'satisfied', 'zh-Hans': '满意', 'zh-Hant': '滿意' },
  dissatisfied: { en: 'dissatisfied: complaint opened', 'zh-Hans': '不满意:已转投诉', 'zh-Hant': '不滿意:已轉投訴' },
  opened: { en: 'Due since', 'zh-Hans': '待回访自', 'zh-Hant': '待回訪自' },
} satisfies Record<string, Copy>;

const outcome = (call: FollowUpContext['calls'][number]): Copy =>
  !call.reached ? words.notReached : call.satisfied ? words.satisfied : words.dissatisfied;

export const followUpSummary: CaseSummary<FollowUpContext> = {
  headline: (c) => [
    { label: words.customer, value: `${c.customer.name} · ${c.customer.phone}` },
    { label: words.workOrder, value: { code: c.workOrderNumber } },
  ],
  record: (c) => [
    { kind: 'line', parts: [{ label: words.plate, value: { code: c.vehicle.plate } }, { label: words.handedOver, value: { moment: c.handedOverAt } }] },
    ...(c.calls.length > 0
      ? [
          {
            kind: 'table' as const,
            title: words.calls,
            rows: c.calls.map((call) => ({ cells: [{ moment: call.at }, call.by.name, { copy: outcome(call) }, { quote: call.notes }] })),
          },
        ]
      : []),
  ],
};

export const followUpList: ListPage<FollowUpContext> = {
  path: '/calls',
  nav: { en: 'Follow-up calls', 'zh-Hans': '回访', 'zh-Hant': '回訪' },
  heading: { en: 'Follow-up calls due', 'zh-Hans': '待回访电话', 'zh-Hant': '待回訪電話' },
  explain: {
    en: 'Opened by the server a few days after each handover. Overdue first, then the oldest.',
    'zh-Hans': '系统在每次交车数天后自动建立。逾期的在前,其次按建立时间。',
    'zh-Hant': '系統在每次交車數天後自動建立。逾期的在前,其次按建立時間。',
  },
  newCase: { en: 'New follow-up call', 'zh-Hans': '新建回访', 'zh-Hant': '新建回訪' },
  homeFor: [],
  groupBy: 'none',
  order: 'overdueFirst',
  columns: [
    { label: words.customer, value: ({ context }) => `${context.customer.name} · ${context.customer.phone}` },
    { label: words.plate, value: ({ context }) => ({ code: context.vehicle.plate }) },
    { label: words.workOrder, value: ({ context }) => ({ code: context.workOrderNumber }) },
    { label: words.opened, value: ({ createdAt }) => ({ moment: createdAt }) },
  ],
};
