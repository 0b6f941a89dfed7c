/**
 * How a work order is shown: its form fields' names, what it is found by, its header and
 * record on the case page, and the front desk's list. Pages render these generically.
 */
import type { CaseSummary, Copy, FieldCopy, ListPage, RecordBlock, Searchable, Shown } from '../process.js';
import type { Signature } from '../signature.js';
import { estimateDocument, inspectionDocument, invoiceDocument } from './documents.js';
import type { WorkOrderContext } from './machine.js';

export const workOrderFields: Record<string, FieldCopy> = {
  customer: { label: { en: 'Customer', 'zh-Hans': '客户', 'zh-Hant': '客戶' } },
  name: { label: { en: 'Name', 'zh-Hans': '姓名', 'zh-Hant': '姓名' } },
  phone: { label: { en: 'Phone', 'zh-Hans': '电话', 'zh-Hant': '電話' } },
  vehicle: { label: { en: 'Vehicle', 'zh-Hans': '车辆', 'zh-Hant': '車輛' } },
  plate: { label: { en: 'Plate', 'zh-Hans': '车牌', 'zh-Hant': '車牌' } },
  odometerKm: { label: { en: 'Odometer (km)', 'zh-Hans': '公里数', 'zh-Hant': '公里數' } },
  vin: { label: { en: 'VIN', 'zh-Hans': '车架号', 'zh-Hant': '車架號' } },
  model: { label: { en: 'Model', 'zh-Hans': '型号', 'zh-Hant': '型號' } },
  requests: {
    label: { en: 'Requests, in the customer\'s words', 'zh-Hans': '客户要求(原话)', 'zh-Hant': '客戶要求(原話)' },
    hint: { en: 'Write down what the customer says, as they say it, and read it back.', 'zh-Hans': '尽可能用顾客原话记下要求,并向顾客复述确认。', 'zh-Hant': '盡可能用顧客原話記下要求,並向顧客復述確認。' },
  },
  currency: { label: { en: 'Currency', 'zh-Hans': '币种', 'zh-Hant': '幣種' } },
  coversFitted: { label: { en: 'Seat, steering-wheel and floor covers fitted', 'zh-Hans': '已当面安装三件套', 'zh-Hant': '已當面安裝三件套' } },
  findings: { label: { en: 'Findings', 'zh-Hans': '检查结果', 'zh-Hant': '檢查結果' } },
  area: { label: { en: 'Area', 'zh-Hans': '部位', 'zh-Hant': '部位' } },
  condition: { label: { en: 'Condition', 'zh-Hans': '状况', 'zh-Hant': '狀況' } },
  belongings: { label: { en: 'Belongings left in the car', 'zh-Hans': '随车物品', 'zh-Hant': '隨車物品' } },
  valuablesReminderGiven: { label: { en: 'Customer reminded about valuables', 'zh-Hans': '已提示贵重物品', 'zh-Hant': '已提示貴重物品' } },
  customerSignature: { label: { en: 'Customer\'s signature', 'zh-Hans': '客户签名', 'zh-Hant': '客戶簽名' } },
  lines: { label: { en: 'Lines', 'zh-Hans': '项目', 'zh-Hant': '項目' } },
  promisedAt: { label: { en: 'Promised delivery', 'zh-Hans': '承诺交车时间', 'zh-Hant': '承諾交車時間' } },
  revision: { label: { en: 'Revision', 'zh-Hans': '版本', 'zh-Hant': '版本' } },
  reason: { label: { en: 'Reason', 'zh-Hans': '原因', 'zh-Hant': '原因' } },
  lineIds: { label: { en: 'Parts received', 'zh-Hans': '已到货零件', 'zh-Hant': '已到貨零件' } },
  technician: { label: { en: 'Technician', 'zh-Hans': '技师', 'zh-Hant': '技師' } },
  lineId: { label: { en: 'Line done', 'zh-Hans': '完工项目', 'zh-Hant': '完工項目' } },
  note: { label: { en: 'Note', 'zh-Hans': '备注', 'zh-Hant': '備註' } },
  resolutions: { label: { en: 'Resolutions', 'zh-Hans': '处理结果', 'zh-Hant': '處理結果' } },
  amountMinor: { label: { en: 'Amount', 'zh-Hans': '金额', 'zh-Hant': '金額' } },
  method: {
    label: { en: 'Method', 'zh-Hans': '付款方式', 'zh-Hant': '付款方式' },
    options: {
      cash: { en: 'Cash', 'zh-Hans': '现金', 'zh-Hant': '現金' },
      card: { en: 'Card', 'zh-Hans': '刷卡', 'zh-Hant': '刷卡' },
      transfer: { en: 'Bank transfer', 'zh-Hans': '转账', 'zh-Hant': '轉帳' },
      other: { en: 'Other', 'zh-Hans': '其他', 'zh-Hant': '其他' },
    },
  },
  kind: {
    label: { en: 'Kind', 'zh-Hans': '类别', 'zh-Hant': '類別' },
    options: {
      labour: { en: 'Labour', 'zh-Hans': '工时', 'zh-Hant': '工時' },
      part: { en: 'Part', 'zh-Hans': '零件', 'zh-Hant': '零件' },
      fluid: { en: 'Fluid', 'zh-Hans': '油液', 'zh-Hant': '油液' },
    },
  },
  description: { label: { en: 'Description', 'zh-Hans': '项目说明', 'zh-Hant': '項目說明' } },
  quantity: { label: { en: 'Quantity', 'zh-Hans': '数量', 'zh-Hant': '數量' } },
  unitPriceMinor: { label: { en: 'Unit price', 'zh-Hans': '单价', 'zh-Hant': '單價' } },
  labourHours: { label: { en: 'Labour hours', 'zh-Hans': '工时(小时)', 'zh-Hant': '工時(小時)' } },
  partNumber: { label: { en: 'Part number', 'zh-Hans': '零件号', 'zh-Hant': '零件號' } },
  inStock: {
    label: { en: 'Stock', 'zh-Hans': '库存', 'zh-Hant': '庫存' },
    options: {
      true: { en: 'In stock', 'zh-Hans': '有库存', 'zh-Hant': '有庫存' },
      false: { en: 'To order', 'zh-Hans': '需订货', 'zh-Hant': '需訂貨' },
    },
  },
  request: { label: { en: 'Request', 'zh-Hans': '客户要求', 'zh-Hant': '客戶要求' } },
  resolved: { label: { en: 'Resolved', 'zh-Hans': '已解决', 'zh-Hant': '已解決' } },
  coversRemoved: { label: { en: 'Covers removed in front of the customer', 'zh-Hans': '已当面取下三件套', 'zh-Hant': '已當面取下三件套' } },
  nextService: { label: { en: 'Next service', 'zh-Hans': '下次保养', 'zh-Hant': '下次保養' } },
  dueDate: { label: { en: 'Due date', 'zh-Hans': '日期', 'zh-Hant': '日期' } },
  dueOdometerKm: { label: { en: 'Due at (km)', 'zh-Hans': '公里数', 'zh-Hant': '公里數' } },
};

