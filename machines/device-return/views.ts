/**
 * How a device return is shown: its form fields' names, what it is found by, its header and
 * record on the case page, and QA's returns list. Pages render these generically.
 */
import {type CaseSummary, type Copy, type FieldCopy, type ListPage, type Searchable, trilingual } from '../process.js';
import type { DeviceReturnContext } from './machine.js';

export const deviceReturnFields: Record<string, FieldCopy> = {
  returningParty: { label: trilingual('Returned by', '退货单位', '退貨單位') },
  name: { label: trilingual('Name', '名称', '名稱') },
  phone: { label: trilingual('Phone', '电话', '電話') },
  returnedOn: { label: trilingual('Return date', '退货日期', '退貨日期') },
  product: { label: trilingual('Product', '产品', '產品') },
  manufacturer: { label: trilingual('Manufacturer or supplier', '生产单位（供货单位）', '生產單位（供貨單位）') },
  model: { label: trilingual('Spec / model', '规格型号', '規格型號') },
  productionDate: { label: trilingual('Production date', '生产日期', '生產日期') },
  serialNumber: { label: trilingual('Serial number', '出厂编号', '出廠編號'), hint: trilingual('Give the serial number or the lot.', '填写出厂编号或批号。', '填寫出廠編號或批號。') },
  lot: { label: trilingual('Lot', '批号', '批號') },
  quantity: { label: trilingual('Quantity', '退货数量', '退貨數量') },
  reason: { label: trilingual('Reason', '退货原因', '退貨原因') },
  kind: { label: trilingual('Kind', '类别', '類別'), hint: trilingual('A quality problem opens a complaint for QA.', '质量问题将自动转为投诉交质管员处理。', '質量問題將自動轉為投訴交質管員處理。') },
  description: { label: trilingual('In the returning party\'s words', '退货方原话', '退貨方原話') },
  saleId: { label: trilingual('Sale id (when known)', '销售记录 ID（如知道）', '銷售記錄 ID（如知道）') },
  findings: { label: trilingual('Findings', '检验结果', '檢驗結果') },
  conforming: { label: trilingual('The units conform', '检验合格', '檢驗合格') },
  disposition: { label: trilingual('Disposition', '处理结果', '處理結果') },
  note: { label: trilingual('Note', '备注', '備註') },
};

export const deviceReturnSearch = (ctx: DeviceReturnContext): Searchable => ({
  plate: null,
  customerName: ctx.returningParty.name,
  customerPhone: ctx.returningParty.phone ?? null,
});

const words = {
  returnedBy: trilingual('Returned by', '退货单位', '退貨單位'),
  product: trilingual('Product', '产品', '產品'),
  reason: trilingual('Reason', '退货原因', '退貨原因'),
  returnedOn: trilingual('Return date', '退货日期', '退貨日期'),
  quantity: trilingual('Quantity', '数量', '數量'),
  inspection: trilingual('Inspection', '检验', '檢驗'),
  disposition: trilingual('Disposition', '处理结果', '處理結果'),
  conforming: trilingual('conforming', '合格', '合格'),
  nonconforming: trilingual('nonconforming', '不合格', '不合格'),
} satisfies Record<string, Copy>;

export const reasonCopy: Record<DeviceReturnContext['reason']['kind'], Copy> = {
  qualityProblem: trilingual('Quality problem', '质量问题', '質量問題'),
  wrongItem: trilingual('Wrong item', '发错货', '發錯貨'),
  damagedInTransit: trilingual('Damaged in transit', '运输损坏', '運輸損壞'),
  notNeeded: trilingual('Not needed', '不再需要', '不再需要'),
  nearExpiry: trilingual('Near expiry', '近效期', '近效期'),
  other: trilingual('Other', '其他', '其他'),
};

export const dispositionCopy: Record<NonNullable<DeviceReturnContext['disposition']>['disposition'], Copy> = {
  restock: trilingual('Back into stock', '退回库存', '退回庫存'),
  repair: trilingual('Repair', '维修', '維修'),
  scrap: trilingual('Scrap', '报废', '報廢'),
  returnToMaker: trilingual('Return to the maker', '退回生产厂家', '退回生產廠家'),
};

export const deviceReturnSummary: CaseSummary<DeviceReturnContext> = {
  headline: (c) => [
    { label: words.returnedBy, value: [c.returningParty.name, c.returningParty.phone].filter(Boolean).join(' · ') },
    { label: words.reason, value: { copy: reasonCopy[c.reason.kind] } },
  ],
  record: (c) => [
    {
      kind: 'line',
      title: words.product,
      parts: [
        c.product.name,
        c.product.manufacturer,
        c.product.model,
        c.serialNumber ? { code: c.serialNumber } : undefined,
        c.lot ? { code: c.lot } : undefined,
        c.product.productionDate ? { date: c.product.productionDate } : undefined,
      ],
    },
    { kind: 'line', parts: [{ label: words.returnedOn, value: { date: c.returnedOn } }, { label: words.quantity, value: c.quantity }] },
    { kind: 'quote', title: words.reason, text: c.reason.description },
    ...(c.inspection
      ? [{ kind: 'line' as const, title: words.inspection, parts: [{ copy: c.inspection.conforming ? words.conforming : words.nonconforming }, c.inspection.findings] }]
      : []),
    ...(c.disposition
      ? [{ kind: 'line' as const, title: words.disposition, parts: [{ strong: { copy: dispositionCopy[c.disposition.disposition] } }, c.disposition.note] }]
      : []),
  ],
};

export const deviceReturnList: ListPage<DeviceReturnContext> = {
  path: '/returns',
  nav: trilingual('Returns', '退货', '退貨'),
  heading: trilingual('Open device returns', '在办退货', '在辦退貨'),
  explain: trilingual('Overdue first, then the oldest.', '逾期的在前，其次按收货时间。', '逾期的在前，其次按收貨時間。'),
  newCase: trilingual('New return', '新建退货记录', '新建退貨記錄'),
  homeFor: [],
  groupBy: 'none',
  order: 'overdueFirst',
  columns: [
    { label: words.returnedBy, value: ({ context }) => context.returningParty?.name },
    { label: words.product, value: ({ context }) => [context.product?.name, context.product?.model].filter(Boolean).join(' ') },
    { label: words.reason, value: ({ context }) => (context.reason ? { copy: reasonCopy[context.reason.kind] } : '') },
    { label: words.returnedOn, value: ({ context }) => (context.returnedOn ? { date: context.returnedOn } : '') },
  ],
};