export const workOrderSearch = (ctx: WorkOrderContext): Searchable => ({
  plate: ctx.vehicle.plate,
  customerName: ctx.customer.name,
  customerPhone: ctx.customer.phone,
});

const words = {
  customer: { en: 'Customer', 'zh-Hans': '客户', 'zh-Hant': '客戶' },
  plate: { en: 'Plate', 'zh-Hans': '车牌', 'zh-Hant': '車牌' },
  phone: { en: 'Phone', 'zh-Hans': '电话', 'zh-Hant': '電話' },
  vehicle: { en: 'Vehicle', 'zh-Hans': '车辆', 'zh-Hant': '車輛' },
  requests: { en: 'Requests (verbatim)', 'zh-Hans': '客户要求(原话)', 'zh-Hant': '客戶要求(原話)' },
  total: { en: 'Total', 'zh-Hans': '合计', 'zh-Hant': '合計' },
  paid: { en: 'Paid', 'zh-Hans': '已付', 'zh-Hant': '已付' },
  owed: { en: 'Still owed', 'zh-Hans': '尚欠', 'zh-Hant': '尚欠' },
  promised: { en: 'Promised delivery', 'zh-Hans': '承诺交车', 'zh-Hant': '承諾交車' },
  estimateSigned: { en: 'Estimate signed by the customer', 'zh-Hans': '客户签字确认估价', 'zh-Hant': '客戶簽字確認估價' },
  invoiceSigned: { en: 'Invoice signed by the customer', 'zh-Hans': '客户签字确认结算单', 'zh-Hant': '客戶簽字確認結算單' },
  supplementSigned: (revision: number): Copy => ({
    en: `Additional work (revision ${revision}) signed by the customer`,
    'zh-Hans': `客户签字确认追加项目(第 ${revision} 版)`,
    'zh-Hant': `客戶簽字確認追加項目(第 ${revision} 版)`,
  }),
};

const estimateTitle = (revision: number): Copy => ({
  en: `Estimate, revision ${revision}`,
  'zh-Hans': `估价单第 ${revision} 版`,
  'zh-Hant': `估價單第 ${revision} 版`,
});

const plate = (text: string | undefined): Shown => ({ text: text ?? '', class: 'plate-cell' });

function estimateBlocks(c: WorkOrderContext): RecordBlock[] {
  if (!c.estimate) return [];
  const signed = (label: Copy, signature: Signature | undefined): RecordBlock[] =>
    signature ? [{ kind: 'line', title: label, parts: [{ signature }] }] : [];
  return [
    ...estimateDocument(c.estimate, true),
    ...signed(words.estimateSigned, c.approval?.customerSignature),
    ...c.supplements.flatMap((s) => signed(words.supplementSigned(s.revision), s.customerSignature)),
  ];
}

export const workOrderSummary: CaseSummary<WorkOrderContext> = {
  print: (c) => [
    { kind: 'line', title: words.vehicle, parts: [plate(c.vehicle.plate), c.vehicle.model, `${c.vehicle.odometerKm} km`, c.vehicle.vin ? `VIN ${c.vehicle.vin}` : undefined] },
    { kind: 'list', title: words.requests, items: c.requests.map((r) => ({ quote: r })), numbered: 'from1', class: 'requests' },
    ...inspectionDocument(c),
    ...estimateBlocks(c),
    ...(c.invoice ? [...invoiceDocument(c), { kind: 'line' as const, title: words.invoiceSigned, parts: [{ signature: c.invoice.customerSignature } as Shown] }] : []),
  ],
  headline: (c) => [
    { label: words.customer, value: [c.customer.name, c.customer.phone].filter(Boolean).join(' · ') },
    { label: words.plate, value: plate(c.vehicle.plate) },
  ],
  record: (c) => [
    {
      kind: 'line',
      title: words.vehicle,
      parts: [plate(c.vehicle.plate), c.vehicle.model, `${c.vehicle.odometerKm} km`, c.vehicle.vin ? `VIN ${c.vehicle.vin}` : undefined],
    },
    { kind: 'list', title: words.requests, items: c.requests.map((r) => ({ quote: r })), numbered: 'from0', class: 'requests' },
    ...(c.inspection ? inspectionDocument(c).slice(-1) : []),
    ...estimateBlocks(c),
    ...(c.invoice ? [{ kind: 'line' as const, title: words.invoiceSigned, parts: [{ signature: c.invoice.customerSignature } as Shown] }] : []),
    ...(c.billing
      ? [
          {
            kind: 'line' as const,
            parts: [
              { label: words.total, value: { money: c.billing.totalMinor, currency: c.currency } },
              { label: words.paid, value: { money: c.billing.paidMinor, currency: c.currency } },
              { label: words.owed, value: { strong: { money: c.billing.owedMinor, currency: c.currency } } },
            ],
          },
        ]
      : []),
  ],
};

export const workOrderList: ListPage<WorkOrderContext> = {
  path: '/desk',
  nav: { en: 'Front desk', 'zh-Hans': '前台', 'zh-Hant': '前臺' },
  heading: { en: 'Open work orders', 'zh-Hans': '在办工单', 'zh-Hant': '在辦工單' },
  newCase: { en: 'New work order', 'zh-Hans': '新建工单', 'zh-Hant': '新建工單' },
  homeFor: ['advisor'],
  groupBy: 'step',
  order: 'longestInState',
  columns: [
    { label: words.plate, value: ({ context }) => plate(context.vehicle?.plate) },
    { label: words.customer, value: ({ context }) => context.customer?.name },
    { label: words.phone, value: ({ context }) => context.customer?.phone },
  ],
};

/** The workshop's jobs (ready, in progress, waiting for parts or a signature) and the cashier's cars to collect payment for. */
export const workOrderOtherLists: ReadonlyArray<ListPage<WorkOrderContext>> = [
  {
    path: '/jobs',
    nav: { en: 'My jobs', 'zh-Hans': '我的工单', 'zh-Hant': '我的工單' },
    heading: { en: 'Jobs in the workshop', 'zh-Hans': '车间工单', 'zh-Hant': '車間工單' },
    explain: {
      en: 'Ready to start, in progress, waiting for parts or for the customer\'s signature; longest waiting first.',
      'zh-Hans': '待开工、维修中、待零件或待客户签字;等待最久的在前。',
      'zh-Hant': '待開工、維修中、待零件或待客戶簽字;等待最久的在前。',
    },
    homeFor: ['technician'],
    states: ['repair'],
    groupBy: 'none',
    order: 'longestInState',
    columns: workOrderList.columns.slice(0, 2),
  },
  {
    path: '/cashier',
    nav: { en: 'To collect', 'zh-Hans': '待收款', 'zh-Hant': '待收款' },
    heading: { en: 'Cars to collect payment for', 'zh-Hans': '待收款车辆', 'zh-Hant': '待收款車輛' },
    explain: { en: 'The invoice is signed; take the payment.', 'zh-Hans': '客户已签结算单,请收款。', 'zh-Hant': '客戶已簽結算單,請收款。' },
    homeFor: ['cashier'],
    states: ['settle.awaitingPayment'],
    groupBy: 'none',
    order: 'longestInState',
    columns: [
      ...workOrderList.columns.slice(0, 2),
      { label: words.owed, value: ({ context }) => (context.billing ? { money: context.billing.owedMinor, currency: context.currency } : null) },
    ],
  },
];
